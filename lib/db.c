/* db.c - opening and closing indexes, and keeping them in step with the
 * files they were made from: morgue_db_open*, _commit, _close, _count,
 * _put, _file_*, _prune, _get. Searching is in lib/search.c. The document
 * an article becomes is decided in lib/docbuild.c. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "db.h"
#include "hash.h"
#include "record.h"
#include "schema.h"

#define DEFAULT_LANGUAGE "english"

struct morgue_doc {
    mg_record_t *record;
};

morgue_status_t mg_db_fail(morgue_db_t *db, morgue_status_t status,
                           const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(db->err, sizeof db->err, fmt, ap);
    va_end(ap);
    return status;
}

morgue_status_t mg_db_xfail(morgue_db_t *db, morgue_status_t status,
                            const char *xerr)
{
    return mg_db_fail(db, status, "%s: %s", db->name, xerr);
}

const char *morgue_db_error(const morgue_db_t *db)
{
    return db != NULL ? db->err : "no index handle";
}

int mg_db_stale(const morgue_db_t *db, morgue_status_t status)
{
    return status == MORGUE_INDEX_MODIFIED || (status == MORGUE_INDEX_CORRUPT && !db->writable);
}

const char *mg_language_pick(const char *language, char *out, size_t outsize)
{
    char code[32];
    size_t n = 0;
    if (language == NULL)
        return NULL;
    /* "es-ES", "en_GB" -> "es", "en"; names are kept whole. */
    while (language[n] != '\0' && language[n] != '-' && language[n] != '_' &&
           n + 1 < sizeof code) {
        char c = language[n];
        code[n] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        n++;
    }
    code[n] = '\0';
    if (n == 0 || !xb_language_name(code, out, outsize))
        return NULL;
    return out;
}

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

/* Read the schema version and languages; create them on a new index. */
static morgue_status_t check_schema(morgue_db_t *db, const char *language)
{
    char xerr[XB_ERRLEN], *v = NULL;
    size_t len;
    uint64_t docs;
    morgue_status_t st = xb_metadata_get(db->xb, META_SCHEMA, &v, &len, xerr);
    if (st == MORGUE_OK)
        st = xb_doccount(db->xb, &docs, xerr);
    if (st != MORGUE_OK) {
        free(v);
        return mg_db_xfail(db, st, xerr);
    }
    if (v == NULL && docs > 0)
        return mg_db_fail(db, MORGUE_INDEX_VERSION,
                          "%s: not a morgue index (no schema version)", db->name);
    if (v != NULL && atoi(v) != MORGUE_SCHEMA_VERSION) {
        st = mg_db_fail(db, MORGUE_INDEX_VERSION,
                        "%s: index has schema version %s, this morgue reads version %d",
                        db->name, v, MORGUE_SCHEMA_VERSION);
        free(v);
        return st;
    }
    int fresh = v == NULL;
    free(v);
    if (fresh)
        db->positions = 0;   /* a new index leaves them out (docs/schema.md: why) */
    else if ((st = read_positions(db->xb, &db->positions, xerr)) != MORGUE_OK)
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
    return db;
}

static void db_free(morgue_db_t *db)
{
    if (db == NULL)
        return;
    mg_shards_abandon(db->shards);   /* not merged: the index stays as it was */
    idset_free(&db->shard_ids);
    idset_free(&db->shard_files);
    xb_close(db->xb);
    free(db->name);
    free(db->language);
    free(db->languages);
    free(db->file_path);
    idset_free(&db->seen);
    free(db);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Open for writing, retrying a held lock for up to wait seconds. */
static morgue_status_t open_write(morgue_db_t *db, const char *path, double wait)
{
    char xerr[XB_ERRLEN];
    double deadline = now_seconds() + (wait > 0 ? wait : 0);
    /* Xapian would create the directory with mode 0755 whatever the umask:
     * create it first, so that the umask alone decides (002 gives 775). */
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return mg_db_fail(db, MORGUE_IO_ERROR, "%s: cannot create the index directory: %s",
                          path, strerror(errno));
    for (;;) {
        morgue_status_t st = mg_shards_recover(path, xerr);
        if (st != MORGUE_OK)
            return mg_db_fail(db, st, "%s: cannot finish an interrupted build: %s", path, xerr);
        st = xb_open_write(path, &db->xb, xerr);
        if (st == MORGUE_OK) {
            mg_shards_clean(path);
            return MORGUE_OK;
        }
        if (st != MORGUE_INDEX_LOCKED)
            return mg_db_xfail(db, st, xerr);
        if (now_seconds() >= deadline) {
            if (wait > 0)
                return mg_db_fail(db, st, "%s: index is locked by another writer "
                                  "(waited %.0f s)", path, wait);
            return mg_db_fail(db, st, "%s: index is locked by another writer "
                              "(use --wait SECONDS to wait for it)", path);
        }
        struct timespec pause = { 0, 100 * 1000 * 1000 };
        nanosleep(&pause, NULL);
    }
}

static morgue_status_t note_language(morgue_db_t *db, const char *language);

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
        st = xb_metadata_get(one, META_SCHEMA, &version, &len, xerr);
    if (st == MORGUE_OK)
        st = xb_doccount(one, &docs, xerr);
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
    if ((version == NULL && docs > 0) || (version != NULL && atoi(version) != MORGUE_SCHEMA_VERSION)) {
        st = mg_db_fail(db, MORGUE_INDEX_VERSION, "%s: index has schema version %s, this "
                        "morgue reads version %d", path, version ? version : "(none)",
                        MORGUE_SCHEMA_VERSION);
        free(version);
        free(langs);
        return st;
    }
    free(version);
    db->positions = db->positions && positions;   /* phrases are checked if any lacks them */
    char *save = NULL;
    for (char *tok = langs ? strtok_r(langs, ",", &save) : NULL; tok != NULL && st == MORGUE_OK;
         tok = strtok_r(NULL, ",", &save))
        st = note_language(db, tok);
    free(langs);
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

/* One attempt of morgue_db_open_many. */
static morgue_status_t open_many_once(const char *const *paths, size_t npaths,
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
    for (size_t i = 0; i < npaths; i++) {
        struct stat sb;
        if (stat(paths[i], &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            char msg[DB_ERRLEN];
            snprintf(msg, sizeof msg, "%s: no index there (create one with morgue-index)",
                     paths[i]);
            set_error_out(error, msg);
            return MORGUE_NO_INDEX;
        }
    }
    morgue_db_t *db = db_alloc(paths[0]);
    if (db == NULL) {
        set_error_out(error, "out of memory");
        return MORGUE_NO_MEMORY;
    }
    morgue_status_t st = xb_open_read(paths, npaths, &db->xb, xerr);
    if (st != MORGUE_OK) {
        mg_db_xfail(db, st, xerr);
        /* Name the index that failed when there are several. */
        for (size_t i = 0; npaths > 1 && i < npaths; i++) {
            xb_db_t *one;
            if (xb_open_read(&paths[i], 1, &one, xerr) != MORGUE_OK) {
                mg_db_fail(db, st, "%s: %s", paths[i], xerr);
                break;
            }
            xb_close(one);
        }
    }
    if (st == MORGUE_OK)
        st = check_schema(db, language);
    for (size_t i = 1; st == MORGUE_OK && i < npaths; i++)
        st = add_languages_of(db, paths[i]);
    if (st != MORGUE_OK) {
        set_error_out(error, db->err);
        db_free(db);
        return st;
    }
    *out = db;
    return MORGUE_OK;
}

/* Opening reads the latest revision's root blocks; a writer that commits
 * meanwhile can overwrite them (see mg_db_stale): then open again. */
morgue_status_t morgue_db_open_many(const char *const *paths, size_t npaths,
                                    const char *language, morgue_db_t **out,
                                    char **error)
{
    morgue_status_t st = open_many_once(paths, npaths, language, out, error);
    for (int i = 0; i < MG_READ_RETRIES &&
                    (st == MORGUE_INDEX_MODIFIED || st == MORGUE_INDEX_CORRUPT); i++) {
        if (error != NULL) {
            free(*error);
            *error = NULL;
        }
        st = open_many_once(paths, npaths, language, out, error);
    }
    return st;
}

morgue_status_t mg_db_usable(morgue_db_t *db)
{
    if (db->xb != NULL)
        return MORGUE_OK;
    return mg_db_fail(db, MORGUE_IO_ERROR, "%s: the index could not be opened again after "
                      "its first build was merged into it; open it anew", db->name);
}

morgue_status_t morgue_db_set_threads(morgue_db_t *db, unsigned threads)
{
    char xerr[XB_ERRLEN];
    uint64_t docs;
    if (db == NULL || !db->writable || threads == 0)
        return MORGUE_INVALID_ARGUMENT;
    morgue_status_t st = mg_db_usable(db);
    if (st != MORGUE_OK || threads < 2 || db->shards != NULL || db->put_any)
        return st;
    if ((st = xb_doccount(db->xb, &docs, xerr)) != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    if (docs > 0)
        return MORGUE_OK;   /* updates go through one writer: see morgue.h */
    /* The index keeps every change of this run in memory until the merge,
     * so that a run killed before it leaves the index as it was. */
    if ((st = xb_commit(db->xb, xerr)) != MORGUE_OK ||
        (st = xb_hold_changes(db->xb, xerr)) != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    if ((st = mg_shards_start(db->name, threads, db->positions, &db->shards, xerr)) !=
        MORGUE_OK) {
        xb_cancel(db->xb, xerr);
        return mg_db_fail(db, st, "%s: %s", db->name, xerr);
    }
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
    if (db->shards != NULL)
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

morgue_status_t mg_db_settle(morgue_db_t *db)
{
    char xerr[XB_ERRLEN];
    if (db->shards == NULL)
        return MORGUE_OK;
    morgue_status_t st = mg_shards_settle(db->shards, xerr);
    return st == MORGUE_OK ? MORGUE_OK : mg_db_xfail(db, st, xerr);
}

/* Merge the shards of a first build into the index and open it again. */
static morgue_status_t merge_shards(morgue_db_t *db)
{
    char xerr[XB_ERRLEN];
    morgue_status_t st = mg_shards_merge(db->shards, &db->xb, db->languages, xerr);
    db->shards = NULL;
    idset_free(&db->shard_ids);
    idset_free(&db->shard_files);
    if (st != MORGUE_OK)
        mg_db_fail(db, st, "%s: merging the first build: %s", db->name, xerr);
    /* Whatever the merge did, the index is whole: open it again. */
    morgue_status_t again = xb_open_write(db->name, &db->xb, xerr);
    if (again != MORGUE_OK && st == MORGUE_OK)
        st = mg_db_xfail(db, again, xerr);
    db->languages_dirty = st != MORGUE_OK;
    return st;
}

morgue_status_t morgue_db_commit(morgue_db_t *db)
{
    char xerr[XB_ERRLEN];
    morgue_status_t st;
    if (db == NULL || !db->writable)
        return MORGUE_INVALID_ARGUMENT;
    if ((st = mg_db_usable(db)) != MORGUE_OK)
        return st;
    if (db->shards != NULL)
        return merge_shards(db);
    if (db->languages_dirty) {
        st = xb_metadata_set(db->xb, META_LANGUAGES, db->languages,
                             strlen(db->languages), xerr);
        if (st != MORGUE_OK)
            return mg_db_xfail(db, st, xerr);
        db->languages_dirty = 0;
    }
    st = xb_commit(db->xb, xerr);
    if (st != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    return MORGUE_OK;
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
    for (unsigned i = 0; st == MORGUE_OK && db->shards && i < mg_shards_count(db->shards); i++) {
        uint64_t more;
        st = xb_doccount(mg_shards_at(db->shards, i), &more, xerr);
        *count += more;
    }
    return st == MORGUE_OK ? MORGUE_OK : mg_db_xfail(db, st, xerr);
}

/* ------------------------------------------------------------------ */
/* Articles                                                            */

/* The identity of an article: its id, else its url, else path and line. */
static uint64_t identity(const morgue_article_t *a, const char *path)
{
    if (a->id != NULL && *a->id != '\0')
        return mg_hash(a->id, strlen(a->id), mg_hash("id", 3, MG_HASH_SEED));
    if (a->url != NULL && *a->url != '\0')
        return mg_hash(a->url, strlen(a->url), mg_hash("url", 4, MG_HASH_SEED));
    char line[32];
    snprintf(line, sizeof line, ":%lu", a->line);
    uint64_t h = mg_hash(path, strlen(path), mg_hash("path", 5, MG_HASH_SEED));
    return mg_hash(line, strlen(line), h);
}

/* The first document indexed by term, or 0. */
static int first_doc(void *ctx, unsigned docid)
{
    *(unsigned *)ctx = docid;
    return 1;
}

/* The document of an id and its content fingerprint, read in the callback
 * of xb_term_docs. */
typedef struct stored_print {
    morgue_db_t *db;
    xb_db_t *xb;             /* where to look */
    unsigned docid;          /* 0: none */
    char *print;             /* its fingerprint value (malloc'd) */
    size_t len;
    morgue_status_t status;
} stored_print_t;

static int stored_print(void *ctx, unsigned docid)
{
    char xerr[XB_ERRLEN];
    stored_print_t *p = ctx;
    p->docid = docid;
    p->status = xb_doc_value(p->xb, docid, SLOT_FINGERPRINT, &p->print, &p->len, xerr);
    if (p->status != MORGUE_OK)
        mg_db_xfail(p->db, p->status, xerr);
    return 1;
}

static int date_is_valid(const char *date)
{
    char check[11];
    return strlen(date) == 10 && morgue_date_parse(date, check) == MORGUE_OK &&
           strcmp(check, date) == 0;
}

/* Add language to the index's list of stemming languages. */
static morgue_status_t note_language(morgue_db_t *db, const char *language)
{
    size_t n = strlen(language);
    for (const char *p = db->languages; *p != '\0';) {
        size_t len = strcspn(p, ",");
        if (len == n && strncmp(p, language, n) == 0)
            return MORGUE_OK;
        p += len + (p[len] == ',');
    }
    size_t old = strlen(db->languages);
    char *grown = realloc(db->languages, old + n + 2);
    if (grown == NULL)
        return mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    snprintf(grown + old, n + 2, "%s%s", old ? "," : "", language);
    db->languages = grown;
    db->languages_dirty = 1;
    return MORGUE_OK;
}

/* Write the article as the document of its id: here, or through its shard
 * in a first build. */
static morgue_status_t write_article(morgue_db_t *db, const morgue_article_t *a,
                                     uint64_t id, const char *sid, const char *raw,
                                     size_t raw_len, const char *fingerprint)
{
    char xerr[XB_ERRLEN], lang[32], term[32];
    const char *stemmer = mg_language_pick(a->language, lang, sizeof lang);
    if (stemmer == NULL)
        stemmer = db->language;
    morgue_status_t st = note_language(db, stemmer);
    if (st != MORGUE_OK)
        return st;
    if (db->shards != NULL) {
        st = mg_shards_put(db->shards, id, sid, raw, raw_len, fingerprint, db->file_key,
                           stemmer, xerr);
        if (st != MORGUE_OK)
            return mg_db_xfail(db, st, xerr);
        return idset_add(&db->shard_ids, id) < 0
                   ? mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory") : MORGUE_OK;
    }
    char *stored;
    size_t stored_len;
    if (mg_record_seal(raw, raw_len, &stored, &stored_len) != 0)
        return mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    xb_doc_t *doc = NULL;
    st = mg_doc_build(a, sid, stored, stored_len, fingerprint, db->file_key,
                      stemmer, db->positions, &doc, xerr);
    free(stored);
    if (st != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    snprintf(term, sizeof term, PFX_ID "%s", sid);
    st = xb_replace(db->xb, term, doc, xerr);
    xb_doc_free(doc);
    return st == MORGUE_OK ? MORGUE_OK : mg_db_xfail(db, st, xerr);
}

/* Where the document of id would be, or NULL when it cannot be anywhere
 * (a first build that has not put it). */
static xb_db_t *home_of(morgue_db_t *db, uint64_t id)
{
    if (db->shards == NULL)
        return db->xb;
    if (!idset_has(&db->shard_ids, id))
        return NULL;
    return mg_shards_of(db->shards, id);
}

morgue_status_t morgue_db_put(morgue_db_t *db, const morgue_article_t *article,
                              morgue_outcome_t *outcome)
{
    char xerr[XB_ERRLEN], sid[17], fingerprint[17], term[32];
    if (db == NULL || article == NULL || outcome == NULL)
        return MORGUE_INVALID_ARGUMENT;
    if (!db->writable)
        return mg_db_fail(db, MORGUE_INVALID_ARGUMENT, "%s: index is open read-only", db->name);
    if (!db->in_file)
        return mg_db_fail(db, MORGUE_INVALID_ARGUMENT, "%s: no file begun", db->name);
    if ((article->body == NULL || *article->body == '\0') &&
        (article->title == NULL || *article->title == '\0'))
        return mg_db_fail(db, MORGUE_INVALID_ARGUMENT, "article has no title or body");
    if (article->date != NULL && !date_is_valid(article->date))
        return mg_db_fail(db, MORGUE_BAD_INPUT, "date '%s' is not YYYY-MM-DD", article->date);
    morgue_status_t st = mg_db_usable(db);
    if (st != MORGUE_OK)
        return st;

    morgue_article_t a = *article;
    if (a.path == NULL)
        a.path = db->file_path;
    uint64_t id = identity(&a, a.path);
    mg_hash_hex(id, sid);
    int added = idset_add(&db->seen, id);
    if (added < 0)
        return mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    if (added == 0) {
        *outcome = MORGUE_DUPLICATE;
        return MORGUE_OK;
    }
    db->put_any = 1;

    char *raw;
    size_t raw_len;
    if (mg_record_serialize(&a, sid, &raw, &raw_len) != 0)
        return mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    mg_hash_hex(mg_hash(raw, raw_len, MG_HASH_SEED), fingerprint);

    /* The version already stored, if any. In a first build only an id put
     * earlier in the run (from another file) can have one: rare, so its
     * shard is waited for. */
    xb_db_t *home = home_of(db, id);
    stored_print_t old = { db, home, 0, NULL, 0, MORGUE_OK };
    snprintf(term, sizeof term, PFX_ID "%s", sid);
    if (home != NULL && db->shards != NULL && (st = mg_db_settle(db)) != MORGUE_OK) {
        free(raw);
        return st;
    }
    if (home != NULL && (st = xb_term_docs(home, term, stored_print, &old, xerr)) != MORGUE_OK) {
        free(raw);
        return mg_db_xfail(db, st, xerr);
    }
    if (old.status != MORGUE_OK) {
        free(raw);
        return old.status;
    }
    unsigned docid = old.docid;
    int same = old.len == 16 && memcmp(old.print, fingerprint, 16) == 0;
    free(old.print);
    if (!same)
        st = write_article(db, &a, id, sid, raw, raw_len, fingerprint);
    free(raw);
    if (st != MORGUE_OK)
        return st;
    *outcome = same ? MORGUE_UNCHANGED : docid != 0 ? MORGUE_UPDATED : MORGUE_ADDED;
    return MORGUE_OK;
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

typedef struct file_record {
    int64_t size, mtime;
    int clean;
    uint64_t count;
    const char *path;   /* points into the metadata value */
} file_record_t;

static int parse_file_record(char *value, file_record_t *r)
{
    int clean;
    unsigned long long count;
    long long size, mtime;
    char *nl = value != NULL ? strchr(value, '\n') : NULL;
    if (nl == NULL || sscanf(value, "%lld %lld %d %llu", &size, &mtime, &clean, &count) != 4)
        return -1;
    r->size = size;
    r->mtime = mtime;
    r->clean = clean;
    r->count = count;
    r->path = nl + 1;
    return 0;
}

static void file_key(const char *path, char key[17])
{
    mg_hash_hex(mg_hash(path, strlen(path), MG_HASH_SEED), key);
}

morgue_status_t morgue_db_file_state(morgue_db_t *db, const char *path,
                                     int64_t size, int64_t mtime_ns,
                                     morgue_file_state_t *state,
                                     uint64_t *articles)
{
    char xerr[XB_ERRLEN], key[17], meta[32], *value;
    size_t len;
    if (db == NULL || path == NULL || state == NULL)
        return MORGUE_INVALID_ARGUMENT;
    morgue_status_t st = mg_db_usable(db);
    if (st != MORGUE_OK)
        return st;
    file_key(path, key);
    snprintf(meta, sizeof meta, META_FILE "%s", key);
    st = xb_metadata_get(db->xb, meta, &value, &len, xerr);
    if (st != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    file_record_t r;
    if (value == NULL || parse_file_record(value, &r) != 0 || strcmp(r.path, path) != 0) {
        *state = MORGUE_FILE_NEW;
        if (articles != NULL)
            *articles = 0;
    } else {
        *state = (r.clean && r.size == size && r.mtime == mtime_ns)
                     ? MORGUE_FILE_UNCHANGED : MORGUE_FILE_CHANGED;
        if (articles != NULL)
            *articles = r.count;
    }
    free(value);
    return MORGUE_OK;
}

morgue_status_t morgue_db_file_begin(morgue_db_t *db, const char *path)
{
    if (db == NULL || path == NULL)
        return MORGUE_INVALID_ARGUMENT;
    if (!db->writable)
        return mg_db_fail(db, MORGUE_INVALID_ARGUMENT, "%s: index is open read-only", db->name);
    if (mg_db_usable(db) != MORGUE_OK)
        return MORGUE_IO_ERROR;
    char *copy = strdup(path);
    if (copy == NULL)
        return mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    free(db->file_path);
    db->file_path = copy;
    file_key(path, db->file_key);
    idset_clear(&db->seen);
    db->in_file = 1;
    if (db->shards != NULL) {
        /* A file read twice in a first build: its articles left out the
         * second time must go from the shards (morgue_db_file_end). */
        int added = idset_add(&db->shard_files, mg_hash(path, strlen(path), MG_HASH_SEED));
        if (added < 0)
            return mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
        db->file_again = added == 0;
    }
    return MORGUE_OK;
}

typedef struct stale_ctx {
    morgue_db_t *db;
    xb_db_t *xb;           /* the database deleted from */
    const idset_t *keep;   /* ids to keep; NULL deletes every document */
    uint64_t removed;
    morgue_status_t status;
    char xerr[XB_ERRLEN];
} stale_ctx_t;

static int delete_if_stale(void *ctx, unsigned docid)
{
    stale_ctx_t *c = ctx;
    if (c->keep != NULL) {
        char *sid;
        size_t len;
        uint64_t id;
        c->status = xb_doc_value(c->xb, docid, SLOT_SID, &sid, &len, c->xerr);
        if (c->status != MORGUE_OK)
            return 1;
        int known = mg_hash_parse(sid, &id) == 0;
        free(sid);
        if (known && idset_has(c->keep, id))
            return 0;
    }
    c->status = xb_delete(c->xb, docid, c->xerr);
    if (c->status != MORGUE_OK)
        return 1;
    c->removed++;
    return 0;
}

/* Delete the documents of file key that are not in keep (NULL: all), from
 * the index, and in a first build from the shards too when in_shards is
 * set (the shards can hold the file's articles only if it was read
 * before in this run). */
static morgue_status_t delete_file_docs(morgue_db_t *db, const char *key,
                                        const idset_t *keep, int in_shards,
                                        uint64_t *removed)
{
    char term[32];
    stale_ctx_t c = { db, db->xb, keep, 0, MORGUE_OK, "" };
    snprintf(term, sizeof term, PFX_FILE "%s", key);
    morgue_status_t st = xb_term_docs(db->xb, term, delete_if_stale, &c, c.xerr);
    if (st == MORGUE_OK)
        st = c.status;
    if (st == MORGUE_OK && db->shards != NULL && in_shards) {
        if ((st = mg_db_settle(db)) != MORGUE_OK)
            return st;
        for (unsigned i = 0; st == MORGUE_OK && i < mg_shards_count(db->shards); i++) {
            c.xb = mg_shards_at(db->shards, i);
            st = xb_term_docs(c.xb, term, delete_if_stale, &c, c.xerr);
            if (st == MORGUE_OK)
                st = c.status;
        }
    }
    *removed += c.removed;
    return st == MORGUE_OK ? MORGUE_OK : mg_db_xfail(db, st, c.xerr);
}

morgue_status_t morgue_db_file_end(morgue_db_t *db, int64_t size,
                                   int64_t mtime_ns, int clean,
                                   uint64_t *removed)
{
    char xerr[XB_ERRLEN], meta[32];
    uint64_t gone = 0;
    if (db == NULL || !db->in_file)
        return MORGUE_INVALID_ARGUMENT;
    db->in_file = 0;
    morgue_status_t st = mg_db_usable(db);
    if (st != MORGUE_OK)
        return st;
    if (clean)
        st = delete_file_docs(db, db->file_key, &db->seen, db->file_again, &gone);
    if (removed != NULL)
        *removed = gone;
    if (st != MORGUE_OK)
        return st;
    size_t len = strlen(db->file_path) + 96;
    char *value = malloc(len);
    if (value == NULL)
        return mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    snprintf(value, len, "%lld %lld %d %zu\n%s", (long long)size,
             (long long)mtime_ns, clean ? 1 : 0, idset_count(&db->seen), db->file_path);
    snprintf(meta, sizeof meta, META_FILE "%s", db->file_key);
    st = xb_metadata_set(db->xb, meta, value, strlen(value), xerr);
    free(value);
    return st == MORGUE_OK ? MORGUE_OK : mg_db_xfail(db, st, xerr);
}

typedef struct prune_ctx {
    morgue_db_t *db;
    uint64_t articles, files;
    morgue_status_t status;
} prune_ctx_t;

static int prune_one(void *ctx, const char *key)
{
    prune_ctx_t *c = ctx;
    char xerr[XB_ERRLEN], *value;
    size_t len;
    file_record_t r;
    struct stat sb;
    c->status = xb_metadata_get(c->db->xb, key, &value, &len, xerr);
    if (c->status != MORGUE_OK) {
        mg_db_xfail(c->db, c->status, xerr);
        return 1;
    }
    if (value == NULL || parse_file_record(value, &r) != 0 ||
        lstat(r.path, &sb) == 0 || (errno != ENOENT && errno != ENOTDIR)) {
        free(value);
        return 0;
    }
    free(value);
    c->status = delete_file_docs(c->db, key + strlen(META_FILE), NULL, 1, &c->articles);
    if (c->status == MORGUE_OK)
        c->status = xb_metadata_set(c->db->xb, key, "", 0, xerr);
    if (c->status != MORGUE_OK)
        return 1;
    c->files++;
    return 0;
}

morgue_status_t morgue_db_prune(morgue_db_t *db, uint64_t *removed_articles,
                                uint64_t *removed_files)
{
    char xerr[XB_ERRLEN];
    if (db == NULL)
        return MORGUE_INVALID_ARGUMENT;
    if (!db->writable)
        return mg_db_fail(db, MORGUE_INVALID_ARGUMENT, "%s: index is open read-only", db->name);
    if (mg_db_usable(db) != MORGUE_OK)
        return MORGUE_IO_ERROR;
    prune_ctx_t c = { db, 0, 0, MORGUE_OK };
    morgue_status_t st = xb_metadata_keys(db->xb, META_FILE, prune_one, &c, xerr);
    if (st != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    if (removed_articles != NULL)
        *removed_articles = c.articles;
    if (removed_files != NULL)
        *removed_files = c.files;
    return c.status;
}

/* ------------------------------------------------------------------ */
/* Stored articles                                                     */

morgue_status_t morgue_db_get(morgue_db_t *db, const char *id, morgue_doc_t **out)
{
    char xerr[XB_ERRLEN], term[32], sid[17];
    uint64_t h;
    if (db == NULL || out == NULL)
        return MORGUE_INVALID_ARGUMENT;
    *out = NULL;
    if (id == NULL || mg_hash_parse(id, &h) != 0)
        return mg_db_fail(db, MORGUE_INVALID_ARGUMENT,
                          "'%s' is not an article id (16 hex digits)", id ? id : "");
    mg_hash_hex(h, sid);
    unsigned docid;
    char *data = NULL;
    size_t len = 0;
    snprintf(term, sizeof term, PFX_ID "%s", sid);
    morgue_status_t st = mg_db_usable(db);
    if (st == MORGUE_OK)
        st = mg_db_settle(db);
    if (st != MORGUE_OK)
        return st;
    xb_db_t *home = home_of(db, h);   /* NULL: not in a shard, so in the index */
    if (home == NULL)
        home = db->xb;
    for (int i = 0;; i++) {
        docid = 0;
        st = xb_term_docs(home, term, first_doc, &docid, xerr);
        if (st == MORGUE_OK && docid != 0)
            st = xb_doc_data(home, docid, &data, &len, xerr);
        if (i == MG_READ_RETRIES || !mg_db_stale(db, st))
            break;
        xb_reopen(db->xb, xerr);   /* a failed reopen fails the next try too */
    }
    if (st != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    if (docid == 0)
        return mg_db_fail(db, MORGUE_NOT_FOUND, "%s: no article with id %s", db->name, sid);
    morgue_doc_t *doc = calloc(1, sizeof *doc);
    if (doc == NULL) {
        free(data);
        return mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    }
    st = mg_record_decode(data, len, &doc->record);
    free(data);
    if (st != MORGUE_OK) {
        free(doc);
        return mg_db_fail(db, st, "%s: stored article %s cannot be decoded", db->name, sid);
    }
    *out = doc;
    return MORGUE_OK;
}

const morgue_article_t *morgue_doc_article(const morgue_doc_t *doc)
{
    return doc != NULL ? &doc->record->article : NULL;
}

const char *morgue_doc_id(const morgue_doc_t *doc)
{
    return doc != NULL ? doc->record->sid : NULL;
}

void morgue_doc_free(morgue_doc_t *doc)
{
    if (doc == NULL)
        return;
    mg_record_free(doc->record);
    free(doc);
}
