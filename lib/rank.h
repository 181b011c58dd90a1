/* rank.h - the registry of ranking features (MORGUE_RANK_* in
 * include/morgue.h). A feature is one entry of the table in lib/rank.c
 * plus its own file (lib/rank_*.c) that defines its mg_rank_feature_t; the
 * search (lib/match.c) runs the features through this interface and never
 * learns their names. Owned by lib/rank.c; used by lib/match.c and the
 * features. */
#ifndef MORGUE_RANK_H
#define MORGUE_RANK_H

#include "match.h"

/* What a search's ranking features act on. */
typedef struct mg_rank_run {
    const mg_search_spec_t *spec;    /* the search */
    xb_db_t *db;                     /* searched */
    xb_qb_t *qb;                     /* makes the queries, with a sticky error */
    xb_enquire_t *enq;               /* the search's Enquire (not at MG_RANK_PARSE) */
    const xb_query_t *query;         /* what is searched: a feature may replace it by one
                                        that weighs more, never one that matches more */
    xb_decide_fn decide;             /* the phrase check for a pass of its own, or NULL */
    void *decide_ctx;
    const char *const *stopwords;    /* set at MG_RANK_PARSE: words the parse leaves out */
    size_t nstopwords;
} mg_rank_run_t;

/* When a feature acts, which says what it changes. The stages run in this
 * order, the features of one stage in the table's order. */
typedef enum mg_rank_stage {
    MG_RANK_PARSE,       /* how the query is parsed: the order stays BM25's */
    MG_RANK_WEIGHTING,   /* BM25's parameters: the order stays BM25's */
    MG_RANK_TIES,        /* the order of equal weights */
    MG_RANK_EXTRA,       /* weight added to run->query */
} mg_rank_stage_t;

typedef struct mg_rank_feature {
    const char *name;                /* as --rank lists name it (morgue_rank_parse) */
    unsigned bit;                    /* its MORGUE_RANK_* bit */
    mg_rank_stage_t stage;           /* when it acts */
    /* Act on run. *acted is 1 unless the query gave it nothing to do.
     * Binding failures go to err. */
    morgue_status_t (*apply)(mg_rank_run_t *run, int *acted, char *err);
} mg_rank_feature_t;

/* MORGUE_INVALID_ARGUMENT when features has a bit no feature has. */
morgue_status_t mg_rank_check(unsigned features);
/* Every bit a feature has. */
unsigned mg_rank_all(void);

/* Run the features of spec->rank whose stage is from..to, in order. A
 * feature that acted at MG_RANK_TIES or later clears *plain: the order is
 * then more than BM25's (which decides how lib/match.c counts). */
morgue_status_t mg_rank_apply(mg_rank_run_t *run, mg_rank_stage_t from, mg_rank_stage_t to,
                              int *plain, char *err);

/* run->query with extra weight (never extra matches) from the n queries
 * of more, their weights times scale. */
const xb_query_t *mg_rank_weigh_also(mg_rank_run_t *run, const xb_query_t *const *more,
                                     size_t n, double scale);

/* Whether the folded word w is one of the stopwords (lib/rank_stopwords.c). */
int mg_rank_is_stopword(const char *w);

#endif
