/* rank_recent.c - the ranking feature "recent" (MORGUE_RANK_RECENT):
 * among hits of exactly equal weight, the newer article first. Registered
 * in lib/rank.c; called through it by lib/match.c only. */
#include "rank.h"

static morgue_status_t apply(mg_rank_run_t *run, int *acted, char *err)
{
    (void)acted;
    return xb_enquire_sort(run->enq, XB_SORT_RELEVANCE_THEN_VALUE, run->spec->date_slot, 1, err);
}

const mg_rank_feature_t mg_rank_recent = {
    .name = "recent", .bit = MORGUE_RANK_RECENT, .stage = MG_RANK_TIES, .apply = apply,
};
