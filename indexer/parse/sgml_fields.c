/* sgml_fields.c - sgml_date, sgml_place, sgml_runin_dateline and
 * sgml_byline (sgml_fields.h):
 * dates, datelines and bylines as newswire SGML writes them. Called by
 * readers/reuters.c and readers/trec.c. */
#include "sgml_fields.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chars.h"
#include "morgue.h"

#define DATE_MAX_BYTES 128     /* how much of a date field is looked at */

/* ---- dates --------------------------------------------------------- */

/* Read up to max digits at *p into *v; returns how many were read. */
static int read_number(const char **p, int max, int *v)
{
    int n = 0;

    *v = 0;
    while (n < max && isdigit((unsigned char)**p)) {
        *v = *v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n;
}

static int full_year(int y, int digits)
{
    if (digits == 4)
        return y;
    return y < 50 ? 2000 + y : 1900 + y;
}

/* YYMMDD or MM/DD/YY[YY] into the ISO form; -1 when s is neither. */
static int numeric_date(const char *s, char iso[32])
{
    const char *p = s;
    int y, m, d, n;

    if (strlen(s) == 6 && read_number(&p, 6, &y) == 6 && *p == '\0') {
        p = s;
        read_number(&p, 2, &y);
        read_number(&p, 2, &m);
        read_number(&p, 2, &d);
        snprintf(iso, 32, "%04d-%02d-%02d", full_year(y, 2), m, d);
        return 0;
    }
    if (read_number(&p, 2, &m) == 0 || *p++ != '/' ||
        read_number(&p, 2, &d) == 0 || *p++ != '/')
        return -1;
    n = read_number(&p, 4, &y);
    if ((n != 2 && n != 4) || *p != '\0')
        return -1;
    snprintf(iso, 32, "%04d-%02d-%02d", full_year(y, n), m, d);
    return 0;
}

static int try_date(const char *s, char out[11])
{
    char iso[32];

    if (*s == '\0')
        return -1;
    if (morgue_date_parse(s, out) == MORGUE_OK)
        return 0;
    return numeric_date(s, iso) == 0 && morgue_date_parse(iso, out) == MORGUE_OK
               ? 0 : -1;
}

int sgml_date(const char *text, char out[11])
{
    char s[DATE_MAX_BYTES + 1], *cut;
    size_t n = 0;

    out[0] = '\0';
    if (!text)
        return -1;
    /* Reuters glues control characters and a code to some dates. */
    while (text[n] && n < DATE_MAX_BYTES &&
           ((unsigned char)text[n] >= 0x20 || chars_is_space(text[n])) &&
           (unsigned char)text[n] != 0x7f)
        n++;
    memcpy(s, text, n);
    s[n] = '\0';
    chars_collapse_space(s);
    if (try_date(s, out) == 0)
        return 0;
    while ((cut = strrchr(s, ',')) != NULL) {
        *cut = '\0';
        chars_collapse_space(s);
        if (try_date(s, out) == 0)
            return 0;
    }
    if ((cut = strchr(s, ' ')) != NULL) {
        *cut = '\0';
        if (try_date(s, out) == 0)
            return 0;
    }
    out[0] = '\0';
    return -1;
}

/* ---- datelines and bylines ----------------------------------------- */

/* A copy of s with whitespace collapsed, or NULL. */
static char *collapsed(const char *s)
{
    char *out = strdup(s ? s : "");

    if (out)
        chars_collapse_space(out);
    return out;
}

static int is_month(const char *w, size_t n)
{
    static const char *const months[] = {
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december", NULL
    };
    for (int i = 0; months[i]; i++)
        if (n >= 3 && n <= strlen(months[i]) && strncasecmp(w, months[i], n) == 0 &&
            (n <= 4 || n == strlen(months[i])))
            return 1;
    return 0;
}

/* Is s (one comma-separated part of a dateline) a date: "Feb 26",
 * "MARCH 20", "MAR8", "Sept. 3"? */
static int looks_like_date(const char *s)
{
    size_t n = 0;

    while (*s == ' ')
        s++;
    while (isalpha((unsigned char)s[n]))
        n++;
    if (!is_month(s, n))
        return 0;
    s += n;
    if (*s == '.')
        s++;
    while (*s == ' ')
        s++;
    while (isdigit((unsigned char)*s))
        s++;
    while (*s == ' ')
        s++;
    return *s == '\0';
}

/* Drop trailing spaces, dashes (ASCII, en and em) and commas. */
static void trim_tail(char *s)
{
    size_t n = strlen(s);

    for (;;) {
        if (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '-' || s[n - 1] == ','))
            n--;
        else if (n >= 3 && (memcmp(s + n - 3, "\xE2\x80\x93", 3) == 0 ||
                            memcmp(s + n - 3, "\xE2\x80\x94", 3) == 0))
            n -= 3;
        else
            break;
    }
    s[n] = '\0';
}

/* Is the comma-separated part s a news agency's name? */
static int is_agency(const char *s)
{
    static const char *const agencies[] = { "reuter", "reuters", "ap", "upi",
                                            "afp", NULL };
    while (*s == ' ')
        s++;
    for (int i = 0; agencies[i]; i++)
        if (strcasecmp(s, agencies[i]) == 0)
            return 1;
    return 0;
}

/* A misspelt date as the last part of a dateline: one word and a day
 * number ("Narch 2", "Junee 2"). */
static int looks_like_day(const char *s)
{
    size_t letters = 0, digits = 0;

    while (*s == ' ')
        s++;
    while (isalpha((unsigned char)s[letters]))
        letters++;
    s += letters;
    if (*s == '.')
        s++;
    while (*s == ' ')
        s++;
    while (isdigit((unsigned char)s[digits]))
        digits++;
    return letters > 0 && digits > 0 && digits <= 2 && s[digits] == '\0';
}

/* Drop one trailing date or agency: ", Feb 26", " March 13", ", Reuter".
 * Returns nonzero when something was dropped. */
static int drop_date_or_agency(char *s)
{
    char *comma = strrchr(s, ','), *space;

    if (looks_like_date(comma ? comma + 1 : s) ||
        (comma && (is_agency(comma + 1) || looks_like_day(comma + 1)))) {
        *(comma ? comma : s) = '\0';
        trim_tail(s);
        return 1;
    }
    /* a date after the place without a comma: "JOHANNESBURG March 13" */
    space = strrchr(s, ' ');
    if (space && space > s && isdigit((unsigned char)space[1])) {
        char *month = space - 1;
        while (month > s && month[-1] != ' ' && month[-1] != ',')
            month--;
        if (month > s && looks_like_date(month)) {
            *month = '\0';
            trim_tail(s);
            return 1;
        }
    }
    return 0;
}

char *sgml_place(const char *dateline)
{
    char *s = collapsed(dateline), *cut;
    size_t n, lead = 0;

    if (!s)
        return NULL;
    while (s[lead] && !isalnum((unsigned char)s[lead]) && (unsigned char)s[lead] < 0x80)
        lead++;                            /* "****WASHINGTON" */
    memmove(s, s + lead, strlen(s + lead) + 1);
    if ((cut = strstr(s, " - ")) != NULL)  /* the lead run into the dateline */
        *cut = '\0';
    trim_tail(s);
    n = strlen(s);
    if (n > 0 && s[n - 1] == ')') {        /* "(AP)", "(Reuter)" */
        char *open = strrchr(s, '(');
        if (open) {
            *open = '\0';
            trim_tail(s);
        }
    }
    while (*s && drop_date_or_agency(s))
        ;
    return s;
}

/* Has the word w (n bytes) a letter and no lower-case one? */
static int is_upper_word(const char *w, size_t n)
{
    int letter = 0;

    for (size_t i = 0; i < n; i++) {
        if (islower((unsigned char)w[i]))
            return 0;
        if (isupper((unsigned char)w[i]))
            letter = 1;
    }
    return letter;
}

/* Is the word w (n bytes) one that opens two- and three-word place names?
 * The first words of the multi-word DATELINEs of Reuters-21578. */
static int opens_place(const char *w, size_t n)
{
    static const char *const openers[] = {
        "NEW", "SAN", "SANTA", "LOS", "LAS", "LA", "EL", "HONG", "ST.", "ST",
        "FORT", "PORT", "RIO", "DE", "KUALA", "BUENOS", "SAO", "ABU", "TEL",
        "THE", "WEST", "EAST", "NORTH", "SOUTH", "SALT", "LAKE", NULL
    };
    for (int i = 0; openers[i]; i++)
        if (strlen(openers[i]) == n && memcmp(w, openers[i], n) == 0)
            return 1;
    return 0;
}

/* Does a dateline's date start at p (end at end): a month, then nothing
 * more on the line or a day number ("March", "Oct 20 - U.S.")? */
static int date_follows(const char *p, const char *end)
{
    size_t n = 0;

    while (p < end && *p == ' ')
        p++;
    while (p + n < end && isalpha((unsigned char)p[n]))
        n++;
    if (!is_month(p, n))
        return 0;
    p += n;
    if (p < end && *p == '.')
        p++;
    while (p < end && *p == ' ')
        p++;
    if (p == end)
        return 1;
    for (n = 0; p + n < end && isdigit((unsigned char)p[n]); n++)
        ;
    return n >= 1 && n <= 2 && (p + n == end || p[n] == ' ');
}

int sgml_runin_dateline(const char *line, size_t len, const char *next,
                        size_t *place_at, size_t *place_len)
{
    const char *end = line + len;

    for (const char *comma = line; (comma = memchr(comma, ',', (size_t)(end - comma)));
         comma++) {
        const char *w = comma, *after = comma + 1;

        while (w > line && w[-1] != ' ')
            w--;
        if (w == line || !is_upper_word(w, (size_t)(comma - w)))
            continue;
        while (after < end && *after == ' ')
            after++;
        if (after < end ? !date_follows(after, end)
                        : !(next && date_follows(next + strspn(next, " \t\r\n"),
                                                 next + strcspn(next, "\n"))))
            continue;
        /* the words of the place's name before its last one, leaving
         * a headline before it */
        for (int first = 1; w > line; first = 0) {
            const char *pe = w - 1, *pw;
            while (pe > line && pe[-1] == ' ')
                pe--;
            for (pw = pe; pw > line && pw[-1] != ' ';)
                pw--;
            if (pw == pe || (!opens_place(pw, (size_t)(pe - pw)) &&
                             !(first && comma - w == 4 && memcmp(w, "CITY", 4) == 0 &&
                               is_upper_word(pw, (size_t)(pe - pw)))))
                break;
            w = pw;
        }
        if (w == line)
            continue;
        *place_at = (size_t)(w - line);
        *place_len = (size_t)(comma - w);
        return 1;
    }
    return 0;
}

/* Does s end with the word of a job title: "Staff Writer"? */
static int ends_with_job(const char *s)
{
    static const char *const jobs[] = { "writer", "correspondent", "editor",
                                        "reporter", NULL };
    const char *w = strrchr(s, ' ');

    w = w ? w + 1 : s;
    for (int i = 0; jobs[i]; i++)
        if (strcasecmp(w, jobs[i]) == 0)
            return 1;
    return 0;
}

char *sgml_byline(const char *byline)
{
    char *s = collapsed(byline), *comma;
    int by = 0;

    if (!s)
        return NULL;
    if (strncasecmp(s, "by", 2) == 0 && (s[2] == ' ' || s[2] == ':')) {
        size_t skip = 3;
        while (s[skip] == ' ')
            skip++;
        memmove(s, s + skip, strlen(s + skip) + 1);
        by = 1;
    }
    /* ", Reuters", ", Times Staff Writer" */
    while ((comma = strrchr(s, ',')) != NULL &&
           (is_agency(comma + 1) || ends_with_job(comma + 1))) {
        *comma = '\0';
        trim_tail(s);
    }
    if (!by && ends_with_job(s))   /* a credit line: "Associated Press Writer" */
        s[0] = '\0';
    return s;
}
