/* test_stale.c - readers and a writer on one index, through the public API:
 * a reader opened before a writer's many commits (which overwrite the
 * blocks of the revision it opened) still gets whole, current answers from
 * morgue_search and morgue_db_get, because both reopen and retry on a
 * stale revision (lib/db.c mg_db_stale); and an index whose table file is
 * really damaged is still reported as MORGUE_INDEX_CORRUPT, by opening
 * and by a reader that was open before the damage, however often they
 * retry. Run by tests/run.sh. */
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "morgue.h"

#define NARTICLES 500
#define COMMITS 6

static char root[512];

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    return remove(path);
}

static morgue_db_t *open_db(const char *path, morgue_open_mode_t mode)
{
    morgue_db_t *db = NULL;
    char *err = NULL;
    morgue_status_t st = morgue_db_open(path, mode, 0, NULL, &db, &err);
    if (st != MORGUE_OK)
        fprintf(stderr, "open %s: %s\n", path, err ? err : "?");
    CHECK_INT(st, MORGUE_OK);
    free(err);
    return db;
}

/* Put every article at edition v, as one clean file, and commit. */
static void put_edition(morgue_db_t *db, int v)
{
    char id[32], title[64], body[160];
    morgue_outcome_t outcome;
    int failed = 0;
    CHECK_INT(morgue_db_file_begin(db, "/archive/bulletins.jsonl"), MORGUE_OK);
    for (int i = 1; i <= NARTICLES; i++) {
        snprintf(id, sizeof id, "b%04d", i);
        snprintf(title, sizeof title, "Bulletin %d edition v%d", i, v);
        snprintf(body, sizeof body, "Harbour report word%04d about cranes, ferries and "
                 "tides. This is edition v%d of the bulletin.", i, v);
        morgue_article_t a = { .id = id, .title = title, .body = body, .line = (unsigned long)i };
        failed += morgue_db_put(db, &a, &outcome) != MORGUE_OK;
    }
    CHECK_INT(failed, 0);
    CHECK_INT(morgue_db_file_end(db, 1, v, 1, NULL), MORGUE_OK);
    CHECK_INT(morgue_db_commit(db), MORGUE_OK);
}

/* Total matches of query on db, or -1 (reported) on failure. */
static long long total_of(morgue_db_t *db, const char *query)
{
    morgue_search_options_t o;
    morgue_results_t *r = NULL;
    morgue_search_options_init(&o);
    o.limit = 0;
    morgue_status_t st = morgue_search(db, query, &o, &r);
    if (st != MORGUE_OK) {
        fprintf(stderr, "search '%s': %s\n", query, morgue_db_error(db));
        return -1;
    }
    long long t = (long long)morgue_results_total(r);
    morgue_results_free(r);
    return t;
}

/* The stable id of the one hit of query, into id[17]. */
static void id_of(morgue_db_t *db, const char *query, char id[17])
{
    morgue_search_options_t o;
    morgue_results_t *r = NULL;
    morgue_hit_t h;
    morgue_search_options_init(&o);
    id[0] = '\0';
    if (morgue_search(db, query, &o, &r) == MORGUE_OK && morgue_results_count(r) == 1 &&
        morgue_results_hit(r, 0, &h) == MORGUE_OK)
        snprintf(id, 17, "%s", h.id);
    morgue_results_free(r);
    CHECK_INT(strlen(id), 16);
}

static void test_reader_outlives_commits(const char *path)
{
    morgue_db_t *w = open_db(path, MORGUE_WRITE);
    put_edition(w, 1);
    char id[17];
    id_of(w, "word0123", id);
    /* The readers open revision 1 and read nothing more of it: their
     * first reads come after every block of it has been written over, as
     * each edition replaces every article. */
    morgue_db_t *r1 = open_db(path, MORGUE_READ), *r2 = open_db(path, MORGUE_READ);
    for (int v = 2; v <= COMMITS; v++)
        put_edition(w, v);

    morgue_doc_t *doc = NULL;
    morgue_status_t st = morgue_db_get(r1, id, &doc);
    if (st != MORGUE_OK)
        fprintf(stderr, "get on a stale reader: %s\n", morgue_db_error(r1));
    CHECK_INT(st, MORGUE_OK);
    if (doc != NULL) {
        const morgue_article_t *a = morgue_doc_article(doc);
        CHECK_STR(a->title, "Bulletin 123 edition v6");
        CHECK(a->body != NULL && strstr(a->body, "edition v6 of") != NULL);
    }
    morgue_doc_free(doc);
    CHECK_INT(total_of(r2, "\"edition v6\""), NARTICLES);
    CHECK_INT(total_of(r2, "\"edition v1\""), 0);
    morgue_db_close(r1);
    morgue_db_close(r2);
    CHECK_INT(morgue_db_close(w), MORGUE_OK);
}

/* Overwrite the blocks of the table file path after the first with bytes
 * that are no B-tree block. */
static int damage(const char *path)
{
    char junk[8192];
    memset(junk, 0x5A, sizeof junk);
    int fd = open(path, O_WRONLY);
    if (fd < 0)
        return -1;
    off_t size = lseek(fd, 0, SEEK_END);
    int rc = 0;
    for (off_t at = 0; at < size && rc == 0; at += (off_t)sizeof junk)
        rc = pwrite(fd, junk, sizeof junk, at) == (ssize_t)sizeof junk ? 0 : -1;
    close(fd);
    return rc;
}

static void test_real_damage(const char *path)
{
    char table[640];
    morgue_db_t *before = open_db(path, MORGUE_READ);
    snprintf(table, sizeof table, "%s/postlist.glass", path);
    CHECK_INT(damage(table), 0);

    morgue_db_t *db = NULL;
    char *err = NULL;
    morgue_status_t st = morgue_db_open(path, MORGUE_READ, 0, NULL, &db, &err);
    CHECK(st == MORGUE_INDEX_CORRUPT);
    CHECK(db == NULL);
    CHECK(err != NULL && strstr(err, path) != NULL && strstr(err, "damaged") != NULL);
    free(err);

    morgue_search_options_t o;
    morgue_results_t *r = NULL;
    morgue_search_options_init(&o);
    st = morgue_search(before, "harbour", &o, &r);
    CHECK(st == MORGUE_INDEX_CORRUPT);
    CHECK(r == NULL);
    morgue_db_close(before);
}

int main(void)
{
    const char *tmpdir = getenv("TMPDIR");
    char path[600];
    snprintf(root, sizeof root, "%s/morgue-stale.XXXXXX",
             tmpdir != NULL && *tmpdir != '\0' ? tmpdir : "/tmp");
    if (mkdtemp(root) == NULL) {
        perror("mkdtemp");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    snprintf(path, sizeof path, "%s/bulletins.db", root);
    test_reader_outlives_commits(path);
    test_real_damage(path);
    nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return check_report();
}
