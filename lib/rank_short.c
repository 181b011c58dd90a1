/* rank_short.c - the ranking feature "short" (MORGUE_RANK_SHORT): in a
 * plain-word query of 1 to 3 words without any, the articles with all the
 * words in the title, then those with the words as an exact phrase, weigh
 * more than any article can weigh without them (the tiers). Registered in
 * lib/rank.c; called through it by lib/match.c only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rank.h"

/* A short query has at most this many words. */
#define SHORT_WORDS 3

/* "title:w1 title:w2 ..." (all the words in the title) into title and
 * "\"w1 w2 ...\"" (the words as an exact phrase) into phrase. */
static int tier_texts(const mg_prepared_t *prep, char **title, char **phrase)
{
    size_t len = 0;
    for (size_t i = 0; i < prep->nwords; i++)
        len += strlen(prep->words[i].text) + 8;
    *title = malloc(len + 1);
    *phrase = malloc(len + 3);
    if (*title == NULL || *phrase == NULL)
        return -1;
    char *t = *title, *p = *phrase;
    *p++ = '"';
    for (size_t i = 0; i < prep->nwords; i++) {
        t += sprintf(t, "%stitle:%s", i ? " " : "", prep->words[i].text);
        p += sprintf(p, "%s%s", i ? " " : "", prep->words[i].text);
    }
    strcpy(p, "\"");
    return 0;
}

static morgue_status_t apply(mg_rank_run_t *run, int *acted, char *err)
{
    const mg_prepared_t *prep = run->spec->query;
    *acted = prep->plain && prep->nwords > 0 && prep->nwords <= SHORT_WORDS && !run->spec->any;
    if (!*acted)
        return MORGUE_OK;
    char *texts[2] = { NULL, NULL };
    xb_mset_t *ms = NULL;
    morgue_status_t st = tier_texts(prep, &texts[0], &texts[1]) == 0 ? MORGUE_OK
                                                                     : MORGUE_NO_MEMORY;
    /* A match of each tier adds more weight than the query can give. */
    if (st == MORGUE_OK)
        st = xb_enquire_query(run->enq, run->query, err);
    if (st == MORGUE_OK)
        st = xb_enquire_mset(run->enq, 0, 0, 0, NULL, NULL, 0, &ms, err);
    if (st == MORGUE_OK) {
        double top = xb_mset_max_possible(ms);
        if (!(top > 1.0))
            top = 1.0;
        /* One word: every match has the "phrase". */
        size_t ntiers = prep->nwords > 1 ? 2 : 1;
        const xb_query_t *all[3] = { run->query };
        for (size_t i = 0; i < ntiers; i++) {
            const xb_query_t *two[2] = {
                xb_q_fixed(run->qb, top),
                mg_parse_all(run->qb, run->db, run->spec, texts[i], 0, NULL, 0),
            };
            all[1 + i] = xb_q_combine(run->qb, XB_OP_FILTER, two, 2, 0);
        }
        run->query = xb_q_combine(run->qb, XB_OP_AND_MAYBE, all, 1 + ntiers, 0);
        st = mg_made(run->qb, run->query, err);
    }
    xb_mset_free(ms);
    free(texts[0]);
    free(texts[1]);
    return st;
}

const mg_rank_feature_t mg_rank_short = {
    .name = "short", .bit = MORGUE_RANK_SHORT, .stage = MG_RANK_EXTRA, .apply = apply,
};
