/* phrase_check.c - phrases and NEAR on an index without word positions.
 * Xapian runs a phrase or NEAR there as an AND; lib/match.c runs a wider
 * query (mg_bound) and this check as its match decider, which keeps the
 * candidates that match the query as it was written: each candidate's
 * document is rebuilt from its stored article, with positions, by the
 * indexer's own code, and the query is run on it alone in memory. Xapian's
 * own matcher judges it, so the result is the one a positional index would
 * give. Called by lib/match.c only. */
#include <stdlib.h>
#include <string.h>

#include "match.h"

struct mg_phrase_check {
    const mg_search_spec_t *spec;
    xb_db_t *one;              /* in memory: the candidate being checked */
    xb_enquire_t *enq;         /* the query asked, weighing nothing, on one */
    char **stems;              /* the query's terms without field prefixes... */
    size_t *lens;              /* ... their lengths... */
    size_t nstems;
    xb_stems_t *only;          /* ... as the set a rebuilt document keeps */
    int all_words;             /* a wildcard: any word may be needed */
    unsigned *sure;            /* sorted: match without their phrases */
    size_t nsure;
    int no_memory;             /* a stem could not be kept */
};

int mg_positional(const xb_query_t *q)
{
    return xb_q_holds(q, XB_OP_PHRASE) || xb_q_holds(q, XB_OP_NEAR);
}

/* A phrase under NOT must not exclude what it would not have excluded. */
const xb_query_t *mg_bound(xb_qb_t *qb, const xb_query_t *q, int wider)
{
    if (q == NULL || !mg_positional(q))
        return q;
    xb_op_t t = xb_q_type(q);
    switch (t) {
    case XB_OP_AND: case XB_OP_OR: case XB_OP_AND_NOT: case XB_OP_AND_MAYBE:
    case XB_OP_FILTER: case XB_OP_SYNONYM: case XB_OP_MAX: case XB_OP_XOR:
        break;
    default:   /* a phrase or NEAR, or what holds one in a way not taken apart here */
        return wider ? q : xb_q_nothing(qb);
    }
    if (t == XB_OP_XOR && !wider)
        return xb_q_nothing(qb);
    size_t n = xb_q_nsub(q);
    const xb_query_t **sub = malloc((n ? n : 1) * sizeof *sub);
    if (sub == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        int negated = t == XB_OP_AND_NOT && i > 0;
        sub[i] = mg_bound(qb, xb_q_sub(qb, q, i), negated ? !wider : wider);
    }
    const xb_query_t *res = xb_q_combine(qb, t == XB_OP_XOR ? XB_OP_OR : t, sub, n, 0);
    free(sub);
    return res;
}

static int by_docid(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

/* xb_q_terms callback: keep a term's stem (its upper-case prefix off). */
static int add_stem(void *ctx, const char *term, size_t len)
{
    mg_phrase_check_t *c = ctx;
    size_t upper = 0;
    while (upper < len && term[upper] >= 'A' && term[upper] <= 'Z')
        upper++;
    char **grown = realloc(c->stems, (c->nstems + 1) * sizeof *grown);
    size_t *lens = grown ? realloc(c->lens, (c->nstems + 1) * sizeof *lens) : NULL;
    char *copy = lens ? malloc(len - upper + 1) : NULL;
    if (grown != NULL)
        c->stems = grown;
    if (lens != NULL)
        c->lens = lens;
    if (copy == NULL) {
        c->no_memory = 1;
        return -1;
    }
    memcpy(copy, term + upper, len - upper);
    copy[len - upper] = '\0';
    c->stems[c->nstems] = copy;
    c->lens[c->nstems++] = len - upper;
    return 0;
}

/* The candidates that match with their phrases taken as never matching
 * ("ferries OR \"edition two\"") need no check. A decider is given a
 * shard's own docid, so this is done on a single index only. */
static morgue_status_t find_sure(mg_phrase_check_t *c, xb_db_t *db, xb_qb_t *qb,
                                 const xb_query_t *asked, char *err)
{
    const xb_query_t *narrow = mg_bound(qb, asked, 0);
    morgue_status_t st = mg_made(qb, narrow, err);
    if (st != MORGUE_OK || xb_db_parts(db) != 1 || xb_q_empty(narrow))
        return st;
    uint64_t all;
    xb_enquire_t *enq = NULL;
    xb_mset_t *ms = NULL;
    st = xb_doccount(db, &all, err);
    if (st == MORGUE_OK)
        st = mg_enquire_new(db, c->spec, &enq, err);
    if (st == MORGUE_OK)
        st = xb_enquire_query(enq, narrow, err);
    if (st == MORGUE_OK)
        st = xb_enquire_boolean(enq, err);
    if (st == MORGUE_OK)
        st = xb_enquire_mset(enq, 0, (size_t)all, 0, NULL, NULL, 0, &ms, err);
    if (st == MORGUE_OK && xb_mset_size(ms) > 0) {
        c->sure = malloc(xb_mset_size(ms) * sizeof *c->sure);
        if (c->sure == NULL) {
            st = MORGUE_NO_MEMORY;
        } else {
            for (size_t i = 0; i < xb_mset_size(ms); i++)
                c->sure[c->nsure++] = xb_mset_docid(ms, i);
            qsort(c->sure, c->nsure, sizeof *c->sure, by_docid);
        }
    }
    xb_mset_free(ms);
    xb_enquire_free(enq);
    return st;
}

morgue_status_t mg_phrase_check_new(xb_db_t *db, const mg_search_spec_t *spec, xb_qb_t *qb,
                                    const xb_query_t *asked, mg_phrase_check_t **out,
                                    char *err)
{
    mg_phrase_check_t *c = calloc(1, sizeof *c);
    *out = c;
    if (c == NULL)
        return MORGUE_NO_MEMORY;
    c->spec = spec;
    c->all_words = xb_q_holds(asked, XB_OP_WILDCARD);
    morgue_status_t st = xb_open_memory(&c->one, err);
    if (st == MORGUE_OK)
        st = xb_enquire_new(c->one, &c->enq, err);
    if (st == MORGUE_OK)
        st = xb_enquire_query(c->enq, asked, err);
    if (st == MORGUE_OK)
        st = xb_enquire_boolean(c->enq, err);
    if (st == MORGUE_OK)
        st = find_sure(c, db, qb, asked, err);
    if (st == MORGUE_OK)
        st = xb_q_terms(asked, add_stem, c, err);
    if (st == MORGUE_OK && c->no_memory)
        st = MORGUE_NO_MEMORY;
    if (st == MORGUE_OK)
        st = xb_stems_new((const char *const *)c->stems, c->lens, c->nstems, &c->only, err);
    return st;
}

int mg_phrase_check_decide(void *ctx, xb_found_t *doc, char *err)
{
    mg_phrase_check_t *c = ctx;
    unsigned id = xb_found_docid(doc);
    if (c->nsure > 0 && bsearch(&id, c->sure, c->nsure, sizeof *c->sure, by_docid) != NULL)
        return 1;
    /* The stemmer the article was indexed with is named by its term. */
    const char *prefix = c->spec->stemmer_prefix != NULL ? c->spec->stemmer_prefix : "";
    const char *term = NULL, *data, *language = NULL;
    size_t len;
    morgue_status_t st = MORGUE_OK;
    if (*prefix != '\0')
        st = xb_found_term(doc, prefix, &term, err);
    if (term != NULL && term[strlen(prefix)] != '\0')
        language = term + strlen(prefix);
    if (st == MORGUE_OK)
        st = xb_found_data(doc, &data, &len, err);
    if (st != MORGUE_OK)
        return -(int)st;
    xb_doc_t *again = c->spec->rebuild(c->spec->rebuild_ctx, data, len, language,
                                       c->all_words ? NULL : c->only);
    if (again == NULL)
        return 1;   /* unreadable: keep the hit, showing it reports the damage */
    xb_mset_t *ms = NULL;
    st = xb_put_copy(c->one, 1, again, err);
    xb_doc_free(again);
    if (st == MORGUE_OK)
        st = xb_enquire_mset(c->enq, 0, 1, 0, NULL, NULL, 0, &ms, err);
    int keep = st == MORGUE_OK ? xb_mset_size(ms) > 0 : -(int)st;
    xb_mset_free(ms);
    return keep;
}

void mg_phrase_check_free(mg_phrase_check_t *c)
{
    if (c == NULL)
        return;
    xb_enquire_free(c->enq);
    xb_close(c->one);
    xb_stems_free(c->only);
    for (size_t i = 0; i < c->nstems; i++)
        free(c->stems[i]);
    free(c->stems);
    free(c->lens);
    free(c->sure);
    free(c);
}
