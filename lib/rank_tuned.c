/* rank_tuned.c - the ranking feature "tuned" (MORGUE_RANK_TUNED): BM25
 * with the parameters of the literature instead of Xapian's defaults.
 * Registered in lib/rank.c; called through it by lib/match.c only. */
#include "rank.h"

/* BM25 as Robertson and Zaragoza recommend (The Probabilistic Relevance
 * Framework, 2009): k1 in 1.2..2, b 0.75; the same as SQLite FTS5 uses.
 * (A value from the literature, not one fitted to the eval collections.) */
#define BM25_K1 1.2
#define BM25_B 0.75

static morgue_status_t apply(mg_rank_run_t *run, int *acted, char *err)
{
    (void)acted;
    return xb_enquire_bm25(run->enq, BM25_K1, BM25_B, err);
}

const mg_rank_feature_t mg_rank_tuned = {
    .name = "tuned", .bit = MORGUE_RANK_TUNED, .stage = MG_RANK_WEIGHTING, .apply = apply,
};
