/* open.c - a handle's life: opening an index for reading (one or several)
 * or writing, checking its schema version and gathering its stemming
 * languages, configuring a writer (morgue_db_set_threads, _get_threads,
 * _set_positions, _set_ids, _get_ids), and morgue_db_commit, _count, _close. Articles go in
 * through lib/put.c and lib/files.c; what the writer does is in
 * lib/writer.h. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>

#include "db.h"
#include "schema.h"
#include "shards.h"

#define DEFAULT_LANGUAGE "english"

static void set_error_out(char **error, const char *msg)
{
    if (error != NULL)
        *error = strdup(msg);
}

/* Whether the index of xb keeps word positions (META_POSITIONS); those
 * from before the key do. */
static morgue_status_t read_positions(xb_db_t *xb, int *positions, char *xerr)
{
    char *v = NULL;
    size_t len;
    morgue_status_t st = xb_metadata_get(xb, META_POSITIONS, &v, &len, xerr);
    if (st == MORGUE_OK)
        *positions = v == NULL || strcmp(v, "0") != 0;
    free(v);
    return st;
}

/* The schema version of the index of xb (malloc'd, NULL when it has none)
 * and how many documents it holds. */
static morgue_status_t read_version(xb_db_t *xb, char **version, uint64_t *docs, char *xerr)
{
    size_t len;
    *version = NULL;
    morgue_status_t st = xb_metadata_get(xb, META_SCHEMA, version, &len, xerr);
    if (st == MORGUE_OK)
        st = xb_doccount(xb, docs, xerr);
    if (st != MORGUE_OK) {
        free(*version);
        *version = NULL;
    }
    return st;
}

/* The schema-version check, for the index at path whose version and
 * document count read_version gave: MORGUE_OK when it is this morgue's, or
 * absent from an index that holds nothing yet (a new one); else
 * MORGUE_INDEX_VERSION with the message set. An index after the first of
 * several names a missing version "(none)". */
static morgue_status_t check_version(morgue_db_t *db, const char *path, const char *version,
                                     uint64_t docs, int later)
{
    if (version == NULL && docs > 0 && !later)
        return mg_db_fail(db, MORGUE_INDEX_VERSION,
                          "%s: not a morgue index (no schema version)", path);
    if ((version == NULL && docs > 0) || (version != NULL && atoi(version) != MORGUE_SCHEMA_VERSION))
        return mg_db_fail(db, MORGUE_INDEX_VERSION, "%s: index has schema version %s, this "
                          "morgue reads version %d", path, version ? version : "(none)",
                          MORGUE_SCHEMA_VERSION);
    return MORGUE_OK;
}

/* The scope of source ids of the index of xb (META_IDS); absent: global. */
static morgue_status_t read_ids(xb_db_t *xb, morgue_ids_t *ids, char *xerr)
{
    char *v = NULL;
    size_t len;
    morgue_status_t st = xb_metadata_get(xb, META_IDS, &v, &len, xerr);
    if (st == MORGUE_OK)
        *ids = v != NULL && strcmp(v, "per-file") == 0 ? MORGUE_IDS_PER_FILE
                                                       : MORGUE_IDS_GLOBAL;
    free(v);
    return st;
}

/* Read the schema version and languages; create them on a new index. */
static morgue_status_t check_schema(morgue_db_t *db, const char *language)
{
    char xerr[XB_ERRLEN], *v = NULL;
    size_t len;
    uint64_t docs;
    morgue_status_t st = read_version(db->xb, &v, &docs, xerr);
    if (st != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    if ((st = check_version(db, db->name, v, docs, 0)) != MORGUE_OK) {
        free(v);
        return st;
    }
    int fresh = v == NULL;
    free(v);
    if (fresh)
        db->positions = 0;   /* a new index leaves them out (docs/schema.md: why) */
    else if ((st = read_positions(db->xb, &db->positions, xerr)) != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    if ((st = read_ids(db->xb, &db->ids, xerr)) != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);

    char *stored = NULL, *langs = NULL;
    if ((st = xb_metadata_get(db->xb, META_LANGUAGE, &stored, &len, xerr)) != MORGUE_OK ||
        (st = xb_metadata_get(db->xb, META_LANGUAGES, &langs, &len, xerr)) != MORGUE_OK) {
        free(stored);
        return mg_db_xfail(db, st, xerr);
    }
    char pick[32];
    if (language != NULL) {
        if (mg_language_pick(language, pick, sizeof pick) == NULL) {
            free(stored);
            free(langs);
            return mg_db_fail(db, MORGUE_BAD_INPUT,
                              "unknown language '%s' (use a Snowball name such as "
                              "english or spanish, an ISO code such as en or es, or none)",
                              language);
        }
        db->language = strdup(pick);
        db->language_forced = 1;
    } else {
        db->language = strdup(stored != NULL ? stored : DEFAULT_LANGUAGE);
    }
    db->languages = langs != NULL ? langs : strdup("");
    if (db->language == NULL || db->languages == NULL) {
        free(stored);
        return mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    }
    if (fresh && db->writable) {
        char num[16];
        snprintf(num, sizeof num, "%d", MORGUE_SCHEMA_VERSION);
        st = xb_metadata_set(db->xb, META_SCHEMA, num, strlen(num), xerr);
        if (st == MORGUE_OK && stored == NULL)
            st = xb_metadata_set(db->xb, META_LANGUAGE, db->language,
                                 strlen(db->language), xerr);
        if (st == MORGUE_OK)
            st = xb_metadata_set(db->xb, META_POSITIONS, db->positions ? "1" : "0", 1, xerr);
        if (st == MORGUE_OK)
            st = xb_commit(db->xb, xerr);
        if (st != MORGUE_OK) {
            free(stored);
            return mg_db_xfail(db, st, xerr);
        }
    }
    free(stored);
    return MORGUE_OK;
}

/* Check the schema of the index at path and add its stemming languages to
 * db's list: Xapian reads metadata from the first of several databases
 * only, so each is opened alone for this. */
static morgue_status_t add_languages_of(morgue_db_t *db, const char *path)
{
    char xerr[XB_ERRLEN], *langs = NULL, *version = NULL;
    size_t len;
    uint64_t docs = 0;
    xb_db_t *one = NULL;
    int positions = 1;
    morgue_status_t st = xb_open_read(&path, 1, &one, xerr);
    if (st == MORGUE_OK)
        st = read_version(one, &version, &docs, xerr);
    if (st == MORGUE_OK)
        st = xb_metadata_get(one, META_LANGUAGES, &langs, &len, xerr);
    if (st == MORGUE_OK)
        st = read_positions(one, &positions, xerr);
    xb_close(one);
    if (st != MORGUE_OK) {
        free(version);
        free(langs);
        return mg_db_fail(db, st, "%s: %s", path, xerr);
    }
    st = check_version(db, path, version, docs, 1);
    free(version);
    if (st != MORGUE_OK) {
        free(langs);
        return st;
    }
    db->positions = db->positions && positions;   /* phrases are checked if any lacks them */
    char *save = NULL;
    for (char *tok = langs ? strtok_r(langs, ",", &save) : NULL; tok != NULL && st == MORGUE_OK;
         tok = strtok_r(NULL, ",", &save))
        st = mg_db_add_language(db, tok);
    free(langs);
    return st;
}

static morgue_db_t *db_alloc(const char *name)
{
    morgue_db_t *db = calloc(1, sizeof *db);
    if (db == NULL)
        return NULL;
    db->name = strdup(name);
    if (db->name == NULL) {
        free(db);
        return NULL;
    }
    db->writer = mg_writer_direct();
    return db;
}

static void db_free(morgue_db_t *db)
{
    if (db == NULL)
        return;
    db->writer->ops->free(db->writer);   /* a first build not merged: the index stays as it was */
    xb_close(db->xb);
    free(db->name);
    free(db->language);
    free(db->languages);
    free(db->file_path);
    free(db->replaced_path);
    idset_free(&db->seen);
    free(db);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Open for writing, retrying a held lock for up to wait seconds; the
 * pauses between tries sleep with the signal mask awake. */
static morgue_status_t open_write_tries(morgue_db_t *db, const char *path, double wait,
                                        const sigset_t *awake)
{
    char xerr[XB_ERRLEN];
    double deadline = now_seconds() + (wait > 0 ? wait : 0);
    /* Xapian would create the directory with mode 0755 whatever the umask:
     * create it first, so that the umask alone decides (002 gives 775). */
    if (mkdir(path, 0777) != 0) {
        if (errno != EEXIST)
            return mg_db_fail(db, MORGUE_IO_ERROR, "%s: cannot create the index "
                              "directory: %s", path, strerror(errno));
        /* A mistyped -d must not put an index among someone's files: an
         * existing directory is taken only empty, or as a creation left it. */
        char names[256];
        morgue_status_t st = xb_files_foreign(path, SHARDS_DIR, names, sizeof names, xerr);
        if (st != MORGUE_OK)
            return mg_db_fail(db, st, "%s: %s", path, xerr);
        if (names[0] != '\0')
            return mg_db_fail(db, MORGUE_NO_INDEX, "%s: not an index, and not empty (holds "
                              "%s): an index is created only in a new or empty directory",
                              path, names);
    }
    for (;;) {
        morgue_status_t st = mg_shards_recover(path, xerr);
        if (st != MORGUE_OK)
            return mg_db_fail(db, st, "%s: cannot finish an interrupted build: %s", path, xerr);
        /* A first open killed while Xapian created the tables leaves
         * empty ones without a version file, which no open gets past. */
        int cleared;
        st = xb_files_clear_unmade(path, &cleared, xerr);
        if (st != MORGUE_OK)
            return mg_db_fail(db, st, "%s: cannot remove an unfinished new index: %s", path,
                              xerr);
        if ((st = xb_files_check_version(path, xerr)) != MORGUE_OK)
            return mg_db_fail(db, st, "%s: index is damaged: %s", path, xerr);
        st = xb_open_write(path, &db->xb, xerr);
        if (st == MORGUE_OK) {
            mg_shards_clean(path);
            return MORGUE_OK;
        }
        if (st != MORGUE_INDEX_LOCKED)
            return mg_db_xfail(db, st, xerr);
        /* Xapian reports a lock it cannot take for want of permission as
         * held: that is no reason to wait, nor to exit as if locked. */
        int held;
        if (xb_files_locked(path, &held, xerr) == MORGUE_OK && !held &&
            xb_files_access(path, 1, xerr) != MORGUE_OK)
            return mg_db_fail(db, MORGUE_IO_ERROR, "%s: %s", path, xerr);
        if (now_seconds() >= deadline) {
            if (wait > 0)
                return mg_db_fail(db, st, "%s: index is locked by another writer "
                                  "(waited %.0f s)", path, wait);
            return mg_db_fail(db, st, "%s: index is locked by another writer "
                              "(use --wait SECONDS to wait for it)", path);
        }
        /* A signal ends the wait: the caller decides what it means. */
        struct timespec pause = { 0, 100 * 1000 * 1000 };
        if (pselect(0, NULL, NULL, NULL, &pause, awake) != 0 && errno == EINTR)
            return mg_db_fail(db, MORGUE_INTERRUPTED, "%s: interrupted while waiting for "
                              "the lock of another writer", path);
    }
}

/* Signals are held back while a try runs and let in only while it sleeps
 * (pselect), so that one that comes during a try still ends the wait
 * instead of being missed by a sleep that starts after it. */
static morgue_status_t open_write(morgue_db_t *db, const char *path, double wait)
{
    sigset_t all, awake;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &awake);
    morgue_status_t st = open_write_tries(db, path, wait, &awake);
    pthread_sigmask(SIG_SETMASK, &awake, NULL);
    return st;
}

morgue_status_t morgue_db_open(const char *path, morgue_open_mode_t mode,
                               double wait_seconds, const char *language,
                               morgue_db_t **out, char **error)
{
    if (out == NULL)
        return MORGUE_INVALID_ARGUMENT;
    *out = NULL;
    if (path == NULL) {
        set_error_out(error, "no index path given");
        return MORGUE_INVALID_ARGUMENT;
    }
    if (mode == MORGUE_READ)
        return morgue_db_open_many(&path, 1, language, out, error);
    morgue_db_t *db = db_alloc(path);
    if (db == NULL) {
        set_error_out(error, "out of memory");
        return MORGUE_NO_MEMORY;
    }
    db->writable = 1;
    morgue_status_t st = open_write(db, path, wait_seconds);
    if (st == MORGUE_OK)
        st = check_schema(db, language);
    if (st != MORGUE_OK) {
        set_error_out(error, db->err);
        db_free(db);
        return st;
    }
    *out = db;
    return MORGUE_OK;
}

/* What morgue_db_open_many opens. */
typedef struct open_many {
    const char *const *paths;   /* the index directories */
    size_t npaths;              /* how many (at least 1) */
    const char *language;       /* the caller's stemming language, or NULL */
} open_many_t;

/* One attempt of morgue_db_open_many, on a handle as db_alloc made it or
 * as a failed attempt left it: the message of a failure is set on db. */
/* MORGUE_INDEX_MODIFIED, with the message set, when one of the indexes is
 * having a first build moved into it (lib/shards.h). */
static morgue_status_t half_moved(morgue_db_t *db, const open_many_t *o)
{
    for (size_t i = 0; i < o->npaths; i++)
        if (mg_shards_publishing(o->paths[i]))
            return mg_db_fail(db, MORGUE_INDEX_MODIFIED, "%s: a first build is being moved "
                              "into the index, or was interrupted doing it (the next "
                              "morgue-index run finishes it): try again", o->paths[i]);
    return MORGUE_OK;
}

static morgue_status_t open_many_once(morgue_db_t *db, void *ctx, char *xerr)
{
    const open_many_t *o = ctx;
    /* Start afresh. */
    xb_close(db->xb);
    db->xb = NULL;
    free(db->language);
    free(db->languages);
    db->language = db->languages = NULL;
    db->language_forced = db->languages_dirty = db->positions = 0;
    db->err[0] = '\0';
    for (size_t i = 0; i < o->npaths; i++) {
        struct stat sb;
        if (stat(o->paths[i], &sb) != 0 || !S_ISDIR(sb.st_mode))
            return mg_db_fail(db, MORGUE_NO_INDEX,
                              "%s: no index there (create one with morgue-index)", o->paths[i]);
    }
    /* A first build half moved in is neither the old index nor the new
     * one: say so rather than answer from it (checked after opening too,
     * for a move that starts meanwhile). */
    if (half_moved(db, o) != MORGUE_OK)
        return MORGUE_INDEX_MODIFIED;
    /* Xapian crashes on some damaged version files: see xbind.h. */
    for (size_t i = 0; i < o->npaths; i++)
        if (xb_files_check_version(o->paths[i], xerr) != MORGUE_OK)
            return mg_db_fail(db, MORGUE_INDEX_CORRUPT, "%s: index is damaged: %s",
                              o->paths[i], xerr);
    morgue_status_t st = xb_open_read(o->paths, o->npaths, &db->xb, xerr);
    /* Xapian says "no index there" of one it may not read. */
    for (size_t i = 0; st == MORGUE_NO_INDEX && i < o->npaths; i++)
        if (xb_files_access(o->paths[i], 0, xerr) != MORGUE_OK)
            return mg_db_fail(db, MORGUE_IO_ERROR, "%s: %s", o->paths[i], xerr);
    if (st != MORGUE_OK) {
        mg_db_xfail(db, st, xerr);
        /* Name the index that failed when there are several. */
        for (size_t i = 0; o->npaths > 1 && i < o->npaths; i++) {
            xb_db_t *one;
            if (xb_open_read(&o->paths[i], 1, &one, xerr) != MORGUE_OK) {
                mg_db_fail(db, st, "%s: %s", o->paths[i], xerr);
                break;
            }
            xb_close(one);
        }
    }
    if (st == MORGUE_OK)
        st = half_moved(db, o);
    if (st == MORGUE_OK)
        st = check_schema(db, o->language);
    for (size_t i = 1; st == MORGUE_OK && i < o->npaths; i++)
        st = add_languages_of(db, o->paths[i]);
    if (st != MORGUE_OK) {
        xb_close(db->xb);   /* the next attempt opens it anew */
        db->xb = NULL;
    }
    return st;
}

/* Opening reads the latest revision's root blocks; a writer that commits
 * meanwhile can overwrite them (see mg_db_stale): then open again. */
morgue_status_t morgue_db_open_many(const char *const *paths, size_t npaths,
                                    const char *language, morgue_db_t **out,
                                    char **error)
{
    char xerr[XB_ERRLEN];
    if (out == NULL)
        return MORGUE_INVALID_ARGUMENT;
    *out = NULL;
    if (paths == NULL || npaths == 0) {
        set_error_out(error, "no index path given");
        return MORGUE_INVALID_ARGUMENT;
    }
    morgue_db_t *db = db_alloc(paths[0]);
    if (db == NULL) {
        set_error_out(error, "out of memory");
        return MORGUE_NO_MEMORY;
    }
    open_many_t o = { paths, npaths, language };
    morgue_status_t st = mg_db_retry(db, open_many_once, &o, xerr);
    if (st != MORGUE_OK) {
        set_error_out(error, db->err);
        db_free(db);
        return st;
    }
    *out = db;
    return MORGUE_OK;
}

morgue_status_t morgue_db_set_threads(morgue_db_t *db, unsigned threads)
{
    char xerr[XB_ERRLEN];
    uint64_t docs;
    if (db == NULL || !db->writable || threads == 0)
        return MORGUE_INVALID_ARGUMENT;
    morgue_status_t st = mg_db_usable(db);
    if (st != MORGUE_OK || threads < 2 || db->writer->ops->threads(db->writer) > 1 ||
        db->put_any)
        return st;
    if ((st = xb_doccount(db->xb, &docs, xerr)) != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    if (docs > 0)
        return MORGUE_OK;   /* updates go through one writer: see morgue.h */
    mg_writer_t *w;
    if ((st = mg_writer_sharded_start(db, threads, &w)) != MORGUE_OK)
        return st;
    db->writer = w;   /* the direct writer needs no freeing */
    return MORGUE_OK;
}

/* What morgue_db_set_threads decided: the writer says how many threads
 * write, so that the tools need not work it out again. */
morgue_status_t morgue_db_get_threads(const morgue_db_t *db, unsigned *threads)
{
    if (db == NULL || threads == NULL || !db->writable)
        return MORGUE_INVALID_ARGUMENT;
    *threads = db->writer->ops->threads(db->writer);
    return MORGUE_OK;
}

morgue_status_t morgue_db_set_positions(morgue_db_t *db, int positions)
{
    char xerr[XB_ERRLEN];
    uint64_t docs;
    if (db == NULL || !db->writable)
        return MORGUE_INVALID_ARGUMENT;
    positions = positions != 0;
    morgue_status_t st = mg_db_usable(db);
    if (st != MORGUE_OK || positions == db->positions)
        return st;
    if (db->writer->ops->threads(db->writer) > 1)
        return mg_db_fail(db, MORGUE_INVALID_ARGUMENT, "%s: positions are set before "
                          "threads", db->name);
    if ((st = xb_doccount(db->xb, &docs, xerr)) != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    if (docs > 0 || db->put_any)
        return mg_db_fail(db, MORGUE_BAD_INPUT, "%s: the index was built %s word positions; "
                          "rebuild it into a new index to change that", db->name,
                          db->positions ? "with" : "without");
    if ((st = xb_metadata_set(db->xb, META_POSITIONS, positions ? "1" : "0", 1, xerr)) !=
        MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    db->positions = positions;
    return MORGUE_OK;
}

morgue_status_t morgue_db_set_ids(morgue_db_t *db, morgue_ids_t ids)
{
    char xerr[XB_ERRLEN];
    uint64_t docs;
    if (db == NULL || !db->writable || (ids != MORGUE_IDS_GLOBAL && ids != MORGUE_IDS_PER_FILE))
        return MORGUE_INVALID_ARGUMENT;
    morgue_status_t st = mg_db_usable(db);
    if (st != MORGUE_OK || ids == db->ids)
        return st;
    if ((st = xb_doccount(db->xb, &docs, xerr)) != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    /* A first build in shards has written nothing to db->xb yet: put_any
     * covers it. */
    if (docs > 0 || db->put_any)
        return mg_db_fail(db, MORGUE_BAD_INPUT, "%s: the index identifies articles by %s; "
                          "rebuild it into a new index to change that", db->name,
                          db->ids == MORGUE_IDS_PER_FILE ? "their file and source id "
                          "(--ids per-file)" : "their source id alone (--ids global)");
    /* Written now, on the index itself: a first build in shards copies the
     * index's metadata into the merged database (lib/shards.c). */
    const char *v = ids == MORGUE_IDS_PER_FILE ? "per-file" : "global";
    if ((st = xb_metadata_set(db->xb, META_IDS, v, strlen(v), xerr)) != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    db->ids = ids;
    return MORGUE_OK;
}

morgue_status_t morgue_db_get_ids(const morgue_db_t *db, morgue_ids_t *ids)
{
    if (db == NULL || ids == NULL)
        return MORGUE_INVALID_ARGUMENT;
    *ids = db->ids;
    return MORGUE_OK;
}

morgue_status_t morgue_db_commit(morgue_db_t *db)
{
    morgue_status_t st;
    if (db == NULL || !db->writable)
        return MORGUE_INVALID_ARGUMENT;
    if ((st = mg_db_usable(db)) != MORGUE_OK)
        return st;
    return db->writer->ops->commit(db->writer, db);
}

int morgue_db_commit_due(const morgue_db_t *db)
{
    /* Only the direct writer counts: a sharded build never asks. */
    return db != NULL && db->writable && db->pending_words > MORGUE_PENDING_WORDS;
}

morgue_status_t morgue_db_close(morgue_db_t *db)
{
    morgue_status_t st = MORGUE_OK;
    if (db == NULL)
        return MORGUE_OK;
    if (db->writable)
        st = morgue_db_commit(db);
    db_free(db);
    return st;
}

morgue_status_t morgue_db_count(morgue_db_t *db, uint64_t *count)
{
    char xerr[XB_ERRLEN];
    if (db == NULL || count == NULL)
        return MORGUE_INVALID_ARGUMENT;
    morgue_status_t st = mg_db_usable(db);
    if (st == MORGUE_OK)
        st = mg_db_settle(db);
    if (st != MORGUE_OK)
        return st;
    st = xb_doccount(db->xb, count, xerr);
    unsigned others = db->writer->ops->others(db->writer, 0);
    for (unsigned i = 0; st == MORGUE_OK && i < others; i++) {
        uint64_t more;
        st = xb_doccount(db->writer->ops->other(db->writer, i), &more, xerr);
        *count += more;
    }
    return st == MORGUE_OK ? MORGUE_OK : mg_db_xfail(db, st, xerr);
}
