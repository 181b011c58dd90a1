/* rank.h - what the MORGUE_RANK_* features of a search turn into for the
 * binding: BM25 parameters, the stopword list, the words that proximity
 * pairs up, the feedback sizes and the short-query tiers. Owned by
 * lib/rank.c; used by lib/search.c only. */
#ifndef MORGUE_RANK_H
#define MORGUE_RANK_H

#include "morgue.h"
#include "xbind.h"

/* Every MORGUE_RANK_* bit this library knows. */
#define MG_RANK_ALL (MORGUE_RANK_TUNED | MORGUE_RANK_STOPWORDS | MORGUE_RANK_PROXIMITY | \
                     MORGUE_RANK_FEEDBACK | MORGUE_RANK_SHORT | MORGUE_RANK_RECENT)

/* What an xb_rank_t points into; free with mg_rank_free. */
typedef struct mg_rank {
    char *words;          /* the query's plain words, each NUL-terminated */
    const char **near;    /* the ones proximity pairs up, in query order */
    char *tier_title;     /* "title:w1 title:w2 ...": all the words in the title */
    char *tier_phrase;    /* "\"w1 w2 ...\"": the words as an exact phrase */
    const char *tiers[2];
} mg_rank_t;

/* Fill out for a query (text: as mg_query_prepare folded it) searched
 * with the features, any (nonzero: --any) and by_relevance (nonzero: the
 * hits are sorted by relevance; otherwise nothing is asked of ranking).
 * out points into keep until mg_rank_free(keep).
 * Returns MORGUE_OK, MORGUE_INVALID_ARGUMENT (an unknown feature bit) or
 * MORGUE_NO_MEMORY. */
morgue_status_t mg_rank_prepare(unsigned features, int any, int by_relevance,
                                const char *text, xb_rank_t *out, mg_rank_t *keep);

void mg_rank_free(mg_rank_t *keep);

#endif
