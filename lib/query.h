/* query.h - the prepared query (a user's query checked, folded for
 * Xapian's QueryParser, and what every later stage reads of it), and the
 * matcher that finds the query's words again in original text for
 * highlighting. Owned by lib/query_prep.c and lib/snippet.c; used by
 * lib/search.c, lib/match.c and the ranking features (lib/rank_*.c). */
#ifndef MORGUE_QUERY_H
#define MORGUE_QUERY_H

#include <stddef.h>
#include "morgue.h"
#include "xbind.h"

/* A word of a plain query. */
typedef struct mg_word {
    const char *text;  /* folded, NUL-terminated; points into mg_prepared_t.wordbuf */
    int simple;        /* letters and digits only: a single indexed term */
} mg_word_t;

typedef struct mg_prepared {
    char *text;        /* the query folded like indexed text, operators kept */
    char **wildcards;  /* folded prefixes of words ending in '*' */
    size_t nwildcards;
    /* Plain: made of plain words only, each starting with a letter or
     * digit and holding only those and ' . - & (as in "o'neill", "u.s."):
     * no operator, field, quote, bracket, wildcard or leading + or -. */
    int plain;
    mg_word_t *words;  /* a plain query's words in order (none when not plain) */
    size_t nwords;
    char *wordbuf;     /* their text */
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

/* A matcher for the nterms terms of a parsed query (as Xapian gives them:
 * plain, prefixed and Z-stemmed), the wildcard prefixes, and the stemmers
 * the query was parsed with. Returns NULL when out of memory. */
mg_matcher_t *mg_matcher_new(char *const *terms, size_t nterms, char *const *wildcards,
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
