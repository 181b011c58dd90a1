/* get.c - reading a stored article back by its id: morgue_db_get and the
 * morgue_doc_t accessors. The stored record's format is lib/record.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "hash.h"
#include "record.h"
#include "schema.h"

struct morgue_doc {
    mg_record_t *record;     /* the decoded record, owned */
};

/* The first document indexed by term, or 0. */
static int first_doc(void *ctx, unsigned docid)
{
    *(unsigned *)ctx = docid;
    return 1;
}

/* One read of a stored article, for mg_db_retry. */
typedef struct stored_read {
    xb_db_t *home;           /* the database that holds it, if any */
    const char *term;        /* its PFX_ID term */
    unsigned docid;          /* its document, 0: none */
    char *data;              /* its stored record (malloc'd), when found */
    size_t len;              /* bytes of data */
} stored_read_t;

static morgue_status_t read_stored(morgue_db_t *db, void *ctx, char *xerr)
{
    stored_read_t *r = ctx;
    (void)db;
    r->docid = 0;
    morgue_status_t st = xb_term_docs(r->home, r->term, first_doc, &r->docid, xerr);
    if (st == MORGUE_OK && r->docid != 0)
        st = xb_doc_data(r->home, r->docid, &r->data, &r->len, xerr);
    return st;
}

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
    snprintf(term, sizeof term, PFX_ID "%s", sid);
    stored_read_t r = { NULL, term, 0, NULL, 0 };
    morgue_status_t st = mg_db_usable(db);
    if (st == MORGUE_OK)
        st = mg_db_settle(db);
    if (st == MORGUE_OK)
        st = db->writer->ops->home(db->writer, db, h, &r.home);
    if (st != MORGUE_OK)
        return st;
    if (r.home == NULL)   /* not put in this run: only the index can hold it */
        r.home = db->xb;
    st = mg_db_retry(db, read_stored, &r, xerr);
    if (st != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    if (r.docid == 0)
        return mg_db_fail(db, MORGUE_NOT_FOUND, "%s: no article with id %s", db->name, sid);
    morgue_doc_t *doc = calloc(1, sizeof *doc);
    if (doc == NULL) {
        free(r.data);
        return mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    }
    st = mg_record_decode(r.data, r.len, &doc->record);
    free(r.data);
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
