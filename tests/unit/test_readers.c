/* test_readers.c - unit tests of indexer/input.c, indexer/reader.c and the
 * readers in indexer/readers/ (text, jsonl): temporary files written here
 * (plain, gzip, truncated and corrupt gzip) and the fixtures in corpus/.
 * Run from the project root (or set MORGUE_ROOT); the checks on the BBC
 * corpus in ../shared/corpora are skipped when it is absent. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
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

static const char *write_temp_str(const char *s)
{
    return temp_write("", s, strlen(s));
}

static const char *write_temp_gz(const void *bytes, size_t len)
{
    const char *name = temp_name("");
    gzFile gz = gzopen(name, "wb9");

    if (gz) {
        gzwrite(gz, bytes, (unsigned)len);
        gzclose(gz);
    }
    return name;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    *len = 0;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n)
        *len = (size_t)n;
    fclose(f);
    return buf;
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

/* ---- input.c ------------------------------------------------------- */

static void test_input_plain_lines(void)
{
    const char *path = temp_write("", "one\r\ntwo\n\nthree\0x\nlast", 23);
    const char *line, *head;
    input_t *in;
    size_t len;
    char err[128];

    CHECK_INT(input_open(path, &in, err, sizeof err), 0);
    CHECK_INT(input_is_gzip(in), 0);
    CHECK_INT(input_peek(in, &head, 3), 3);
    CHECK(memcmp(head, "one", 3) == 0);
    CHECK_INT(input_getline(in, &line, &len), 1);
    CHECK_STR(line, "one");
    CHECK_INT(len, 3);
    CHECK_INT(input_getline(in, &line, &len), 1);
    CHECK_STR(line, "two");
    CHECK_INT(input_getline(in, &line, &len), 1);
    CHECK_INT(len, 0);
    CHECK_INT(input_getline(in, &line, &len), 1);
    CHECK_INT(len, 7);
    CHECK(memcmp(line, "three\0x", 7) == 0);
    CHECK_INT(input_getline(in, &line, &len), 1);
    CHECK_STR(line, "last");
    CHECK_INT(input_getline(in, &line, &len), 0);
    CHECK_INT(input_getline(in, &line, &len), 0);
    CHECK(input_error(in) == NULL);
    CHECK_INT(input_file_bytes(in), 23);
    input_close(in);
    input_close(NULL);
}

static void test_input_long_line(void)
{
    size_t n = 300000;
    char *text = malloc(n + 8);
    const char *line, *path;
    input_t *in;
    size_t len;
    char err[128];

    memset(text, 'a', n);
    memcpy(text + n, "\nb\n", 3);
    path = temp_write("", text, n + 3);
    CHECK_INT(input_open(path, &in, err, sizeof err), 0);
    CHECK_INT(input_getline(in, &line, &len), 1);
    CHECK_INT(len, n);
    CHECK(line[0] == 'a' && line[n - 1] == 'a' && line[n] == '\0');
    CHECK_INT(input_getline(in, &line, &len), 1);
    CHECK_STR(line, "b");
    CHECK_INT(input_getline(in, &line, &len), 0);
    input_close(in);

    /* the same through gzip, and peeking further than the buffer holds */
    path = write_temp_gz(text, n + 3);
    CHECK_INT(input_open(path, &in, err, sizeof err), 0);
    CHECK_INT(input_is_gzip(in), 1);
    CHECK_INT(input_peek(in, &line, 100000), 100000);
    CHECK(line[0] == 'a' && line[99999] == 'a');
    CHECK_INT(input_getline(in, &line, &len), 1);
    CHECK_INT(len, n);
    CHECK_INT(input_getline(in, &line, &len), 1);
    CHECK_STR(line, "b");
    CHECK_INT(input_getline(in, &line, &len), 0);
    CHECK(input_error(in) == NULL);
    input_close(in);
    free(text);
}

static void test_input_read_and_slurp(void)
{
    const char *path = write_temp_str("0123456789");
    const char *head;
    char buf[16], *all, err[128];
    input_t *in;
    size_t len;

    CHECK_INT(input_open(path, &in, err, sizeof err), 0);
    CHECK_INT(input_peek(in, &head, 64), 10);
    CHECK_INT(input_read(in, buf, 4), 4);
    CHECK(memcmp(buf, "0123", 4) == 0);
    CHECK_INT(input_slurp(in, &all, &len), 0);
    CHECK_INT(len, 6);
    CHECK_STR(all, "456789");
    free(all);
    CHECK_INT(input_read(in, buf, sizeof buf), 0);
    input_close(in);

    CHECK_INT(input_open("/nonexistent/morgue/file", &in, err, sizeof err), -1);
    CHECK(in == NULL);
    CHECK_STR(err, "No such file or directory");
}

static void test_input_gzip(void)
{
    const char *text = "alpha\nbeta\r\ngamma";
    const char *path = write_temp_gz(text, strlen(text));
    const char *line, *head;
    char err[128];
    input_t *in;
    size_t len, size;
    char *gz = read_all(path, &size);

    free(gz);
    CHECK_INT(input_open(path, &in, err, sizeof err), 0);
    CHECK_INT(input_is_gzip(in), 1);
    CHECK_INT(input_peek(in, &head, 5), 5);
    CHECK(memcmp(head, "alpha", 5) == 0);
    CHECK_INT(input_getline(in, &line, &len), 1);
    CHECK_STR(line, "alpha");
    CHECK_INT(input_getline(in, &line, &len), 1);
    CHECK_STR(line, "beta");
    CHECK_INT(input_getline(in, &line, &len), 1);
    CHECK_STR(line, "gamma");
    CHECK_INT(input_getline(in, &line, &len), 0);
    CHECK(input_error(in) == NULL);
    CHECK_INT(input_file_bytes(in), size);
    input_close(in);
}

/* A gzip file whose content is many lines, cut or damaged. */
static char *gzip_lines(size_t *len, size_t *content_len)
{
    size_t n = 0;
    char *text = malloc(200000), *gz;
    const char *path;

    for (int i = 1; n < 150000; i++)
        n += (size_t)sprintf(text + n, "line %d with some words %x\n", i, i * 7919u);
    *content_len = n;
    path = write_temp_gz(text, n);
    free(text);
    gz = read_all(path, len);
    return gz;
}

static void test_input_truncated(void)
{
    size_t len, content_len, got, lines = 0;
    char *gz = gzip_lines(&len, &content_len), *all, err[128];
    const char *path = temp_write("", gz, len / 2), *line;
    input_t *in;
    int r;

    CHECK_INT(input_open(path, &in, err, sizeof err), 0);
    CHECK_INT(input_is_gzip(in), 1);
    while ((r = input_getline(in, &line, &got)) == 1) {
        lines++;
        if (!sink_starts_with(line, "line "))
            break;
    }
    CHECK_INT(r, -1);
    CHECK(lines > 10);
    CHECK_STR(input_error(in), "truncated gzip stream");
    CHECK_INT(input_getline(in, &line, &got), -1);
    input_close(in);

    CHECK_INT(input_open(path, &in, err, sizeof err), 0);
    CHECK_INT(input_slurp(in, &all, &got), -1);
    CHECK(all != NULL && got > 1000 && got < content_len);
    CHECK(all && sink_starts_with(all, "line 1 with"));
    CHECK_STR(input_error(in), "truncated gzip stream");
    free(all);
    input_close(in);

    /* cut inside the 10-byte header */
    path = temp_write("", gz, 5);
    CHECK_INT(input_open(path, &in, err, sizeof err), 0);
    CHECK_INT(input_getline(in, &line, &got), -1);
    CHECK_STR(input_error(in), "truncated gzip stream");
    input_close(in);
    free(gz);
}

static void test_input_corrupt(void)
{
    size_t len, content_len, got;
    char *gz = gzip_lines(&len, &content_len), *all, err[128];
    const char *path;
    input_t *in;

    gz[len - 6] ^= 0x55; /* the CRC-32 of the trailer */
    path = temp_write("", gz, len);
    CHECK_INT(input_open(path, &in, err, sizeof err), 0);
    CHECK_INT(input_slurp(in, &all, &got), -1);
    CHECK_STR(input_error(in), "corrupt gzip data: incorrect data check");
    free(all);
    input_close(in);

    gz[len - 6] ^= 0x55;
    memset(gz + len / 3, 0xff, 64); /* the deflate data itself */
    path = temp_write("", gz, len);
    CHECK_INT(input_open(path, &in, err, sizeof err), 0);
    CHECK_INT(input_slurp(in, &all, &got), -1);
    CHECK_PREFIX(input_error(in), "corrupt gzip data: ");
    free(all);
    input_close(in);
    free(gz);
}

/* ---- reader_text --------------------------------------------------- */

static void test_text_seed(sink_t *s)
{
    const char *path = fixture("000_ea9997eae0faef6f.txt");

    CHECK_INT(run(&reader_text, path, s), READ_OK);
    CHECK_INT(s->narticles, 1);
    CHECK_INT(s->nwarnings, 0);
    if (s->narticles != 1)
        return;
    CHECK_STR(s->art[0].a.title,
              "The United States is laying the groundwork for new sanctions "
              "against Venezuelan government officials in response to the "
              "disputed re-election of Nicol\xC3\xA1s Maduro in July.");
    CHECK_STR(s->art[0].a.place, "Caracas, Venezuela");
    CHECK_STR(s->art[0].a.date, "2024-09-03");
    CHECK_PREFIX(s->art[0].a.body, "Caracas, Venezuela.\xE2\x80\x93 The United States");
    CHECK(strstr(s->art[0].a.body, "advance notice of sanctions.") != NULL);
    CHECK(strstr(s->art[0].a.body, "date 2024") == NULL);
    CHECK_STR(s->art[0].a.path, path);
    CHECK_INT(s->art[0].a.line, 0);
    CHECK(s->art[0].a.id == NULL && s->art[0].a.url == NULL);
    CHECK(s->art[0].a.language == NULL && s->art[0].a.source == NULL);
    CHECK(s->art[0].a.author == NULL);
}

static void test_text_fixtures(sink_t *s)
{
    CHECK_INT(run(&reader_text, fixture("gonzalez-accented.txt"), s), READ_OK);
    CHECK_INT(s->narticles, 1);
    CHECK_INT(s->nwarnings, 0);
    if (s->narticles == 1) {
        CHECK_STR(s->art[0].a.title, "Edmundo Gonz\xC3\xA1lez tours the Andes ahead of rally");
        CHECK_STR(s->art[0].a.place, "M\xC3\x89RIDA, Venezuela");
        CHECK_PREFIX(s->art[0].a.body, "M\xC3\x89RIDA, Venezuela \xE2\x80\x93 Opposition");
        CHECK(s->art[0].a.date == NULL);
    }

    CHECK_INT(run(&reader_text, fixture("latin1-archive.txt"), s), READ_OK);
    CHECK_INT(s->narticles, 1);
    CHECK_INT(s->nwarnings, 1);
    CHECK_WARN_PREFIX(s, 0, 0, 0, "invalid UTF-8 decoded as Windows-1252");
    if (s->narticles == 1) {
        CHECK_STR(s->art[0].a.title, "Caf\xC3\xA9 owners in Pe\xC3\xB1\x61lol\xC3\xA9n toast a quiet revival");
        CHECK(strstr(s->art[0].a.body, "Caf\xC3\xA9 Z\xC3\xBCrich") != NULL);
        CHECK(strstr(s->art[0].a.body, "se\xC3\xB1oras") != NULL);
    }

    CHECK_INT(run(&reader_text, fixture("broken/cp1252.txt"), s), READ_OK);
    CHECK_INT(s->narticles, 1);
    CHECK_INT(s->nwarnings, 1);
    CHECK_WARN_PREFIX(s, 0, 0, 0, "invalid UTF-8 decoded as Windows-1252");
    if (s->narticles == 1) {
        CHECK_STR(s->art[0].a.title, "Mayor\xE2\x80\x99s \xE2\x80\x9C" "clean streets\xE2\x80\x9D plan wins backing");
        CHECK(strstr(s->art[0].a.body, "plan \xE2\x80\x93 a scheme") != NULL);
        CHECK(strstr(s->art[0].a.body, "old town. Shopkeepers") != NULL);
        CHECK(strstr(s->art[0].a.body, "\a") == NULL);
    }

    CHECK_INT(run(&reader_text, fixture("broken/empty.txt"), s), READ_FAILED);
    CHECK_INT(s->narticles, 0);
    CHECK_INT(s->nwarnings, 1);
    CHECK_WARN_PREFIX(s, 0, 0, 1, "empty file");

    CHECK_INT(run(&reader_text, fixture("broken/binary.dat"), s), READ_FAILED);
    CHECK_INT(s->narticles, 0);
    CHECK_INT(s->nwarnings, 1);
    CHECK_WARN_PREFIX(s, 0, 0, 1, "binary file, not text");
}

/* Title, place and body of a text; NULL want_place means none. */
static void check_text(sink_t *s, const char *text, const char *want_title,
                       const char *want_place, const char *want_body)
{
    const char *path = write_temp_str(text);

    CHECK_INT(run(&reader_text, path, s), READ_OK);
    CHECK_INT(s->narticles, 1);
    if (s->narticles != 1)
        return;
    if (want_title)
        CHECK_STR(s->art[0].a.title, want_title);
    CHECK_STR(s->art[0].a.place, want_place);
    if (want_body)
        CHECK_STR(s->art[0].a.body, want_body);
}

static void test_text_parsing(sink_t *s)
{
    char long_text[1200];

    check_text(s, "WASHINGTON (Reuters) - The Senate passed the bill on Monday. "
               "It now goes to the House.\n",
               "The Senate passed the bill on Monday.", "WASHINGTON",
               "WASHINGTON (Reuters) - The Senate passed the bill on Monday. "
               "It now goes to the House.");
    check_text(s, "LONDON -- Mr. Smith met Dr. Jones at the U.S. embassy on "
               "Friday. They spoke for an hour.",
               "Mr. Smith met Dr. Jones at the U.S. embassy on Friday.",
               "LONDON", NULL);
    check_text(s, "RIO DE JANEIRO \xE2\x80\x94 Gen Silva resigned. Nobody was surprised.",
               "Gen Silva resigned.", "RIO DE JANEIRO", NULL);
    check_text(s, "Choose hope over fear - Kennedy\n\nThe Liberal Democrat leader spoke.",
               "Choose hope over fear - Kennedy", NULL,
               "The Liberal Democrat leader spoke.");
    check_text(s, "\n  DATE 2024-09-03\nBudget talks stall\r\n\r\nMinisters failed to agree.\r\n",
               "Budget talks stall", NULL, "Ministers failed to agree.");
    CHECK_STR(s->narticles ? s->art[0].a.date : NULL, "2024-09-03");
    check_text(s, "In a town by the sea, where the fishermen\nmend their nets, "
               "life goes on. Tourists come in summer.",
               "In a town by the sea, where the fishermen mend their nets, life goes on.",
               NULL, NULL);
    check_text(s, "The dollar has hit its highest level against the euro in almost\n"
               "three months. Traders were surprised!\n",
               "The dollar has hit its highest level against the euro in almost three months.",
               NULL, NULL);
    check_text(s, "Markets fall.\n\nShares slid on Monday.",
               "Markets fall.", NULL, "Markets fall.\n\nShares slid on Monday.");
    check_text(s, "PARIS - A paragraph with no final stop\non two lines\n\nAnother one.",
               "A paragraph with no final stop on two lines", "PARIS",
               "PARIS - A paragraph with no final stop\non two lines\n\nAnother one.");
    check_text(s, "Wood - Ireland can win Grand Slam\n\nFormer captain Keith Wood spoke.",
               "Wood - Ireland can win Grand Slam", NULL, "Former captain Keith Wood spoke.");
    check_text(s, "Poll Idols\n\nVote For Me - a contest for politicians - starts. It runs.",
               "Poll Idols", NULL, NULL);
    check_text(s, "BERLIN \xE2\x80\x93 Talks went on\nlate into the night. Nobody left.",
               "Talks went on late into the night.", "BERLIN", NULL);
    check_text(s, "Where next for the Lib Dems?\nThe party meets today.",
               "Where next for the Lib Dems?", NULL, "The party meets today.");

    memset(long_text, 0, sizeof long_text);
    for (int i = 0; i < 80; i++)
        strcat(long_text, "word ");
    strcat(long_text, "end. Next sentence.");
    check_text(s, long_text, NULL, NULL, NULL);
    if (s->narticles == 1) {
        size_t n = strlen(s->art[0].a.title);
        CHECK(n <= 303 && n > 250);
        CHECK(strcmp(s->art[0].a.title + n - 8, "word \xE2\x80\xA6") != 0);
        CHECK(strcmp(s->art[0].a.title + n - 7, "word\xE2\x80\xA6") == 0);
    }
}

static void test_text_odd_files(sink_t *s)
{
    const char *gz = "Headline in a gzip file\n\nBody text.\n";
    const char *path;

    path = write_temp_str(" \n\t\r\n ");
    CHECK_INT(run(&reader_text, path, s), READ_FAILED);
    CHECK_INT(s->narticles, 0);
    CHECK_WARN_PREFIX(s, 0, 0, 1, "empty file");

    path = write_temp_gz(gz, strlen(gz));
    CHECK_INT(run(&reader_text, path, s), READ_OK);
    CHECK_INT(s->narticles, 1);
    CHECK_STR(s->narticles ? s->art[0].a.title : NULL, "Headline in a gzip file");
    CHECK_STR(s->narticles ? s->art[0].a.body : NULL, "Body text.");

    path = write_temp_str("date 2024-02-30 Rain fell. It was wet.");
    CHECK_INT(run(&reader_text, path, s), READ_OK);
    CHECK_INT(s->nwarnings, 1);
    CHECK_WARN_PREFIX(s, 0, 0, 0, "unrecognised date \"2024-02-30\", indexed without one");
    CHECK_STR(s->narticles ? s->art[0].a.title : NULL, "Rain fell.");
    CHECK(s->narticles && s->art[0].a.date == NULL);

    /* A date token longer than 40 bytes is consumed whole: the title once
     * started inside it, in the middle of a UTF-8 character (found by
     * fuzz/reader_text). */
    path = write_temp_str("date 2\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7"
                          "\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7"
                          "\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7 Rain fell. It was wet.");
    CHECK_INT(run(&reader_text, path, s), READ_OK);
    CHECK_INT(s->nwarnings, 1);
    CHECK_WARN_PREFIX(s, 0, 0, 0, "unrecognised date \"2\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7"
               "\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7"
               "\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7\xC3\xB7\", indexed without one");
    CHECK_STR(s->narticles ? s->art[0].a.title : NULL, "Rain fell.");

    path = write_temp_str("\xEF\xBB\xBFTitle with a byte-order mark\n\nBody.");
    CHECK_INT(run(&reader_text, path, s), READ_OK);
    CHECK_INT(s->nwarnings, 0);
    CHECK_STR(s->narticles ? s->art[0].a.title : NULL, "Title with a byte-order mark");

    path = write_temp_str("Title\n\nBody.");
    s->stop_after = 1;
    CHECK_INT(run(&reader_text, path, s), READ_STOPPED);
    s->stop_after = 0;
}

/* Turn runs of spaces into one, as titles have them. */
static void collapse_spaces(char *s)
{
    char *out = s, *start = s;

    for (; s && *s; s++)
        if (*s != ' ' || out == start || out[-1] != ' ')
            *out++ = *s;
    if (out)
        *out = '\0';
}

/* Every BBC article's title is its first line, and none has a dateline. */
static void test_text_bbc(sink_t *s)
{
    static const char *const topics[] = {"business", "entertainment",
                                         "politics", "sport", "tech", NULL};
    int files = 0, bad = 0;
    char path[1400];

    for (int t = 0; topics[t]; t++) {
        for (int i = 1; i < 1000; i++) {
            size_t len;
            char *text, *nl;
            snprintf(path, sizeof path, "%s/../shared/corpora/bbc-news/bbc/%s/%03d.txt",
                     root, topics[t], i);
            if (access(path, R_OK) != 0)
                break;
            text = read_all(path, &len);
            nl = text ? strchr(text, '\n') : NULL;
            if (nl)
                *nl = '\0';
            collapse_spaces(text);
            files++;
            if (run(&reader_text, path, s) != READ_OK || s->narticles != 1 ||
                !text || strcmp(s->art[0].a.title, text) != 0 ||
                s->art[0].a.place != NULL) {
                if (bad++ < 5)
                    fprintf(stderr, "%s: title \"%s\" place \"%s\"\n", path,
                            s->narticles ? s->art[0].a.title : "(none)",
                            s->narticles && s->art[0].a.place ? s->art[0].a.place : "");
            }
            free(text);
        }
    }
    if (files == 0) {
        printf("skipped: no BBC corpus in ../shared\n");
        return;
    }
    CHECK_INT(files, 2225);
    CHECK_INT(bad, 0);
}

/* ---- reader_jsonl -------------------------------------------------- */

static void test_jsonl_fixtures(sink_t *s)
{
    const char *path = fixture("gonzalez-plain.jsonl");

    CHECK_INT(run(&reader_jsonl, path, s), READ_OK);
    CHECK_INT(s->narticles, 2);
    CHECK_INT(s->nwarnings, 0);
    if (s->narticles == 2) {
        CHECK_STR(s->art[0].a.id, "wire-2024-0711");
        CHECK_STR(s->art[0].a.title, "Gonzalez supporters gather in Valencia");
        CHECK_STR(s->art[0].a.date, "2024-07-11");
        CHECK_STR(s->art[0].a.source, "Morgue Test Wire");
        CHECK_STR(s->art[0].a.author, "Ana Ruiz");
        CHECK(strstr(s->art[0].a.body, "Nicolas Perez") != NULL);
        CHECK(s->art[0].a.url == NULL && s->art[0].a.language == NULL);
        CHECK(s->art[0].a.place == NULL);
        CHECK_STR(s->art[0].a.path, path);
        CHECK_INT(s->art[0].a.line, 1);
        CHECK_STR(s->art[1].a.id, "wire-2024-0712");
        CHECK_INT(s->art[1].a.line, 2);
    }

    CHECK_INT(run(&reader_jsonl, fixture("wire.jsonl.gz"), s), READ_OK);
    CHECK_INT(s->narticles, 3);
    CHECK_INT(s->nwarnings, 0);
    if (s->narticles == 3) {
        CHECK_STR(s->art[0].a.id, "wire-0001");
        CHECK_STR(s->art[0].a.url, "https://example.org/news/port-strike-ends");
        CHECK_STR(s->art[0].a.title, "Port strike ends after nine days");
        CHECK_STR(s->art[0].a.date, "2024-09-03");
        CHECK_STR(s->art[0].a.source, "Example Wire");
        CHECK_STR(s->art[0].a.author, "Sam Okafor");
        CHECK_PREFIX(s->art[0].a.body, "Dock workers");
        CHECK_STR(s->art[1].a.id, "20240904");
        CHECK_STR(s->art[1].a.author, "Priya Natarajan; Tom Evans");
        CHECK_STR(s->art[1].a.date, "2024-09-04");
        CHECK_STR(s->art[2].a.language, "es");
        CHECK_STR(s->art[2].a.author, "Luc\xC3\xAD" "a Fern\xC3\xA1ndez");
        CHECK(strstr(s->art[2].a.body, "elecciones") && strstr(s->art[2].a.body, "sanciones"));
        CHECK_INT(s->art[2].a.line, 3);
    }

    CHECK_INT(run(&reader_jsonl, fixture("broken/mixed.jsonl"), s), READ_PARTIAL);
    CHECK_INT(s->narticles, 4);
    CHECK_INT(s->nwarnings, 2);
    CHECK_WARN_PREFIX(s, 0, 2, 1, "invalid JSON: ");
    CHECK(s->nwarnings > 0 && strstr(s->warn[0].text, "(column ") != NULL);
    CHECK_WARN_PREFIX(s, 1, 4, 1, "not a JSON object but an array");
    if (s->narticles == 4) {
        CHECK_INT(s->art[0].a.line, 1);
        CHECK_INT(s->art[1].a.line, 3);
        CHECK_INT(s->art[2].a.line, 5);
        CHECK_INT(s->art[3].a.line, 6);
        CHECK_STR(s->art[0].a.id, "mix-1");
        CHECK_STR(s->art[3].a.id, "mix-1");
        CHECK_STR(s->art[3].a.title, "Harbour ferry timetable changes again");
        CHECK_STR(s->art[2].a.title, "Bakers protest flour prices");
        CHECK_STR(s->art[2].a.date, "2024-03-04");
        CHECK(s->art[1].a.source == NULL && s->art[1].a.author == NULL);
    }

    CHECK_INT(run(&reader_jsonl, fixture("broken/truncated.jsonl.gz"), s), READ_PARTIAL);
    CHECK_INT(s->narticles, 2);
    CHECK_INT(s->nwarnings, 1);
    CHECK_WARN_PREFIX(s, 0, 0, 1, "truncated gzip stream after line 2");
    if (s->narticles == 2) {
        CHECK_STR(s->art[0].a.id, "tr-1");
        CHECK_STR(s->art[1].a.title, "Ski resorts welcome early snow");
    }
}

static void test_jsonl_fields(sink_t *s)
{
    const char *path = write_temp_str(
        "\n"
        "{\"title\": {\"x\": 1}, \"headline\": \"Second choice\", \"text\": \"B\\u0007ody\\u0000.\", \"id\": 7.5}\r\n"
        "   \n"
        "{\"title\": \"Only a title\", \"date\": \"last Tuesday\", \"authors\": [\"A\", 3, \"B\"]}\n"
        "{\"id\": \"x\", \"url\": \"https://example.org/\"}\n"
        "{\"title\": \"Caf\xE9 latin-1\", \"body\": \"  Body  \", \"lang\": \"fr\", \"published_at\": null}\n"
        "{\"title\": \"\", \"body\": [\"array\"], \"content\": \"Fallback body\", \"source\": 5}");

    CHECK_INT(run(&reader_jsonl, path, s), READ_PARTIAL);
    CHECK_INT(s->narticles, 4);
    if (s->narticles == 4) {
        CHECK_STR(s->art[0].a.title, "Second choice");
        CHECK_STR(s->art[0].a.body, "Body.");
        CHECK_STR(s->art[0].a.id, "7.5");
        CHECK_INT(s->art[0].a.line, 2);
        CHECK_STR(s->art[1].a.title, "Only a title");
        CHECK_STR(s->art[1].a.body, "Only a title");
        CHECK(s->art[1].a.date == NULL);
        CHECK_STR(s->art[1].a.author, "A; B");
        CHECK_INT(s->art[1].a.line, 4);
        CHECK_STR(s->art[2].a.title, "Caf\xC3\xA9 latin-1");
        CHECK_STR(s->art[2].a.body, "Body");
        CHECK_STR(s->art[2].a.language, "fr");
        CHECK_INT(s->art[2].a.line, 6);
        CHECK(s->art[3].a.title == NULL && s->art[3].a.source == NULL);
        CHECK_STR(s->art[3].a.body, "Fallback body");
        CHECK_INT(s->art[3].a.line, 7);
    }
    CHECK_INT(s->nwarnings, 7);
    CHECK_WARN_PREFIX(s, 0, 2, 0, "\"title\" is an object, not a string; ignored");
    CHECK_WARN_PREFIX(s, 1, 4, 0, "unrecognised date \"last Tuesday\", indexed without one");
    CHECK_WARN_PREFIX(s, 2, 4, 0, "\"authors\" holds a number, not a string; ignored");
    CHECK_WARN_PREFIX(s, 3, 5, 1, "no title or body");
    CHECK_WARN_PREFIX(s, 4, 6, 0, "invalid UTF-8 decoded as Windows-1252");
    CHECK_WARN_PREFIX(s, 5, 7, 0, "\"source\" is a number, not a string; ignored");
    CHECK_WARN_PREFIX(s, 6, 7, 0, "\"body\" is an array, not a string; ignored");

    path = write_temp_str("{\"title\": \"a\"}\n{\"title\": \"b\"}\n");
    s->stop_after = 1;
    CHECK_INT(run(&reader_jsonl, path, s), READ_STOPPED);
    CHECK_INT(s->narticles, 1);
    s->stop_after = 0;

    path = write_temp_str("");
    CHECK_INT(run(&reader_jsonl, path, s), READ_OK);
    CHECK_INT(s->narticles, 0);
    CHECK_INT(s->nwarnings, 0);
}

static void test_jsonl_gzip_errors(sink_t *s)
{
    size_t len;
    char *gz;
    const char *path, *good = "{\"title\": \"t\", \"body\": \"b\"}\n";

    path = write_temp_gz(good, strlen(good));
    gz = read_all(path, &len);
    path = temp_write("", gz, 4);
    CHECK_INT(run(&reader_jsonl, path, s), READ_FAILED);
    CHECK_INT(s->narticles, 0);
    CHECK_WARN_PREFIX(s, 0, 0, 1, "truncated gzip stream after line 0");

    gz[len - 3] ^= 0x10; /* the length in the trailer */
    path = temp_write("", gz, len);
    /* zlib withholds the last block it inflated when the trailer is bad */
    CHECK_INT(run(&reader_jsonl, path, s), READ_FAILED);
    CHECK_INT(s->narticles, 0);
    CHECK_WARN_PREFIX(s, 0, 0, 1, "corrupt gzip data: incorrect length check after line 0");
    free(gz);
}

int main(void)
{
    sink_t *s = calloc(1, sizeof *s);
    const char *env = getenv("MORGUE_ROOT");

    if (env)
        snprintf(root, sizeof root, "%s", env);
    test_input_plain_lines();
    test_input_long_line();
    test_input_read_and_slurp();
    test_input_gzip();
    test_input_truncated();
    test_input_corrupt();
    test_text_seed(s);
    test_text_fixtures(s);
    test_text_parsing(s);
    test_text_odd_files(s);
    test_text_bbc(s);
    test_jsonl_fixtures(s);
    test_jsonl_fields(s);
    test_jsonl_gzip_errors(s);
    sink_free(s);
    free(s);
    temp_remove_all();
    return check_report();
}
