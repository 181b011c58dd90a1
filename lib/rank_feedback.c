/* rank_feedback.c - the ranking feature "feedback" (MORGUE_RANK_FEEDBACK):
 * with any, pseudo-relevance feedback; the best terms of the top hits add
 * to the weight (never to the matches). Registered in lib/rank.c; called
 * through it by lib/match.c only. */
#include <stdlib.h>
#include <string.h>

#include "rank.h"

/* The 20 best terms of the top 10 hits (Okapi at TREC), each in
 * proportion to its expand weight, the best at half the weight it would
 * have as a query word (RM3's usual mix of 0.5); only when the top 10 are
 * at most a tenth of the matches, since what they share then sets them
 * apart from the other matches rather than merely being the query. */
#define FB_DOCS 10
#define FB_TERMS 20
#define FB_SCALE 0.5
#define FB_MIN_MATCHES (10 * FB_DOCS)

/* The terms the query has already, sorted. */
typedef struct have {
    char **terms;      /* malloc'd copies */
    size_t n;
    int no_memory;     /* a term could not be kept */
} have_t;

static int add_have(void *ctx, const char *term, size_t len)
{
    have_t *h = ctx;
    char **grown = realloc(h->terms, (h->n + 1) * sizeof *grown);
    char *copy = grown ? strndup(term, len) : NULL;
    if (grown != NULL)
        h->terms = grown;
    if (copy == NULL) {
        h->no_memory = 1;
        return -1;
    }
    h->terms[h->n++] = copy;
    return 0;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Feedback terms: free-text stems (no upper-case field prefix) of two
 * bytes or more that the query does not have already. */
static int wanted(void *ctx, const char *term, size_t len)
{
    const have_t *h = ctx;
    if (len < 2 || (term[0] >= 'A' && term[0] <= 'Z'))
        return 0;
    return h->n == 0 || bsearch(&term, h->terms, h->n, sizeof *h->terms, by_string) == NULL;
}

static morgue_status_t expand(mg_rank_run_t *run, const xb_mset_t *top, char *err)
{
    have_t have = { 0 };
    xb_eset_t *eset = NULL;
    const xb_query_t **terms = NULL;
    size_t n = 0;
    morgue_status_t st = xb_q_terms(run->query, add_have, &have, err);
    if (st == MORGUE_OK && have.no_memory)
        st = MORGUE_NO_MEMORY;
    if (st == MORGUE_OK) {
        if (have.n > 0)
            qsort(have.terms, have.n, sizeof *have.terms, by_string);
        st = xb_enquire_eset(run->enq, top, FB_TERMS, wanted, &have, &eset, err);
    }
    if (st == MORGUE_OK && (terms = malloc((xb_eset_size(eset) + 1) * sizeof *terms)) == NULL)
        st = MORGUE_NO_MEMORY;
    if (st == MORGUE_OK) {
        /* Each term weighs in proportion to its expand weight (as in
         * Rocchio and RM3), the best one FB_SCALE times a query word. */
        double best = xb_eset_size(eset) == 0 ? 0 : xb_eset_weight(eset, 0);
        for (size_t i = 0; i < xb_eset_size(eset); i++)
            if (best > 0 && xb_eset_weight(eset, i) > 0)
                terms[n++] = xb_q_scale(run->qb, xb_q_term(run->qb, xb_eset_term(eset, i)),
                                        xb_eset_weight(eset, i) / best);
        run->query = mg_rank_weigh_also(run, terms, n, FB_SCALE);
        st = mg_made(run->qb, run->query, err);
    }
    free(terms);
    xb_eset_free(eset);
    for (size_t i = 0; i < have.n; i++)
        free(have.terms[i]);
    free(have.terms);
    return st;
}

static morgue_status_t apply(mg_rank_run_t *run, int *acted, char *err)
{
    *acted = run->spec->any != 0;
    if (!*acted)
        return MORGUE_OK;
    xb_mset_t *top = NULL;
    morgue_status_t st = xb_enquire_query(run->enq, run->query, err);
    if (st == MORGUE_OK)
        st = xb_enquire_mset(run->enq, 0, FB_DOCS, FB_MIN_MATCHES, run->decide,
                             run->decide_ctx, 0, &top, err);
    /* Too few matches: the top hits would be most of them, nothing to learn. */
    if (st == MORGUE_OK && xb_mset_size(top) > 0 && xb_mset_lower(top) >= FB_MIN_MATCHES)
        st = expand(run, top, err);
    xb_mset_free(top);
    return st;
}

const mg_rank_feature_t mg_rank_feedback = {
    .name = "feedback", .bit = MORGUE_RANK_FEEDBACK, .stage = MG_RANK_EXTRA, .apply = apply,
};
