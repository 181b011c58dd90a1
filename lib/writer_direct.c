/* writer_direct.c - the direct writer (writer.h): each article's document
 * is built here, on the caller's thread, and written straight into the
 * index (db->xb); the commit writes the languages list and commits. Every
 * writable handle uses it but a first build in shards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "docbuild.h"
#include "record.h"
#include "schema.h"

static morgue_status_t direct_put(mg_writer_t *w, morgue_db_t *db, const mg_write_t *a)
{
    char xerr[XB_ERRLEN], term[32];
    char *stored;
    size_t stored_len;
    (void)w;
    if (mg_record_seal(a->raw, a->raw_len, &stored, &stored_len) != 0)
        return mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    xb_doc_t *doc = NULL;
    morgue_status_t st = mg_doc_build(a->article, a->sid, stored, stored_len, a->fingerprint,
                                      db->file_key, a->stemmer, db->positions, &doc, xerr);
    free(stored);
    if (st != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    snprintf(term, sizeof term, PFX_ID "%s", a->sid);
    st = xb_replace(db->xb, term, doc, xerr);
    db->pending_words += xb_doc_terms(doc);
    xb_doc_free(doc);
    return st == MORGUE_OK ? MORGUE_OK : mg_db_xfail(db, st, xerr);
}

static morgue_status_t direct_home(mg_writer_t *w, morgue_db_t *db, uint64_t id,
                                   xb_db_t **where)
{
    (void)w, (void)id;
    *where = db->xb;
    return MORGUE_OK;
}

static morgue_status_t direct_settle(mg_writer_t *w, morgue_db_t *db)
{
    (void)w, (void)db;
    return MORGUE_OK;   /* every put was written when it returned */
}

static morgue_status_t direct_file_begin(mg_writer_t *w, morgue_db_t *db, const char *path)
{
    (void)w, (void)db, (void)path;
    return MORGUE_OK;
}

static unsigned direct_others(const mg_writer_t *w, int current_file)
{
    (void)w, (void)current_file;
    return 0;
}

static xb_db_t *direct_other(mg_writer_t *w, unsigned i)
{
    (void)w, (void)i;
    return NULL;
}

static unsigned direct_threads(const mg_writer_t *w)
{
    (void)w;
    return 1;   /* the caller's */
}

static morgue_status_t direct_commit(mg_writer_t *w, morgue_db_t *db)
{
    char xerr[XB_ERRLEN];
    morgue_status_t st;
    (void)w;
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
    db->pending_words = 0;
    return MORGUE_OK;
}

static void direct_free(mg_writer_t *w)
{
    (void)w;   /* shared and stateless */
}

static const mg_writer_ops_t direct_ops = {
    direct_put, direct_home, direct_settle, direct_file_begin, direct_others,
    direct_other, direct_threads, direct_commit, direct_free,
};

static mg_writer_t direct = { &direct_ops };

mg_writer_t *mg_writer_direct(void)
{
    return &direct;
}
