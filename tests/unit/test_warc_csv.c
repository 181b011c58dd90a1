/* test_warc_csv.c - unit tests of indexer/readers/csv.c (the field
 * splitter: quotes, "" escapes, line breaks in quotes, CRLF, separators,
 * byte-order marks, UTF-16; the column mapping and --map; the recovery
 * from broken rows) and indexer/readers/warc.c (record headers, streaming
 * blocks, HTTP status and headers, chunked and gzip payloads, one gzip
 * member per record, truncated and broken records), on temporary files
 * written here and on the fixtures in corpus/csv and corpus/warc. Run from
 * the project root (or set MORGUE_ROOT). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "formats.h"
#include "input.h"
#include "reader.h"
#include "sink.h"
#include "tempfile.h"

/* ---- the sink (tests/unit/sink.h) --------------------------------- */

static reader_result_t run(const reader_t *reader, const char *path, sink_t *s)
{
    return sink_run(reader, path, s, NULL, 0);
}

/* ---- temporary files ----------------------------------------------- */

static const char *write_csv(const char *text)
{
    return temp_write(".csv", text, strlen(text));
}

/* data as one gzip member, malloc'd. */
static char *gzip_member(const void *data, size_t len, size_t *out_len)
{
    z_stream zs;
    size_t cap = len + len / 10 + 128;
    char *out = malloc(cap);

    memset(&zs, 0, sizeof zs);
    deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    zs.next_in = (Bytef *)data;
    zs.avail_in = (uInt)len;
    zs.next_out = (Bytef *)out;
    zs.avail_out = (uInt)cap;
    deflate(&zs, Z_FINISH);
    *out_len = cap - zs.avail_out;
    deflateEnd(&zs);
    return out;
}

/* data compressed with zlib's own wrapper (raw: no wrapper), malloc'd. */
static char *deflate_data(const void *data, size_t len, int raw, size_t *out_len)
{
    z_stream zs;
    size_t cap = len + len / 10 + 128;
    char *out = malloc(cap);

    memset(&zs, 0, sizeof zs);
    deflateInit2(&zs, 9, Z_DEFLATED, raw ? -15 : 15, 8, Z_DEFAULT_STRATEGY);
    zs.next_in = (Bytef *)data;
    zs.avail_in = (uInt)len;
    zs.next_out = (Bytef *)out;
    zs.avail_out = (uInt)cap;
    deflate(&zs, Z_FINISH);
    *out_len = cap - zs.avail_out;
    deflateEnd(&zs);
    return out;
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

/* ---- CSV: the splitter ------------------------------------------------ */

static void test_csv_quotes(void)
{
    sink_t s = {0};
    const char *path = write_csv(
        "id,title,body,date\r\n"
        "q1,\"Comma, inside\",\"He said \"\"hi\"\".\r\nSecond line, too.\",2024-01-02\r\n"
        "q2,Plain title,Plain body,\r\n"
        "q3,\"\",\"\"\"Quoted\"\" at the start\",2024-01-03\r\n");

    CHECK_INT(run(&reader_csv, path, &s), READ_OK);
    CHECK_INT(s.narticles, 3);
    CHECK_INT(s.nwarnings, 0);
    CHECK_STR(s.art[0].a.id, "q1");
    CHECK_STR(s.art[0].a.title, "Comma, inside");
    CHECK_STR(s.art[0].a.body, "He said \"hi\".\nSecond line, too.");
    CHECK_STR(s.art[0].a.date, "2024-01-02");
    CHECK_INT(s.art[0].a.line, 2);
    CHECK_STR(s.art[0].a.path, path);
    CHECK_STR(s.art[1].a.title, "Plain title");
    CHECK(s.art[1].a.date == NULL);
    CHECK_INT(s.art[1].a.line, 4);
    CHECK(s.art[2].a.title == NULL);
    CHECK_STR(s.art[2].a.body, "\"Quoted\" at the start");
    CHECK_INT(s.art[2].a.line, 5);
    sink_free(&s);
}

static void test_csv_lines_and_blanks(void)
{
    sink_t s = {0};
    const char *path = write_csv(
        "\n"
        "title,body\n"
        "\n"
        "One,\"a\n\nb\n\nc\"\n"
        "   \n"
        "Two,two\n"
        "Three,\"no newline at the end\"");

    CHECK_INT(run(&reader_csv, path, &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 3);
    CHECK_INT(s.art[0].a.line, 4);
    CHECK_STR(s.art[0].a.body, "a\n\nb\n\nc");
    /* "   " is one field where the header has two: read with the body
     * empty, it has no title either */
    CHECK_INT(s.nwarnings, 1);
    CHECK_WARN(&s, 0, 9, 1, "no title or body");
    CHECK_INT(s.art[1].a.line, 10);
    CHECK_STR(s.art[2].a.body, "no newline at the end");
    CHECK_INT(s.art[2].a.line, 11);
    sink_free(&s);
}

static void test_csv_separators(void)
{
    sink_t s = {0};
    const char *path;

    /* semicolons, with commas in the values */
    path = write_csv("title;body;date\nUno, dos;Tres, cuatro;2024-02-01\n");
    CHECK_INT(run(&reader_csv, path, &s), READ_OK);
    CHECK_INT(s.narticles, 1);
    CHECK_STR(s.art[0].a.title, "Uno, dos");
    CHECK_STR(s.art[0].a.body, "Tres, cuatro");
    CHECK_STR(s.art[0].a.date, "2024-02-01");

    /* tabs found in the header of a .csv */
    path = write_csv("title\tbody\nA, b\tC; d\n");
    CHECK_INT(run(&reader_csv, path, &s), READ_OK);
    CHECK_STR(s.art[0].a.title, "A, b");
    CHECK_STR(s.art[0].a.body, "C; d");

    /* separators inside a quoted header name do not count */
    path = write_csv("\"a;b;c;d\",title,body\nx,T,B\n");
    CHECK_INT(run(&reader_csv, path, &s), READ_OK);
    CHECK_STR(s.art[0].a.title, "T");

    /* .tsv is tab-separated whatever the header holds */
    path = temp_write(".tsv", "title,x\tbody\nT,1\tB, 2\n", 22);
    CHECK_INT(run(&reader_csv, path, &s), READ_OK);
    CHECK_INT(s.narticles, 1);
    CHECK(s.art[0].a.title == NULL); /* the column is "title,x" */
    CHECK_STR(s.art[0].a.body, "B, 2");

    /* quotes work in TSV too */
    path = temp_write(".tsv", "title\tbody\n\"Tab\there\"\t\"Line\nbreak\"\n", 34);
    CHECK_INT(run(&reader_csv, path, &s), READ_OK);
    CHECK_STR(s.art[0].a.title, "Tab\there");
    CHECK_STR(s.art[0].a.body, "Line\nbreak");

    /* one column: no separator in the header, so ',' (quote the commas) */
    path = write_csv("body\n\"Just the text, with a comma\"\n");
    CHECK_INT(run(&reader_csv, path, &s), READ_OK);
    CHECK_INT(s.narticles, 1);
    sink_free(&s);
}

static void test_csv_bom_and_padding(void)
{
    sink_t s = {0};
    const char *path = write_csv(
        "\xEF\xBB\xBFTitle,Body,\r\n"
        "With BOM,Padded row,,,\r\n"
        "Short row\r\n"
        "Long row,b,c,d\r\n"
        "Last,ok,\r\n");

    CHECK_INT(run(&reader_csv, path, &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 3);
    CHECK_STR(s.art[0].a.title, "With BOM");
    CHECK_STR(s.art[1].a.title, "Short row");   /* its missing cells empty */
    CHECK_STR(s.art[1].a.body, "Short row");
    CHECK_STR(s.art[2].a.title, "Last");
    CHECK_INT(s.nwarnings, 2);
    CHECK_WARN(&s, 0, 4, 1, "4 fields, the header has 3; row skipped");
    CHECK_WARN(&s, 1, 3, 0, "1 fields, the header has 3; the missing trailing "
               "cells read as empty");
    sink_free(&s);
}

static void test_csv_unterminated(void)
{
    sink_t s = {0};
    const char *path = write_csv(
        "id,title,body\n"
        "u1,First,Fine\n"
        "u2,\"Never closed,body\n"
        "u3,Third,Read again\n"
        "u4,Fourth,Read again too\n");

    CHECK_INT(run(&reader_csv, path, &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 3);
    CHECK_STR(s.art[0].a.id, "u1");
    CHECK_STR(s.art[1].a.id, "u3");
    CHECK_INT(s.art[1].a.line, 4);
    CHECK_STR(s.art[2].a.id, "u4");
    CHECK_INT(s.art[2].a.line, 5);
    CHECK_INT(s.nwarnings, 1);
    CHECK_WARN(&s, 0, 3, 1, "unterminated quote in the row starting here; "
               "this line skipped, the lines after it read again");
    sink_free(&s);
}

static void test_csv_stray_quote(void)
{
    sink_t s = {0};
    const char *path = write_csv(
        "id,title,body\n"
        "s1,\"Stray,one\n"
        "s2,Second,two\n"
        "s3,\"Quoted, title\",three\n"
        "s4,\"Closed\" late,four\n");

    CHECK_INT(run(&reader_csv, path, &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 3);
    CHECK_STR(s.art[0].a.id, "s2");
    CHECK_INT(s.art[0].a.line, 3);
    CHECK_STR(s.art[1].a.title, "Quoted, title");
    CHECK_STR(s.art[2].a.title, "Closed late");
    CHECK_INT(s.nwarnings, 2);
    CHECK_WARN(&s, 0, 2, 1, "stray quote: the row starting here runs to line 4 "
               "with 4 fields, the header has 3; this line skipped, the lines "
               "after it read again");
    CHECK_WARN(&s, 1, 5, 0, "text after the closing quote of field 2, kept");
    sink_free(&s);
}

static void test_csv_fields_and_map(void)
{
    sink_t s = {0};
    const char *path = write_csv(
        "ID,Headline,Published,Site,Byline,Lang,Text,Link,Topic,Keywords,Dateline,Extra\n"
        "m1,Head,\"Tue, 3 Sep 2024 10:00:00 +0000\",Desk,A. Writer,es,Body text,"
        "https://example.org/m1,economy,\"rates; banks\",\"Lima, Peru\",ignored\n");
    reader_map_t map[] = {
        {"Extra", "title"},     /* wins over Headline */
        {"Text", "keyword"},    /* Text no longer goes to the body... */
        {" site ", "body"},     /* ...Site does (spaces and case ignored) */
        {"Nope", "title"},      /* no such column */
        {"Lang", "colour"},     /* no such field */
    };

    CHECK_INT(run(&reader_csv, path, &s), READ_OK);
    CHECK_INT(s.narticles, 1);
    CHECK_STR(s.art[0].a.id, "m1");
    CHECK_STR(s.art[0].a.title, "Head");
    CHECK_STR(s.art[0].a.date, "2024-09-03");
    CHECK_STR(s.art[0].a.source, "Desk");
    CHECK_STR(s.art[0].a.author, "A. Writer");
    CHECK_STR(s.art[0].a.language, "es");
    CHECK_STR(s.art[0].a.body, "Body text");
    CHECK_STR(s.art[0].a.url, "https://example.org/m1");
    CHECK_STR(s.art[0].a.place, "Lima, Peru");
    CHECK_INT(s.art[0].a.ntags, 2);
    CHECK_STR(s.art[0].tags[0].field, "topic");
    CHECK_STR(s.art[0].tags[0].value, "economy");
    CHECK_STR(s.art[0].tags[1].field, "keyword");
    CHECK_STR(s.art[0].tags[1].value, "rates; banks");

    CHECK_INT(sink_run(&reader_csv, path, &s, map, 5), READ_OK);
    CHECK_INT(s.narticles, 1);
    CHECK_STR(s.art[0].a.title, "ignored");
    CHECK_STR(s.art[0].a.body, "Desk");
    CHECK(s.art[0].a.source == NULL);
    /* --map for a field replaces the columns found by name for it */
    CHECK_INT(s.art[0].a.ntags, 2);
    CHECK_STR(s.art[0].tags[1].field, "keyword");
    CHECK_STR(s.art[0].tags[1].value, "Body text");
    CHECK_INT(s.nwarnings, 2);
    CHECK_WARN(&s, 0, 1, 0, "--map Nope=title: no column \"Nope\" in the header; ignored");
    CHECK(s.nwarnings > 1 && sink_starts_with(s.warn[1].text,
                                         "--map Lang=colour: unknown field \"colour\" ("));
    sink_free(&s);
}

static void test_csv_header_problems(void)
{
    sink_t s = {0};
    reader_map_t map[] = { {"Hed", "title"}, {"Story", "body"} };
    const char *path = write_csv("Slug,Hed,Story\nx,A headline,A story\n");

    CHECK_INT(run(&reader_csv, path, &s), READ_FAILED);
    CHECK_INT(s.narticles, 0);
    CHECK_WARN(&s, 0, 1, 1, "no title or body column in the header (\"Slug\", "
               "\"Hed\", \"Story\"); name one with --map COLUMN=body");
    CHECK_INT(sink_run(&reader_csv, path, &s, map, 2), READ_OK);
    CHECK_INT(s.narticles, 1);
    CHECK_STR(s.art[0].a.title, "A headline");
    CHECK_STR(s.art[0].a.body, "A story");

    path = write_csv("");
    CHECK_INT(run(&reader_csv, path, &s), READ_FAILED);
    CHECK_WARN(&s, 0, 0, 1, "empty file");

    path = write_csv("\n\n  \n");
    CHECK_INT(run(&reader_csv, path, &s), READ_FAILED);
    CHECK_INT(s.nwarnings, 1);

    path = write_csv("title,body\r\n");
    CHECK_INT(run(&reader_csv, path, &s), READ_OK);
    CHECK_INT(s.narticles, 0);
    CHECK_INT(s.nwarnings, 0);

    path = write_csv("\"title,body\n");
    CHECK_INT(run(&reader_csv, path, &s), READ_FAILED);
    CHECK_WARN(&s, 0, 1, 1, "unterminated quote in the header row");
    sink_free(&s);
}

static void test_csv_row_problems(void)
{
    sink_t s = {0};
    const char *path = write_csv(
        "title,body,date\n"
        "Good,One,2024-05-01\n"
        ",,2024-05-02\n"
        "Bad date,Two,31/12/2024\n"
        "Only a title,,\n");

    CHECK_INT(run(&reader_csv, path, &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 3);
    CHECK_INT(s.nwarnings, 2);
    CHECK_WARN(&s, 0, 3, 1, "no title or body");
    CHECK_WARN(&s, 1, 4, 0, "unrecognised date \"31/12/2024\", indexed without one");
    CHECK(s.art[1].a.date == NULL);
    CHECK_STR(s.art[2].a.body, "Only a title");
    CHECK_STR(s.art[2].a.title, "Only a title");
    sink_free(&s);
}

static void test_csv_encodings(void)
{
    sink_t s = {0};
    const char *path = write_csv(
        "title,body\n"
        "Caf\xE9,Pe\xF1" "alol\xE9n\n"
        "M\xFCnchen,Z\xFCrich\n");
    /* "title,body\r\nSão,Bogotá\r\n" in UTF-16 */
    static const char le[] =
        "\xFF\xFEt\0i\0t\0l\0e\0,\0b\0o\0d\0y\0\r\0\n\0S\0\xE3\0o\0,\0B\0o\0g\0o\0t\0\xE1\0\r\0\n\0";
    static const char be[] =
        "\xFE\xFF\0t\0i\0t\0l\0e\0,\0b\0o\0d\0y\0\n\0S\0\xE3\0o\0,\0B\0o\0g\0o\0t\0\xE1\0\n";
    static const char bad16[] = "\xFF\xFEt\0i\0t\0l\0e\0\n\0A\0\x00\xDC" "B\0\n\0";

    CHECK_INT(run(&reader_csv, path, &s), READ_OK);
    CHECK_INT(s.narticles, 2);
    CHECK_STR(s.art[0].a.title, "Caf\xC3\xA9");
    CHECK_STR(s.art[0].a.body, "Pe\xC3\xB1" "alol\xC3\xA9n");
    CHECK_STR(s.art[1].a.title, "M\xC3\xBCnchen");
    CHECK_INT(s.nwarnings, 1); /* once a file */
    CHECK_WARN(&s, 0, 2, 0, "invalid UTF-8 decoded as Windows-1252 (reported once a file)");

    path = temp_write(".csv", le, sizeof le - 1);
    CHECK_INT(run(&reader_csv, path, &s), READ_OK);
    CHECK_INT(s.narticles, 1);
    CHECK_STR(s.art[0].a.title, "S\xC3\xA3o");
    CHECK_STR(s.art[0].a.body, "Bogot\xC3\xA1");
    CHECK_INT(s.nwarnings, 0);

    path = temp_write(".csv", be, sizeof be - 1);
    CHECK_INT(run(&reader_csv, path, &s), READ_OK);
    CHECK_INT(s.narticles, 1);
    CHECK_STR(s.art[0].a.title, "S\xC3\xA3o");

    /* a lone low surrogate */
    path = temp_write(".csv", bad16, sizeof bad16 - 1);
    CHECK_INT(run(&reader_csv, path, &s), READ_OK);
    CHECK_INT(s.narticles, 1);
    CHECK_STR(s.art[0].a.title, "A\xEF\xBF\xBD" "B");
    CHECK_WARN(&s, 0, 0, 0, "invalid UTF-16 replaced by U+FFFD");
    sink_free(&s);
}

static void test_csv_gzip(void)
{
    sink_t s = {0};
    char text[8192];
    size_t n = 0, gz_len;
    char *gz;
    const char *path;

    n += (size_t)snprintf(text + n, sizeof text - n, "id,title,body\n");
    for (int i = 1; i <= 100; i++)
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "g%d,Title %d,\"Body %d, %x\"\n", i, i, i, i * 7919);
    gz = gzip_member(text, n, &gz_len);
    path = temp_write(".csv.gz", gz, gz_len);
    CHECK_INT(run(&reader_csv, path, &s), READ_OK);
    CHECK_INT(s.narticles, 100);
    CHECK_STR(s.art[63].a.id, "g64");
    CHECK_INT(s.art[63].a.line, 65);

    path = temp_write(".csv.gz", gz, gz_len / 2);
    CHECK_INT(run(&reader_csv, path, &s), READ_PARTIAL);
    CHECK(s.narticles > 10 && s.narticles < 100);
    CHECK_INT(s.nwarnings, 1);
    CHECK(s.nwarnings == 1 && sink_starts_with(s.warn[0].text, "truncated gzip stream after line "));
    CHECK(s.nwarnings == 1 && atol(s.warn[0].text + 33) == s.narticles + 1);
    free(gz);
    sink_free(&s);
}

static void test_csv_stop(void)
{
    sink_t s = {0};
    const char *path = write_csv("title\nA\nB\nC\n");

    s.stop_after = 2;
    CHECK_INT(run(&reader_csv, path, &s), READ_STOPPED);
    CHECK_INT(s.narticles, 2);
    s.stop_after = 0;
    sink_free(&s);
}

/* A quote that never closes over more than 16 MiB costs one line; a
 * single unquoted line over 16 MiB is skipped alone. */
static void test_csv_huge_rows(void)
{
    size_t rows = 520000, cap = rows * 64 + 1024, n = 0;
    char *text = malloc(cap);
    sink_t *s = calloc(1, sizeof *s);
    const char *path;

    n += (size_t)sprintf(text + n, "id,title\nr0,\"opens here\n");
    for (size_t i = 1; i <= rows; i++)
        n += (size_t)sprintf(text + n, "r%zu,row number %zu of many\n", i, i);
    CHECK(n > (16u << 20));
    path = temp_write(".csv", text, n);
    CHECK_INT(run(&reader_csv, path, s), READ_PARTIAL);
    CHECK_INT(s->narticles, rows);
    CHECK_STR(s->art[0].a.id, "r1");
    CHECK_INT(s->art[0].a.line, 3);
    CHECK_INT(s->nwarnings, 1);
    CHECK_WARN(s, 0, 2, 1, "quoted field over 16 MiB, taken as a quote never "
               "closed; this line skipped, the lines after it read again");

    n = (size_t)sprintf(text, "id,title\nbig,");
    memset(text + n, 'x', (17u << 20));
    n += 17u << 20;
    n += (size_t)sprintf(text + n, "\nsmall,After the big one\n");
    path = temp_write(".csv", text, n);
    CHECK_INT(run(&reader_csv, path, s), READ_PARTIAL);
    CHECK_INT(s->narticles, 1);
    CHECK_STR(s->art[0].a.title, "After the big one");
    CHECK_INT(s->art[0].a.line, 3);
    CHECK_WARN(s, 0, 2, 1, "row over 16 MiB; skipped");
    sink_free(s);
    free(s);
    free(text);
}

static void test_csv_fixtures(void)
{
    sink_t s = {0};

    CHECK_INT(run(&reader_csv, fixture("csv/desk-export.csv"), &s), READ_OK);
    CHECK_INT(s.narticles, 5);
    CHECK_INT(s.nwarnings, 0);
    CHECK_STR(s.art[0].a.id, "dd-2024-0101");
    CHECK_STR(s.art[0].a.title, "Port of Valpara\xC3\xADso reopens after storm, cranes back in service");
    CHECK_STR(s.art[0].a.author, "Ana Ruiz; Tom Evans");
    CHECK_STR(s.art[0].a.url, "https://example.org/desk/valparaiso-port");
    CHECK_STR(s.art[0].tags[0].field, "topic");
    CHECK_STR(s.art[0].tags[0].value, "shipping");
    CHECK(s.art[0].a.body && strstr(s.art[0].a.body, "closure.\nHarbour pilots") != NULL);
    CHECK(s.art[0].a.body && strstr(s.art[0].a.body, "the \"Maria Celeste\", berthed") != NULL);
    CHECK_STR(s.art[2].a.language, "es");
    CHECK_STR(s.art[2].a.title, "El Banco Central mantiene la tasa en 5,25%");
    CHECK_INT(s.art[3].a.line, 8);
    CHECK_STR(s.art[4].a.date, "2024-06-18");
    CHECK_STR(s.art[4].a.body, "Ferry timetable cut for the winter season");
    CHECK(s.art[4].a.author == NULL);
    CHECK_INT(s.art[4].a.line, 11);

    CHECK_INT(run(&reader_csv, fixture("csv/desk-export.tsv"), &s), READ_OK);
    CHECK_INT(s.narticles, 2);
    CHECK_STR(s.art[1].a.body, "El tren recorrer\xC3\xA1 los 90 kil\xC3\xB3metros en una hora.\n"
                               "La obra cost\xC3\xB3 300 millones de d\xC3\xB3lares.");
    CHECK_STR(s.art[0].tags[0].field, "keyword");

    CHECK_INT(run(&reader_csv, fixture("csv/semicolon-cp1252.csv"), &s), READ_OK);
    CHECK_INT(s.narticles, 2);
    CHECK(s.art[0].a.body && strstr(s.art[0].a.body, "12.500 \xE2\x82\xAC, con pujas") != NULL);
    CHECK_WARN(&s, 0, 2, 0, "invalid UTF-8 decoded as Windows-1252 (reported once a file)");

    CHECK_INT(run(&reader_csv, fixture("csv/unicode-export.tsv"), &s), READ_OK);
    CHECK_INT(s.narticles, 2);
    CHECK_STR(s.art[0].a.title, "S\xC3\xA3o Paulo abre 12 novas bibliotecas");

    CHECK_INT(run(&reader_csv, fixture("csv/wire.csv.gz"), &s), READ_OK);
    CHECK_INT(s.narticles, 3);
    CHECK(s.art[0].a.id == NULL);
    CHECK_STR(s.art[0].a.url, "https://example.org/wire/orchard-frost");

    CHECK_INT(run(&reader_csv, fixture("csv/broken-rows.csv"), &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 6);
    CHECK_INT(s.nwarnings, 6);
    CHECK_WARN(&s, 0, 3, 1, "5 fields, the header has 4; row skipped");
    CHECK_WARN(&s, 1, 4, 0, "unrecognised date \"32/13/2024\", indexed without one");
    CHECK_WARN(&s, 2, 6, 1, "stray quote: the row starting here runs to line 8 with "
               "5 fields, the header has 4; this line skipped, the lines after it read again");
    CHECK_WARN(&s, 3, 9, 1, "no title or body");
    CHECK_WARN(&s, 4, 10, 0, "text after the closing quote of field 2, kept");
    CHECK_WARN(&s, 5, 13, 1, "unterminated quote in the row starting here; this "
               "line skipped, the lines after it read again");
    sink_free(&s);
}

/* ---- WARC: building records ----------------------------------------- */

typedef struct bytes {
    char *data;
    size_t len, cap;
} bytes_t;

static void put(bytes_t *b, const void *data, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->data = realloc(b->data, b->cap);
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void puts_(bytes_t *b, const char *s)
{
    put(b, s, strlen(s));
}

static void putf(bytes_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void putf(bytes_t *b, const char *fmt, ...)
{
    char tmp[4096];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    put(b, tmp, (size_t)n);
}

/* Append a record: type, target URI (or NULL), Content-Type (or NULL). */
static void record(bytes_t *b, const char *type, const char *uri,
                   const char *ctype, const void *block, size_t len)
{
    static int serial;

    putf(b, "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Date: 2024-07-01T12:00:00Z\r\n"
            "WARC-Record-ID: <urn:uuid:%08d-0000-4000-8000-000000000000>\r\n",
         type, ++serial);
    if (uri)
        putf(b, "WARC-Target-URI: %s\r\n", uri);
    if (ctype)
        putf(b, "Content-Type: %s\r\n", ctype);
    putf(b, "Content-Length: %zu\r\n\r\n", len);
    put(b, block, len);
    puts_(b, "\r\n\r\n");
}

/* Append a response record: status line, header lines, body. */
static void response(bytes_t *b, const char *uri, const char *status,
                     const char *headers, const void *body, size_t len)
{
    bytes_t block = {0};

    putf(&block, "HTTP/1.1 %s\r\n%s\r\n", status, headers);
    put(&block, body, len);
    record(b, "response", uri, "application/http; msgtype=response",
           block.data, block.len);
    free(block.data);
}

/* An HTML page with enough text to be an article, into a static buffer. */
static const char *page(const char *title, const char *canonical,
                        const char *date)
{
    static char html[4096];
    char head[512] = "";

    if (canonical)
        snprintf(head, sizeof head, "<link rel=\"canonical\" href=\"%s\">", canonical);
    if (date)
        snprintf(head + strlen(head), sizeof head - strlen(head),
                 "<meta property=\"article:published_time\" content=\"%s\">", date);
    snprintf(html, sizeof html,
             "<!DOCTYPE html><html lang=\"en\"><head><title>%s</title>%s</head><body>"
             "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><article>"
             "<h1>%s</h1><p>The regional council approved the plan on Tuesday after "
             "a debate that lasted most of the afternoon and ran late.</p>"
             "<p>Residents had asked for the change for years, saying the old "
             "arrangement left the valley towns without a reliable service.</p>"
             "<p>Work is expected to begin in the spring, and the first results "
             "should be visible before the end of next year.</p></article>"
             "<footer>All rights reserved.</footer></body></html>",
             title, head, title);
    return html;
}

static const char *write_bytes(const char *suffix, const bytes_t *b)
{
    return temp_write(suffix, b->data, b->len);
}

/* ---- WARC: records ------------------------------------------------- */

static void test_warc_sniff_and_pick(void)
{
    const char *warc = "WARC/1.0\r\nWARC-Type: warcinfo\r\n";

    CHECK(reader_warc.sniff(warc, strlen(warc)));
    CHECK(reader_warc.sniff("WARC/1.1\r\n", 10));
    CHECK(!reader_warc.sniff("WARC/0.9\r\n", 10));
    CHECK(!reader_warc.sniff("WARC", 4));
    CHECK(!reader_warc.sniff(" WARC/1.0", 9));
    CHECK(format_pick("/x/crawl.warc", "", 0) == &reader_warc);
    CHECK(format_pick("/x/crawl.WARC.gz", "", 0) == &reader_warc);
    CHECK(format_pick("/x/crawl-0001", warc, strlen(warc)) == &reader_warc);
    CHECK(format_pick("/x/data.csv", "title,body\n", 11) == &reader_csv);
    CHECK(format_pick("/x/data.TSV.gz", "", 0) == &reader_csv);
    CHECK(format_pick("/x/data.txt", "title,body\n", 11) != &reader_csv);
    CHECK(format_by_name("warc") == &reader_warc);
    CHECK(format_by_name("csv") == &reader_csv);
}

static void test_warc_response(void)
{
    sink_t s = {0};
    bytes_t b = {0};
    const char *html, *path;

    record(&b, "warcinfo", NULL, "application/warc-fields", "software: test\r\n", 16);
    record(&b, "request", "https://www.example.org/a", "application/http; msgtype=request",
           "GET /a HTTP/1.1\r\nHost: www.example.org\r\n\r\n", 41);
    html = page("Council approves valley bus plan", NULL, NULL);
    response(&b, "<https://www.Example.org:8443/a?x=1>", "200 OK",
             "Content-Type: text/html; charset=utf-8\r\n", html, strlen(html));
    html = page("Canonical page", "https://www.example.org/canonical", "2024-05-06");
    response(&b, "https://www.example.org/b?utm=1", "200 OK",
             "Content-Type: application/xhtml+xml\r\n", html, strlen(html));
    path = write_bytes(".warc", &b);

    CHECK_INT(run(&reader_warc, path, &s), READ_OK);
    CHECK_INT(s.nwarnings, 0);
    CHECK_INT(s.narticles, 2);
    CHECK_STR(s.art[0].a.title, "Council approves valley bus plan");
    CHECK_STR(s.art[0].a.url, "https://www.Example.org:8443/a?x=1");
    CHECK_STR(s.art[0].a.id, "warc:https://www.Example.org:8443/a?x=1");
    CHECK_STR(s.art[0].a.date, "2024-07-01");     /* WARC-Date */
    CHECK_STR(s.art[0].a.source, "www.example.org"); /* the host */
    CHECK_STR(s.art[0].a.path, path);
    CHECK_INT(s.art[0].a.line, 0);
    CHECK(s.art[0].a.body && sink_starts_with(s.art[0].a.body, "The regional council approved"));
    CHECK_STR(s.art[1].a.url, "https://www.example.org/canonical");
    CHECK(s.art[1].a.id == NULL);
    CHECK_STR(s.art[1].a.date, "2024-05-06");
    free(b.data);
    sink_free(&s);
}

static void test_warc_skipped_records(void)
{
    sink_t s = {0};
    bytes_t b = {0};
    const char *html = page("Kept page", NULL, NULL), *path;
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    response(&b, "https://e.org/404", "404 Not Found", "Content-Type: text/html\r\n",
             html, strlen(html));
    response(&b, "https://e.org/301", "301 Moved Permanently",
             "Location: https://e.org/x\r\n", "", 0);
    response(&b, "https://e.org/500", "500 Internal Server Error", "", html, strlen(html));
    response(&b, "https://e.org/logo.png", "200 OK", "Content-Type: image/png\r\n",
             png, sizeof png - 1);
    response(&b, "https://e.org/feed", "200 OK", "Content-Type: application/rss+xml\r\n",
             "<rss/>", 6);
    response(&b, "https://e.org/plain", "200 OK", "", "just some text, not HTML", 24);
    record(&b, "resource", "file:///logo.png", "image/png", png, sizeof png - 1);
    record(&b, "metadata", "https://e.org/x", "application/warc-fields", "a: b\r\n", 6);
    record(&b, "revisit", "https://e.org/x", "application/http; msgtype=response",
           "HTTP/1.1 200 OK\r\n\r\n", 19);
    record(&b, "response", "dns:e.org", "text/dns", "e.org. 300 IN A 10.0.0.1\n", 25);
    record(&b, "conversion", "https://e.org/x", "text/html", html, strlen(html));
    /* taken: no Content-Type but HTML by its first bytes, and an HTML resource */
    response(&b, "https://e.org/sniffed", "200 OK", "", html, strlen(html));
    record(&b, "resource", "https://e.org/resource", "text/html; charset=utf-8",
           html, strlen(html));
    path = write_bytes(".warc", &b);

    CHECK_INT(run(&reader_warc, path, &s), READ_OK);
    CHECK_INT(s.nwarnings, 0);
    CHECK_INT(s.narticles, 2);
    CHECK_STR(s.art[0].a.url, "https://e.org/sniffed");
    CHECK_STR(s.art[1].a.url, "https://e.org/resource");
    free(b.data);
    sink_free(&s);
}

static void test_warc_payload_codings(void)
{
    sink_t s = {0};
    bytes_t b = {0}, chunks = {0};
    const char *html = page("Encoded page", NULL, NULL), *path;
    size_t len = strlen(html), gz_len, z_len, raw_len;
    char *gz = gzip_member(html, len, &gz_len);
    char *z = deflate_data(html, len, 0, &z_len);
    char *raw = deflate_data(html, len, 1, &raw_len);

    for (size_t i = 0; i < gz_len; i += 97) {
        size_t n = gz_len - i < 97 ? gz_len - i : 97;
        putf(&chunks, "%zX;ext=1\r\n", n);
        put(&chunks, gz + i, n);
        puts_(&chunks, "\r\n");
    }
    puts_(&chunks, "0\r\nX-Trailer: y\r\n\r\n");
    response(&b, "https://e.org/chunked-gzip", "200 OK",
             "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
             "Content-Encoding: gzip\r\n", chunks.data, chunks.len);
    response(&b, "https://e.org/gzip", "200 OK",
             "Content-Type: text/html\r\nContent-Encoding: x-gzip\r\n", gz, gz_len);
    response(&b, "https://e.org/deflate", "200 OK",
             "Content-Type: text/html\r\nContent-Encoding: deflate\r\n", z, z_len);
    response(&b, "https://e.org/raw-deflate", "200 OK",
             "Content-Type: text/html\r\nContent-Encoding: deflate\r\n", raw, raw_len);
    /* stored decoded, with the headers kept: taken as it is */
    response(&b, "https://e.org/decoded", "200 OK",
             "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
             "Content-Encoding: gzip\r\n", html, len);
    /* chunks cut short: what there is is indexed */
    chunks.len = 0;
    putf(&chunks, "%zX\r\n", len + 100);
    put(&chunks, html, len);
    response(&b, "https://e.org/cut-chunks", "200 OK",
             "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
             chunks.data, chunks.len);
    /* gzip cut short */
    response(&b, "https://e.org/cut-gzip", "200 OK",
             "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", gz, gz_len * 3 / 4);
    path = write_bytes(".warc", &b);

    CHECK_INT(run(&reader_warc, path, &s), READ_OK);
    CHECK_INT(s.narticles, 7);
    for (int i = 0; i < 7 && i < s.narticles; i++)
        CHECK_STR(s.art[i].a.title, "Encoded page");
    CHECK_INT(s.nwarnings, 2);
    CHECK(s.nwarnings > 0 && strstr(s.warn[0].text, "): chunked payload cut short; indexed what there is"));
    CHECK(s.nwarnings > 1 && strstr(s.warn[1].text, "): gzip payload cut short; indexed what there is"));
    CHECK(s.nwarnings > 1 && sink_starts_with(s.warn[1].text, "record 7 (byte "));
    free(gz);
    free(z);
    free(raw);
    free(chunks.data);
    free(b.data);
    sink_free(&s);
}

static void test_warc_charset(void)
{
    sink_t s = {0};
    bytes_t b = {0};
    char html[4096];
    const char *path;

    /* "Café" in ISO-8859-1, declared only by the HTTP header */
    snprintf(html, sizeof html, "%s", page("Caf\xE9 reopens on the square", NULL, NULL));
    response(&b, "https://e.org/cafe", "200 OK",
             "Content-Type: text/html; charset=\"ISO-8859-1\"\r\n", html, strlen(html));
    path = write_bytes(".warc", &b);
    CHECK_INT(run(&reader_warc, path, &s), READ_OK);
    CHECK_INT(s.narticles, 1);
    CHECK_STR(s.art[0].a.title, "Caf\xC3\xA9 reopens on the square");
    free(b.data);
    sink_free(&s);
}

static void test_warc_gzip_members(void)
{
    sink_t s = {0};
    bytes_t file = {0};
    size_t cut_at = 0;
    const char *path;

    /* gzread goes on across concatenated gzip members: one per record */
    for (int i = 0; i < 5; i++) {
        bytes_t rec = {0};
        char uri[64], title[64];
        const char *html;
        size_t gz_len;
        char *gz;
        snprintf(uri, sizeof uri, "https://e.org/member/%d", i);
        snprintf(title, sizeof title, "Member page %d", i);
        html = page(title, NULL, NULL);
        response(&rec, uri, "200 OK", "Content-Type: text/html\r\n", html, strlen(html));
        gz = gzip_member(rec.data, rec.len, &gz_len);
        if (i == 3)
            cut_at = file.len + gz_len / 2;
        put(&file, gz, gz_len);
        free(gz);
        free(rec.data);
    }
    path = temp_write(".warc.gz", file.data, file.len);
    CHECK_INT(run(&reader_warc, path, &s), READ_OK);
    CHECK_INT(s.narticles, 5);
    CHECK_STR(s.art[4].a.title, "Member page 4");
    CHECK_INT(s.nwarnings, 0);

    path = temp_write(".warc.gz", file.data, cut_at);
    CHECK_INT(run(&reader_warc, path, &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 3);
    CHECK_INT(s.nwarnings, 1);
    CHECK(s.nwarnings == 1 && sink_starts_with(s.warn[0].text, "record 4 (byte "));
    CHECK(s.nwarnings == 1 && strstr(s.warn[0].text, "): truncated gzip stream"));
    free(file.data);
    sink_free(&s);
}

static void test_warc_truncated(void)
{
    sink_t s = {0};
    bytes_t b = {0};
    const char *html = page("Whole page", NULL, NULL), *path;
    size_t second, header_end;
    char want[160];

    response(&b, "https://e.org/1", "200 OK", "Content-Type: text/html\r\n", html, strlen(html));
    second = b.len;
    response(&b, "https://e.org/2", "200 OK", "Content-Type: text/html\r\n", html, strlen(html));
    header_end = (size_t)(strstr(b.data + second, "\r\n\r\n") - b.data) + 4;

    /* cut inside the block */
    path = temp_write(".warc", b.data, header_end + 100);
    CHECK_INT(run(&reader_warc, path, &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 1);
    snprintf(want, sizeof want, "record 2 (byte %zu): truncated: 100 of %zu bytes of its block",
             second, b.len - 4 - header_end);
    CHECK_WARN(&s, 0, 0, 1, want);

    /* cut inside the header */
    path = temp_write(".warc", b.data, second + 40);
    CHECK_INT(run(&reader_warc, path, &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 1);
    snprintf(want, sizeof want, "record 2 (byte %zu): truncated in its header", second);
    CHECK_WARN(&s, 0, 0, 1, want);

    /* the closing CRLFs missing at the very end: nothing lost */
    path = temp_write(".warc", b.data, b.len - 4);
    CHECK_INT(run(&reader_warc, path, &s), READ_OK);
    CHECK_INT(s.narticles, 2);
    CHECK_INT(s.nwarnings, 0);
    free(b.data);
    sink_free(&s);
}

static void test_warc_broken_records(void)
{
    sink_t s = {0};
    bytes_t b = {0};
    const char *html = page("Good page", NULL, NULL), *path;
    size_t at[6];
    char want[200];

    response(&b, "https://e.org/1", "200 OK", "Content-Type: text/html\r\n", html, strlen(html));
    at[0] = b.len;
    puts_(&b, "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: many\r\n\r\n"
              "HTTP/1.1 200 OK\r\n\r\n<p>lost</p>\r\n\r\n");
    response(&b, "https://e.org/2", "200 OK", "Content-Type: text/html\r\n", html, strlen(html));
    at[1] = b.len;
    puts_(&b, "garbage between records\r\n");
    at[2] = b.len;
    response(&b, "https://e.org/br", "200 OK", "Content-Type: text/html\r\n"
             "Content-Encoding: br\r\n", "\x1b\x00", 2);
    at[3] = b.len;
    response(&b, "https://e.org/bad-gzip", "200 OK", "Content-Type: text/html\r\n"
             "Content-Encoding: gzip\r\n", "\x1f\x8b\x08\0\0\0\0\0\0\x03\xff\xff\xff\xff", 14);
    at[4] = b.len;
    record(&b, "response", "https://e.org/ftp", "application/http; msgtype=response",
           "FTP 200\r\n\r\n", 11);
    at[5] = b.len;
    response(&b, "https://e.org/empty", "200 OK", "Content-Type: text/html\r\n",
             "<html><body></body></html>", 26);
    response(&b, "https://e.org/3", "200 OK", "Content-Type: text/html\r\n", html, strlen(html));
    path = write_bytes(".warc", &b);

    CHECK_INT(run(&reader_warc, path, &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 3);
    CHECK_STR(s.art[2].a.url, "https://e.org/3");
    CHECK_INT(s.nwarnings, 6);
    snprintf(want, sizeof want, "record 2 (byte %zu): no valid Content-Length; skipped to the next record", at[0]);
    CHECK_WARN(&s, 0, 0, 1, want);
    snprintf(want, sizeof want, "byte %zu: not a WARC record header (\"garbage between records\"); "
             "skipped to the next record", at[1]);
    CHECK_WARN(&s, 1, 0, 1, want);
    snprintf(want, sizeof want, "record 4 (byte %zu): content encoding \"br\" not supported; skipped", at[2]);
    CHECK_WARN(&s, 2, 0, 1, want);
    snprintf(want, sizeof want, "record 5 (byte %zu): gzip payload: ", at[3]);
    CHECK(s.nwarnings > 3 && sink_starts_with(s.warn[3].text, want));
    snprintf(want, sizeof want, "record 6 (byte %zu): no HTTP status line in the response; skipped", at[4]);
    CHECK_WARN(&s, 4, 0, 1, want);
    snprintf(want, sizeof want, "record 7 (byte %zu): ", at[5]);
    CHECK(s.nwarnings > 5 && sink_starts_with(s.warn[5].text, want) && s.warn[5].skipped);
    free(b.data);
    sink_free(&s);
}

static void test_warc_not_warc(void)
{
    sink_t s = {0};
    const char *path = temp_write(".warc", "", 0);

    CHECK_INT(run(&reader_warc, path, &s), READ_FAILED);
    CHECK_WARN(&s, 0, 0, 1, "empty file");
    path = temp_write(".warc", "<html>not a warc</html>\n", 24);
    CHECK_INT(run(&reader_warc, path, &s), READ_FAILED);
    CHECK_WARN(&s, 0, 0, 1, "not a WARC file: it does not open with \"WARC/1.\"");
    /* only non-page records: nothing, and nothing wrong */
    path = temp_write(".warc", "WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n", 56);
    CHECK_INT(run(&reader_warc, path, &s), READ_OK);
    CHECK_INT(s.narticles, 0);
    CHECK_INT(s.nwarnings, 0);
    sink_free(&s);
}

/* Blocks are streamed: a 40 MiB non-HTML record costs no memory, an HTML
 * one over 32 MiB is reported, and the records after both are read. */
static void test_warc_large_records(void)
{
    sink_t s = {0};
    bytes_t b = {0};
    size_t big = 40u << 20, at;
    char *filler = malloc(big);
    const char *html = page("After the big ones", NULL, NULL), *path;
    char want[160];

    memset(filler, 'z', big);
    response(&b, "https://e.org/video", "200 OK", "Content-Type: video/mp4\r\n", filler, big);
    at = b.len;
    response(&b, "https://e.org/huge", "200 OK", "Content-Type: text/html\r\n", filler, 33u << 20);
    response(&b, "https://e.org/after", "200 OK", "Content-Type: text/html\r\n", html, strlen(html));
    path = write_bytes(".warc", &b);
    CHECK_INT(run(&reader_warc, path, &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 1);
    CHECK_STR(s.art[0].a.title, "After the big ones");
    snprintf(want, sizeof want, "record 2 (byte %zu): HTML payload of %u bytes, over the "
             "32 MiB limit; skipped", at, 33u << 20);
    CHECK_WARN(&s, 0, 0, 1, want);
    free(filler);
    free(b.data);
    sink_free(&s);
}

static void test_warc_stop(void)
{
    sink_t s = {0};
    bytes_t b = {0};
    const char *html = page("Page", NULL, NULL), *path;

    response(&b, "https://e.org/1", "200 OK", "Content-Type: text/html\r\n", html, strlen(html));
    response(&b, "https://e.org/2", "200 OK", "Content-Type: text/html\r\n", html, strlen(html));
    path = write_bytes(".warc", &b);
    s.stop_after = 1;
    CHECK_INT(run(&reader_warc, path, &s), READ_STOPPED);
    CHECK_INT(s.narticles, 1);
    s.stop_after = 0;
    free(b.data);
    sink_free(&s);
}

static void test_warc_fixtures(void)
{
    sink_t s = {0};

    CHECK_INT(run(&reader_warc, fixture("warc/crawl.warc"), &s), READ_OK);
    CHECK_INT(s.narticles, 4);
    CHECK_INT(s.nwarnings, 0);
    CHECK_STR(s.art[0].a.title, "Harbour cranes return to work in Antofagasta");
    CHECK_STR(s.art[0].a.url, "https://news.example.org/2024/06/harbour-cranes");
    CHECK(s.art[0].a.id == NULL);
    CHECK_STR(s.art[0].a.date, "2024-06-19");
    CHECK_STR(s.art[0].a.author, "Carla Rojas");
    CHECK_STR(s.art[1].a.title, "Mills count the cost of new sanctions on cotton");
    CHECK_STR(s.art[1].a.id, "warc:https://ledger.example.com/markets/cotton-mills");
    CHECK_STR(s.art[1].a.date, "2024-06-21");
    CHECK_STR(s.art[2].a.title, "Feria del libro de Guadalajara bate r\xC3\xA9" "cord de p\xC3\xBA" "blico");
    CHECK_STR(s.art[2].a.language, "es");
    CHECK_STR(s.art[3].a.url, "https://rail.example.net/night-trains-zagreb");

    CHECK_INT(run(&reader_warc, fixture("warc/crawl.warc.gz"), &s), READ_OK);
    CHECK_INT(s.narticles, 2);
    CHECK_STR(s.art[0].a.source, "news.example.org");
    CHECK_STR(s.art[1].a.source, "Diario Andino");

    CHECK_INT(run(&reader_warc, fixture("warc/truncated.warc"), &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 2);
    CHECK_WARN(&s, 0, 0, 1, "record 3 (byte 2122): truncated: 253 of 649 bytes of its block");

    CHECK_INT(run(&reader_warc, fixture("warc/truncated.warc.gz"), &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 2);
    CHECK_WARN(&s, 0, 0, 1, "record 3 (byte 2113): truncated gzip stream");

    CHECK_INT(run(&reader_warc, fixture("warc/broken.warc"), &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 3);
    CHECK_INT(s.nwarnings, 6);

    CHECK_INT(run(&reader_warc, fixture("warc/archive-2024-06"), &s), READ_OK);
    CHECK_INT(s.narticles, 1);
    sink_free(&s);
}

int main(void)
{
    const char *env = getenv("MORGUE_ROOT");

    if (env)
        snprintf(root, sizeof root, "%s", env);
    test_csv_quotes();
    test_csv_lines_and_blanks();
    test_csv_separators();
    test_csv_bom_and_padding();
    test_csv_unterminated();
    test_csv_stray_quote();
    test_csv_fields_and_map();
    test_csv_header_problems();
    test_csv_row_problems();
    test_csv_encodings();
    test_csv_gzip();
    test_csv_stop();
    test_csv_huge_rows();
    test_csv_fixtures();
    test_warc_sniff_and_pick();
    test_warc_response();
    test_warc_skipped_records();
    test_warc_payload_codings();
    test_warc_charset();
    test_warc_gzip_members();
    test_warc_truncated();
    test_warc_broken_records();
    test_warc_not_warc();
    test_warc_large_records();
    test_warc_stop();
    test_warc_fixtures();
    temp_remove_all();
    return check_report();
}
