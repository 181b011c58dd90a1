/* test_api.c - the public API of include/morgue.h on real indexes in a
 * temporary directory (mkdtemp): statuses, opening, locking, putting
 * articles and what each put did, file bookkeeping (state, stale articles,
 * prune), whole stored articles, searching (totals, ranks, sorting, date
 * bounds, snippets and highlights, syntax errors, several indexes as one,
 * accent and case folding, stemming per article language), and damaged
 * indexes (another schema version, a stored record that does not decode).
 * The damaged indexes are made with the binding (lib/xbind.h), as only a
 * test may. Run by tests/run.sh. */
#include <ftw.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "hash.h"
#include "morgue.h"
#include "xbind.h"

static char root[512];

/* ---- helpers -------------------------------------------------------- */

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    return remove(path);
}

static void rm_tree(const char *path)
{
    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* root/name in a static buffer (one of four, so a few can be alive). */
static const char *tmp_path(const char *name)
{
    static char bufs[4][600];
    static int next;
    char *b = bufs[next++ % 4];
    snprintf(b, sizeof bufs[0], "%s/%s", root, name);
    return b;
}

/* Create an (empty) file so that prune keeps the articles of its path. */
static void touch(const char *path)
{
    FILE *f = fopen(path, "w");
    if (f != NULL)
        fclose(f);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static morgue_db_t *open_write(const char *path)
{
    morgue_db_t *db = NULL;
    char *err = NULL;
    morgue_status_t st = morgue_db_open(path, MORGUE_WRITE, 0, NULL, &db, &err);
    if (st != MORGUE_OK)
        fprintf(stderr, "open_write %s: %s\n", path, err ? err : "?");
    CHECK_INT(st, MORGUE_OK);
    free(err);
    return db;
}

static morgue_db_t *open_read(const char *path)
{
    morgue_db_t *db = NULL;
    char *err = NULL;
    morgue_status_t st = morgue_db_open(path, MORGUE_READ, 0, NULL, &db, &err);
    if (st != MORGUE_OK)
        fprintf(stderr, "open_read %s: %s\n", path, err ? err : "?");
    CHECK_INT(st, MORGUE_OK);
    free(err);
    return db;
}

/* Put a; returns the outcome, or -status on failure. */
static int put(morgue_db_t *db, const morgue_article_t *a)
{
    morgue_outcome_t outcome;
    morgue_status_t st = morgue_db_put(db, a, &outcome);
    return st == MORGUE_OK ? (int)outcome : -(int)st;
}

/* Put the n articles of one whole file, clean; returns articles removed. */
static uint64_t put_file(morgue_db_t *db, const char *path, const morgue_article_t *a,
                         size_t n)
{
    uint64_t removed = 99;
    CHECK_INT(morgue_db_file_begin(db, path), MORGUE_OK);
    for (size_t i = 0; i < n; i++) {
        int o = put(db, &a[i]);
        if (o < 0)
            fprintf(stderr, "put %s #%zu: %s\n", path, i, morgue_db_error(db));
        CHECK(o >= 0);
    }
    CHECK_INT(morgue_db_file_end(db, 1, 1, 1, &removed), MORGUE_OK);
    return removed;
}

/* Total matches of query, or -1 on failure. */
static long long total_of(morgue_db_t *db, const char *query)
{
    morgue_search_options_t o;
    morgue_results_t *r = NULL;
    morgue_search_options_init(&o);
    o.limit = 0;
    if (morgue_search(db, query, &o, &r) != MORGUE_OK) {
        fprintf(stderr, "search '%s': %s\n", query, morgue_db_error(db));
        return -1;
    }
    long long t = (long long)morgue_results_total(r);
    morgue_results_free(r);
    return t;
}

/* Search with the given options; NULL on failure (reported). */
static morgue_results_t *search(morgue_db_t *db, const char *query,
                                const morgue_search_options_t *o)
{
    morgue_results_t *r = NULL;
    morgue_status_t st = morgue_search(db, query, o, &r);
    if (st != MORGUE_OK)
        fprintf(stderr, "search '%s': %s\n", query, morgue_db_error(db));
    CHECK_INT(st, MORGUE_OK);
    return r;
}

/* The stable id of the only hit of query, into id[17]; 0 on success. */
static int id_of(morgue_db_t *db, const char *query, char id[17])
{
    morgue_search_options_t o;
    morgue_search_options_init(&o);
    morgue_results_t *r = search(db, query, &o);
    morgue_hit_t h;
    int rc = -1;
    if (r != NULL && morgue_results_total(r) == 1 &&
        morgue_results_hit(r, 0, &h) == MORGUE_OK && strlen(h.id) == 16) {
        memcpy(id, h.id, 17);
        rc = 0;
    }
    morgue_results_free(r);
    if (rc != 0)
        fprintf(stderr, "id_of '%s': not exactly one hit\n", query);
    CHECK_INT(rc, 0);
    return rc;
}

static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3
                : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0)
            return 0;
        for (int i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80)
                return 0;
        p += n;
    }
    return 1;
}

/* Is byte c part of a word (a letter or digit, or any UTF-8 byte)? */
static int word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c >= 0x80;
}

/* Check the highlights of hit h: each span lies inside the snippet, in
 * order, covers a whole word (no word byte just before or after) and that
 * word is one of allowed (NULL-terminated, compared exactly); and every
 * occurrence of the allowed words in the snippet is highlighted. Returns
 * the number of spans. */
static size_t check_spans(const morgue_hit_t *h, const char *const *allowed)
{
    const char *s = h->snippet;
    size_t len = s ? strlen(s) : 0, prev_end = 0;
    int bad = 0;
    for (size_t i = 0; i < h->nhighlights; i++) {
        size_t a = h->highlights[i].start, n = h->highlights[i].length;
        if (n == 0 || a + n > len || a < prev_end) {
            fprintf(stderr, "span %zu [%zu,+%zu) outside or out of order in \"%s\"\n",
                    i, a, n, s ? s : "(null)");
            bad++;
            continue;
        }
        prev_end = a + n;
        if ((a > 0 && word_byte((unsigned char)s[a - 1]) && (unsigned char)s[a - 1] < 0x80) ||
            (a + n < len && word_byte((unsigned char)s[a + n]) && (unsigned char)s[a + n] < 0x80)) {
            fprintf(stderr, "span %zu [%zu,+%zu) is not a whole word in \"%s\"\n", i, a, n, s);
            bad++;
        }
        int ok = 0;
        for (const char *const *w = allowed; *w && !ok; w++)
            ok = strlen(*w) == n && memcmp(s + a, *w, n) == 0;
        if (!ok) {
            fprintf(stderr, "span %zu covers \"%.*s\", not a matched word, in \"%s\"\n",
                    i, (int)n, s + a, s);
            bad++;
        }
    }
    /* Every whole-word occurrence of an allowed word is highlighted. */
    size_t occurrences = 0;
    for (const char *const *w = allowed; *w; w++) {
        size_t wn = strlen(*w);
        for (const char *p = s; p && (p = strstr(p, *w)) != NULL; p += wn) {
            size_t a = (size_t)(p - s);
            if ((a > 0 && word_byte((unsigned char)s[a - 1])) ||
                (a + wn < len && word_byte((unsigned char)s[a + wn])))
                continue;
            occurrences++;
        }
    }
    if (occurrences != h->nhighlights) {
        fprintf(stderr, "%zu spans for %zu matched words in \"%s\"\n", h->nhighlights,
                occurrences, s ? s : "(null)");
        bad++;
    }
    CHECK_INT(bad, 0);
    return h->nhighlights;
}

/* ---- statuses ------------------------------------------------------- */

static void test_status_strings(void)
{
    int bad = 0;
    for (int a = MORGUE_OK; a <= MORGUE_TIMEOUT; a++) {
        const char *sa = morgue_status_string((morgue_status_t)a);
        if (sa == NULL || *sa == '\0' || strcmp(sa, "unknown status") == 0) {
            fprintf(stderr, "status %d has no string\n", a);
            bad++;
            continue;
        }
        for (int b = MORGUE_OK; b < a; b++)
            if (strcmp(sa, morgue_status_string((morgue_status_t)b)) == 0) {
                fprintf(stderr, "statuses %d and %d share \"%s\"\n", a, b, sa);
                bad++;
            }
    }
    CHECK_INT(bad, 0);
    CHECK_STR(morgue_status_string(MORGUE_INDEX_LOCKED), "index locked");
    CHECK_STR(morgue_status_string((morgue_status_t)(MORGUE_TIMEOUT + 1)), "unknown status");
    CHECK_STR(morgue_status_string((morgue_status_t)1000), "unknown status");
    CHECK_STR(morgue_status_string((morgue_status_t)-1), "unknown status");
}

/* ---- opening -------------------------------------------------------- */

static void test_open(void)
{
    morgue_db_t *db = (morgue_db_t *)1;
    char *err = NULL;
    const char *missing = tmp_path("no-such-index");

    /* Reading a missing index. */
    CHECK_INT(morgue_db_open(missing, MORGUE_READ, 0, NULL, &db, &err), MORGUE_NO_INDEX);
    CHECK(db == NULL);
    CHECK(err != NULL && strstr(err, missing) != NULL);
    free(err);
    err = NULL;
    db = (morgue_db_t *)1;
    CHECK_INT(morgue_db_open(missing, MORGUE_READ, 0, NULL, &db, NULL), MORGUE_NO_INDEX);
    CHECK(db == NULL);
    /* A plain file is no index either. */
    const char *file = tmp_path("a-file");
    touch(file);
    CHECK_INT(morgue_db_open(file, MORGUE_READ, 0, NULL, &db, &err), MORGUE_NO_INDEX);
    CHECK(err != NULL && strstr(err, file) != NULL);
    free(err);
    err = NULL;
    /* Neither is an empty directory. */
    const char *emptydir = tmp_path("empty-dir");
    mkdir(emptydir, 0755);
    morgue_status_t st = morgue_db_open(emptydir, MORGUE_READ, 0, NULL, &db, &err);
    CHECK(st != MORGUE_OK);
    CHECK(db == NULL);
    CHECK(err != NULL && strstr(err, emptydir) != NULL);
    free(err);
    err = NULL;
    CHECK(access(missing, F_OK) != 0);   /* reading created nothing */

    /* Bad arguments. */
    CHECK_INT(morgue_db_open(NULL, MORGUE_READ, 0, NULL, &db, &err), MORGUE_INVALID_ARGUMENT);
    free(err);
    err = NULL;
    CHECK_INT(morgue_db_open(missing, MORGUE_READ, 0, NULL, NULL, NULL), MORGUE_INVALID_ARGUMENT);
    const char *one[] = { missing };
    CHECK_INT(morgue_db_open_many(one, 0, NULL, &db, NULL), MORGUE_INVALID_ARGUMENT);

    /* Writing creates it; then it reads, empty. */
    const char *fresh = tmp_path("fresh.db");
    db = open_write(fresh);
    CHECK(db != NULL);
    struct stat sb;
    CHECK(stat(fresh, &sb) == 0 && S_ISDIR(sb.st_mode));
    uint64_t count = 99;
    CHECK_INT(morgue_db_count(db, &count), MORGUE_OK);
    CHECK_INT(count, 0);
    CHECK_INT(morgue_db_close(db), MORGUE_OK);
    db = open_read(fresh);
    count = 99;
    CHECK_INT(morgue_db_count(db, &count), MORGUE_OK);
    CHECK_INT(count, 0);
    CHECK(total_of(db, "anything") == 0);
    /* A read-only handle refuses writes. */
    CHECK_INT(morgue_db_file_begin(db, "/x"), MORGUE_INVALID_ARGUMENT);
    morgue_article_t a = { .title = "t", .body = "b" };
    morgue_outcome_t out;
    CHECK_INT(morgue_db_put(db, &a, &out), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_db_prune(db, NULL, NULL), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_db_commit(db), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_db_close(db), MORGUE_OK);

    /* Writing into a directory of other files is refused, and touches
     * none of them; an empty existing one is taken. */
    const char *others = tmp_path("others-dir");
    mkdir(others, 0755);
    char note[600];
    snprintf(note, sizeof note, "%s/notes.txt", others);
    touch(note);
    db = (morgue_db_t *)1;
    CHECK_INT(morgue_db_open(others, MORGUE_WRITE, 0, NULL, &db, &err), MORGUE_NO_INDEX);
    CHECK(db == NULL);
    CHECK(err != NULL && strstr(err, others) != NULL && strstr(err, "notes.txt") != NULL &&
          strstr(err, "not an index, and not empty") != NULL);
    free(err);
    err = NULL;
    snprintf(note, sizeof note, "%s/flintlock", others);
    CHECK(access(note, F_OK) != 0);
    db = open_write(emptydir);
    CHECK(db != NULL);
    CHECK_INT(morgue_db_close(db), MORGUE_OK);

    /* An unknown language. */
    db = (morgue_db_t *)1;
    CHECK_INT(morgue_db_open(fresh, MORGUE_WRITE, 0, "klingon", &db, &err), MORGUE_BAD_INPUT);
    CHECK(db == NULL);
    CHECK(err != NULL && strstr(err, "klingon") != NULL);
    free(err);
    err = NULL;

    /* NULL handles. */
    CHECK_INT(morgue_db_close(NULL), MORGUE_OK);
    CHECK(morgue_db_error(NULL) != NULL);
    CHECK_INT(morgue_db_count(NULL, &count), MORGUE_INVALID_ARGUMENT);
    morgue_results_free(NULL);
    morgue_doc_free(NULL);
}

static void test_lock(void)
{
    const char *path = tmp_path("locked.db");
    morgue_db_t *first = open_write(path), *second = (morgue_db_t *)1;
    char *err = NULL;
    CHECK(first != NULL);

    CHECK_INT(morgue_db_open(path, MORGUE_WRITE, 0, NULL, &second, &err), MORGUE_INDEX_LOCKED);
    CHECK(second == NULL);
    CHECK(err != NULL && strstr(err, path) != NULL);
    free(err);
    err = NULL;

    /* With a wait, it retries until the wait is over (no upper bound is
     * asserted: only that it did wait). */
    double t0 = now();
    CHECK_INT(morgue_db_open(path, MORGUE_WRITE, 0.3, NULL, &second, &err), MORGUE_INDEX_LOCKED);
    double waited = now() - t0;
    if (waited < 0.29)
        fprintf(stderr, "waited only %.3f s of 0.3\n", waited);
    CHECK(waited >= 0.29);
    CHECK(waited < 60);
    CHECK(second == NULL);
    CHECK(err != NULL && strstr(err, path) != NULL);
    free(err);
    err = NULL;

    /* Readers are not locked out. */
    morgue_db_t *reader = open_read(path);
    CHECK(reader != NULL);
    morgue_db_close(reader);

    /* Once the first is closed the lock is free. */
    CHECK_INT(morgue_db_close(first), MORGUE_OK);
    CHECK_INT(morgue_db_open(path, MORGUE_WRITE, 0, NULL, &second, &err), MORGUE_OK);
    CHECK(second != NULL);
    free(err);
    CHECK_INT(morgue_db_close(second), MORGUE_OK);
}

/* ---- putting articles ------------------------------------------------ */

static void test_put_arguments(void)
{
    const char *path = tmp_path("put.db"), *src = tmp_path("put-src.jsonl");
    touch(src);
    morgue_db_t *db = open_write(path);
    morgue_article_t a = { .id = "p-1", .title = "Put outside a file", .body = "body words",
                           .date = "2024-09-03" };
    morgue_outcome_t out;

    /* Before any file_begin, and after file_end. */
    CHECK_INT(morgue_db_put(db, &a, &out), MORGUE_INVALID_ARGUMENT);
    CHECK(strlen(morgue_db_error(db)) > 0);
    CHECK_INT(morgue_db_file_begin(db, src), MORGUE_OK);
    CHECK_INT(put(db, &a), MORGUE_ADDED);
    CHECK_INT(morgue_db_file_end(db, 0, 0, 1, NULL), MORGUE_OK);
    a.id = "p-2";
    CHECK_INT(morgue_db_put(db, &a, &out), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_db_file_end(db, 0, 0, 1, NULL), MORGUE_INVALID_ARGUMENT);

    CHECK_INT(morgue_db_file_begin(db, src), MORGUE_OK);
    /* Dates not in YYYY-MM-DD form. */
    const char *bad_dates[] = { "2024-13-01", "2024-02-30", "2024-9-3", "20240903",
                                "yesterday", "3 September 2024", "2024-09-03T10:00:00Z",
                                "", "2024-09-0x" };
    for (size_t i = 0; i < sizeof bad_dates / sizeof *bad_dates; i++) {
        morgue_article_t b = a;
        b.id = "p-bad-date";
        b.date = bad_dates[i];
        morgue_status_t st = morgue_db_put(db, &b, &out);
        if (st != MORGUE_BAD_INPUT)
            fprintf(stderr, "date \"%s\": status %d\n", bad_dates[i], (int)st);
        CHECK_INT(st, MORGUE_BAD_INPUT);
    }
    CHECK(strstr(morgue_db_error(db), "2024-09-0x") != NULL);
    /* No title and no body. */
    morgue_article_t empty = { .id = "p-empty" };
    CHECK_INT(morgue_db_put(db, &empty, &out), MORGUE_INVALID_ARGUMENT);
    empty.title = "";
    empty.body = "";
    CHECK_INT(morgue_db_put(db, &empty, &out), MORGUE_INVALID_ARGUMENT);
    /* NULL arguments. */
    CHECK_INT(morgue_db_put(db, NULL, &out), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_db_put(db, &a, NULL), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_db_put(NULL, &a, &out), MORGUE_INVALID_ARGUMENT);
    /* A title alone or a body alone is an article. */
    morgue_article_t t = { .id = "p-title", .title = "Only a headline" };
    morgue_article_t b = { .id = "p-body", .body = "Only a body" };
    CHECK_INT(put(db, &t), MORGUE_ADDED);
    CHECK_INT(put(db, &b), MORGUE_ADDED);
    CHECK_INT(put(db, &a), MORGUE_ADDED);   /* p-1 again: new in this file run */
    CHECK_INT(morgue_db_file_end(db, 0, 0, 1, NULL), MORGUE_OK);
    CHECK_INT(morgue_db_close(db), MORGUE_OK);

    db = open_read(path);
    uint64_t count = 0;
    CHECK_INT(morgue_db_count(db, &count), MORGUE_OK);
    CHECK_INT(count, 3);   /* p-1, p-title, p-body: nothing rejected got in */
    morgue_db_close(db);
}

static void test_outcomes(void)
{
    const char *path = tmp_path("outcomes.db"), *src = tmp_path("outcomes.jsonl");
    touch(src);
    morgue_db_t *db = open_write(path);
    morgue_article_t a = { .id = "o-1", .title = "Ferry strike called off",
                           .body = "The ferry unions called off the strike on Friday.",
                           .date = "2024-03-01", .source = "Test Gazette" };

    /* ADDED, then UNCHANGED on the next run of the same file. */
    CHECK_INT(morgue_db_file_begin(db, src), MORGUE_OK);
    CHECK_INT(put(db, &a), MORGUE_ADDED);
    CHECK_INT(morgue_db_file_end(db, 10, 10, 1, NULL), MORGUE_OK);
    CHECK_INT(morgue_db_file_begin(db, src), MORGUE_OK);
    CHECK_INT(put(db, &a), MORGUE_UNCHANGED);
    CHECK_INT(morgue_db_file_end(db, 10, 10, 1, NULL), MORGUE_OK);

    /* UPDATED when the body changes, and when only the title does. */
    morgue_article_t b = a;
    b.body = "The ferry unions postponed the strike until October.";
    CHECK_INT(morgue_db_file_begin(db, src), MORGUE_OK);
    CHECK_INT(put(db, &b), MORGUE_UPDATED);
    CHECK_INT(morgue_db_file_end(db, 11, 11, 1, NULL), MORGUE_OK);
    morgue_article_t c = b;
    c.title = "Ferry strike postponed";
    CHECK_INT(morgue_db_file_begin(db, src), MORGUE_OK);
    CHECK_INT(put(db, &c), MORGUE_UPDATED);
    CHECK_INT(put(db, &c), MORGUE_DUPLICATE);
    CHECK_INT(morgue_db_file_end(db, 12, 12, 1, NULL), MORGUE_OK);

    /* DUPLICATE: a repeated identity within one file; the first is kept. */
    morgue_article_t d1 = { .id = "dup-1", .title = "First telling",
                            .body = "The zebra crossing outside the school was repainted." };
    morgue_article_t d2 = { .id = "dup-1", .title = "Second telling",
                            .body = "The okapi enclosure at the zoo was reopened." };
    CHECK_INT(morgue_db_file_begin(db, src), MORGUE_OK);
    CHECK_INT(put(db, &c), MORGUE_UNCHANGED);
    CHECK_INT(put(db, &d1), MORGUE_ADDED);
    CHECK_INT(put(db, &d2), MORGUE_DUPLICATE);
    CHECK_INT(put(db, &d1), MORGUE_DUPLICATE);

    /* Identity by url when there is no id, else by path and line. */
    morgue_article_t u1 = { .url = "https://example.org/a", .body = "url one words" };
    morgue_article_t u2 = { .url = "https://example.org/a", .body = "url two words" };
    morgue_article_t l1 = { .body = "line one words", .line = 1 };
    morgue_article_t l2 = { .body = "line two words", .line = 2 };
    morgue_article_t l2b = { .body = "line two again", .line = 2 };
    CHECK_INT(put(db, &u1), MORGUE_ADDED);
    CHECK_INT(put(db, &u2), MORGUE_DUPLICATE);
    CHECK_INT(put(db, &l1), MORGUE_ADDED);
    CHECK_INT(put(db, &l2), MORGUE_ADDED);
    CHECK_INT(put(db, &l2b), MORGUE_DUPLICATE);
    /* An id takes precedence over the url: same url, other ids. */
    morgue_article_t i1 = { .id = "i-1", .url = "https://example.org/same", .body = "id one" };
    morgue_article_t i2 = { .id = "i-2", .url = "https://example.org/same", .body = "id two" };
    CHECK_INT(put(db, &i1), MORGUE_ADDED);
    CHECK_INT(put(db, &i2), MORGUE_ADDED);
    CHECK_INT(morgue_db_file_end(db, 13, 13, 1, NULL), MORGUE_OK);
    CHECK_INT(morgue_db_close(db), MORGUE_OK);

    db = open_read(path);
    uint64_t count = 0;
    CHECK_INT(morgue_db_count(db, &count), MORGUE_OK);
    CHECK_INT(count, 7);  /* o-1, dup-1, the url one, lines 1 and 2, i-1, i-2 */
    CHECK(total_of(db, "zebra") == 1);
    CHECK(total_of(db, "okapi") == 0);
    CHECK(total_of(db, "title:first") == 1);
    CHECK(total_of(db, "title:second") == 0);
    CHECK(total_of(db, "postponed") == 1);
    CHECK(total_of(db, "called") == 0);
    CHECK(total_of(db, "url one") == 1);
    CHECK(total_of(db, "url two") == 0);
    CHECK(total_of(db, "line two words") == 1);
    CHECK(total_of(db, "again") == 0);
    morgue_db_close(db);
}

/* Two files giving one source id: the second replaces the first, and
 * morgue_db_replaced says where that came from; an index with per-file
 * ids keeps both, and keeps that scope. */
static void test_replaced_and_ids(void)
{
    const char *path = tmp_path("replaced.db");
    const char *one = tmp_path("one.jsonl"), *two = tmp_path("two.jsonl");
    touch(one);
    touch(two);
    morgue_article_t a = { .id = "1", .title = "Row one of one", .body = "walrus", .line = 1 };
    morgue_article_t b = { .id = "1", .title = "Row one of two", .body = "narwhal", .line = 4 };
    const char *from = NULL;
    unsigned long line = 99;
    morgue_db_t *db = open_write(path);
    CHECK_INT(morgue_db_replaced(NULL, &from, &line), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_db_replaced(db, NULL, &line), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_db_file_begin(db, one), MORGUE_OK);
    CHECK_INT(put(db, &a), MORGUE_ADDED);
    CHECK_INT(morgue_db_replaced(db, &from, &line), MORGUE_NOT_FOUND);
    CHECK_INT(morgue_db_file_end(db, 1, 1, 1, NULL), MORGUE_OK);
    CHECK_INT(morgue_db_file_begin(db, two), MORGUE_OK);
    CHECK_INT(put(db, &b), MORGUE_UPDATED);
    CHECK_INT(morgue_db_replaced(db, &from, &line), MORGUE_OK);
    CHECK(from != NULL && strcmp(from, one) == 0);
    CHECK_INT(line, 1);
    CHECK_INT(morgue_db_file_end(db, 1, 1, 1, NULL), MORGUE_OK);
    /* An update from the same file is a re-read, not a collision. */
    b.body = "narwhal tusk";
    CHECK_INT(morgue_db_file_begin(db, two), MORGUE_OK);
    CHECK_INT(put(db, &b), MORGUE_UPDATED);
    CHECK_INT(morgue_db_replaced(db, &from, &line), MORGUE_NOT_FOUND);
    CHECK_INT(morgue_db_file_end(db, 2, 2, 1, NULL), MORGUE_OK);
    /* The scope is the index's: not changed once it holds articles. */
    morgue_ids_t ids = MORGUE_IDS_PER_FILE;
    CHECK_INT(morgue_db_get_ids(db, &ids), MORGUE_OK);
    CHECK_INT(ids, MORGUE_IDS_GLOBAL);
    CHECK_INT(morgue_db_set_ids(db, MORGUE_IDS_GLOBAL), MORGUE_OK);
    CHECK_INT(morgue_db_set_ids(db, MORGUE_IDS_PER_FILE), MORGUE_BAD_INPUT);
    CHECK_INT(morgue_db_set_ids(db, (morgue_ids_t)7), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_db_close(db), MORGUE_OK);
    db = open_read(path);
    uint64_t count = 0;
    CHECK_INT(morgue_db_count(db, &count), MORGUE_OK);
    CHECK_INT(count, 1);
    CHECK_INT(morgue_db_set_ids(db, MORGUE_IDS_PER_FILE), MORGUE_INVALID_ARGUMENT);
    morgue_db_close(db);

    /* Per file: both rows kept, and the scope recorded for later runs. */
    const char *per = tmp_path("per-file.db");
    db = open_write(per);
    CHECK_INT(morgue_db_set_ids(db, MORGUE_IDS_PER_FILE), MORGUE_OK);
    CHECK_INT(morgue_db_file_begin(db, one), MORGUE_OK);
    CHECK_INT(put(db, &a), MORGUE_ADDED);
    CHECK_INT(morgue_db_file_end(db, 1, 1, 1, NULL), MORGUE_OK);
    CHECK_INT(morgue_db_file_begin(db, two), MORGUE_OK);
    CHECK_INT(put(db, &b), MORGUE_ADDED);
    CHECK_INT(morgue_db_file_end(db, 1, 1, 1, NULL), MORGUE_OK);
    CHECK_INT(morgue_db_close(db), MORGUE_OK);
    db = open_write(per);
    ids = MORGUE_IDS_GLOBAL;
    CHECK_INT(morgue_db_get_ids(db, &ids), MORGUE_OK);
    CHECK_INT(ids, MORGUE_IDS_PER_FILE);
    CHECK_INT(morgue_db_set_ids(db, MORGUE_IDS_GLOBAL), MORGUE_BAD_INPUT);
    CHECK(strstr(morgue_db_error(db), per) != NULL);
    CHECK_INT(morgue_db_count(db, &count), MORGUE_OK);
    CHECK_INT(count, 2);
    CHECK_INT(morgue_db_close(db), MORGUE_OK);
}

static void test_stable_ids(void)
{
    /* The same identity gives the same stable id in two indexes, across
     * updates, and whatever else the article holds. */
    const char *src = tmp_path("ids.jsonl");
    touch(src);
    char id1[17] = "", id2[17] = "", id3[17] = "";
    morgue_article_t a = { .id = "stable-1", .title = "Stable one", .body = "aardvark" };
    morgue_article_t b = { .id = "stable-1", .title = "Stable two", .body = "pangolin",
                           .date = "2020-01-01" };

    morgue_db_t *db = open_write(tmp_path("ids1.db"));
    put_file(db, src, &a, 1);
    morgue_db_close(db);
    db = open_read(tmp_path("ids1.db"));
    id_of(db, "aardvark", id1);
    morgue_db_close(db);

    db = open_write(tmp_path("ids2.db"));
    put_file(db, src, &b, 1);
    morgue_db_close(db);
    db = open_read(tmp_path("ids2.db"));
    id_of(db, "pangolin", id2);
    morgue_db_close(db);
    CHECK_STR(id1, id2);

    db = open_write(tmp_path("ids1.db"));
    put_file(db, src, &b, 1);
    morgue_db_close(db);
    db = open_read(tmp_path("ids1.db"));
    id_of(db, "pangolin", id3);
    CHECK(total_of(db, "aardvark") == 0);
    morgue_db_close(db);
    CHECK_STR(id1, id3);
}

/* ---- files ---------------------------------------------------------- */

static void test_file_state(void)
{
    const char *path = tmp_path("files.db"), *src = tmp_path("files.jsonl");
    touch(src);
    morgue_db_t *db = open_write(path);
    morgue_file_state_t state;
    uint64_t articles = 99;
    morgue_article_t a[2] = {
        { .id = "f-1", .body = "first" },
        { .id = "f-2", .body = "second" },
    };

    CHECK_INT(morgue_db_file_state(db, src, 100, 5000, &state, &articles), MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_NEW);
    CHECK_INT(articles, 0);

    CHECK_INT(morgue_db_file_begin(db, src), MORGUE_OK);
    CHECK_INT(put(db, &a[0]), MORGUE_ADDED);
    CHECK_INT(put(db, &a[1]), MORGUE_ADDED);
    CHECK_INT(morgue_db_file_end(db, 100, 5000, 1, NULL), MORGUE_OK);

    CHECK_INT(morgue_db_file_state(db, src, 100, 5000, &state, &articles), MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_UNCHANGED);
    CHECK_INT(articles, 2);
    CHECK_INT(morgue_db_file_state(db, src, 100, 5000, &state, NULL), MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_UNCHANGED);
    CHECK_INT(morgue_db_file_state(db, src, 101, 5000, &state, &articles), MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_CHANGED);
    CHECK_INT(articles, 2);
    CHECK_INT(morgue_db_file_state(db, src, 100, 5001, &state, &articles), MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_CHANGED);
    CHECK_INT(morgue_db_file_state(db, src, 100, 4999, &state, &articles), MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_CHANGED);
    /* Another path is new; the state is per path exactly. */
    CHECK_INT(morgue_db_file_state(db, tmp_path("other.jsonl"), 100, 5000, &state, &articles),
              MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_NEW);
    char slash[300];
    snprintf(slash, sizeof slash, "%s/", src);
    CHECK_INT(morgue_db_file_state(db, slash, 100, 5000, &state, &articles), MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_NEW);

    /* A run that ended unclean leaves the file CHANGED whatever its size
     * and mtime, and deletes nothing. */
    uint64_t removed = 99;
    CHECK_INT(morgue_db_file_begin(db, src), MORGUE_OK);
    CHECK_INT(put(db, &a[0]), MORGUE_UNCHANGED);
    CHECK_INT(morgue_db_file_end(db, 100, 5000, 0, &removed), MORGUE_OK);
    CHECK_INT(removed, 0);
    CHECK_INT(morgue_db_file_state(db, src, 100, 5000, &state, &articles), MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_CHANGED);
    uint64_t count = 0;
    CHECK_INT(morgue_db_count(db, &count), MORGUE_OK);
    CHECK_INT(count, 2);
    /* The state survives closing and reopening. */
    CHECK_INT(morgue_db_close(db), MORGUE_OK);
    db = open_write(path);
    CHECK_INT(morgue_db_file_state(db, src, 100, 5000, &state, &articles), MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_CHANGED);
    /* A clean run makes it UNCHANGED again. */
    put_file(db, src, a, 2);
    CHECK_INT(morgue_db_file_state(db, src, 1, 1, &state, &articles), MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_UNCHANGED);
    CHECK_INT(articles, 2);
    CHECK_INT(morgue_db_close(db), MORGUE_OK);
    db = open_read(path);
    CHECK_INT(morgue_db_file_state(db, src, 1, 1, &state, &articles), MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_UNCHANGED);
    morgue_db_close(db);

    /* A file read up to a cap (MORGUE_FILE_CAPPED) deletes nothing, since
     * what is past the cap was not read, but is UNCHANGED next time with
     * the same size and mtime, and CHANGED with another. */
    db = open_write(path);
    removed = 99;
    CHECK_INT(morgue_db_file_begin(db, src), MORGUE_OK);
    CHECK_INT(put(db, &a[0]), MORGUE_UNCHANGED);
    CHECK_INT(morgue_db_file_end(db, 200, 6000, MORGUE_FILE_CAPPED, &removed), MORGUE_OK);
    CHECK_INT(removed, 0);
    CHECK_INT(morgue_db_count(db, &count), MORGUE_OK);
    CHECK_INT(count, 2);
    CHECK_INT(morgue_db_file_state(db, src, 200, 6000, &state, &articles), MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_UNCHANGED);
    CHECK_INT(articles, 1);
    CHECK_INT(morgue_db_file_state(db, src, 201, 6000, &state, &articles), MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_CHANGED);
    /* Any other nonzero clean is clean, as before: -1 deletes a[1]. */
    CHECK_INT(morgue_db_file_begin(db, src), MORGUE_OK);
    CHECK_INT(put(db, &a[0]), MORGUE_UNCHANGED);
    CHECK_INT(morgue_db_file_end(db, 300, 7000, -1, &removed), MORGUE_OK);
    CHECK_INT(removed, 1);
    CHECK_INT(morgue_db_file_state(db, src, 300, 7000, &state, &articles), MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_UNCHANGED);
    /* A flawed read (MORGUE_FILE_FLAWED: bad content, read to its end)
     * deletes nothing, like a capped one, and is UNCHANGED next time. */
    CHECK_INT(morgue_db_file_begin(db, src), MORGUE_OK);
    CHECK_INT(put(db, &a[1]), MORGUE_ADDED);
    CHECK_INT(morgue_db_file_end(db, 400, 8000, 1, &removed), MORGUE_OK);
    CHECK_INT(morgue_db_file_begin(db, src), MORGUE_OK);
    CHECK_INT(put(db, &a[0]), MORGUE_ADDED);
    CHECK_INT(morgue_db_file_end(db, 500, 9000, MORGUE_FILE_FLAWED, &removed), MORGUE_OK);
    CHECK_INT(removed, 0);
    CHECK_INT(morgue_db_count(db, &count), MORGUE_OK);
    CHECK_INT(count, 2);
    CHECK_INT(morgue_db_file_state(db, src, 500, 9000, &state, &articles), MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_UNCHANGED);
    CHECK_INT(morgue_db_file_state(db, src, 500, 9001, &state, &articles), MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_CHANGED);
    morgue_db_close(db);
}

/* What of an article is indexed (MORGUE_INDEXED_TEXT_MAX), and when the
 * uncommitted articles call for a commit (MORGUE_PENDING_WORDS). */
static void test_text_bounds(void)
{
    CHECK_INT(morgue_article_unindexed(NULL), 0);
    morgue_article_t small = { .title = "A title", .body = "A body of words." };
    CHECK_INT(morgue_article_unindexed(&small), 0);
    /* A body of 5 MiB of "abcdefghi " words: the cut falls on a space. */
    size_t n = 5u << 20;
    char *body = malloc(n + 1), *title = malloc(100001);
    if (body == NULL || title == NULL) {
        CHECK(0);
        free(body);
        free(title);
        return;
    }
    for (size_t i = 0; i < n; i++)
        body[i] = i % 10 == 9 ? ' ' : (char)('a' + i % 10);
    body[n] = '\0';
    morgue_article_t big = { .title = "Big", .body = body };
    size_t left = morgue_article_unindexed(&big);
    CHECK(left >= n - MORGUE_INDEXED_TEXT_MAX && left < n - MORGUE_INDEXED_TEXT_MAX + 10);
    /* A title of 100,000 bytes: 64 KiB of it are indexed. */
    memset(title, 'x', 100000);
    title[100000] = '\0';
    morgue_article_t long_title = { .title = title, .body = "words" };
    CHECK_INT(morgue_article_unindexed(&long_title), 100000 - (64u << 10));

    /* Articles of 100,000 distinct words: a commit is due after the tenth
     * (a million words, and each article's few terms of id, file and
     * date), and not after a commit. */
    const char *path = tmp_path("bounds.db"), *src = tmp_path("bounds.jsonl");
    touch(src);
    morgue_db_t *db = open_write(path);
    CHECK_INT(morgue_db_commit_due(db), 0);
    CHECK_INT(morgue_db_file_begin(db, src), MORGUE_OK);
    char id[16];
    int due_at = 0;
    for (int k = 1; k <= 11 && due_at == 0; k++) {
        char *p = body;
        for (int w = 0; w < 100000; w++)
            p += sprintf(p, "q%dw%d ", k, w);
        snprintf(id, sizeof id, "b-%d", k);
        morgue_article_t a = { .id = id, .body = body };
        CHECK_INT(put(db, &a), MORGUE_ADDED);
        if (morgue_db_commit_due(db))
            due_at = k;
    }
    CHECK_INT(due_at, 10);
    CHECK_INT(morgue_db_commit(db), MORGUE_OK);
    CHECK_INT(morgue_db_commit_due(db), 0);
    CHECK_INT(morgue_db_file_end(db, 1, 1, 1, NULL), MORGUE_OK);
    morgue_db_close(db);
    free(body);
    free(title);
}

static void test_stale_and_prune(void)
{
    const char *path = tmp_path("stale.db");
    const char *kept = tmp_path("kept.jsonl"), *gone = tmp_path("gone.jsonl");
    touch(kept);
    touch(gone);
    morgue_db_t *db = open_write(path);
    morgue_article_t k[3] = {
        { .id = "k-1", .body = "kestrel one" },
        { .id = "k-2", .body = "kestrel two" },
        { .id = "k-3", .body = "kestrel three" },
    };
    morgue_article_t g[2] = {
        { .id = "g-1", .body = "gannet one" },
        { .id = "g-2", .body = "gannet two" },
    };
    CHECK_INT(put_file(db, kept, k, 3), 0);
    CHECK_INT(put_file(db, gone, g, 2), 0);
    CHECK_INT(morgue_db_close(db), MORGUE_OK);

    char k2[17] = "";
    db = open_read(path);
    id_of(db, "kestrel two", k2);
    morgue_db_close(db);

    /* k-2 is not put again: a clean end removes it, and only it. */
    morgue_article_t again[2] = { k[0], k[2] };
    db = open_write(path);
    CHECK_INT(put_file(db, kept, again, 2), 1);
    /* An unclean run with only k-1 removes nothing. */
    uint64_t removed = 99;
    CHECK_INT(morgue_db_file_begin(db, kept), MORGUE_OK);
    CHECK_INT(put(db, &k[0]), MORGUE_UNCHANGED);
    CHECK_INT(morgue_db_file_end(db, 1, 1, 0, &removed), MORGUE_OK);
    CHECK_INT(removed, 0);
    /* Nothing to prune while the files are there. */
    uint64_t ra = 99, rf = 99;
    CHECK_INT(morgue_db_prune(db, &ra, &rf), MORGUE_OK);
    CHECK_INT(ra, 0);
    CHECK_INT(rf, 0);
    CHECK_INT(morgue_db_close(db), MORGUE_OK);

    db = open_read(path);
    uint64_t count = 0;
    CHECK_INT(morgue_db_count(db, &count), MORGUE_OK);
    CHECK_INT(count, 4);
    CHECK(total_of(db, "kestrel") == 2);
    CHECK(total_of(db, "two") == 1);   /* gannet two */
    morgue_doc_t *doc = (morgue_doc_t *)1;
    CHECK_INT(morgue_db_get(db, k2, &doc), MORGUE_NOT_FOUND);
    CHECK(doc == NULL);
    morgue_db_close(db);

    /* The file of g-1 and g-2 disappears: prune removes its articles. */
    CHECK_INT(unlink(gone), 0);
    db = open_write(path);
    CHECK_INT(morgue_db_prune(db, &ra, &rf), MORGUE_OK);
    CHECK_INT(ra, 2);
    CHECK_INT(rf, 1);
    morgue_file_state_t state;
    CHECK_INT(morgue_db_file_state(db, gone, 1, 1, &state, NULL), MORGUE_OK);
    CHECK_INT(state, MORGUE_FILE_NEW);
    /* A second prune finds nothing; NULL counters are fine. */
    CHECK_INT(morgue_db_prune(db, &ra, &rf), MORGUE_OK);
    CHECK_INT(ra, 0);
    CHECK_INT(rf, 0);
    CHECK_INT(morgue_db_prune(db, NULL, NULL), MORGUE_OK);
    CHECK_INT(morgue_db_close(db), MORGUE_OK);

    db = open_read(path);
    CHECK_INT(morgue_db_count(db, &count), MORGUE_OK);
    CHECK_INT(count, 2);
    CHECK(total_of(db, "gannet") == 0);
    CHECK(total_of(db, "kestrel") == 2);
    morgue_db_close(db);
}

/* ---- stored articles ------------------------------------------------- */

static void test_get(void)
{
    const char *path = tmp_path("get.db"), *src = tmp_path("get.jsonl");
    touch(src);
    const morgue_tag_t tags[] = {
        { "topic", "crude" },
        { "person", "Edmundo Gonz\xC3\xA1lez" },
        { NULL, "without a field: dropped" },
        { "colour", "vermilion" },   /* not a query field: stored, not searchable */
    };
    morgue_article_t a = {
        .tags = tags, .ntags = 4,
        .id = "get-1", .url = "https://example.org/news/get-1",
        .title = "Edmundo Gonz\xC3\xA1lez tours the Andes",
        .date = "2024-07-11", .source = "Morgue Test Wire", .author = "Ana Ruiz; Luis Mora",
        .place = "M\xC3\x89RIDA, Venezuela", .language = "es",
        .body = "Line one.\n\nLine two with \xE2\x80\x9Cquotes\xE2\x80\x9D and a\ttab.\n",
        .line = 7,
    };
    morgue_db_t *db = open_write(path);
    put_file(db, src, &a, 1);
    CHECK_INT(morgue_db_close(db), MORGUE_OK);

    char id[17] = "";
    db = open_read(path);
    id_of(db, "andes", id);
    morgue_doc_t *doc = NULL;
    CHECK_INT(morgue_db_get(db, id, &doc), MORGUE_OK);
    const morgue_article_t *b = morgue_doc_article(doc);
    CHECK(b != NULL);
    if (b != NULL) {
        CHECK_STR(b->id, a.id);
        CHECK_STR(b->url, a.url);
        CHECK_STR(b->title, a.title);
        CHECK_STR(b->date, a.date);
        CHECK_STR(b->source, a.source);
        CHECK_STR(b->author, a.author);
        CHECK_STR(b->place, a.place);
        CHECK_STR(b->language, a.language);
        CHECK_STR(b->body, a.body);
        CHECK_STR(b->path, src);   /* the path of the file begun */
        CHECK_INT(b->line, 7);
        CHECK_INT(b->ntags, 3);
        if (b->ntags == 3) {
            CHECK_STR(b->tags[0].field, "topic");
            CHECK_STR(b->tags[0].value, "crude");
            CHECK_STR(b->tags[1].field, "person");
            CHECK_STR(b->tags[1].value, "Edmundo Gonz\xC3\xA1lez");
            CHECK_STR(b->tags[2].field, "colour");
            CHECK_STR(b->tags[2].value, "vermilion");
        }
    }
    /* Tags of the query fields are searchable, folded like text. */
    CHECK(total_of(db, "topic:crude") == 1);
    CHECK(total_of(db, "person:gonzalez") == 1);
    CHECK(total_of(db, "topic:gonzalez") == 0);
    CHECK(total_of(db, "vermilion") == 0);
    CHECK_STR(morgue_doc_id(doc), id);
    morgue_doc_free(doc);

    /* Either case of hex digits. */
    char upper[17];
    for (int i = 0; i < 17; i++)
        upper[i] = (char)(id[i] >= 'a' && id[i] <= 'f' ? id[i] - 'a' + 'A' : id[i]);
    doc = NULL;
    CHECK_INT(morgue_db_get(db, upper, &doc), MORGUE_OK);
    CHECK_STR(morgue_doc_id(doc), id);
    morgue_doc_free(doc);

    /* Unknown and malformed ids. */
    doc = (morgue_doc_t *)1;
    const char *unknown = strcmp(id, "0000000000000000") ? "0000000000000000" : "0000000000000001";
    CHECK_INT(morgue_db_get(db, unknown, &doc), MORGUE_NOT_FOUND);
    CHECK(doc == NULL);
    CHECK(strstr(morgue_db_error(db), unknown) != NULL);
    const char *bad[] = { "", "xyz", "0123456789abcde", "0123456789abcdefa", "0123456789abcdeg" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK_INT(morgue_db_get(db, bad[i], &doc), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_db_get(db, NULL, &doc), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_db_get(db, id, NULL), MORGUE_INVALID_ARGUMENT);
    CHECK(morgue_doc_article(NULL) == NULL);
    CHECK(morgue_doc_id(NULL) == NULL);
    morgue_db_close(db);

    /* With NULL fields, they stay NULL; the path comes from file_begin. */
    morgue_article_t m = { .title = "Minimal", .body = "minimal body", .line = 3 };
    db = open_write(path);
    put_file(db, src, &m, 1);   /* get-1 is gone from src now */
    CHECK_INT(morgue_db_close(db), MORGUE_OK);
    db = open_read(path);
    id_of(db, "minimal", id);
    doc = NULL;
    CHECK_INT(morgue_db_get(db, id, &doc), MORGUE_OK);
    b = morgue_doc_article(doc);
    if (b != NULL) {
        CHECK(b->id == NULL && b->url == NULL && b->date == NULL && b->source == NULL &&
              b->author == NULL && b->place == NULL && b->language == NULL);
        CHECK_STR(b->title, "Minimal");
        CHECK_STR(b->body, "minimal body");
        CHECK_STR(b->path, src);
        CHECK_INT(b->line, 3);
        CHECK_INT(b->ntags, 0);
    }
    morgue_doc_free(doc);
    CHECK(total_of(db, "andes") == 0);
    morgue_db_close(db);
}

/* ---- searching ------------------------------------------------------ */

/* The search fixture: eight dated and undated articles about a quayside,
 * in one file. */
static const morgue_article_t quay[] = {
    { .id = "q-1", .date = "2024-03-01", .title = "Harbour ferry timetable changes",
      .source = "Test Gazette",
      .body = "Harbour ferry services on the quayside will run every twenty minutes, the "
              "harbour office said. Passengers at the harbour welcomed the change." },
    { .id = "q-2", .date = "2023-12-31", .title = "New year fireworks on the quayside",
      .body = "Fireworks will be launched from a barge near the quayside at midnight." },
    { .id = "q-3", .title = "Quayside market reopens",
      .body = "The quayside market reopened with forty stalls selling fish and bread." },
    { .id = "q-4", .date = "2024-07-15", .title = "Quayside festival draws crowds",
      .body = "Thousands came to the quayside festival. Edmundo Gonz\xC3\xA1lez, a retired "
              "diplomat, opened it. Nicolas Perez played the accordion." },
    { .id = "q-5", .date = "2022-05-05", .title = "Quayside cranes removed",
      .body = "The last two cranes were taken down from the quayside after sixty years." },
    { .id = "q-6", .title = "Quayside history walk",
      .body = "A guided walk along the quayside tells the history of the port." },
    { .id = "q-7", .date = "2024-03-01", .title = "Quayside parking fees rise",
      .body = "Parking on the quayside will cost more from April, the council said. "
              "Sanctions for unpaid fees were sanctioned by the council too." },
    { .id = "q-8", .date = "2024-01-20", .title = "Quayside lighting upgraded",
      .body = "New lamps now light the quayside path at night." },
};
#define NQUAY (sizeof quay / sizeof *quay)

static void build_quay(const char *path)
{
    const char *src = tmp_path("quay.jsonl");
    touch(src);
    morgue_db_t *db = open_write(path);
    CHECK_INT(put_file(db, src, quay, NQUAY), 0);
    CHECK_INT(morgue_db_close(db), MORGUE_OK);
}

static void test_search_totals_and_ranks(morgue_db_t *db)
{
    morgue_search_options_t o;
    morgue_search_options_init(&o);
    CHECK_INT(o.limit, 10);
    CHECK_INT(o.offset, 0);
    CHECK_INT(o.sort, MORGUE_SORT_RELEVANCE);
    CHECK(o.since == NULL && o.until == NULL && o.any == 0);
    CHECK(o.snippet_bytes > 0);

    /* The total is exact whatever the limit. */
    o.limit = 3;
    morgue_results_t *r = search(db, "quayside", &o);
    CHECK_INT(morgue_results_total(r), NQUAY);
    CHECK_INT(morgue_results_count(r), 3);
    CHECK_INT(morgue_results_indexed(r), NQUAY);
    morgue_hit_t h;
    CHECK_INT(morgue_results_hit(r, 3, &h), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_results_hit(r, 0, NULL), MORGUE_INVALID_ARGUMENT);
    morgue_results_free(r);
    o.limit = 0;
    r = search(db, "quayside", &o);
    CHECK_INT(morgue_results_total(r), NQUAY);
    CHECK_INT(morgue_results_count(r), 0);
    morgue_results_free(r);
    CHECK(total_of(db, "harbour") == 1);
    CHECK(total_of(db, "quayside harbour") == 1);
    CHECK(total_of(db, "nosuchwordanywhere") == 0);
    o.limit = 10;
    o.any = 1;
    r = search(db, "cranes lamps nosuchword", &o);
    CHECK_INT(morgue_results_total(r), 2);
    morgue_results_free(r);
    o.any = 0;

    /* All hits by relevance, then pages of them: the same ids, ranks
     * counted from the first hit overall, scores not increasing. */
    char all[NQUAY][17];
    o.limit = 100;
    r = search(db, "quayside", &o);
    CHECK_INT(morgue_results_count(r), NQUAY);
    double last = 1e300;
    int bad = 0;
    for (size_t i = 0; i < morgue_results_count(r); i++) {
        CHECK_INT(morgue_results_hit(r, i, &h), MORGUE_OK);
        memcpy(all[i], h.id, 17);
        if (h.rank != i + 1 || h.score > last || h.score <= 0)
            bad++;
        last = h.score;
        for (size_t j = 0; j < i; j++)
            if (strcmp(all[j], h.id) == 0)
                bad++;
    }
    CHECK_INT(bad, 0);
    morgue_results_free(r);
    size_t pages[][2] = { { 0, 3 }, { 2, 3 }, { 5, 10 }, { 7, 1 }, { 8, 5 }, { 100, 5 } };
    for (size_t p = 0; p < sizeof pages / sizeof *pages; p++) {
        o.offset = pages[p][0];
        o.limit = pages[p][1];
        r = search(db, "quayside", &o);
        size_t want = o.offset >= NQUAY ? 0 : NQUAY - o.offset < o.limit ? NQUAY - o.offset : o.limit;
        CHECK_INT(morgue_results_total(r), NQUAY);
        CHECK_INT(morgue_results_count(r), want);
        bad = 0;
        for (size_t i = 0; i < morgue_results_count(r); i++) {
            morgue_results_hit(r, i, &h);
            if (h.rank != o.offset + i + 1 || strcmp(h.id, all[o.offset + i]) != 0)
                bad++;
        }
        if (bad)
            fprintf(stderr, "page offset %zu limit %zu: wrong ids or ranks\n", o.offset, o.limit);
        CHECK_INT(bad, 0);
        morgue_results_free(r);
    }

    /* The best answer comes first: three harbours in one article. */
    o.offset = 0;
    o.limit = 1;
    r = search(db, "harbour OR fireworks", &o);
    CHECK_INT(morgue_results_total(r), 2);
    if (morgue_results_hit(r, 0, &h) == MORGUE_OK)
        CHECK_STR(h.title, "Harbour ferry timetable changes");
    morgue_results_free(r);
}

/* Dates of all hits of query under sort into dates (NULL for undated). */
static size_t sorted_dates(morgue_db_t *db, const char *query, morgue_sort_t sort,
                           const char *dates[NQUAY + 1])
{
    morgue_search_options_t o;
    morgue_search_options_init(&o);
    o.sort = sort;
    o.limit = 100;
    morgue_results_t *r = search(db, query, &o);
    size_t n = morgue_results_count(r);
    for (size_t i = 0; i < n && i < NQUAY; i++) {
        morgue_hit_t h;
        morgue_results_hit(r, i, &h);
        dates[i] = h.date;
        CHECK_INT(h.rank, i + 1);
    }
    /* The strings are borrowed from r: keep static copies. */
    static char keep[3][NQUAY][11];
    static int which;
    which = (which + 1) % 3;
    for (size_t i = 0; i < n && i < NQUAY; i++)
        if (dates[i] != NULL) {
            snprintf(keep[which][i], 11, "%s", dates[i]);
            dates[i] = keep[which][i];
        }
    morgue_results_free(r);
    return n;
}

static void test_search_sort(morgue_db_t *db)
{
    const char *d[NQUAY + 1];
    const char *newest[] = { "2024-07-15", "2024-03-01", "2024-03-01", "2024-01-20",
                             "2023-12-31", "2022-05-05", NULL, NULL };
    const char *oldest[] = { "2022-05-05", "2023-12-31", "2024-01-20", "2024-03-01",
                             "2024-03-01", "2024-07-15", NULL, NULL };
    size_t n = sorted_dates(db, "quayside", MORGUE_SORT_NEWEST, d);
    CHECK_INT(n, NQUAY);
    int bad = 0;
    for (size_t i = 0; i < n && i < NQUAY; i++)
        if (!(d[i] == NULL ? newest[i] == NULL : newest[i] && strcmp(d[i], newest[i]) == 0)) {
            fprintf(stderr, "newest #%zu: %s, want %s\n", i + 1, d[i] ? d[i] : "undated",
                    newest[i] ? newest[i] : "undated");
            bad++;
        }
    CHECK_INT(bad, 0);
    n = sorted_dates(db, "quayside", MORGUE_SORT_OLDEST, d);
    CHECK_INT(n, NQUAY);
    bad = 0;
    for (size_t i = 0; i < n && i < NQUAY; i++)
        if (!(d[i] == NULL ? oldest[i] == NULL : oldest[i] && strcmp(d[i], oldest[i]) == 0)) {
            fprintf(stderr, "oldest #%zu: %s, want %s\n", i + 1, d[i] ? d[i] : "undated",
                    oldest[i] ? oldest[i] : "undated");
            bad++;
        }
    CHECK_INT(bad, 0);

    /* Paging through a sorted list keeps the order. */
    morgue_search_options_t o;
    morgue_search_options_init(&o);
    o.sort = MORGUE_SORT_OLDEST;
    o.offset = 5;
    o.limit = 2;
    morgue_results_t *r = search(db, "quayside", &o);
    morgue_hit_t h;
    CHECK_INT(morgue_results_count(r), 2);
    if (morgue_results_hit(r, 0, &h) == MORGUE_OK) {
        CHECK_STR(h.date, "2024-07-15");
        CHECK_INT(h.rank, 6);
    }
    if (morgue_results_hit(r, 1, &h) == MORGUE_OK)
        CHECK(h.date == NULL);
    morgue_results_free(r);
}

static long long bounded(morgue_db_t *db, const char *since, const char *until,
                         morgue_status_t want)
{
    morgue_search_options_t o;
    morgue_search_options_init(&o);
    o.since = since;
    o.until = until;
    o.limit = 100;
    morgue_results_t *r = NULL;
    morgue_status_t st = morgue_search(db, "quayside", &o, &r);
    CHECK_INT(st, want);
    if (st != MORGUE_OK)
        return -1;
    long long t = (long long)morgue_results_total(r);
    int bad = 0;
    for (size_t i = 0; i < morgue_results_count(r); i++) {
        morgue_hit_t h;
        morgue_results_hit(r, i, &h);
        if (h.date == NULL || (since && strcmp(h.date, since) < 0) ||
            (until && strcmp(h.date, until) > 0))
            bad++;
    }
    CHECK_INT(bad, 0);
    CHECK_INT(morgue_results_count(r), t);
    morgue_results_free(r);
    return t;
}

/* The time budget: its default, a budget spent before the match starts
 * (deterministic: the guard reads the clock at the first candidate), and
 * bad budgets. */
static void test_search_timeout(morgue_db_t *db)
{
    morgue_search_options_t o;
    morgue_search_options_init(&o);
    CHECK(o.timeout == MORGUE_SEARCH_TIMEOUT && o.partial == 0);
    morgue_results_t *r = search(db, "quayside", &o);
    CHECK_INT(morgue_results_complete(r), 1);
    CHECK_INT(morgue_results_total(r), NQUAY);
    morgue_results_free(r);
    CHECK_INT(morgue_results_complete(NULL), 0);

    o.timeout = 1e-9;
    r = NULL;
    CHECK_INT(morgue_search(db, "quayside", &o, &r), MORGUE_TIMEOUT);
    CHECK(r == NULL);
    CHECK(strstr(morgue_db_error(db), "the search was stopped at its time limit") != NULL);
    o.partial = 1;
    r = search(db, "quayside", &o);
    CHECK_INT(morgue_results_complete(r), 0);
    CHECK_INT(morgue_results_count(r), 0);
    morgue_results_free(r);

    o.timeout = 0;   /* none */
    r = search(db, "quayside", &o);
    CHECK_INT(morgue_results_complete(r), 1);
    CHECK_INT(morgue_results_total(r), NQUAY);
    morgue_results_free(r);

    const double bad[] = { -1, NAN };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        o.timeout = bad[i];
        r = NULL;
        CHECK_INT(morgue_search(db, "quayside", &o, &r), MORGUE_INVALID_ARGUMENT);
        CHECK(r == NULL);
    }
}

static void test_search_dates(morgue_db_t *db)
{
    CHECK_INT(bounded(db, "2024-01-01", NULL, MORGUE_OK), 4);
    CHECK_INT(bounded(db, NULL, "2023-12-31", MORGUE_OK), 2);   /* inclusive */
    CHECK_INT(bounded(db, "2024-03-01", "2024-03-01", MORGUE_OK), 2);
    CHECK_INT(bounded(db, "2024-03-02", "2024-07-14", MORGUE_OK), 0);
    CHECK_INT(bounded(db, "2023-12-31", "2024-01-20", MORGUE_OK), 2);
    CHECK_INT(bounded(db, "1900-01-01", "2999-12-31", MORGUE_OK), 6);  /* undated excluded */
    bounded(db, "2024-1-1", NULL, MORGUE_BAD_INPUT);
    bounded(db, NULL, "2024-02-30", MORGUE_BAD_INPUT);
    bounded(db, "yesterday", NULL, MORGUE_BAD_INPUT);
    /* date: in the query. */
    CHECK(total_of(db, "quayside date:2024") == 4);
    CHECK(total_of(db, "quayside date:2024-03") == 2);
    CHECK(total_of(db, "date:2022-05-05") == 1);
    CHECK(total_of(db, "quayside date:2023-12-31..2024-01-20") == 2);
}

static void test_search_snippets(morgue_db_t *db)
{
    morgue_search_options_t o;
    morgue_search_options_init(&o);
    morgue_results_t *r;
    morgue_hit_t h;

    /* A word three times in the body, capitalised once. */
    r = search(db, "harbour", &o);
    if (r != NULL && morgue_results_hit(r, 0, &h) == MORGUE_OK) {
        CHECK(h.snippet != NULL && strstr(h.snippet, "harbour") != NULL);
        CHECK(valid_utf8(h.snippet));
        const char *words[] = { "harbour", "Harbour", NULL };
        CHECK_INT(check_spans(&h, words), 3);
        CHECK_STR(h.title, "Harbour ferry timetable changes");
        CHECK_STR(h.source, "Test Gazette");
        CHECK_STR(h.date, "2024-03-01");
        CHECK(h.author == NULL && h.url == NULL && h.place == NULL);
        CHECK(h.path != NULL && strstr(h.path, "quay.jsonl") != NULL);
    }
    morgue_results_free(r);

    /* A stem: "sanction" lights up "Sanctions" and "sanctioned". */
    r = search(db, "sanction", &o);
    CHECK_INT(morgue_results_total(r), 1);
    if (r != NULL && morgue_results_hit(r, 0, &h) == MORGUE_OK) {
        const char *words[] = { "Sanctions", "sanctioned", NULL };
        CHECK_INT(check_spans(&h, words), 2);
    }
    morgue_results_free(r);

    /* An accented word for an unaccented query, and two query words. */
    r = search(db, "gonzalez nicolás", &o);
    CHECK_INT(morgue_results_total(r), 1);
    if (r != NULL && morgue_results_hit(r, 0, &h) == MORGUE_OK) {
        const char *words[] = { "Gonz\xC3\xA1lez", "Nicolas", NULL };
        CHECK_INT(check_spans(&h, words), 2);
        CHECK(strstr(h.snippet, "Gonz\xC3\xA1lez") != NULL);
    }
    morgue_results_free(r);

    /* A phrase. */
    r = search(db, "\"retired diplomat\"", &o);
    CHECK_INT(morgue_results_total(r), 1);
    if (r != NULL && morgue_results_hit(r, 0, &h) == MORGUE_OK) {
        const char *words[] = { "retired", "diplomat", NULL };
        CHECK_INT(check_spans(&h, words), 2);
    }
    morgue_results_free(r);

    /* Small snippets stay small and hold the match; none when 0. */
    o.snippet_bytes = 40;
    r = search(db, "midnight", &o);
    if (r != NULL && morgue_results_hit(r, 0, &h) == MORGUE_OK) {
        CHECK(h.snippet != NULL && strlen(h.snippet) <= 40 + 2 * 4);
        CHECK(strstr(h.snippet, "midnight") != NULL);
        const char *words[] = { "midnight", NULL };
        CHECK_INT(check_spans(&h, words), 1);
        CHECK(valid_utf8(h.snippet));
    }
    morgue_results_free(r);
    o.snippet_bytes = 0;
    r = search(db, "midnight", &o);
    if (r != NULL && morgue_results_hit(r, 0, &h) == MORGUE_OK) {
        CHECK(h.snippet == NULL || *h.snippet == '\0');
        CHECK_INT(h.nhighlights, 0);
    }
    morgue_results_free(r);
}

static void test_search_syntax(morgue_db_t *db)
{
    const char *bad[] = { "(quayside", "quayside AND", "\"quayside", "NOT", "quayside OR OR harbour",
                          "quayside)" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        morgue_results_t *r = (morgue_results_t *)1;
        morgue_status_t st = morgue_search(db, bad[i], NULL, &r);
        if (st != MORGUE_QUERY_SYNTAX)
            fprintf(stderr, "query '%s': status %d\n", bad[i], (int)st);
        CHECK_INT(st, MORGUE_QUERY_SYNTAX);
        CHECK(r == NULL);
        CHECK(strstr(morgue_db_error(db), "column") != NULL);
    }
    /* The column is that of the offending character. */
    morgue_results_t *r = NULL;
    CHECK_INT(morgue_search(db, "quayside AND", NULL, &r), MORGUE_QUERY_SYNTAX);
    CHECK(strstr(morgue_db_error(db), "column 10") != NULL);
    /* NULL options mean the defaults. */
    CHECK_INT(morgue_search(db, "quayside", NULL, &r), MORGUE_OK);
    CHECK_INT(morgue_results_total(r), NQUAY);
    CHECK_INT(morgue_results_count(r), NQUAY < 10 ? NQUAY : 10);
    morgue_results_free(r);
    CHECK_INT(morgue_search(NULL, "quayside", NULL, &r), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_search(db, "quayside", NULL, NULL), MORGUE_INVALID_ARGUMENT);
}

static void test_search_folding(morgue_db_t *db)
{
    /* Accents and case, both ways. */
    const char *gonzalez[] = { "gonzalez", "GONZ\xC3\x81LEZ", "Gonz\xC3\xA1lez", "Gonzalez",
                               "gonz\xC3\xA1lez", "GONZALEZ" };
    for (size_t i = 0; i < sizeof gonzalez / sizeof *gonzalez; i++) {
        long long t = total_of(db, gonzalez[i]);
        if (t != 1)
            fprintf(stderr, "query '%s': %lld hits\n", gonzalez[i], t);
        CHECK(t == 1);
    }
    CHECK(total_of(db, "nicol\xC3\xA1s") == 1);
    CHECK(total_of(db, "NICOLAS") == 1);
    CHECK(total_of(db, "\"edmundo gonzalez\"") == 1);
    CHECK(total_of(db, "QUAYSIDE") == (long long)NQUAY);
    /* Field searches fold too. */
    CHECK(total_of(db, "title:HARBOUR") == 1);
    CHECK(total_of(db, "source:gazette") == 1);
}

static void test_search_many(const char *quay_path)
{
    const char *other = tmp_path("other.db"), *src = tmp_path("other.jsonl");
    touch(src);
    morgue_article_t more[3] = {
        { .id = "m-1", .date = "2024-02-02", .title = "Quayside clean-up",
          .body = "Volunteers cleaned the quayside." },
        { .id = "m-2", .title = "Ferry delays", .body = "The harbour ferry was delayed." },
        { .id = "m-3", .title = "Bakers protest", .body = "Bakers marched on Monday." },
    };
    morgue_db_t *db = open_write(other);
    put_file(db, src, more, 3);
    CHECK_INT(morgue_db_close(db), MORGUE_OK);

    const char *paths[] = { quay_path, other };
    char *err = NULL;
    db = NULL;
    CHECK_INT(morgue_db_open_many(paths, 2, NULL, &db, &err), MORGUE_OK);
    free(err);
    err = NULL;
    morgue_db_t *a = open_read(quay_path), *b = open_read(other);
    const char *queries[] = { "quayside", "harbour", "ferry", "bakers", "quayside OR bakers" };
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        long long ta = total_of(a, queries[i]), tb = total_of(b, queries[i]);
        long long tab = total_of(db, queries[i]);
        if (tab != ta + tb)
            fprintf(stderr, "'%s': %lld + %lld != %lld\n", queries[i], ta, tb, tab);
        CHECK(tab == ta + tb);
    }
    CHECK(total_of(db, "quayside") == (long long)NQUAY + 1);
    uint64_t count = 0;
    CHECK_INT(morgue_db_count(db, &count), MORGUE_OK);
    CHECK_INT(count, NQUAY + 3);

    /* Hits from both, with unique ids, and whole articles from both. */
    morgue_search_options_t o;
    morgue_search_options_init(&o);
    o.limit = 100;
    morgue_results_t *r = search(db, "quayside OR ferry OR bakers", &o);
    CHECK_INT(morgue_results_indexed(r), NQUAY + 3);
    char ids[NQUAY + 3][17];
    size_t n = morgue_results_count(r);
    int bad = 0, from_other = 0;
    for (size_t i = 0; i < n && i < NQUAY + 3; i++) {
        morgue_hit_t h;
        morgue_results_hit(r, i, &h);
        memcpy(ids[i], h.id, 17);
        for (size_t j = 0; j < i; j++)
            bad += strcmp(ids[j], ids[i]) == 0;
        from_other += h.path != NULL && strcmp(h.path, src) == 0;
        morgue_doc_t *doc = NULL;
        if (morgue_db_get(db, h.id, &doc) != MORGUE_OK)
            bad++;
        else if (strcmp(morgue_doc_article(doc)->title, h.title) != 0)
            bad++;
        morgue_doc_free(doc);
    }
    CHECK_INT(n, NQUAY + 3);
    CHECK_INT(bad, 0);
    CHECK_INT(from_other, 3);
    morgue_results_free(r);
    morgue_db_close(a);
    morgue_db_close(b);
    morgue_db_close(db);

    /* A missing one is named. */
    const char *missing = tmp_path("missing.db");
    const char *paths2[] = { quay_path, missing };
    db = (morgue_db_t *)1;
    CHECK_INT(morgue_db_open_many(paths2, 2, NULL, &db, &err), MORGUE_NO_INDEX);
    CHECK(db == NULL);
    CHECK(err != NULL && strstr(err, missing) != NULL);
    free(err);
}

static void test_search(void)
{
    const char *path = tmp_path("quay.db");
    build_quay(path);
    morgue_db_t *db = open_read(path);
    if (db == NULL)
        return;
    test_search_totals_and_ranks(db);
    test_search_sort(db);
    test_search_dates(db);
    test_search_timeout(db);
    test_search_snippets(db);
    test_search_syntax(db);
    test_search_folding(db);
    morgue_db_close(db);
    test_search_many(path);
}

static void test_languages(void)
{
    /* Stemming follows each article's language: Spanish "presentaron" and
     * "presentar" share the Spanish stem "present" (English keeps them
     * apart), "elecciones" and "elección" share "eleccion". */
    const char *path = tmp_path("lang.db"), *src = tmp_path("lang.jsonl");
    touch(src);
    morgue_article_t a[2] = {
        { .id = "es-1", .language = "es", .date = "2024-09-05",
          .title = "La oposici\xC3\xB3n prepara su campa\xC3\xB1""a",
          .body = "Los partidos presentaron a sus candidatos para las elecciones regionales." },
        { .id = "en-1", .title = "Spanish words in an English article",
          .body = "The word presentaron appears here, and so does candidatos." },
    };
    morgue_db_t *db = open_write(path);
    put_file(db, src, a, 2);
    CHECK_INT(morgue_db_close(db), MORGUE_OK);

    db = open_read(path);
    CHECK(total_of(db, "elecciones") == 1);
    CHECK(total_of(db, "elecci\xC3\xB3n") == 1);
    CHECK(total_of(db, "ELECCI\xC3\x93N") == 1);
    CHECK(total_of(db, "presentaron") == 2);
    CHECK(total_of(db, "presentar") == 1);      /* only the Spanish article */
    CHECK(total_of(db, "candidato") == 2);      /* both stemmers agree here */
    morgue_search_options_t o;
    morgue_search_options_init(&o);
    morgue_results_t *r = search(db, "presentar", &o);
    morgue_hit_t h;
    if (r != NULL && morgue_results_hit(r, 0, &h) == MORGUE_OK) {
        CHECK_STR(h.language, "es");
        const char *words[] = { "presentaron", NULL };
        CHECK_INT(check_spans(&h, words), 1);
    }
    morgue_results_free(r);
    r = search(db, "elecci\xC3\xB3n", &o);
    if (r != NULL && morgue_results_hit(r, 0, &h) == MORGUE_OK) {
        const char *words[] = { "elecciones", NULL };
        CHECK_INT(check_spans(&h, words), 1);
    }
    morgue_results_free(r);
    CHECK(total_of(db, "lang:es") == 1);
    morgue_db_close(db);

    /* An index whose default language is Spanish stems unlabelled
     * articles the Spanish way. */
    const char *spath = tmp_path("lang-es.db");
    char *err = NULL;
    morgue_article_t plain = { .id = "x-1", .body = "Los partidos presentaron candidatos." };
    db = NULL;
    CHECK_INT(morgue_db_open(spath, MORGUE_WRITE, 0, "spanish", &db, &err), MORGUE_OK);
    free(err);
    put_file(db, src, &plain, 1);
    CHECK_INT(morgue_db_close(db), MORGUE_OK);
    db = open_read(spath);
    CHECK(total_of(db, "presentar") == 1);
    morgue_db_close(db);
}

/* ---- damaged indexes ------------------------------------------------- */

static void test_schema_version(void)
{
    char xerr[XB_ERRLEN];
    xb_db_t *xb = NULL;
    const char *path = tmp_path("version.db");
    morgue_db_t *db = open_write(path);
    morgue_db_close(db);
    CHECK_INT(xb_open_write(path, &xb, xerr), MORGUE_OK);
    CHECK_INT(xb_metadata_set(xb, "morgue.schema", "999", 3, xerr), MORGUE_OK);
    CHECK_INT(xb_commit(xb, xerr), MORGUE_OK);
    xb_close(xb);

    char *err = NULL;
    db = (morgue_db_t *)1;
    CHECK_INT(morgue_db_open(path, MORGUE_READ, 0, NULL, &db, &err), MORGUE_INDEX_VERSION);
    CHECK(db == NULL);
    CHECK(err != NULL && strstr(err, path) != NULL && strstr(err, "999") != NULL);
    free(err);
    err = NULL;
    CHECK_INT(morgue_db_open(path, MORGUE_WRITE, 0, NULL, &db, &err), MORGUE_INDEX_VERSION);
    CHECK(err != NULL && strstr(err, path) != NULL);
    free(err);
    err = NULL;
    /* Behind another index too: see test_many_versions. */

    /* A Xapian database with documents and no schema is not an index. */
    const char *alien = tmp_path("alien.db");
    xb_doc_t *doc = NULL;
    CHECK_INT(xb_open_write(alien, &xb, xerr), MORGUE_OK);
    CHECK_INT(xb_doc_new("english", 0, &doc, xerr), MORGUE_OK);
    CHECK_INT(xb_doc_text(doc, "alien words", 11, 1, "", xerr), MORGUE_OK);
    CHECK_INT(xb_replace(xb, "Qalien", doc, xerr), MORGUE_OK);
    xb_doc_free(doc);
    CHECK_INT(xb_commit(xb, xerr), MORGUE_OK);
    xb_close(xb);
    CHECK_INT(morgue_db_open(alien, MORGUE_READ, 0, NULL, &db, &err), MORGUE_INDEX_VERSION);
    CHECK(err != NULL && strstr(err, alien) != NULL);
    free(err);
}

/* Write into the index at path, through the binding, a document whose
 * data is not a record, under the unique term idterm, with text (may be
 * NULL) and one more term (may be NULL). */
static void put_not_record(const char *path, const char *idterm, const char *text,
                           const char *term)
{
    char xerr[XB_ERRLEN];
    xb_db_t *xb = NULL;
    xb_doc_t *doc = NULL;
    CHECK_INT(xb_open_write(path, &xb, xerr), MORGUE_OK);
    CHECK_INT(xb_doc_new("english", 0, &doc, xerr), MORGUE_OK);
    if (text != NULL)
        CHECK_INT(xb_doc_text(doc, text, strlen(text), 1, "", xerr), MORGUE_OK);
    CHECK_INT(xb_doc_term(doc, idterm, xerr), MORGUE_OK);
    if (term != NULL)
        CHECK_INT(xb_doc_term(doc, term, xerr), MORGUE_OK);
    CHECK_INT(xb_doc_set_data(doc, "M\001\030not zlib at all", 18, xerr), MORGUE_OK);
    CHECK_INT(xb_replace(xb, idterm, doc, xerr), MORGUE_OK);
    xb_doc_free(doc);
    CHECK_INT(xb_commit(xb, xerr), MORGUE_OK);
    xb_close(xb);
}

static void test_corrupt_record(void)
{
    /* An article whose stored record is replaced by bytes that are not a
     * record: get and search say MORGUE_INDEX_CORRUPT, nothing crashes. */
    const char *path = tmp_path("corrupt.db"), *src = tmp_path("corrupt.jsonl");
    touch(src);
    morgue_article_t a[2] = {
        { .id = "c-1", .title = "Intact", .body = "walrus intact" },
        { .id = "c-2", .title = "Damaged", .body = "walrus damaged" },
    };
    morgue_db_t *db = open_write(path);
    put_file(db, src, a, 2);
    morgue_db_close(db);
    char id[17] = "";
    db = open_read(path);
    id_of(db, "damaged", id);
    morgue_db_close(db);

    char term[32];
    snprintf(term, sizeof term, "Q%s", id);
    put_not_record(path, term, "walrus damaged", NULL);

    db = open_read(path);
    morgue_doc_t *d = (morgue_doc_t *)1;
    CHECK_INT(morgue_db_get(db, id, &d), MORGUE_INDEX_CORRUPT);
    CHECK(d == NULL);
    CHECK(strstr(morgue_db_error(db), id) != NULL);
    morgue_results_t *r = (morgue_results_t *)1;
    CHECK_INT(morgue_search(db, "damaged", NULL, &r), MORGUE_INDEX_CORRUPT);
    CHECK(r == NULL);
    /* The intact article is still served. */
    CHECK(total_of(db, "intact") == 1);
    CHECK_INT(morgue_search(db, "intact", NULL, &r), MORGUE_OK);
    morgue_results_free(r);
    morgue_db_close(db);
}

/* What morgue_db_check reported, gathered by gather_problem. */
typedef struct gathered {
    unsigned n;                  /* calls */
    char text[2048];             /* the problems, one a line */
} gathered_t;

static void gather_problem(void *ctx, const char *problem)
{
    gathered_t *g = ctx;
    size_t len = strlen(g->text);
    snprintf(g->text + len, sizeof g->text - len, "%s\n", problem);
    g->n++;
}

static void test_check(void)
{
    /* morgue_db_check: a whole index has no problem; a damaged record and
     * a file with more articles than its record counts are found. */
    const char *path = tmp_path("check.db"), *src = tmp_path("check.jsonl");
    touch(src);
    morgue_article_t a[2] = {
        { .id = "k-1", .title = "One", .body = "narwhal one" },
        { .id = "k-2", .title = "Two", .body = "narwhal two" },
    };
    morgue_db_t *db = open_write(path);
    put_file(db, src, a, 2);
    morgue_db_close(db);

    gathered_t g = { 0, "" };
    uint64_t problems = 99;
    char *error = (char *)1;
    CHECK_INT(morgue_db_check(path, gather_problem, &g, &problems, &error), MORGUE_OK);
    CHECK(problems == 0 && g.n == 0 && error == NULL);
    CHECK_INT(morgue_db_check(path, NULL, NULL, NULL, NULL), MORGUE_OK);
    CHECK_INT(morgue_db_check(NULL, NULL, NULL, &problems, NULL), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_db_check(tmp_path("no-such.db"), NULL, NULL, &problems, &error),
              MORGUE_NO_INDEX);
    CHECK(error != NULL && strstr(error, "no-such.db") != NULL);
    free(error);

    /* A third document of the file, whose data is no record: two problems. */
    char term[32], key[17];
    mg_hash_hex(mg_hash(src, strlen(src), MG_HASH_SEED), key);
    snprintf(term, sizeof term, "XF%s", key);
    put_not_record(path, "Qcheck-extra", NULL, term);
    CHECK_INT(morgue_db_check(path, gather_problem, &g, &problems, &error),
              MORGUE_INDEX_CORRUPT);
    CHECK(problems == 2 && g.n == 2 && error == NULL);
    CHECK(strstr(g.text, "document 3: its stored record is damaged") != NULL);
    CHECK(strstr(g.text, "check.jsonl: 3 articles in the index, its file record counts 2") !=
          NULL);
}

/* ---- regressions: each of these failed once ----------------------------- */

static void test_inverted_dates(void)
{
    /* since after until: no article is dated in that range, so there is no
     * hit. (Xapian turns OP_VALUE_RANGE with begin > end into an empty
     * query; lib/xbind.cc once took that for "no filter" and matched every
     * article.) */
    morgue_db_t *db = open_read(tmp_path("quay.db"));
    if (db == NULL)
        return;
    CHECK_INT(bounded(db, "2025-01-01", "2020-01-01", MORGUE_OK), 0);
    CHECK_INT(bounded(db, "2024-03-02", "2024-03-01", MORGUE_OK), 0);
    morgue_db_close(db);
}

static void test_many_versions(void)
{
    /* An index of another schema version is refused even when it is not
     * the first of several. (The metadata of a combined database is the
     * first index's only: checking it alone let the second one through.) */
    const char *paths[] = { tmp_path("quay.db"), tmp_path("version.db") };
    morgue_db_t *db = (morgue_db_t *)1;
    char *err = NULL;
    morgue_status_t st = morgue_db_open_many(paths, 2, NULL, &db, &err);
    CHECK_INT(st, MORGUE_INDEX_VERSION);
    CHECK(err != NULL && strstr(err, paths[1]) != NULL);
    free(err);
    if (st == MORGUE_OK)
        morgue_db_close(db);
}

static void test_snippet_utf8(void)
{
    /* A snippet must be valid UTF-8 even when the window ends at a word
     * followed by several bytes of punctuation (here "…”", six bytes).
     * (lib/snippet.c once kept at most four bytes of it, cutting the
     * closing quote in half, and morgue-query --format json then failed.) */
    const char *path = tmp_path("utf8.db"), *src = tmp_path("utf8.jsonl");
    touch(src);
    char body[4000] = "";
    for (int i = 0; i < 120; i++)
        strcat(body, "walrus\xE2\x80\xA6\xE2\x80\x9D ");
    morgue_article_t a = { .id = "u-1", .title = "Quotes", .body = body };
    morgue_db_t *db = open_write(path);
    put_file(db, src, &a, 1);
    morgue_db_close(db);
    db = open_read(path);
    morgue_search_options_t o;
    morgue_search_options_init(&o);
    morgue_results_t *r = search(db, "walrus", &o);
    morgue_hit_t h;
    if (r != NULL && morgue_results_hit(r, 0, &h) == MORGUE_OK) {
        if (!valid_utf8(h.snippet))
            fprintf(stderr, "snippet is not UTF-8: \"%s\"\n", h.snippet);
        CHECK(valid_utf8(h.snippet));
    }
    morgue_results_free(r);
    morgue_db_close(db);
}

static void test_first_build_threads(void)
{
    /* A first build on two threads (lib/shards.c): outcomes and the index
     * are those of one thread: an id put again is updated (from another
     * file) or unchanged (the same file read again), never added twice,
     * and a file read again with fewer articles loses the others. Nothing
     * is in the index before the commit that merges the shards. */
    const char *path = tmp_path("threads.db");
    const char *t1 = tmp_path("t1.jsonl"), *t2 = tmp_path("t2.jsonl");
    const char *files[3] = { t1, t2, t2 };
    morgue_db_t *db = open_write(path);
    CHECK_INT(morgue_db_set_threads(db, 0), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_db_set_threads(db, 2), MORGUE_OK);
    unsigned threads = 0;
    CHECK_INT(morgue_db_get_threads(db, &threads), MORGUE_OK);
    CHECK_INT(threads, 2);   /* the library reports the build it chose */
    morgue_article_t v1 = { .id = "same", .title = "Walrus one", .body = "first version" };
    morgue_article_t v2 = { .id = "same", .title = "Walrus two", .body = "second version" };
    const morgue_article_t *order[3] = { &v1, &v2, &v2 };
    int want[3] = { MORGUE_ADDED, MORGUE_UPDATED, MORGUE_UNCHANGED };
    for (int f = 0; f < 3; f++) {
        touch(files[f]);
        CHECK_INT(morgue_db_file_begin(db, files[f]), MORGUE_OK);
        CHECK_INT(put(db, order[f]), want[f]);
        CHECK_INT(morgue_db_file_end(db, 1, 1, 1, NULL), MORGUE_OK);
    }
    /* Many distinct articles: all there after the commit. */
    CHECK_INT(morgue_db_file_begin(db, files[0]), MORGUE_OK);
    char ids[300][24];
    for (int i = 0; i < 300; i++) {
        snprintf(ids[i], sizeof ids[i], "many-%d", i);
        morgue_article_t a = { .id = ids[i], .title = "Narwhal", .body = "a tusk" };
        CHECK_INT(put(db, &a), MORGUE_ADDED);
    }
    CHECK_INT(morgue_db_file_end(db, 1, 2, 1, NULL), MORGUE_OK);
    uint64_t count = 0;
    CHECK_INT(morgue_db_count(db, &count), MORGUE_OK);
    CHECK_INT(count, 301);   /* in the shards */
    morgue_db_t *reader = open_read(path);
    CHECK_INT(morgue_db_count(reader, &count), MORGUE_OK);
    CHECK_INT(count, 0);     /* not yet in the index */
    morgue_db_close(reader);
    /* The same file read again with half its articles: the other half
     * goes from the shards, as it would from the index. */
    CHECK_INT(morgue_db_file_begin(db, files[0]), MORGUE_OK);
    for (int i = 0; i < 150; i++) {
        morgue_article_t a = { .id = ids[i], .title = "Narwhal", .body = "a tusk" };
        CHECK_INT(put(db, &a), MORGUE_UNCHANGED);
    }
    uint64_t removed = 0;
    CHECK_INT(morgue_db_file_end(db, 1, 3, 1, &removed), MORGUE_OK);
    CHECK_INT(removed, 150);
    /* A file read in this run and gone before --prune: its article goes
     * from the shards. */
    const char *gone = tmp_path("gone.jsonl");
    touch(gone);
    CHECK_INT(morgue_db_file_begin(db, gone), MORGUE_OK);
    morgue_article_t brief = { .id = "gone-1", .title = "Narwhal gone", .body = "soon deleted" };
    CHECK_INT(put(db, &brief), MORGUE_ADDED);
    CHECK_INT(morgue_db_file_end(db, 1, 4, 1, NULL), MORGUE_OK);
    unlink(gone);
    uint64_t pruned_articles = 0, pruned_files = 0;
    CHECK_INT(morgue_db_prune(db, &pruned_articles, &pruned_files), MORGUE_OK);
    CHECK_INT(pruned_articles, 1);
    CHECK_INT(pruned_files, 1);
    CHECK_INT(morgue_db_commit(db), MORGUE_OK);
    CHECK_INT(morgue_db_count(db, &count), MORGUE_OK);
    CHECK_INT(count, 151);
    CHECK_INT(morgue_db_get_threads(db, &threads), MORGUE_OK);
    CHECK_INT(threads, 1);   /* merged: one writer from now on */
    char build_dir[512];
    snprintf(build_dir, sizeof build_dir, "%s/.morgue-build", path);
    CHECK(access(build_dir, F_OK) != 0);
    morgue_db_close(db);
    db = open_read(path);
    morgue_search_options_t o;
    morgue_search_options_init(&o);
    morgue_results_t *r = search(db, "walrus", &o);
    CHECK_INT(r != NULL ? (int)morgue_results_total(r) : -1, 1);
    morgue_hit_t h;
    if (r != NULL && morgue_results_hit(r, 0, &h) == MORGUE_OK) {
        CHECK(strcmp(h.title, "Walrus two") == 0);
        /* The hit carries its whole article, of which the fields are copies. */
        CHECK(h.article != NULL && h.article->title == h.title && h.article->body != NULL &&
              strcmp(h.article->body, "second version") == 0);
    }
    CHECK_INT(morgue_db_get_threads(db, &threads), MORGUE_INVALID_ARGUMENT);  /* read-only */
    morgue_results_free(r);
    morgue_db_close(db);
}

static void test_positions(void)
{
    /* An index without positions (morgue_db_set_positions): phrases and
     * NEAR match as with positions, in a first build on two threads too;
     * the choice is fixed once the index has articles. */
    morgue_article_t a[3] = {
        { .id = "p1", .title = "Harbour strike ends", .body = "The harbour strike ended on Monday." },
        { .id = "p2", .title = "Strike at the harbour", .body = "Dockers said the strike would go on." },
        { .id = "p3", .title = "Lighthouse", .body = "A harbour pilot went on strike." },
    };
    for (int threads = 1; threads <= 2; threads++) {
        const char *path = tmp_path(threads == 1 ? "nopos1.db" : "nopos2.db");
        morgue_db_t *db = open_write(path);
        CHECK_INT(morgue_db_set_positions(NULL, 0), MORGUE_INVALID_ARGUMENT);
        CHECK_INT(morgue_db_set_positions(db, 0), MORGUE_OK);
        CHECK_INT(morgue_db_set_threads(db, (unsigned)threads), MORGUE_OK);
        const char *file = tmp_path("nopos.jsonl");
        touch(file);
        CHECK_INT(put_file(db, file, a, 3), 0);
        CHECK_INT(morgue_db_commit(db), MORGUE_OK);
        CHECK_INT(morgue_db_set_positions(db, 1), MORGUE_BAD_INPUT);
        CHECK_INT(morgue_db_set_positions(db, 0), MORGUE_OK);
        morgue_db_close(db);
        db = open_read(path);
        CHECK_INT(morgue_db_set_positions(db, 0), MORGUE_INVALID_ARGUMENT);
        CHECK_INT(total_of(db, "harbour strike"), 3);
        CHECK_INT(total_of(db, "\"harbour strike\""), 1);
        CHECK_INT(total_of(db, "\"harbour strike\" OR dockers"), 2);
        CHECK_INT(total_of(db, "harbour -\"harbour strike\""), 2);
        CHECK_INT(total_of(db, "title:\"the harbour\""), 1);
        CHECK_INT(total_of(db, "harbour NEAR/2 strike"), 1);
        CHECK_INT(total_of(db, "pilot ADJ/3 strike"), 1);
        CHECK_INT(total_of(db, "strike ADJ/3 pilot"), 0);
        morgue_db_close(db);
    }
}

static void test_snippet_long_text(void)
{
    /* The passage comes from the first 64 KiB of a long text: a word found
     * just inside them is shown and highlighted; one found only far past
     * them still matches, and its snippet is the text's beginning, cut. */
    const char *path = tmp_path("long.db"), *src = tmp_path("long.jsonl");
    touch(src);
    size_t n = 200 * 1024;
    char *near = malloc(n + 1), *far = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        near[i] = far[i] = "filler "[i % 7];
    near[n] = far[n] = '\0';
    memcpy(near + 60 * 1024, " narwhal ", 9);
    memcpy(far + 150 * 1024, " narwhal ", 9);
    morgue_article_t a[2] = { { .id = "l-near", .title = "Near", .body = near },
                              { .id = "l-far", .title = "Far", .body = far } };
    morgue_db_t *db = open_write(path);
    put_file(db, src, a, 2);
    morgue_db_close(db);
    db = open_read(path);
    morgue_search_options_t o;
    morgue_search_options_init(&o);
    morgue_results_t *r = search(db, "narwhal", &o);
    CHECK_INT(r != NULL ? (int)morgue_results_count(r) : -1, 2);
    for (size_t i = 0; r != NULL && i < morgue_results_count(r); i++) {
        morgue_hit_t h;
        CHECK_INT(morgue_results_hit(r, i, &h), MORGUE_OK);
        int is_near = strcmp(h.title, "Near") == 0;
        CHECK(strlen(h.snippet) < 400);
        CHECK_INT(strstr(h.snippet, "narwhal") != NULL, is_near);
        CHECK_INT(h.nhighlights > 0, is_near);
        if (!is_near)
            CHECK(strncmp(h.snippet, "filler", 6) == 0);
    }
    morgue_results_free(r);
    morgue_db_close(db);
    free(near);
    free(far);
}

int main(void)
{
    const char *tmpdir = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/morgue-api.XXXXXX",
             tmpdir != NULL && *tmpdir != '\0' ? tmpdir : "/tmp");
    if (mkdtemp(root) == NULL) {
        perror("mkdtemp");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    test_status_strings();
    test_open();
    test_lock();
    test_put_arguments();
    test_outcomes();
    test_replaced_and_ids();
    test_stable_ids();
    test_file_state();
    test_text_bounds();
    test_stale_and_prune();
    test_get();
    test_search();
    test_languages();
    test_schema_version();
    test_corrupt_record();
    test_check();
    test_snippet_utf8();
    test_snippet_long_text();
    test_first_build_threads();
    test_positions();
    test_inverted_dates();
    test_many_versions();
    rm_tree(root);
    return check_report();
}
