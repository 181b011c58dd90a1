/* date.c - morgue_date_parse and morgue_date_resolve: dates as news writes
 * them, turned into "YYYY-MM-DD". Owns every date format the project
 * accepts (ISO 8601, RFC 2822, RFC 850 and asctime as in old Usenet,
 * "3 September 2024", "September 3, 2024") and the relative forms for cron
 * jobs.
 * Public (include/morgue.h): called by readers, the indexer and query tools.
 *
 * The calendar date is kept as written: times and zones are checked for
 * form, then ignored. Weekday names are accepted but not checked against
 * the date. */
#include "morgue.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

/* A calendar date. */
typedef struct dt_date {
    int y, m, d;
} dt_date_t;

/* A read position in the text being parsed; end excludes trailing spaces. */
typedef struct dt_cur {
    const char *p;
    const char *end;
} dt_cur_t;

static const char *const dt_months[12] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december"
};

static const char *const dt_weekdays[7] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
};

/* ---- characters and calendar ------------------------------------ */

static int dt_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int dt_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int dt_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char dt_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int dt_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int dt_month_days(int64_t y, int m)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && dt_leap(y) ? 29 : days[m - 1];
}

static int dt_valid(const dt_date_t *d)
{
    return d->y >= 1000 && d->y <= 9999 && d->m >= 1 && d->m <= 12 &&
           d->d >= 1 && d->d <= dt_month_days(d->y, d->m);
}

static void dt_format(const dt_date_t *d, char out[11])
{
    int y = d->y;
    for (int k = 3; k >= 0; k--) {
        out[k] = (char)('0' + y % 10);
        y /= 10;
    }
    out[4] = '-';
    out[5] = (char)('0' + d->m / 10);
    out[6] = (char)('0' + d->m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d->d / 10);
    out[9] = (char)('0' + d->d % 10);
    out[10] = '\0';
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t dt_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void dt_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = era * 400 + yoe + (*m <= 2);
}

/* ---- scanning ----------------------------------------------------- */

static int dt_at_end(const dt_cur_t *c)
{
    return c->p >= c->end;
}

static int dt_peek(const dt_cur_t *c)
{
    return dt_at_end(c) ? '\0' : *c->p;
}

static size_t dt_skip_space(dt_cur_t *c)
{
    size_t n = 0;
    while (!dt_at_end(c) && dt_space(*c->p)) {
        c->p++;
        n++;
    }
    return n;
}

/* Consume ch if it is next. */
static int dt_lit(dt_cur_t *c, char ch)
{
    if (dt_peek(c) != ch || ch == '\0')
        return 0;
    c->p++;
    return 1;
}

/* Read between min and max digits (stopping at max) into *val. */
static int dt_num(dt_cur_t *c, int min, int max, int *val)
{
    const char *p = c->p;
    int v = 0, n = 0;
    while (n < max && p < c->end && dt_digit(*p)) {
        v = v * 10 + (*p++ - '0');
        n++;
    }
    if (n < min)
        return 0;
    c->p = p;
    *val = v;
    return n;
}

/* Read a run of ASCII letters; returns its length (0 if none). */
static size_t dt_word(dt_cur_t *c, const char **w)
{
    *w = c->p;
    while (!dt_at_end(c) && dt_alpha(*c->p))
        c->p++;
    return (size_t)(c->p - *w);
}

/* Nonzero when w (n letters) is name itself, or its first 3 letters. */
static int dt_name_is(const char *w, size_t n, const char *name)
{
    size_t len = strlen(name);
    if (n != len && n != 3)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (dt_lower(w[k]) != name[k])
            return 0;
    return 1;
}

/* Month number 1..12 of an English month name or abbreviation, else 0. */
static int dt_month_name(const char *w, size_t n)
{
    for (int k = 0; k < 12; k++)
        if (dt_name_is(w, n, dt_months[k]))
            return k + 1;
    if (n == 4 && dt_name_is(w, 3, "sep") && dt_lower(w[3]) == 't')
        return 9;
    return 0;
}

/* Nonzero for an English weekday name or abbreviation ("Tue", "Tues"). */
static int dt_weekday_name(const char *w, size_t n)
{
    for (int k = 0; k < 7; k++) {
        if (dt_name_is(w, n, dt_weekdays[k]))
            return 1;
        if (n == 4 && dt_name_is(w, 3, dt_weekdays[k]) &&
            dt_lower(w[3]) == dt_weekdays[k][3])
            return 1;
    }
    return 0;
}

/* ---- times and zones ---------------------------------------------- */

/* A time of day: HH:MM[:SS[.frac]], or when basic is set also HHMM[SS]. */
static int dt_time(dt_cur_t *c, int basic)
{
    int h, m, s = 0;
    if (!dt_num(c, 2, 2, &h))
        return 0;
    int colon = dt_lit(c, ':');
    if (!colon && !basic)
        return 0;
    if (!dt_num(c, 2, 2, &m))
        return 0;
    int have_s = colon ? dt_lit(c, ':') : dt_digit((char)dt_peek(c));
    if (have_s) {
        if (!dt_num(c, 2, 2, &s))
            return 0;
        if (dt_lit(c, '.') || dt_lit(c, ',')) {
            int frac;
            if (!dt_num(c, 1, 1, &frac))
                return 0;
            while (dt_digit((char)dt_peek(c)))
                c->p++;
        }
    }
    if (dt_digit((char)dt_peek(c)))
        return 0;
    return (h < 24 || (h == 24 && m == 0 && s == 0)) && m < 60 && s <= 60;
}

/* A numeric offset: +HH:MM, +HHMM, +HH (or one hour digit when short). */
static int dt_offset(dt_cur_t *c, int short_hours)
{
    int h, m = 0;
    if (!dt_lit(c, '+') && !dt_lit(c, '-'))
        return 0;
    int nh = dt_num(c, short_hours ? 1 : 2, 2, &h);
    if (!nh)
        return 0;
    if (dt_lit(c, ':')) {
        if (!dt_num(c, 2, 2, &m))
            return 0;
    } else if (nh == 2 && dt_digit((char)dt_peek(c))) {
        if (!dt_num(c, 2, 2, &m))
            return 0;
    }
    return !dt_digit((char)dt_peek(c)) && h <= 23 && m <= 59;
}

/* A zone name: 1 to 5 capitals ("GMT", "CEST"), or UTC/GMT in any case,
 * optionally with an offset ("GMT+2"). */
static int dt_zone_name(dt_cur_t *c)
{
    const char *w;
    size_t n = dt_word(c, &w);
    if (n == 0 || n > 5)
        return 0;
    int caps = 1;
    for (size_t k = 0; k < n; k++)
        caps &= w[k] >= 'A' && w[k] <= 'Z';
    if (!caps && !(n == 3 && (dt_name_is(w, n, "utc") || dt_name_is(w, n, "gmt"))))
        return 0;
    if (dt_peek(c) == '+' || dt_peek(c) == '-')
        return dt_offset(c, 1);
    return 1;
}

/* A parenthesized comment such as "(UTC)" or "(Eastern Daylight Time)". */
static int dt_zone_comment(dt_cur_t *c)
{
    if (!dt_lit(c, '('))
        return 0;
    while (!dt_at_end(c) && *c->p != ')') {
        char ch = *c->p;
        if (!dt_alpha(ch) && !dt_digit(ch) && !dt_space(ch) && !strchr("+-:/_.", ch))
            return 0;
        c->p++;
    }
    return dt_lit(c, ')');
}

/* What may follow a time: [Z | offset] [zone name] [(comment)], then the
 * end of the text. */
static int dt_zone_tail(dt_cur_t *c)
{
    dt_skip_space(c);
    if (dt_peek(c) == 'Z' || dt_peek(c) == 'z') {
        dt_cur_t t = *c;
        t.p++;
        if (dt_at_end(&t) || dt_space(*t.p) || *t.p == '(')
            *c = t;
    } else if (dt_peek(c) == '+' || dt_peek(c) == '-') {
        if (!dt_offset(c, 0))
            return 0;
    }
    dt_skip_space(c);
    if (dt_alpha((char)dt_peek(c)) && !dt_zone_name(c))
        return 0;
    dt_skip_space(c);
    if (dt_peek(c) == '(' && !dt_zone_comment(c))
        return 0;
    dt_skip_space(c);
    return dt_at_end(c);
}

/* ---- date forms ----------------------------------------------------- */

/* What may follow a date: nothing, or sep + time + zone. */
static int dt_rest(dt_cur_t *c, int iso, int basic)
{
    if (dt_at_end(c))
        return 1;
    if (iso && (dt_lit(c, 'T') || dt_lit(c, 't'))) {
        /* time follows at once */
    } else if (!dt_skip_space(c)) {
        return 0;
    }
    return dt_time(c, basic) && dt_zone_tail(c);
}

/* 2024-09-03[(T| )time[zone]] or 20240903[Ttime[zone]]. */
static int dt_iso(dt_cur_t c, dt_date_t *d)
{
    if (!dt_num(&c, 4, 4, &d->y))
        return 0;
    if (dt_lit(&c, '-')) {
        if (!dt_num(&c, 2, 2, &d->m) || !dt_lit(&c, '-') || !dt_num(&c, 2, 2, &d->d))
            return 0;
        if (dt_digit((char)dt_peek(&c)))
            return 0;
        return dt_rest(&c, 1, 0);
    }
    if (!dt_num(&c, 2, 2, &d->m) || !dt_num(&c, 2, 2, &d->d) ||
        dt_digit((char)dt_peek(&c)))
        return 0;
    if (dt_at_end(&c))
        return 1;
    return (dt_lit(&c, 'T') || dt_lit(&c, 't')) && dt_time(&c, 1) && dt_zone_tail(&c);
}

/* Skip an optional leading weekday: "Tue, ", "Tuesday ". */
static void dt_skip_weekday(dt_cur_t *c)
{
    dt_cur_t t = *c;
    const char *w;
    size_t n = dt_word(&t, &w);
    if (n == 0 || !dt_weekday_name(w, n))
        return;
    int comma = dt_lit(&t, ',');
    if (!dt_skip_space(&t) && !comma)
        return;
    *c = t;
}

/* A month name, optionally followed by a period ("Sept."). */
static int dt_month(dt_cur_t *c, int *m)
{
    const char *w;
    size_t n = dt_word(c, &w);
    *m = dt_month_name(w, n);
    if (*m && n < strlen(dt_months[*m - 1]))
        dt_lit(c, '.');
    return *m != 0;
}

/* A day of the month, with an optional ordinal suffix ("3rd"). */
static int dt_day(dt_cur_t *c, int *d)
{
    if (!dt_num(c, 1, 2, d) || dt_digit((char)dt_peek(c)))
        return 0;
    static const char *const suffixes[] = { "st", "nd", "rd", "th" };
    for (int k = 0; k < 4; k++) {
        if (c->end - c->p >= 2 && dt_lower(c->p[0]) == suffixes[k][0] &&
            dt_lower(c->p[1]) == suffixes[k][1]) {
            c->p += 2;
            break;
        }
    }
    return !dt_alpha((char)dt_peek(c));
}

/* A year: four digits, or two as in old Usenet (00-49: 20xx, 50-99: 19xx). */
static int dt_year(dt_cur_t *c, int two_ok, int *y)
{
    int n = dt_num(c, 2, 4, y);
    if (!n || dt_digit((char)dt_peek(c)))
        return 0;
    if (n == 2 && two_ok)
        *y += *y < 50 ? 2000 : 1900;
    else if (n != 4)
        return 0;
    return 1;
}

/* [Weekday,] 3 Sep 2024 [time [zone]], also 20-Apr-93 (RFC 850). */
static int dt_day_first(dt_cur_t c, dt_date_t *d)
{
    dt_skip_weekday(&c);
    if (!dt_day(&c, &d->d))
        return 0;
    int dash = dt_lit(&c, '-');
    if (!dash && !dt_skip_space(&c))
        return 0;
    if (!dt_month(&c, &d->m))
        return 0;
    if (dash ? !dt_lit(&c, '-') : !dt_skip_space(&c))
        return 0;
    return dt_year(&c, 1, &d->y) && dt_rest(&c, 0, 0);
}

/* [Weekday,] September 3[,] 2024 [time [zone]]. */
static int dt_month_first(dt_cur_t c, dt_date_t *d)
{
    dt_skip_weekday(&c);
    if (!dt_month(&c, &d->m) || !dt_skip_space(&c) || !dt_day(&c, &d->d))
        return 0;
    int comma = dt_lit(&c, ',');
    if (!dt_skip_space(&c) && !comma)
        return 0;
    return dt_year(&c, 0, &d->y) && dt_rest(&c, 0, 0);
}

/* [Weekday] Apr 22 12:11:58 [EDT] 1993, as asctime() and date(1) write it. */
static int dt_asctime(dt_cur_t c, dt_date_t *d)
{
    dt_skip_weekday(&c);
    if (!dt_month(&c, &d->m) || !dt_skip_space(&c) || !dt_day(&c, &d->d) ||
        !dt_skip_space(&c) || !dt_time(&c, 0) || !dt_skip_space(&c))
        return 0;
    if (dt_alpha((char)dt_peek(&c)) && (!dt_zone_name(&c) || !dt_skip_space(&c)))
        return 0;
    return dt_year(&c, 0, &d->y) && dt_at_end(&c);
}

/* The text without surrounding whitespace. */
static dt_cur_t dt_trim(const char *text)
{
    dt_cur_t c = { text, text + strlen(text) };
    while (c.p < c.end && dt_space(*c.p))
        c.p++;
    while (c.end > c.p && dt_space(c.end[-1]))
        c.end--;
    return c;
}

morgue_status_t morgue_date_parse(const char *text, char out[11])
{
    if (!text || !out)
        return MORGUE_INVALID_ARGUMENT;
    dt_cur_t c = dt_trim(text);
    dt_date_t d = { 0, 0, 0 };
    int ok = dt_digit((char)dt_peek(&c)) ? dt_iso(c, &d) || dt_day_first(c, &d)
                                          : dt_day_first(c, &d) || dt_month_first(c, &d) ||
                                            dt_asctime(c, &d);
    if (!ok || !dt_valid(&d))
        return MORGUE_BAD_INPUT;
    dt_format(&d, out);
    return MORGUE_OK;
}

/* ---- relative dates --------------------------------------------------- */

/* Nonzero when the trimmed text c equals word, ignoring case. */
static int dt_is_word(dt_cur_t c, const char *word)
{
    size_t n = (size_t)(c.end - c.p);
    if (n != strlen(word))
        return 0;
    for (size_t k = 0; k < n; k++)
        if (dt_lower(c.p[k]) != word[k])
            return 0;
    return 1;
}

/* The date `back` units before today; 0 when outside years 1000..9999. */
static int dt_go_back(dt_date_t *d, int64_t back, char unit)
{
    int64_t y = d->y;
    int m = d->m, day = d->d;
    if (unit == 'd' || unit == 'w') {
        int64_t days = dt_days_from_civil(y, m, day) - back * (unit == 'w' ? 7 : 1);
        dt_civil_from_days(days, &y, &m, &day);
    } else {
        int64_t months = unit == 'm' ? back : back * 12;
        int64_t total = y * 12 + (m - 1) - months;
        y = total >= 0 ? total / 12 : -((-total + 11) / 12);
        m = (int)(total - y * 12) + 1;
        if (y >= 1000 && y <= 9999 && day > dt_month_days(y, m))
            day = dt_month_days(y, m);
    }
    if (y < 1000 || y > 9999)
        return 0;
    d->y = (int)y;
    d->m = m;
    d->d = day;
    return 1;
}

/* Parse "today", "yesterday" or N followed by d, w, m or y into *back and
 * *unit; 0 when the text is none of these. */
static int dt_relative(dt_cur_t c, int64_t *back, char *unit)
{
    if (dt_is_word(c, "today") || dt_is_word(c, "yesterday")) {
        *back = dt_is_word(c, "today") ? 0 : 1;
        *unit = 'd';
        return 1;
    }
    int64_t n = 0;
    int digits = 0;
    while (!dt_at_end(&c) && dt_digit(*c.p) && digits < 7) {
        n = n * 10 + (*c.p++ - '0');
        digits++;
    }
    if (digits == 0 || c.end - c.p != 1)
        return 0;
    *unit = dt_lower(*c.p);
    *back = n;
    return strchr("dwmy", *unit) != NULL;
}

morgue_status_t morgue_date_resolve(const char *text, int64_t now, char out[11])
{
    if (!text || !out)
        return MORGUE_INVALID_ARGUMENT;
    int64_t back;
    char unit;
    if (!dt_relative(dt_trim(text), &back, &unit))
        return morgue_date_parse(text, out);
    time_t t = (time_t)now;
    struct tm tm;
    if ((int64_t)t != now || !localtime_r(&t, &tm))
        return MORGUE_INVALID_ARGUMENT;
    dt_date_t d = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
    if (!dt_go_back(&d, back, unit))
        return MORGUE_BAD_INPUT;
    dt_format(&d, out);
    return MORGUE_OK;
}
