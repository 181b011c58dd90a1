/* files.c - keeping an index in step with the files it was made from:
 * morgue_db_file_state, _file_begin, _file_end, _prune and _prune_with. A
 * file's record (size, mtime, clean, count, path) is the metadata entry
 * META_FILE + its key; its articles carry the PFX_FILE term
 * (docs/schema.md, "Files"). mg_files_walk lists the records for lib/check.c. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"
#include "hash.h"
#include "schema.h"

/* A file's record, parsed from its metadata value. */
typedef struct file_record {
    int64_t size, mtime;     /* as the caller gave them at file_end */
    int clean;               /* 1: read without errors; MORGUE_FILE_CAPPED: read
                                up to a cap; MORGUE_FILE_FLAWED: read with bad
                                content; 0: read again next time */
    uint64_t count;          /* articles put from it */
    const char *path;        /* points into the metadata value */
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
    return db->writer->ops->file_begin(db->writer, db, path);
}

/* Deleting a file's documents, in the callback of xb_term_docs. */
typedef struct stale_ctx {
    morgue_db_t *db;         /* the handle */
    xb_db_t *xb;             /* the database deleted from */
    const idset_t *keep;     /* ids to keep; NULL deletes every document */
    uint64_t removed;        /* documents deleted */
    morgue_status_t status;  /* the first failure */
    char xerr[XB_ERRLEN];    /* its message */
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
 * the index and from the writer's other databases that may hold them: of
 * the current file (current_file set) or of any file. */
static morgue_status_t delete_file_docs(morgue_db_t *db, const char *key,
                                        const idset_t *keep, int current_file,
                                        uint64_t *removed)
{
    char term[32];
    stale_ctx_t c = { db, db->xb, keep, 0, MORGUE_OK, "" };
    snprintf(term, sizeof term, PFX_FILE "%s", key);
    morgue_status_t st = xb_term_docs(db->xb, term, delete_if_stale, &c, c.xerr);
    if (st == MORGUE_OK)
        st = c.status;
    unsigned others = st == MORGUE_OK ? db->writer->ops->others(db->writer, current_file) : 0;
    if (others > 0 && (st = mg_db_settle(db)) != MORGUE_OK)
        return st;
    for (unsigned i = 0; st == MORGUE_OK && i < others; i++) {
        c.xb = db->writer->ops->other(db->writer, i);
        st = xb_term_docs(c.xb, term, delete_if_stale, &c, c.xerr);
        if (st == MORGUE_OK)
            st = c.status;
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
    if (clean != MORGUE_FILE_CAPPED && clean != MORGUE_FILE_FLAWED)  /* recorded as such */
        clean = clean != 0;
    if (clean == 1)
        st = delete_file_docs(db, db->file_key, &db->seen, 1, &gone);
    if (removed != NULL)
        *removed = gone;
    if (st != MORGUE_OK)
        return st;
    size_t len = strlen(db->file_path) + 96;
    char *value = malloc(len);
    if (value == NULL)
        return mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    snprintf(value, len, "%lld %lld %d %zu\n%s", (long long)size,
             (long long)mtime_ns, clean, idset_count(&db->seen), db->file_path);
    snprintf(meta, sizeof meta, META_FILE "%s", db->file_key);
    st = xb_metadata_set(db->xb, meta, value, strlen(value), xerr);
    free(value);
    return st == MORGUE_OK ? MORGUE_OK : mg_db_xfail(db, st, xerr);
}

/* Pruning the files that are gone: xb_metadata_keys's callback collects
 * the keys of the files to remove, then they are removed. */
typedef struct prune_ctx {
    morgue_db_t *db;             /* the handle */
    const morgue_prune_options_t *opts;  /* keep paths, share; NULL: none */
    char **keys;                 /* metadata keys of the files to remove */
    size_t nkeys, cap;
    uint64_t articles;           /* the articles their records count */
    morgue_status_t status;      /* the first failure */
} prune_ctx_t;

/* Whether path is keep or lies below it. */
static int under(const char *path, const char *keep)
{
    size_t n = strlen(keep);
    while (n > 1 && keep[n - 1] == '/')
        n--;
    return strncmp(path, keep, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static int prune_collect(void *ctx, const char *key)
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
    const morgue_prune_options_t *o = c->opts;
    for (size_t i = 0; o != NULL && i < o->nkeep; i++)
        if (under(r.path, o->keep[i])) {
            if (o->kept != NULL)
                o->kept[i] += r.count;
            free(value);
            return 0;
        }
    free(value);
    if (c->nkeys == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        char **keys = realloc(c->keys, cap * sizeof *keys);
        if (keys == NULL) {
            c->status = mg_db_fail(c->db, MORGUE_NO_MEMORY, "out of memory");
            return 1;
        }
        c->keys = keys;
        c->cap = cap;
    }
    if ((c->keys[c->nkeys] = strdup(key)) == NULL) {
        c->status = mg_db_fail(c->db, MORGUE_NO_MEMORY, "out of memory");
        return 1;
    }
    c->nkeys++;
    c->articles += r.count;
    return 0;
}

morgue_status_t morgue_db_prune_with(morgue_db_t *db, const morgue_prune_options_t *opts,
                                     uint64_t *removed_articles, uint64_t *removed_files)
{
    char xerr[XB_ERRLEN];
    if (db == NULL)
        return MORGUE_INVALID_ARGUMENT;
    if (!db->writable)
        return mg_db_fail(db, MORGUE_INVALID_ARGUMENT, "%s: index is open read-only", db->name);
    if (mg_db_usable(db) != MORGUE_OK)
        return MORGUE_IO_ERROR;
    if (removed_articles != NULL)
        *removed_articles = 0;
    if (removed_files != NULL)
        *removed_files = 0;
    for (size_t i = 0; opts != NULL && opts->kept != NULL && i < opts->nkeep; i++)
        opts->kept[i] = 0;
    prune_ctx_t c = { .db = db, .opts = opts, .status = MORGUE_OK };
    morgue_status_t st = xb_metadata_keys(db->xb, META_FILE, prune_collect, &c, xerr);
    if (st != MORGUE_OK)
        mg_db_xfail(db, st, xerr);
    else
        st = c.status;
    uint64_t docs = 0;
    if (st == MORGUE_OK && opts != NULL && opts->max_share > 0 && opts->max_share < 1 &&
        c.articles > 0 && (st = xb_doccount(db->xb, &docs, xerr)) != MORGUE_OK)
        mg_db_xfail(db, st, xerr);
    if (st == MORGUE_OK && docs > 0 && (double)c.articles > opts->max_share * (double)docs)
        st = mg_db_fail(db, MORGUE_REFUSED, "%s: pruning would remove %" PRIu64 " of its %"
                        PRIu64 " articles (the files of %zu records are gone), more than "
                        "%.0f%%: nothing was pruned", db->name, c.articles, docs, c.nkeys,
                        100 * opts->max_share);
    uint64_t articles = 0, files = 0;
    for (size_t i = 0; i < c.nkeys && st == MORGUE_OK; i++) {
        st = delete_file_docs(db, c.keys[i] + strlen(META_FILE), NULL, 0, &articles);
        if (st == MORGUE_OK && (st = xb_metadata_set(db->xb, c.keys[i], "", 0, xerr)) != MORGUE_OK)
            mg_db_xfail(db, st, xerr);
        if (st == MORGUE_OK)
            files++;
    }
    for (size_t i = 0; i < c.nkeys; i++)
        free(c.keys[i]);
    free(c.keys);
    if (removed_articles != NULL)
        *removed_articles = articles;
    if (removed_files != NULL)
        *removed_files = files;
    return st;
}

morgue_status_t morgue_db_prune(morgue_db_t *db, uint64_t *removed_articles,
                                uint64_t *removed_files)
{
    return morgue_db_prune_with(db, NULL, removed_articles, removed_files);
}

/* What mg_files_walk walks with. */
typedef struct walk_ctx {
    morgue_db_t *db;
    int (*cb)(void *ctx, const char *key, const char *path, uint64_t count);
    void *ctx;                   /* the caller's */
    morgue_status_t status;      /* the first failure */
} walk_ctx_t;

static int walk_one(void *ctx, const char *key)
{
    walk_ctx_t *w = ctx;
    char xerr[XB_ERRLEN], *value;
    size_t len;
    file_record_t r;
    w->status = xb_metadata_get(w->db->xb, key, &value, &len, xerr);
    if (w->status != MORGUE_OK) {
        mg_db_xfail(w->db, w->status, xerr);
        return 1;
    }
    int parsed = value != NULL && parse_file_record(value, &r) == 0;
    int stop = w->cb(w->ctx, key + strlen(META_FILE), parsed ? r.path : NULL,
                     parsed ? r.count : 0);
    free(value);
    return stop;
}

morgue_status_t mg_files_walk(morgue_db_t *db,
                              int (*cb)(void *ctx, const char *key, const char *path,
                                        uint64_t count),
                              void *ctx)
{
    char xerr[XB_ERRLEN];
    walk_ctx_t w = { db, cb, ctx, MORGUE_OK };
    morgue_status_t st = xb_metadata_keys(db->xb, META_FILE, walk_one, &w, xerr);
    if (st != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    return w.status;
}
