/* put.c - morgue_db_put: an article's identity, checks and fingerprint,
 * and whether the index already holds it as it is (unchanged), holds an
 * older version (updated) or not at all (added), and where a version it
 * replaces came from (morgue_db_replaced). The document is written by the
 * handle's writer (lib/writer.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "hash.h"
#include "record.h"
#include "schema.h"

/* The identity of an article: its id (with its file's path when ids are
 * per file), else its url, else path and line (docs/schema.md). */
static uint64_t identity(const morgue_article_t *a, const char *path, morgue_ids_t ids)
{
    if (a->id != NULL && *a->id != '\0' && ids == MORGUE_IDS_PER_FILE)
        return mg_hash(a->id, strlen(a->id),
                       mg_hash(path, strlen(path), mg_hash("fileid", 7, MG_HASH_SEED)));
    if (a->id != NULL && *a->id != '\0')
        return mg_hash(a->id, strlen(a->id), mg_hash("id", 3, MG_HASH_SEED));
    if (a->url != NULL && *a->url != '\0')
        return mg_hash(a->url, strlen(a->url), mg_hash("url", 4, MG_HASH_SEED));
    char line[32];
    snprintf(line, sizeof line, ":%lu", a->line);
    uint64_t h = mg_hash(path, strlen(path), mg_hash("path", 5, MG_HASH_SEED));
    return mg_hash(line, strlen(line), h);
}

/* The document of an id and its content fingerprint, read in the callback
 * of xb_term_docs. */
typedef struct stored_print {
    morgue_db_t *db;         /* for the message of a failure */
    xb_db_t *xb;             /* where to look */
    unsigned docid;          /* 0: none */
    char *print;             /* its fingerprint value (malloc'd) */
    size_t len;              /* bytes of print */
    morgue_status_t status;  /* of reading the fingerprint */
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

/* Before the document docid of home is replaced by an article of path:
 * remember where it came from if that is another file. */
static morgue_status_t note_replaced(morgue_db_t *db, xb_db_t *home, unsigned docid,
                                     const char *path)
{
    char xerr[XB_ERRLEN], *data = NULL;
    size_t len;
    mg_record_t *rec = NULL;
    morgue_status_t st = xb_doc_data(home, docid, &data, &len, xerr);
    if (st != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    /* A record that does not decode is replaced all the same: the new
     * version mends it, and where it came from is unknown. */
    if (mg_record_decode(data, len, &rec) == MORGUE_OK && rec->article.path != NULL &&
        (path == NULL || strcmp(rec->article.path, path) != 0)) {
        db->replaced_path = strdup(rec->article.path);
        db->replaced_line = rec->article.line;
        if (db->replaced_path == NULL)
            st = mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    }
    mg_record_free(rec);
    free(data);
    return st;
}

morgue_status_t morgue_db_replaced(const morgue_db_t *db, const char **path,
                                   unsigned long *line)
{
    if (db == NULL || path == NULL || line == NULL)
        return MORGUE_INVALID_ARGUMENT;
    if (db->replaced_path == NULL)
        return MORGUE_NOT_FOUND;
    *path = db->replaced_path;
    *line = db->replaced_line;
    return MORGUE_OK;
}

static int date_is_valid(const char *date)
{
    char check[11];
    return strlen(date) == 10 && morgue_date_parse(date, check) == MORGUE_OK &&
           strcmp(check, date) == 0;
}

/* Write the article as the document of its id, through the writer. */
static morgue_status_t write_article(morgue_db_t *db, const morgue_article_t *a,
                                     uint64_t id, const char *sid, const char *raw,
                                     size_t raw_len, const char *fingerprint)
{
    char lang[32];
    const char *stemmer = mg_language_pick(a->language, lang, sizeof lang);
    if (stemmer == NULL)
        stemmer = db->language;
    morgue_status_t st = mg_db_add_language(db, stemmer);
    if (st != MORGUE_OK)
        return st;
    mg_write_t w = { a, id, sid, raw, raw_len, fingerprint, stemmer };
    return db->writer->ops->put(db->writer, db, &w);
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
    free(db->replaced_path);
    db->replaced_path = NULL;
    uint64_t id = identity(&a, a.path, db->ids);
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
     * earlier in the run (from another file) can have one: rare, so the
     * writer waits for its shard. */
    xb_db_t *home;
    if ((st = db->writer->ops->home(db->writer, db, id, &home)) != MORGUE_OK) {
        free(raw);
        return st;
    }
    stored_print_t old = { db, home, 0, NULL, 0, MORGUE_OK };
    snprintf(term, sizeof term, PFX_ID "%s", sid);
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
    if (!same && docid != 0 && (st = note_replaced(db, home, docid, a.path)) != MORGUE_OK) {
        free(raw);
        return st;
    }
    if (!same)
        st = write_article(db, &a, id, sid, raw, raw_len, fingerprint);
    free(raw);
    if (st != MORGUE_OK)
        return st;
    *outcome = same ? MORGUE_UNCHANGED : docid != 0 ? MORGUE_UPDATED : MORGUE_ADDED;
    return MORGUE_OK;
}
