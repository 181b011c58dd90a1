/* match.c - one search run on the binding: the query built from the
 * prepared text (lib/query_build.c), phrases checked on an index without
 * positions (lib/phrase_check.c), the ranking features applied
 * (lib/rank.c), the hits asked for fetched and the matches counted
 * exactly. Called by lib/search.c only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rank.h"

morgue_status_t mg_made(const xb_qb_t *qb, const xb_query_t *q, char *err)
{
    if (q != NULL)
        return MORGUE_OK;
    morgue_status_t st = xb_qb_status(qb, err);
    if (st == MORGUE_OK) {
        snprintf(err, XB_ERRLEN, "out of memory");
        st = MORGUE_NO_MEMORY;
    }
    return st;
}

morgue_status_t mg_enquire_new(xb_db_t *db, const mg_search_spec_t *spec, xb_enquire_t **enq,
                               char *err)
{
    morgue_status_t st = xb_enquire_new(db, enq, err);
    if (st == MORGUE_OK && spec->deadline != NULL)
        st = xb_enquire_time_limit(*enq, spec->deadline, err);
    return st;
}

/* xb_q_terms callback: keep the term in found->terms. */
typedef struct keep_terms {
    mg_found_t *found;   /* where the terms go */
    int no_memory;       /* a term could not be kept */
} keep_terms_t;

static int add_term(void *ctx, const char *term, size_t len)
{
    keep_terms_t *k = ctx;
    mg_found_t *found = k->found;
    char **grown = realloc(found->terms, (found->nterms + 1) * sizeof *grown);
    if (grown != NULL)
        found->terms = grown;
    if (grown == NULL || (grown[found->nterms] = strndup(term, len)) == NULL) {
        k->no_memory = 1;
        return -1;
    }
    found->nterms++;
    return 0;
}

/* The distinct terms of q into found->terms. */
static morgue_status_t terms_of(const xb_query_t *q, mg_found_t *found, char *err)
{
    keep_terms_t k = { found, 0 };
    morgue_status_t st = xb_q_terms(q, add_term, &k, err);
    return st == MORGUE_OK && k.no_memory ? MORGUE_NO_MEMORY : st;
}

/* The exact number of matches of matching, weighing nothing. */
static morgue_status_t count(xb_db_t *db, const mg_search_spec_t *spec,
                             const xb_query_t *matching, size_t all, uint64_t *total, char *err)
{
    xb_enquire_t *enq = NULL;
    xb_mset_t *ms = NULL;
    morgue_status_t st = mg_enquire_new(db, spec, &enq, err);
    if (st == MORGUE_OK)
        st = xb_enquire_query(enq, matching, err);
    if (st == MORGUE_OK)
        st = xb_enquire_boolean(enq, err);
    if (st == MORGUE_OK)
        st = xb_enquire_mset(enq, 0, 0, all, NULL, NULL, 0, &ms, err);
    if (st == MORGUE_OK)
        *total = xb_mset_estimated(ms);
    xb_mset_free(ms);
    xb_enquire_free(enq);
    return st;
}

/* The hits of q on enq, counted: every candidate of a checked phrase is
 * checked anyway, and with ranking beyond BM25 (!plain) Xapian 1.4's pass
 * that stops early can return another top, even one hit twice
 * (bench/README.md, "Counting"), so then every match is weighed.
 * Otherwise weighing every match only to count them costs up to three
 * times the ranking: a single word's count comes exact from the first
 * pass, and the others are counted without weighing. */
static morgue_status_t hits(xb_db_t *db, const mg_search_spec_t *spec, xb_enquire_t *enq,
                            const xb_query_t *matching, mg_phrase_check_t *check, int plain,
                            mg_found_t *out, char *err)
{
    uint64_t all;
    morgue_status_t st = xb_doccount(db, &all, err);
    if (st != MORGUE_OK)
        return st;
    if (check != NULL || !plain) {
        st = xb_enquire_mset(enq, spec->offset, spec->limit, (size_t)all,
                             check != NULL ? mg_phrase_check_decide : NULL, check, 1,
                             &out->hits, err);
        if (st == MORGUE_OK)
            out->total = xb_mset_estimated(out->hits);
        return st;
    }
    st = xb_enquire_mset(enq, spec->offset, spec->limit, 0, NULL, NULL, 1, &out->hits, err);
    if (st != MORGUE_OK)
        return st;
    out->total = xb_mset_estimated(out->hits);
    if (xb_mset_lower(out->hits) != xb_mset_upper(out->hits))
        st = count(db, spec, matching, (size_t)all, &out->total, err);
    return st;
}

morgue_status_t mg_match(xb_db_t *db, const mg_search_spec_t *spec, mg_found_t *out,
                         char *err)
{
    memset(out, 0, sizeof *out);
    xb_db_hold(db);   /* the whole run on one revision */
    xb_qb_t *qb = xb_qb_new();
    mg_phrase_check_t *check = NULL;
    mg_rank_run_t run = { .spec = spec, .db = db, .qb = qb };
    int plain = 1;   /* ordered by BM25 alone, or by a value alone */
    morgue_status_t st = MORGUE_OK;
    if (spec->sort == MORGUE_SORT_RELEVANCE)
        st = mg_rank_apply(&run, MG_RANK_PARSE, MG_RANK_PARSE, &plain, err);
    const xb_query_t *asked = NULL;   /* the user's words, for highlighting */
    if (st == MORGUE_OK) {
        asked = mg_query_build(qb, db, spec, run.stopwords, run.nstopwords);
        st = mg_made(qb, asked, err);
    }
    const xb_query_t *q = asked;
    if (st == MORGUE_OK && spec->rebuild != NULL && mg_positional(asked)) {
        st = mg_phrase_check_new(db, spec, qb, asked, &check, err);
        if (st == MORGUE_OK)
            st = mg_made(qb, q = mg_bound(qb, asked, 1), err);
    }
    const xb_query_t *matching = q;   /* q with no weight added: what matches */
    if (st == MORGUE_OK)
        st = mg_enquire_new(db, spec, &run.enq, err);
    if (st != MORGUE_OK) {
    } else if (spec->sort == MORGUE_SORT_NEWEST || spec->sort == MORGUE_SORT_OLDEST) {
        st = xb_enquire_sort(run.enq, XB_SORT_VALUE_THEN_RELEVANCE, spec->sort_slot,
                             spec->sort == MORGUE_SORT_NEWEST, err);
    } else if (!xb_q_empty(asked) && xb_q_type(asked) != XB_OP_MATCH_ALL) {
        run.query = q;
        run.decide = check != NULL ? mg_phrase_check_decide : NULL;
        run.decide_ctx = check;
        st = mg_rank_apply(&run, MG_RANK_WEIGHTING, MG_RANK_EXTRA, &plain, err);
        q = run.query;
    }
    if (st == MORGUE_OK)
        st = xb_enquire_query(run.enq, q, err);
    if (st == MORGUE_OK)
        st = hits(db, spec, run.enq, matching, check, plain, out, err);
    if (st == MORGUE_OK)
        st = terms_of(asked, out, err);
    xb_enquire_free(run.enq);
    mg_phrase_check_free(check);
    xb_qb_free(qb);
    xb_db_release(db);
    if (st == MORGUE_NO_MEMORY)
        snprintf(err, XB_ERRLEN, "out of memory");
    if (st != MORGUE_OK)
        mg_found_free(out);
    return st;
}

void mg_found_free(mg_found_t *found)
{
    if (found == NULL)
        return;
    xb_mset_free(found->hits);
    for (size_t i = 0; i < found->nterms; i++)
        free(found->terms[i]);
    free(found->terms);
    memset(found, 0, sizeof *found);
}
