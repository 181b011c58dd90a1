/* rank.c - the ranking features' registry: the table of features (each
 * defined in its own lib/rank_*.c), the --rank names, and the run of the
 * features a search asked for, stage by stage. Called by lib/match.c and
 * lib/search.c, and through morgue_rank_parse by the CLI. What each
 * feature does to the eval collections is in bench/README-eval.md; the
 * user's view is morgue-query(1), RANKING.
 *
 * Adding a feature: its MORGUE_RANK_* bit in include/morgue.h, its line
 * in the table below, and its file. */
#include <string.h>

#include "rank.h"

extern const mg_rank_feature_t mg_rank_tuned, mg_rank_stopwords, mg_rank_proximity,
    mg_rank_feedback, mg_rank_short, mg_rank_recent;

/* In the order they act within a stage, and the order --rank lists them. */
static const mg_rank_feature_t *const features[] = {
    &mg_rank_tuned,       /* lib/rank_tuned.c */
    &mg_rank_stopwords,   /* lib/rank_stopwords.c */
    &mg_rank_proximity,   /* lib/rank_proximity.c */
    &mg_rank_feedback,    /* lib/rank_feedback.c */
    &mg_rank_short,       /* lib/rank_short.c */
    &mg_rank_recent,      /* lib/rank_recent.c */
};
#define NFEATURES (sizeof features / sizeof *features)

unsigned mg_rank_all(void)
{
    unsigned all = 0;
    for (size_t i = 0; i < NFEATURES; i++)
        all |= features[i]->bit;
    return all;
}

morgue_status_t mg_rank_check(unsigned bits)
{
    return (bits & ~mg_rank_all()) ? MORGUE_INVALID_ARGUMENT : MORGUE_OK;
}

morgue_status_t mg_rank_apply(mg_rank_run_t *run, mg_rank_stage_t from, mg_rank_stage_t to,
                              int *plain, char *err)
{
    for (int stage = (int)from; stage <= (int)to; stage++)
        for (size_t i = 0; i < NFEATURES; i++) {
            const mg_rank_feature_t *f = features[i];
            if ((int)f->stage != stage || !(run->spec->rank & f->bit))
                continue;
            int acted = 1;
            morgue_status_t st = f->apply(run, &acted, err);
            if (st != MORGUE_OK)
                return st;
            if (acted && f->stage >= MG_RANK_TIES)
                *plain = 0;
        }
    return MORGUE_OK;
}

const xb_query_t *mg_rank_weigh_also(mg_rank_run_t *run, const xb_query_t *const *more,
                                     size_t n, double scale)
{
    if (n == 0)
        return run->query;
    const xb_query_t *extra = xb_q_combine(run->qb, XB_OP_OR, more, n, 0);
    if (scale != 1.0)
        extra = xb_q_scale(run->qb, extra, scale);
    const xb_query_t *two[2] = { run->query, extra };
    return xb_q_combine(run->qb, XB_OP_AND_MAYBE, two, 2, 0);
}

/* The names of --rank lists: two for sets of features, then each feature's. */
static const struct {
    const char *name;
    unsigned bits;
} sets[] = {
    { "default", MORGUE_RANK_DEFAULT },
    { "bm25", MORGUE_RANK_BM25 },
};
#define NSETS (sizeof sets / sizeof *sets)

const char *morgue_rank_name(size_t i, unsigned *bits)
{
    if (i < NSETS) {
        if (bits != NULL)
            *bits = sets[i].bits;
        return sets[i].name;
    }
    if (i - NSETS >= NFEATURES)
        return NULL;
    if (bits != NULL)
        *bits = features[i - NSETS]->bit;
    return features[i - NSETS]->name;
}

morgue_status_t morgue_rank_parse(const char *list, unsigned *out, size_t *bad_at,
                                  size_t *bad_len)
{
    if (list == NULL || out == NULL)
        return MORGUE_INVALID_ARGUMENT;
    unsigned bits = 0;
    const char *p = list;
    do {
        size_t n = strcspn(p, ",");
        int remove = n > 0 && *p == '-';
        const char *name = p + remove, *known;
        size_t len = n - (size_t)remove, k = 0;
        unsigned these = 0;
        while ((known = morgue_rank_name(k, &these)) != NULL &&
               !(strlen(known) == len && strncmp(known, name, len) == 0))
            k++;
        if (known == NULL) {
            if (bad_at != NULL)
                *bad_at = (size_t)(p - list);
            if (bad_len != NULL)
                *bad_len = n;
            return MORGUE_BAD_INPUT;
        }
        bits = remove ? bits & ~these : bits | these;
        p += n;
    } while (*p++ == ',');
    *out = bits;
    return MORGUE_OK;
}
