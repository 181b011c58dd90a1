/* test_sgml.c - unit tests of indexer/parse/sgml.c (SGML to XML, element text,
 * dates, datelines, bylines) and of the two readers built on it,
 * readers/reuters.c and readers/trec.c: small SGML strings written to
 * temporary files (plain, gzip, truncated gzip), the fixtures in
 * corpus/reuters and corpus/trec, sniffing and format_pick. Run from the
 * project root (or set MORGUE_ROOT); the count of the real Reuters-21578
 * files in ../shared/corpora is skipped when they are absent. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <libxml/parser.h>

#include "check.h"
#include "formats.h"
#include "input.h"
#include "reader.h"
#include "sink.h"
#include "tempfile.h"
#include "parse/sgml.h"
#include "parse/sgml_fields.h"

/* ---- the sink (tests/unit/sink.h) --------------------------------- */

static reader_result_t run(const reader_t *reader, const char *path, sink_t *s)
{
    return sink_run(reader, path, s, NULL, 0);
}

/* The value of the i-th tag of k as "field=value", or "". */
static const char *tag(const sink_article_t *k, size_t i)
{
    const char *t = sink_tag(k, i);

    return t ? t : "";
}

/* ---- temporary files ----------------------------------------------- */

static const char *write_temp(const char *s)
{
    return temp_write("", s, strlen(s));
}

/* s gzip-compressed; with cut nonzero only the first cut bytes. */
static const char *write_temp_gz(const char *s, size_t cut)
{
    const char *name = temp_name("");
    uLongf n = compressBound(strlen(s)) + 64;
    unsigned char *z = malloc(n);
    z_stream zs;
    FILE *f;

    memset(&zs, 0, sizeof zs);
    deflateInit2(&zs, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
    zs.next_in = (unsigned char *)s;
    zs.avail_in = (uInt)strlen(s);
    zs.next_out = z;
    zs.avail_out = (uInt)n;
    deflate(&zs, Z_FINISH);
    n = zs.total_out;
    deflateEnd(&zs);
    f = fopen(name, "wb");
    if (f) {
        fwrite(z, 1, cut && cut < n ? cut : n, f);
        fclose(f);
    }
    free(z);
    return name;
}

static char root[1024] = ".";

static const char *fixture(const char *name)
{
    static char path[4][1200];
    static int next;
    char *p = path[next++ % 4];

    snprintf(p, sizeof path[0], "%s/corpus/%s", root, name);
    return p;
}

/* ---- sgml_to_xml --------------------------------------------------- */

static char *to_xml(const char *s, int *repaired)
{
    size_t n = 0;
    int r = 0;
    char *x = sgml_to_xml(s, strlen(s), &n, &r);

    if (repaired)
        *repaired = r;
    return x;
}

static void check_xml(const char *in, const char *want)
{
    char *x = to_xml(in, NULL);
    CHECK_STR(x, want);
    free(x);
}

static void test_to_xml(void)
{
    int repaired = 0;
    char *x;

    /* character references: allowed ones kept, control ones made DEL */
    check_xml("a&#3;b&#65;c&#x41;", "a&#127;b&#65;c&#x41;");
    check_xml("&#2;&#5;&#31;&#127;&#0;", "&#127;&#127;&#127;&#127;&#127;");
    check_xml("&#x110000;&#xD800;", "&#127;&#127;");
    check_xml("&#123456789;", "&#38;#123456789;");      /* too long: text */
    /* the XML, HTML 4 and ISO entities become character references */
    check_xml("&lt;ICO> &amp; &gt; &quot;", "&#60;ICO> &#38; &#62; &#34;");
    check_xml("&eacute;&rsquo;&hyph;&blank;", "&#233;&#8217;&#45;&#32;");
    /* unknown entities and bare ampersands are text */
    check_xml("&tbd; AT&T & &;", "&#38;tbd; AT&#38;T &#38; &#38;;");
    /* a '<' that cannot start markup is text; markup is left alone */
    check_xml("3 < 4 <B>x</B> <!-- c --> <?pi?> a<", "3 &#60; 4 <B>x</B> <!-- c --> <?pi?> a&#60;");
    /* line breaks are kept, so libxml2's line numbers stay right */
    check_xml("<A>\n&#3;\n</A>\n", "<A>\n&#127;\n</A>\n");
    /* invalid UTF-8 is decoded as Windows-1252; raw controls dropped */
    x = to_xml("caf\xE9 \x93q\x94\x01", &repaired);
    CHECK_STR(x, "caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D");
    CHECK_INT(repaired, 1);
    free(x);
    x = to_xml("caf\xC3\xA9\x01", &repaired);
    CHECK_STR(x, "caf\xC3\xA9");
    CHECK_INT(repaired, 0);   /* only a control byte: not an encoding repair */
    free(x);
}

/* ---- element text -------------------------------------------------- */

static xmlDocPtr parse(const char *sgml)
{
    size_t n = 0;
    int r = 0;
    char *x = sgml_to_xml(sgml, strlen(sgml), &n, &r);
    xmlDocPtr doc = xmlReadMemory(x, (int)n, NULL, "UTF-8",
                                  XML_PARSE_RECOVER | XML_PARSE_NOERROR |
                                  XML_PARSE_NOWARNING | XML_PARSE_NONET);
    free(x);
    return doc;
}

static void test_text(void)
{
    xmlDocPtr doc = parse("<DOC><HEAD>  A\n  headline </HEAD>"
                          "<TEXT>\n<P>One\n two.</P>\n<P>Three &amp; "
                          "cla&#127;imed.</P>\n<P>  </P>tail &#3;</TEXT>"
                          "<text>second</text><X><TEXT>nested</TEXT></X></DOC>");
    xmlNode *top = xmlDocGetRootElement(doc), *all[4];
    char *s;

    CHECK(top != NULL);
    CHECK(sgml_is(top, "doc"));
    CHECK(!sgml_is(top, "DOCNO"));
    s = sgml_text(sgml_find(top, "head", NULL), 1);
    CHECK_STR(s, "A headline");
    free(s);
    s = sgml_text(sgml_find(top, "TEXT", NULL), 0);
    CHECK_STR(s, "One\n two.\n\nThree & claimed.\n\ntail");
    free(s);
    s = sgml_text(sgml_find(top, "TEXT", NULL), 1);
    CHECK_STR(s, "One two. Three & claimed. tail");
    free(s);
    s = sgml_text(NULL, 0);
    CHECK_STR(s, "");
    free(s);
    /* every TEXT, not entering a match; skip keeps out of an element */
    CHECK_INT(sgml_find_all(top, "TEXT", NULL, all, 4), 3);
    CHECK_INT(sgml_find_all(top, "TEXT", "X", all, 4), 2);
    CHECK_INT(sgml_find_all(top, "TEXT", NULL, all, 1), 3);
    CHECK(sgml_find(top, "NOSUCH", NULL) == NULL);
    CHECK(sgml_find(top, "DOC", NULL) == top);
    xmlFreeDoc(doc);

    doc = parse("<R NEWID=\" 12 \" type=\"x\"/>");
    top = xmlDocGetRootElement(doc);
    s = sgml_attr(top, "newid");
    CHECK_STR(s, " 12 ");
    free(s);
    s = sgml_attr(top, "TYPE");
    CHECK_STR(s, "x");
    free(s);
    CHECK(sgml_attr(top, "OLDID") == NULL);
    xmlFreeDoc(doc);
}

/* ---- dates, datelines, bylines ------------------------------------- */

static const char *date(const char *text)
{
    static char out[11];
    if (sgml_date(text, out) != 0)
        return out[0] ? "NOT CLEARED" : "BAD";
    return out;
}

static void test_dates(void)
{
    CHECK_STR(date("26-FEB-1987 15:01:01.79"), "1987-02-26");
    CHECK_STR(date(" 1-MAR-1987 01:41:26.47"), "1987-03-01");
    CHECK_STR(date("3-MAR-1987  09:15:05.40"), "1987-03-03");
    CHECK_STR(date("27-MAR-1987 00:02:59.13\x7f\x7f\x7fRM"), "1987-03-27");
    CHECK_STR(date("27-MAR-1987 00:02:59.13\x05\x05\x05" "F"), "1987-03-27");
    CHECK_STR(date("9-APR-1987 00:00:00.00    # date added as guesswork"), "1987-04-09");
    CHECK_STR(date("880212"), "1988-02-12");
    CHECK_STR(date("910514\n"), "1991-05-14");
    CHECK_STR(date("040101"), "2004-01-01");          /* before 50: 20YY */
    CHECK_STR(date("03/24/87"), "1987-03-24");
    CHECK_STR(date("1/2/1989"), "1989-01-02");
    CHECK_STR(date("January 1, 1989"), "1989-01-01");
    CHECK_STR(date("January 1, 1989, Sunday, Home Edition"), "1989-01-01");
    CHECK_STR(date(" 1989-01-01 14:05 "), "1989-01-01");
    CHECK_STR(date("19880101"), "1988-01-01");
    CHECK_STR(date("May 14, 1991"), "1991-05-14");
    CHECK_STR(date("881340"), "BAD");                 /* month 13 */
    CHECK_STR(date("02/30/89"), "BAD");
    CHECK_STR(date("sometime in March"), "BAD");
    CHECK_STR(date(""), "BAD");
    CHECK_STR(date(NULL), "BAD");
}

static void check_place(const char *dateline, const char *want)
{
    char *p = sgml_place(dateline);
    CHECK_STR(p, want);
    free(p);
}

static void check_byline(const char *byline, const char *want)
{
    char *p = sgml_byline(byline);
    CHECK_STR(p, want);
    free(p);
}

/* The place of a dateline run into a first line, as "at+len", or "-". */
static void check_runin(const char *line, const char *next, const char *want)
{
    size_t at = 0, len = 0;
    char got[32] = "-";

    if (sgml_runin_dateline(line, strlen(line), next, &at, &len))
        snprintf(got, sizeof got, "%.*s", (int)len, line + at);
    CHECK_STR(got, want);
}

static void test_runin_datelines(void)
{
    check_runin("SHULTZ SAYS U.S. ECONOMY IS STRONG LONDON, Oct 20 - U.S.", NULL, "LONDON");
    check_runin("ZIMBABWE MAIZE HARVEST LOWER AFTER BUMPER CROPS HARARE, March 3", NULL,
                "HARARE");
    check_runin("MIDLAND RIGHTS ISSUE STILL EXPECTED SAY ANALYSTS LONDON, March", "5 - M",
                "LONDON");
    /* the comma ends the line: the next opens with the month */
    check_runin("U.K. MONEY MARKET GIVEN HELP LONDON,", "  March 2 - The", "LONDON");
    check_runin("U.K. MONEY MARKET GIVEN HELP LONDON,", "The Bank", "-");
    check_runin("U.K. MONEY MARKET GIVEN HELP LONDON,", NULL, "-");
    /* names of several words */
    check_runin("CITIBANK CUTS PRIME RATE NEW YORK, March 3 - Citibank", NULL, "NEW YORK");
    check_runin("GRAIN PRICES UP KANSAS CITY, April 2 -", NULL, "KANSAS CITY");
    check_runin("BRAZIL DEBT TALKS RIO DE JANEIRO, April 2 -", NULL, "RIO DE JANEIRO");
    check_runin("UTAH BANK SOLD SALT LAKE CITY, June 1", NULL, "SALT LAKE CITY");
    /* no dateline: commas that no month follows, a month that is a verb,
     * a lower-case place, nothing before the place */
    check_runin("SUN RAISES CRUDE POSTINGS 50 CTS, EFFECTIVE TODAY, WTI TO 17.50", NULL, "-");
    check_runin("FED SAYS, MAY RAISE RATES", NULL, "-");
    check_runin("Bank cuts rates London, March 3 - The", NULL, "-");
    check_runin("LONDON, March 3 - The", NULL, "-");
    check_runin("NEW YORK, March 3 - The", NULL, "-");
    check_runin("FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26", NULL, "-");
    check_runin("", NULL, "-");
}

static void test_datelines(void)
{
    check_place("    SALVADOR, Feb 26 - ", "SALVADOR");
    check_place("    TAUPO, New Zealand, March 23 - ", "TAUPO, New Zealand");
    check_place("    NEW YORK, MARCH 20 - ", "NEW YORK");
    check_place("    WASHINGTON - ", "WASHINGTON");
    check_place("    WASHINGTON, March 25, Reuter", "WASHINGTON");
    check_place("    EDISON, N.J., April 13 - ", "EDISON, N.J.");
    check_place("    STAMFORD, Conn., Sept. 3 - ", "STAMFORD, Conn.");
    check_place("JOHANNESBURG March 13", "JOHANNESBURG");
    check_place("Sioux Falls, April 7 - Clear/calm/43 degrees", "Sioux Falls");
    check_place("    NEW YORK, Narch 2 - ", "NEW YORK");          /* misspelt */
    check_place("****WASHINGTON - ", "WASHINGTON");
    check_place("BANGKOK, Thailand (AP) ", "BANGKOK, Thailand");
    check_place("WINSTON-SALEM, N.C., March 2 - ", "WINSTON-SALEM, N.C.");
    check_place("MAYFIELD, April 3 - ", "MAYFIELD");
    check_place(" APRIL 7  - ", "");
    check_place(" MAR8  --     --", "");
    check_place("", "");
    check_place(NULL, "");

    check_byline("    By Chaitanya Kalbag, Reuters", "Chaitanya Kalbag");
    check_byline("    by Janie Gabbett, Reuter", "Janie Gabbett");
    check_byline("     By PETER ELSWORTH, REUTERS", "PETER ELSWORTH");
    check_byline("By Martin Hayes and Jane Merriman", "Martin Hayes and Jane Merriman");
    check_byline("By MARIA OKONJO, Times Staff Writer", "MARIA OKONJO");
    check_byline("Associated Press Writer", "");
    check_byline("Byron Stone", "Byron Stone");
    check_byline("Jane Doe", "Jane Doe");
}

/* ---- the Reuters reader -------------------------------------------- */

#define REUTERS_HEAD "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n"
#define STORY(newid, text) \
    "<REUTERS TOPICS=\"YES\" NEWID=\"" newid "\">\n<DATE>2-MAR-1987 06:41:42.20</DATE>\n" \
    "<TOPICS><D>grain</D></TOPICS>\n<PLACES></PLACES>\n<TEXT>&#2;\n" text "&#3;</TEXT>\n</REUTERS>\n"

static void test_reuters_fixture(void)
{
    sink_t s;
    const sink_article_t *k;

    memset(&s, 0, sizeof s);
    CHECK_INT(run(&reader_reuters, fixture("reuters/reut-sample.sgm"), &s), READ_OK);
    CHECK_INT(s.narticles, 4);
    CHECK_INT(s.nwarnings, 0);
    k = &s.art[0];
    CHECK_STR(k->a.id, "reuters-21578:900001");
    CHECK_STR(k->a.title, "COLOMBIA SEEKS WIDER COFFEE QUOTA <ICO>");
    CHECK_STR(k->a.date, "1987-03-12");
    CHECK_STR(k->a.source, "Reuters");
    CHECK_STR(k->a.author, "Marta Quintero");
    CHECK_STR(k->a.place, "BOGOTA");
    CHECK_STR(k->a.language, "en");
    CHECK_INT(k->a.line, 2);
    CHECK_STR(k->a.body, "Colombia will ask the coffee council for a wider\n"
                       "export quota when producers & consumers meet in London next\n"
                       "month, Finance Minister Alvaro Quintero Ruiz said.\n"
                       "    Andes Roasting <ANDR> said it expected prices of 1.20\n"
                       "to 1.30 dlrs a lb on the New York exchange.\n"
                       " Reuter");
    CHECK_INT(k->a.ntags, 8);
    CHECK_STR(tag(k, 0), "topic=coffee");
    CHECK_STR(tag(k, 1), "topic=trade");
    CHECK_STR(tag(k, 2), "place=colombia");
    CHECK_STR(tag(k, 3), "place=usa");
    CHECK_STR(tag(k, 4), "person=quintero-ruiz");
    CHECK_STR(tag(k, 5), "org=ico-coffee");
    CHECK_STR(tag(k, 6), "exchange=nyce");
    CHECK_STR(tag(k, 7), "company=andes-roasting");
    /* TYPE="BRIEF": the title is the body; control codes after the date */
    k = &s.art[1];
    CHECK_STR(k->a.id, "reuters-21578:900002");
    CHECK_STR(k->a.title, "ANDEAN GROUP TO MEET ON COFFEE PRICES IN LIMA");
    CHECK_STR(k->a.body, "ANDEAN GROUP TO MEET ON COFFEE PRICES IN LIMA");
    CHECK_STR(k->a.date, "1987-03-27");
    CHECK(k->a.place == NULL && k->a.author == NULL);
    CHECK_INT(k->a.ntags, 2);
    /* TYPE="UNPROC": the raw text is the body, its first line the title */
    k = &s.art[2];
    CHECK_STR(k->a.title, "BOGOTA COFFEE EXPORT REGISTRATIONS - MARCH 13");
    CHECK_STR(k->a.body, "BOGOTA COFFEE EXPORT REGISTRATIONS - MARCH 13\n"
                       "    Week ended March 13      bags of 60 kilos\n"
                       " Registered.................412,500 vs.....398,000\n"
                       " Shipped....................377,250 vs.....401,300");
    CHECK_STR(tag(k, 0), "place=colombia");
    CHECK_INT(k->a.ntags, 1);
    /* MKNOTE ignored, &#127; inside a word dropped, a place of two parts */
    k = &s.art[3];
    CHECK_STR(k->a.date, "1987-03-02");
    CHECK_STR(k->a.place, "TAUPO, New Zealand");
    CHECK(strstr(k->a.body, "\nclaimed the best") != NULL);
    CHECK_INT(k->a.line, 65);
    sink_free(&s);
}

static void test_reuters_broken(void)
{
    sink_t s;

    memset(&s, 0, sizeof s);
    CHECK_INT(run(&reader_reuters, fixture("reuters/broken-elements.sgm"), &s),
              READ_PARTIAL);
    CHECK_INT(s.narticles, 7);
    CHECK_INT(s.nwarnings, 6);
    CHECK_WARN(&s, 0, 17, 1, "<REUTERS> element not closed before the next "
               "one (line 28); skipped");
    CHECK_WARN(&s, 1, 56, 0, "not well-formed: Opening and ending tag mismatch: "
               "BODY line 53 and TEXT; the <REUTERS> element of line 43 is "
               "read as libxml2 recovered it");
    CHECK_WARN(&s, 2, 58, 0, "no NEWID attribute; the article is identified "
               "by its line");
    CHECK_WARN(&s, 3, 58, 0, "unrecognised date \"sometime in March\", "
               "indexed without one");
    CHECK_WARN(&s, 4, 72, 0, "no TITLE, BODY or text; indexed as \"(no text)\"");
    CHECK_WARN(&s, 5, 96, 0, "not well-formed: elements nested deeper than "
               "libxml2's limit of 256; the rest of the element is lost; the "
               "<REUTERS> element of line 85 is read as libxml2 recovered it");
    if (s.narticles == 7) {
        CHECK_STR(s.art[0].a.id, "reuters-21578:900101");
        CHECK_STR(s.art[1].a.id, "reuters-21578:900103");    /* 900102 lost */
        CHECK_STR(s.art[2].a.body, "Soybean loadings at Santos slowed as rain\n"
                                 "kept the terminals closed for a third day.\n Reuter");
        CHECK(s.art[3].a.id == NULL && s.art[3].a.date == NULL);
        CHECK_INT(s.art[3].a.line, 58);
        CHECK_STR(s.art[4].a.title, "(no text)");
        CHECK_STR(s.art[4].a.body, "(no text)");
        CHECK_STR(s.art[4].a.date, "1987-03-17");
        CHECK_STR(s.art[5].a.body, "Before the nesting.");
        CHECK_STR(s.art[6].a.title, "ROSARIO BARGES SAIL");
    }
    sink_free(&s);

    CHECK_INT(run(&reader_reuters, fixture("reuters/broken-latin1.sgm"), &s), READ_OK);
    CHECK_INT(s.narticles, 1);
    CHECK_WARN(&s, 0, 2, 0, "invalid UTF-8 decoded as Windows-1252");
    CHECK(s.narticles == 1 && strstr(s.art[0].a.body, "Ren\xC3\xA9 Lef\xC3\xA8vre") != NULL);
    CHECK_STR(s.art[0].a.place, "SOISSONS, France");
    sink_free(&s);

    CHECK_INT(run(&reader_reuters, fixture("reuters/broken-truncated.sgm.gz"), &s),
              READ_PARTIAL);
    CHECK_INT(s.narticles, 1);
    CHECK_STR(s.art[0].a.id, "reuters-21578:900401");
    CHECK_WARN(&s, 0, 0, 1, "truncated gzip stream after line 21");
    CHECK_WARN(&s, 1, 22, 1, "<REUTERS> element not closed before the end of "
               "the data read; skipped");
    sink_free(&s);

    CHECK_INT(run(&reader_reuters, fixture("reuters/reut-extra.sgm.gz"), &s), READ_OK);
    CHECK_INT(s.narticles, 2);
    CHECK_STR(s.art[0].a.title, "HARBOR LIGHT <HBLT> TO BUY MARSH & PAGE");
    CHECK_STR(s.art[0].a.author, "Dana Whitcombe");
    CHECK_STR(s.art[0].a.place, "PORTLAND, Maine");
    sink_free(&s);
}

static void test_reuters_strings(void)
{
    sink_t s;
    const char *path;

    memset(&s, 0, sizeof s);
    /* no element at all */
    CHECK_INT(run(&reader_reuters, write_temp(REUTERS_HEAD "nothing here\n"), &s),
              READ_FAILED);
    CHECK_WARN(&s, 0, 0, 1, "no <REUTERS> element");
    /* an empty file */
    CHECK_INT(run(&reader_reuters, write_temp(""), &s), READ_FAILED);
    CHECK_WARN(&s, 0, 0, 1, "no <REUTERS> element");
    /* a story without BODY takes its title; lower-case tags are found */
    path = write_temp(REUTERS_HEAD STORY("7", "<TITLE>ONLY A TITLE</TITLE>\n")
                      "<reuters newid=\"8\"><date>3-MAR-1987</date><text><title>lower"
                      "</title><body>case</body></text></reuters>\n");
    CHECK_INT(run(&reader_reuters, path, &s), READ_OK);
    CHECK_INT(s.narticles, 2);
    CHECK_STR(s.art[0].a.id, "reuters-21578:7");
    CHECK_STR(s.art[0].a.body, "ONLY A TITLE");
    CHECK_STR(s.art[0].a.date, "1987-03-02");
    CHECK_STR(tag(&s.art[0], 0), "topic=grain");
    CHECK_INT(s.art[1].a.line, 10);
    CHECK_STR(s.art[1].a.body, "case");
    CHECK_STR(s.art[1].a.date, "1987-03-03");
    /* an unprocessed story without TITLE: its first line, cut before the
     * dateline run into it, whose place is kept */
    path = write_temp(REUTERS_HEAD "<REUTERS NEWID=\"9\"><DATE>20-OCT-1987</DATE>"
                      "<TEXT TYPE=\"UNPROC\">&#2;\nSHULTZ SAYS U.S. ECONOMY IS STRONG "
                      "LONDON, Oct 20 - U.S.\nSecretary of State George Shultz said.\n"
                      "&#3;</TEXT></REUTERS>\n");
    CHECK_INT(run(&reader_reuters, path, &s), READ_OK);
    CHECK_INT(s.narticles, 1);
    if (s.narticles == 1) {
        CHECK_STR(s.art[0].a.title, "SHULTZ SAYS U.S. ECONOMY IS STRONG");
        CHECK_STR(s.art[0].a.place, "LONDON");
        CHECK(strstr(s.art[0].a.body, "LONDON, Oct 20 - U.S.") != NULL);
    }
    /* the same, gzip-compressed, and stopped after the first */
    s.stop_after = 1;
    path = write_temp_gz(REUTERS_HEAD STORY("7", "<BODY>one</BODY>")
                         STORY("8", "<BODY>two</BODY>"), 0);
    CHECK_INT(run(&reader_reuters, path, &s), READ_STOPPED);
    CHECK_INT(s.narticles, 1);
    s.stop_after = 0;
    /* an element whose root is lost is skipped; the next is kept */
    path = write_temp(REUTERS_HEAD "<REUTERS NEWID=\"1\"</REUTERS>\n"
                      STORY("2", "<BODY>kept</BODY>"));
    CHECK_INT(run(&reader_reuters, path, &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 1);
    CHECK_INT(s.nwarnings, 1);
    CHECK(s.nwarnings == 1 && strncmp(s.warn[0].text, "<REUTERS> element could not "
                                      "be parsed: ", 39) == 0);
    CHECK_INT(s.warn[0].line, 2);
    CHECK_INT(s.warn[0].skipped, 1);
    /* a file cut inside its only element */
    path = write_temp_gz(REUTERS_HEAD STORY("9", "<BODY>a long body that the cut "
                         "will lose, padded so that the deflate stream is "
                         "long enough to cut inside it</BODY>"), 60);
    CHECK_INT(run(&reader_reuters, path, &s), READ_FAILED);
    CHECK_INT(s.narticles, 0);
    CHECK(s.nwarnings >= 1 && s.warn[0].skipped == 1 && s.warn[0].line == 0);
    sink_free(&s);
}

/* ---- the TREC reader ----------------------------------------------- */

static void test_trec_fixtures(void)
{
    sink_t s;

    memset(&s, 0, sizeof s);
    CHECK_INT(run(&reader_trec, fixture("trec/ap-wire.trec"), &s), READ_OK);
    CHECK_INT(s.narticles, 2);
    CHECK_INT(s.nwarnings, 0);
    CHECK_STR(s.art[0].a.id, "trec:MRG880212-0001");
    CHECK_STR(s.art[0].a.title, "Ferry Strike Ends After Three Days");
    CHECK_STR(s.art[0].a.date, "1988-02-12");
    CHECK_STR(s.art[0].a.author, "JANE HOLLOWAY");
    CHECK_STR(s.art[0].a.place, "PORTSMOUTH, England");
    CHECK(s.art[0].a.source == NULL && s.art[0].a.language == NULL);
    CHECK_STR(s.art[0].a.body, "Ferry crews ended a three-day strike on Friday after the operator\n"
                             "agreed to restore night-shift pay, a union spokesman said.\n"
                             "   Crossings to Le Havre & Cherbourg will resume on Saturday.");
    CHECK_INT(s.art[1].a.line, 18);
    CHECK_STR(s.art[1].a.body, "AT&T Harbor Telephone said it would cut evening rates by 3 percent,\n"
                             "so a call of < 10 minutes costs less than a dollar.");
    sink_free(&s);

    CHECK_INT(run(&reader_trec, fixture("trec/wsj-style.trec"), &s), READ_OK);
    CHECK_INT(s.narticles, 1);
    CHECK_STR(s.art[0].a.date, "1987-03-24");
    CHECK_STR(s.art[0].a.source, "MORGUE WEEKLY LEDGER (L)");
    CHECK_STR(s.art[0].a.title, "Canal Tolls Will Rise Next Year");
    CHECK_STR(s.art[0].a.place, "PANAMA CITY");
    sink_free(&s);

    CHECK_INT(run(&reader_trec, fixture("trec/latimes-odd.trec"), &s), READ_OK);
    CHECK_INT(s.narticles, 4);
    CHECK_INT(s.nwarnings, 2);
    CHECK_STR(s.art[0].a.date, "1989-01-01");
    CHECK_STR(s.art[0].a.title, "HILLSIDE RESERVOIR REOPENS Crews finish repairs ahead of the rainy season");
    CHECK_STR(s.art[0].a.author, "MARIA OKONJO");
    CHECK_STR(s.art[0].a.body,
              "The Hillside reservoir reopened on New Year\xE2\x80\x99s Day after crews\n"
              "finished repairs to the spillway - two weeks early.\n\n"
              "Engineers said the lake would hold 40% more water & the\n"
              "spillway could take a 100-year storm, at a cost still &tbd; today.\n\n"
              "Residents within 3 < 4 miles of the dam were told the work is done.");
    CHECK_STR(s.art[1].a.id, "trec:MRGLA010189-0002");
    CHECK_STR(s.art[1].a.date, "1989-01-01");
    CHECK_STR(s.art[1].a.source, "Morgue Valley Courier");
    CHECK_STR(s.art[1].a.body, "A short note written with lower-case tags.");
    CHECK(s.art[2].a.date == NULL);
    CHECK_WARN(&s, 0, 61, 0, "unrecognised date \"sometime in early January\", "
               "indexed without one");
    CHECK_WARN(&s, 1, 72, 0, "not well-formed: Opening and ending tag mismatch: "
               "P line 71 and TEXT; the <DOC> element of line 67 is read as "
               "libxml2 recovered it");
    CHECK_STR(s.art[3].a.date, "1989-01-02");
    CHECK_STR(s.art[3].a.body, "This paragraph is never closed.");
    sink_free(&s);

    CHECK_INT(run(&reader_trec, fixture("trec/ft-style.trec.gz"), &s), READ_OK);
    CHECK_INT(s.narticles, 2);
    CHECK_STR(s.art[0].a.title, "FT 14 MAY 91 / Harbour dues rise at northern ports");
    CHECK_STR(s.art[0].a.date, "1991-05-14");
    CHECK_STR(s.art[0].a.author, "PETER ALCOTT");
    CHECK_STR(s.art[0].a.source, "The Morgue Financial Paper");
    sink_free(&s);
}

static void test_trec_broken(void)
{
    sink_t s;

    memset(&s, 0, sizeof s);
    CHECK_INT(run(&reader_trec, fixture("trec/broken-missing.trec"), &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 3);
    CHECK_INT(s.nwarnings, 3);
    CHECK_WARN(&s, 0, 1, 0, "no DOCNO; the article is identified by its line");
    CHECK_WARN(&s, 1, 9, 1, "no TEXT or headline; skipped");
    CHECK_WARN(&s, 2, 13, 1, "<DOC> element not closed before the next one "
               "(line 17); skipped");
    CHECK(s.art[0].a.id == NULL);
    CHECK_INT(s.art[0].a.line, 1);
    CHECK_STR(s.art[1].a.body, "Headline only, no text");
    CHECK_STR(s.art[2].a.id, "trec:MRGMISS-0005");
    sink_free(&s);

    CHECK_INT(run(&reader_trec, fixture("trec/broken-truncated.trec"), &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 2);
    CHECK_INT(s.nwarnings, 1);
    CHECK_WARN(&s, 0, 13, 1, "<DOC> element not closed before the end of the "
               "file; skipped");
    sink_free(&s);

    CHECK_INT(run(&reader_trec, fixture("trec/broken-truncated.trec.gz"), &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 1);
    CHECK_WARN(&s, 0, 0, 1, "truncated gzip stream after line 25");
    CHECK_WARN(&s, 1, 21, 1, "<DOC> element not closed before the end of the "
               "data read; skipped");
    sink_free(&s);

    CHECK_INT(run(&reader_trec, fixture("trec/broken-deep.trec"), &s), READ_OK);
    CHECK_INT(s.narticles, 2);
    CHECK_WARN(&s, 0, 5, 0, "not well-formed: elements nested deeper than "
               "libxml2's limit of 256; the rest of the element is lost; the "
               "<DOC> element of line 1 is read as libxml2 recovered it");
    CHECK_STR(s.art[0].a.body, "Before the nesting.");
    CHECK_STR(s.art[1].a.body, "Kept whole after the deep one.");
    sink_free(&s);

    CHECK_INT(run(&reader_trec, fixture("trec/broken-cp1252.trec"), &s), READ_OK);
    CHECK_INT(s.narticles, 1);
    CHECK_WARN(&s, 0, 1, 0, "invalid UTF-8 decoded as Windows-1252");
    CHECK_STR(s.art[0].a.title, "\xE2\x80\x9CQuiet week\xE2\x80\x9D at the port "
              "\xE2\x80\x93 harbour master");
    CHECK_STR(s.art[0].a.date, "1991-05-14");
    sink_free(&s);

    /* several TEXT and BYLINE elements; a DOC of nothing but markup */
    CHECK_INT(run(&reader_trec, write_temp(
        "<DOC><DOCNO>X-1</DOCNO><BYLINE>By A One</BYLINE><AUTHOR>B Two</AUTHOR>"
        "<TEXT>first</TEXT><TEXT>  </TEXT><TEXT>second</TEXT></DOC>\n"
        "<DOC></DOC>\n<DOC><DOCNO>X-3</DOCNO><SO>Src</SO><TEXT>third</TEXT></DOC>\n"), &s),
        READ_PARTIAL);
    CHECK_INT(s.narticles, 2);
    CHECK_STR(s.art[0].a.body, "first\n\nsecond");
    CHECK_STR(s.art[0].a.author, "A One");
    CHECK_STR(s.art[1].a.source, "Src");
    CHECK_WARN(&s, 0, 2, 0, "no DOCNO; the article is identified by its line");
    CHECK_WARN(&s, 1, 2, 1, "no TEXT or headline; skipped");
    sink_free(&s);
}

/* ---- sniffing and picking ------------------------------------------ */

static int sniff(const reader_t *r, const char *head)
{
    return r->sniff(head, strlen(head));
}

static void test_sniff(void)
{
    CHECK(sniff(&reader_reuters, "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS "));
    CHECK(sniff(&reader_reuters, "\n<REUTERS TOPICS=\"YES\" NEWID=\"1\">"));
    CHECK(!sniff(&reader_reuters, "<DOC>\n<DOCNO>1</DOCNO>"));
    CHECK(!sniff(&reader_reuters, "Reuters reported that <REUTERSX>"));
    CHECK(sniff(&reader_trec, "<DOC>\n<DOCNO>1</DOCNO>"));
    CHECK(sniff(&reader_trec, "\xEF\xBB\xBF \r\n<doc>\n"));
    CHECK(!sniff(&reader_trec, "<DOCNO>1</DOCNO>"));
    CHECK(!sniff(&reader_trec, "text then <DOC>"));
    CHECK(!sniff(&reader_trec, "<DO"));
    CHECK(format_by_name("reuters") == &reader_reuters);
    CHECK(format_by_name("trec") == &reader_trec);
    CHECK(format_pick("/a/reut2-000.sgm", "", 0) == &reader_reuters);
    CHECK(format_pick("/a/REUT2-000.SGM.GZ", "", 0) == &reader_reuters);
    CHECK(format_pick("/a/ap880212.trec.gz", "", 0) == &reader_trec);
    CHECK(format_pick("/a/dump", "<DOC>\n<DOCNO>", 13) == &reader_trec);
    CHECK(format_pick("/a/dump", "<!DOCTYPE lewis SYSTEM", 22) == &reader_reuters);
}

/* ---- the real corpus ------------------------------------------------ */

static void test_real_reuters(void)
{
    char path[1400];
    long total = 0;
    int files = 0, warnings = 0, skipped = 0;
    sink_t s;

    memset(&s, 0, sizeof s);
    for (int i = 0; i < 22; i++) {
        snprintf(path, sizeof path, "%s/../shared/corpora/reuters21578/"
                 "reuters21578/reut2-%03d.sgm", root, i);
        if (access(path, R_OK) != 0)
            break;
        if (run(&reader_reuters, path, &s) != READ_OK)
            skipped++;
        total += s.narticles;
        warnings += s.nwarnings;
        files++;
    }
    sink_free(&s);
    if (files == 0) {
        fprintf(stderr, "skip: Reuters-21578 not found under %s/../shared/corpora\n", root);
        return;
    }
    CHECK_INT(files, 22);
    CHECK_INT(total, 21578);
    CHECK_INT(skipped, 0);
    CHECK_INT(warnings, 2);   /* one story without text, one Latin-1 byte */
}

int main(void)
{
    const char *env = getenv("MORGUE_ROOT");

    if (env)
        snprintf(root, sizeof root, "%s", env);
    xmlInitParser();
    test_to_xml();
    test_text();
    test_dates();
    test_datelines();
    test_runin_datelines();
    test_reuters_fixture();
    test_reuters_broken();
    test_reuters_strings();
    test_trec_fixtures();
    test_trec_broken();
    test_sniff();
    test_real_reuters();
    temp_remove_all();
    return check_report();
}
