/* match.h - running one search on the binding: the spec lib/search.c fills
 * in, the hits it gets back, and the steps of the run that the ranking
 * features share. Owned by lib/match.c (the run and its counting),
 * lib/query_build.c (the query parsed) and lib/phrase_check.c (phrases on
 * an index without positions); used by lib/search.c and lib/rank*.c. */
#ifndef MORGUE_MATCH_H
#define MORGUE_MATCH_H

#include "morgue.h"
#include "query.h"
#include "xbind.h"

/* Rebuild the document of stored record data with word positions, its
 * free text stemmed for language (NULL: the index's default) keeping only
 * the stems of only (NULL: all; xb_doc_new_only); NULL when the record
 * cannot be read. */
typedef xb_doc_t *(*mg_rebuild_fn)(void *ctx, const char *data, size_t len,
                                   const char *language, const xb_stems_t *only);

typedef struct mg_search_spec {
    const mg_prepared_t *query;      /* the prepared query */
    int any;                         /* nonzero: default operator OR, else AND */
    const char *const *languages;    /* stemmers: the query is parsed with each... */
    size_t nlanguages;               /* (at least 1) ... */
    const char *stemmer_prefix;      /* ... and each parse applied only to the documents with
                                        stemmer_prefix + that language, when there are several */
    const xb_field_t *fields;        /* the field prefixes */
    size_t nfields;
    unsigned date_slot;              /* value slot of YYYYMMDD dates, for date: ranges */
    const char *date_prefix;         /* "date:" */
    morgue_sort_t sort;              /* the order of the hits... */
    unsigned sort_slot;              /* ... by this value slot when not by relevance */
    const char *since, *until;       /* YYYYMMDD bounds on date_slot, or NULL */
    size_t offset, limit;            /* which hits */
    size_t max_wildcard;             /* most terms one wildcard may expand to */
    unsigned rank;                   /* MORGUE_RANK_* features, when sorted by relevance */
    /* An index without positions: phrases and NEAR are checked on each
     * candidate's document rebuilt by rebuild (NULL: the index has them). */
    mg_rebuild_fn rebuild;
    void *rebuild_ctx;
    /* The time budget of every match of the run on the index (NULL: none);
     * when its hit is set, what was found is incomplete. */
    xb_deadline_t *deadline;
} mg_search_spec_t;

/* What a search found. */
typedef struct mg_found {
    uint64_t total;                  /* exact number of matches */
    xb_mset_t *hits;                 /* the hits asked for, with their stored data */
    char **terms;                    /* the distinct terms of the parsed query (highlighting) */
    size_t nterms;
} mg_found_t;

/* Run spec on db. MORGUE_QUERY_SYNTAX with Xapian's message in err when
 * it cannot be parsed; MORGUE_INDEX_MODIFIED when the caller should
 * xb_reopen and retry. On MORGUE_OK free out with mg_found_free; on
 * failure it holds nothing. */
morgue_status_t mg_match(xb_db_t *db, const mg_search_spec_t *spec, mg_found_t *out,
                         char *err);
void mg_found_free(mg_found_t *found);

/* text parsed as spec says, once per stemmer, each parse for the documents
 * stemmed that way (lib/query_build.c); any picks the default operator,
 * the n stopwords are left out. Through qb's sticky error. */
const xb_query_t *mg_parse_all(xb_qb_t *qb, xb_db_t *db, const mg_search_spec_t *spec,
                               const char *text, int any, const char *const *stopwords,
                               size_t nstopwords);
/* The query of spec: its text parsed (every document when blank), within
 * the since/until dates. */
const xb_query_t *mg_query_build(xb_qb_t *qb, xb_db_t *db, const mg_search_spec_t *spec,
                                 const char *const *stopwords, size_t nstopwords);

/* The check of phrases and NEAR on an index without positions
 * (lib/phrase_check.c). */
typedef struct mg_phrase_check mg_phrase_check_t;

/* Whether q needs word positions: it holds a phrase or NEAR. */
int mg_positional(const xb_query_t *q);
/* What to run on an index without positions, where Xapian takes a phrase
 * or NEAR for an AND: a query whose matches include (wider) or are
 * included in (!wider) those q has on a positional index. */
const xb_query_t *mg_bound(xb_qb_t *qb, const xb_query_t *q, int wider);
/* A check that keeps the candidates that match asked as written. */
morgue_status_t mg_phrase_check_new(xb_db_t *db, const mg_search_spec_t *spec, xb_qb_t *qb,
                                    const xb_query_t *asked, mg_phrase_check_t **check,
                                    char *err);
/* The check as an xb_decide_fn (ctx: the mg_phrase_check_t). */
int mg_phrase_check_decide(void *ctx, xb_found_t *doc, char *err);
void mg_phrase_check_free(mg_phrase_check_t *check);

/* A new Enquire on db, its matches within spec's time budget. */
morgue_status_t mg_enquire_new(xb_db_t *db, const mg_search_spec_t *spec, xb_enquire_t **enq,
                               char *err);

/* MORGUE_OK when q was made; else qb's status and message, or
 * MORGUE_NO_MEMORY when q is NULL for want of memory outside qb. */
morgue_status_t mg_made(const xb_qb_t *qb, const xb_query_t *q, char *err);

#endif
