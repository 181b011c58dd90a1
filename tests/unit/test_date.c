/* test_date.c - unit tests of morgue_date_parse and morgue_date_resolve
 * (lib/date.c). Runs with TZ=UTC (set in main) so relative dates are fixed,
 * plus one check in a zone east of UTC. Run by tests/run.sh. */
#include "morgue.h"
#include "check.h"

#include <stdlib.h>
#include <time.h>

/* 2024-09-03 10:00:00 UTC, a Tuesday. */
#define NOW 1725357600

/* The parsed date, or "BAD" / "INVALID" / "other" for a failure. */
static const char *parse(const char *text)
{
    static char out[11];
    morgue_status_t st = morgue_date_parse(text, out);
    if (st == MORGUE_OK)
        return out;
    return st == MORGUE_BAD_INPUT ? "BAD" : st == MORGUE_INVALID_ARGUMENT ? "INVALID" : "other";
}

static const char *resolve(const char *text, int64_t now)
{
    static char out[11];
    morgue_status_t st = morgue_date_resolve(text, now, out);
    if (st == MORGUE_OK)
        return out;
    return st == MORGUE_BAD_INPUT ? "BAD" : st == MORGUE_INVALID_ARGUMENT ? "INVALID" : "other";
}

/* Unix time of a UTC calendar date at noon (TZ is UTC here). */
static int64_t at(int y, int m, int d)
{
    struct tm tm = { 0 };
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = 12;
    tm.tm_isdst = 0;
    return (int64_t)mktime(&tm);
}

static void test_iso(void)
{
    CHECK_STR(parse("2024-09-03"), "2024-09-03");
    CHECK_STR(parse("  2024-09-03 \n"), "2024-09-03");
    CHECK_STR(parse("2024-09-03T10:00:00Z"), "2024-09-03");
    CHECK_STR(parse("2024-09-03T10:00:00.123+02:00"), "2024-09-03");
    CHECK_STR(parse("2024-09-03T23:30:00-05:00"), "2024-09-03");  /* no zone shift */
    CHECK_STR(parse("2024-09-03 10:00"), "2024-09-03");
    CHECK_STR(parse("2024-09-03 10:00:00+02:00"), "2024-09-03");
    CHECK_STR(parse("2024-09-03 10:00:00 +0200"), "2024-09-03");
    CHECK_STR(parse("2024-09-03 10:00:00 UTC"), "2024-09-03");
    CHECK_STR(parse("2024-09-03t10:00z"), "2024-09-03");
    CHECK_STR(parse("20240903"), "2024-09-03");
    CHECK_STR(parse("20240903T100000Z"), "2024-09-03");
    CHECK_STR(parse("2024-02-29"), "2024-02-29");
    CHECK_STR(parse("2000-02-29"), "2000-02-29");
    CHECK_STR(parse("1000-01-01"), "1000-01-01");
    CHECK_STR(parse("9999-12-31"), "9999-12-31");
}

static void test_iso_invalid(void)
{
    CHECK_STR(parse("2024-09"), "BAD");
    CHECK_STR(parse("2024"), "BAD");
    CHECK_STR(parse("202409"), "BAD");
    CHECK_STR(parse("2024090312"), "BAD");
    CHECK_STR(parse("2024-02-30"), "BAD");
    CHECK_STR(parse("2023-02-29"), "BAD");
    CHECK_STR(parse("1900-02-29"), "BAD");
    CHECK_STR(parse("2024-13-01"), "BAD");
    CHECK_STR(parse("2024-00-10"), "BAD");
    CHECK_STR(parse("2024-04-31"), "BAD");
    CHECK_STR(parse("2024-09-00"), "BAD");
    CHECK_STR(parse("0999-12-31"), "BAD");
    CHECK_STR(parse("10000-01-01"), "BAD");
    CHECK_STR(parse("2024-9-3"), "BAD");
    CHECK_STR(parse("2024-09-03 junk"), "BAD");
    CHECK_STR(parse("2024-09-03T25:00:00Z"), "BAD");
    CHECK_STR(parse("2024-09-03T10:61"), "BAD");
    CHECK_STR(parse("2024-09-03T10:00:00+02:00 trailing"), "BAD");
    CHECK_STR(parse("2024-09-03T"), "BAD");
    CHECK_STR(parse("2024-09-03x"), "BAD");
    CHECK_STR(parse(""), "BAD");
    CHECK_STR(parse("   "), "BAD");
    CHECK_STR(parse("yesterday"), "BAD");
}

static void test_rfc2822(void)
{
    CHECK_STR(parse("Tue, 3 Sep 2024 10:00:00 +0000"), "2024-09-03");
    CHECK_STR(parse("Tue, 03 Sep 2024 10:00:00 -0400 (EDT)"), "2024-09-03");
    CHECK_STR(parse("3 Sep 2024 10:00:00 +0000"), "2024-09-03");
    CHECK_STR(parse("3 Sep 2024"), "2024-09-03");
    CHECK_STR(parse("3 Sep 2024 10:00"), "2024-09-03");
    CHECK_STR(parse("tue, 3 sep 2024 10:00:00 GMT"), "2024-09-03");
    CHECK_STR(parse("Tue, 20 Apr 93 16:03:10 GMT"), "1993-04-20");
    CHECK_STR(parse("Mon, 1 Jan 01 00:00:00 GMT"), "2001-01-01");
    CHECK_STR(parse("1 Jan 49"), "2049-01-01");
    CHECK_STR(parse("1 Jan 50"), "1950-01-01");
    CHECK_STR(parse("Tuesday, 20-Apr-93 16:03:10 GMT"), "1993-04-20");  /* RFC 850 */
    CHECK_STR(parse("Sat, 29 Feb 2020 23:59:60 +0000"), "2020-02-29");
    CHECK_STR(parse("7-APR-1987 11:02:35.07"), "1987-04-07");          /* Reuters */
    CHECK_STR(parse("Thu Apr  1 20:52:11 1993"), "1993-04-01");        /* asctime */
    CHECK_STR(parse("Wed Apr 21 19:01:49 EDT 1993"), "1993-04-21");    /* date(1) */
}

static void test_rfc2822_invalid(void)
{
    CHECK_STR(parse("Tue, 31 Sep 2024 10:00:00 +0000"), "BAD");
    CHECK_STR(parse("Tue, 3 Sep 2024 10:00:00 +0000 extra words"), "BAD");
    CHECK_STR(parse("3 Sep 2024 garbage"), "BAD");
    CHECK_STR(parse("3 Sep"), "BAD");
    CHECK_STR(parse("3 Foo 2024"), "BAD");
    CHECK_STR(parse("3 Sep 924"), "BAD");
    CHECK_STR(parse("Tue, 3 Sep 2024 10"), "BAD");
    CHECK_STR(parse("Blursday, 3 Sep 2024"), "BAD");
    CHECK_STR(parse("Tue, 3 Sep 2024 10:00:00 +9900"), "BAD");
    CHECK_STR(parse("3-Sep 2024"), "BAD");
    CHECK_STR(parse("Thu Apr 31 20:52:11 1993"), "BAD");
    CHECK_STR(parse("Thu Apr 1 20:52:11 93"), "BAD");
    CHECK_STR(parse("Thu Apr 1 20:52:11 1993 more"), "BAD");
    CHECK_STR(parse("27-MAR-1987 02:17:09.88\x05\x05T C"), "BAD");
}

static void test_long_forms(void)
{
    CHECK_STR(parse("3 September 2024"), "2024-09-03");
    CHECK_STR(parse("3rd September 2024"), "2024-09-03");
    CHECK_STR(parse("September 3, 2024"), "2024-09-03");
    CHECK_STR(parse("September 3 2024"), "2024-09-03");
    CHECK_STR(parse("september 3, 2024"), "2024-09-03");
    CHECK_STR(parse("SEPTEMBER 3, 2024"), "2024-09-03");
    CHECK_STR(parse("Sept 3, 2024"), "2024-09-03");
    CHECK_STR(parse("Sept. 3, 2024"), "2024-09-03");
    CHECK_STR(parse("Sep 3, 2024"), "2024-09-03");
    CHECK_STR(parse("Tuesday, September 3, 2024"), "2024-09-03");
    CHECK_STR(parse("May 1, 2024"), "2024-05-01");
    CHECK_STR(parse("February 29, 2024"), "2024-02-29");
    CHECK_STR(parse("31 December 1999"), "1999-12-31");
    CHECK_STR(parse("September 3, 2024 10:00"), "2024-09-03");
}

static void test_long_forms_invalid(void)
{
    CHECK_STR(parse("February 30, 2024"), "BAD");
    CHECK_STR(parse("September 3"), "BAD");
    CHECK_STR(parse("September 2024"), "BAD");
    CHECK_STR(parse("September 3, 93"), "BAD");
    CHECK_STR(parse("Septembre 3, 2024"), "BAD");
    CHECK_STR(parse("September 3, 2024 and more"), "BAD");
    CHECK_STR(parse("3 September 2024 by staff"), "BAD");
    CHECK_STR(parse("May. 1, 2024"), "BAD");
}

static void test_arguments(void)
{
    char out[11] = "unchanged";
    CHECK_INT(morgue_date_parse(NULL, out), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_date_parse("2024-09-03", NULL), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_date_resolve(NULL, NOW, out), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_date_resolve("today", NOW, NULL), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_date_parse("2024-02-30", out), MORGUE_BAD_INPUT);
    CHECK_STR(out, "unchanged");   /* untouched on failure */
}

static void test_relative(void)
{
    CHECK_STR(resolve("today", NOW), "2024-09-03");
    CHECK_STR(resolve(" Today ", NOW), "2024-09-03");
    CHECK_STR(resolve("yesterday", NOW), "2024-09-02");
    CHECK_STR(resolve("0d", NOW), "2024-09-03");
    CHECK_STR(resolve("1d", NOW), "2024-09-02");
    CHECK_STR(resolve("3d", NOW), "2024-08-31");
    CHECK_STR(resolve("2w", NOW), "2024-08-20");
    CHECK_STR(resolve("1m", NOW), "2024-08-03");
    CHECK_STR(resolve("9m", NOW), "2023-12-03");
    CHECK_STR(resolve("1y", NOW), "2023-09-03");
    CHECK_STR(resolve("365d", NOW), "2023-09-04");
    CHECK_STR(resolve("1m", at(2024, 3, 31)), "2024-02-29");    /* clamped */
    CHECK_STR(resolve("13m", at(2024, 3, 31)), "2023-02-28");
    CHECK_STR(resolve("1m", at(2024, 5, 31)), "2024-04-30");
    CHECK_STR(resolve("1y", at(2024, 2, 29)), "2023-02-28");
    CHECK_STR(resolve("4y", at(2024, 2, 29)), "2020-02-29");
    CHECK_STR(resolve("1d", at(2024, 3, 1)), "2024-02-29");
    CHECK_STR(resolve("yesterday", at(2024, 1, 1)), "2023-12-31");
    /* absolute dates pass through */
    CHECK_STR(resolve("2024-09-03", NOW), "2024-09-03");
    CHECK_STR(resolve("Tue, 20 Apr 93 16:03:10 GMT", NOW), "1993-04-20");
}

static void test_relative_invalid(void)
{
    CHECK_STR(resolve("d", NOW), "BAD");
    CHECK_STR(resolve("1", NOW), "BAD");
    CHECK_STR(resolve("1x", NOW), "BAD");
    CHECK_STR(resolve("-1d", NOW), "BAD");
    CHECK_STR(resolve("1 d", NOW), "BAD");
    CHECK_STR(resolve("1dd", NOW), "BAD");
    CHECK_STR(resolve("tomorrow", NOW), "BAD");
    CHECK_STR(resolve("9999y", NOW), "BAD");          /* before year 1000 */
    CHECK_STR(resolve("99999999d", NOW), "BAD");
    CHECK_STR(resolve("2024-02-30", NOW), "BAD");
}

/* Relative dates follow the local calendar: at 20:00 UTC it is already the
 * next day in a zone nine hours east. */
static void test_relative_local_time(void)
{
    int64_t evening = NOW + 10 * 3600;   /* 2024-09-03 20:00 UTC */
    CHECK_STR(resolve("today", evening), "2024-09-03");
    setenv("TZ", "JST-9", 1);
    tzset();
    CHECK_STR(resolve("today", evening), "2024-09-04");
    CHECK_STR(resolve("1d", evening), "2024-09-03");
    setenv("TZ", "UTC", 1);
    tzset();
}

int main(void)
{
    setenv("TZ", "UTC", 1);
    tzset();
    test_iso();
    test_iso_invalid();
    test_rfc2822();
    test_rfc2822_invalid();
    test_long_forms();
    test_long_forms_invalid();
    test_arguments();
    test_relative();
    test_relative_invalid();
    test_relative_local_time();
    return check_report();
}
