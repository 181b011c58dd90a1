/* rank_proximity.c - the ranking feature "proximity"
 * (MORGUE_RANK_PROXIMITY): in a plain-word query, documents where two
 * consecutive words stand near each other weigh more. Registered in
 * lib/rank.c; called through it by lib/match.c only. */
#include <stdlib.h>
#include <string.h>

#include "rank.h"

/* Two consecutive query words within 8 positions (the unordered window of
 * Metzler and Croft's sequential dependence model), worth a fifth of the
 * two words' weight. */
#define NEAR_WINDOW 8
#define NEAR_SCALE 0.2

static morgue_status_t apply(mg_rank_run_t *run, int *acted, char *err)
{
    const mg_prepared_t *prep = run->spec->query;
    /* The simple words that are not stopwords, in query order. */
    const char **near = malloc((prep->nwords ? prep->nwords : 1) * sizeof *near);
    const xb_query_t **pairs = malloc((prep->nwords ? prep->nwords : 1) * sizeof *pairs);
    size_t nnear = 0, npairs = 0;
    morgue_status_t st = MORGUE_OK;
    if (near == NULL || pairs == NULL) {
        st = MORGUE_NO_MEMORY;
        goto done;
    }
    for (size_t i = 0; prep->plain && i < prep->nwords; i++)
        if (prep->words[i].simple && !mg_rank_is_stopword(prep->words[i].text))
            near[nnear++] = prep->words[i].text;
    *acted = nnear > 1;
    if (!*acted)
        goto done;
    for (size_t i = 0; i + 1 < nnear; i++) {
        if (strcmp(near[i], near[i + 1]) == 0)
            continue;
        const xb_query_t *two[2] = { xb_q_term(run->qb, near[i]), xb_q_term(run->qb, near[i + 1]) };
        pairs[npairs++] = xb_q_combine(run->qb, XB_OP_NEAR, two, 2, NEAR_WINDOW);
    }
    run->query = mg_rank_weigh_also(run, pairs, npairs, NEAR_SCALE);
    st = mg_made(run->qb, run->query, err);
done:
    free(near);
    free(pairs);
    return st;
}

const mg_rank_feature_t mg_rank_proximity = {
    .name = "proximity", .bit = MORGUE_RANK_PROXIMITY, .stage = MG_RANK_EXTRA, .apply = apply,
};
