/* query.h - preparing a user's query for Xapian's QueryParser, and the
 * matcher that finds the query's words again in original text for
 * highlighting. Owned by lib/query_prep.c and lib/snippet.c; used by
 * lib/search.c only. */
#ifndef MORGUE_QUERY_H
#define MORGUE_QUERY_H

#include <stddef.h>
#include "morgue.h"
#include "xbind.h"

typedef struct mg_prepared {
    char *text;        /* the query folded like indexed text, operators kept */
    char **wildcards;  /* folded prefixes of words ending in '*' */
    size_t nwildcards;
} mg_prepared_t;

/* Limits on one query (morgue-query(1), Limits): longer queries, and more
 * wildcards, are refused with MORGUE_QUERY_SYNTAX and a message saying so,
 * so that a query's time and memory stay bounded. The wildcards of a query
 * share MAX_WILDCARD (lib/search.c) words, each its most frequent ones;
 * what stays is the time Xapian takes to find them, a scan of the words
 * with the prefix for each wildcard. */
#define MG_QUERY_MAX_BYTES 8192
#define MG_QUERY_MAX_WILDCARDS 16

/* Check the query's syntax and fold its words with mg_normalize, keeping
 * the upper-case operators (AND OR NOT XOR NEAR ADJ) and rewriting
 * date:D, date:D..D, date:D.. and date:..D (D is YYYY, YYYY-MM or
 * YYYY-MM-DD) into full YYYYMMDD..YYYYMMDD ranges. On MORGUE_QUERY_SYNTAX
 * err holds a message naming the column (1-based, in characters).
 * Returns MORGUE_OK, MORGUE_QUERY_SYNTAX or MORGUE_NO_MEMORY. */
morgue_status_t mg_query_prepare(const char *query, mg_prepared_t *out,
                                 char *err, size_t errlen);
void mg_prepared_free(mg_prepared_t *p);

/* Finds query words in original text (lib/snippet.c). */
typedef struct mg_matcher mg_matcher_t;

/* A matcher for the terms of a parsed query (as Xapian returns them: plain,
 * prefixed and Z-stemmed), the wildcard prefixes, and the stemmers the
 * query was parsed with. Returns NULL when out of memory. */
mg_matcher_t *mg_matcher_new(const xb_mset_t *mset, char *const *wildcards,
                             size_t nwildcards, const char *const *languages,
                             size_t nlanguages);
void mg_matcher_free(mg_matcher_t *m);

/* The best passage of text for the matcher, about max_bytes long, with
 * whitespace runs folded into one space and "…" where it is cut. Returns 0
 * with a malloc'd snippet and a malloc'd array of highlighted spans (both
 * caller-freed), or -1 when out of memory. */
int mg_snippet(mg_matcher_t *m, const char *text, size_t max_bytes,
               char **snippet, morgue_span_t **spans, size_t *nspans);

#endif
