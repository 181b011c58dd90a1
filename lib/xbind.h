/* xbind.h - the plain C face of libxapian, for libmorgue's own use.
 * Owned by lib/xbind.cc, the only C++ in the project. Called by lib/db.c and
 * lib/search.c only. Every function catches every exception and turns it
 * into a morgue_status_t plus a message written to err (XB_ERRLEN bytes),
 * so that no C++ exception ever reaches C code.
 * This layer knows Xapian's API but nothing of articles: which terms, values
 * and data make an article is decided in lib/db.c (see docs/schema.md). */
#ifndef MORGUE_XBIND_H
#define MORGUE_XBIND_H

#include <stddef.h>
#include <stdint.h>
#include "morgue.h"

#ifdef __cplusplus
extern "C" {
#endif

#define XB_ERRLEN 512

typedef struct xb_db xb_db_t;       /* an open database, read-only or writable */
typedef struct xb_doc xb_doc_t;     /* a document being built */
typedef struct xb_mset xb_mset_t;   /* the result of a search */
typedef struct xb_stem xb_stem_t;   /* a Snowball stemmer */

/* Open path for writing, creating it if needed. A held lock gives
 * MORGUE_INDEX_LOCKED at once: the caller decides how long to retry. */
morgue_status_t xb_open_write(const char *path, xb_db_t **db, char *err);
/* Create path as scratch: blocks are updated in place and never synced to
 * disk, which spares the copies and the waits that keep a live index
 * safe. Only for databases thrown away unless they are finished, such as
 * a first build's shards; path must hold no database yet. */
morgue_status_t xb_open_scratch(const char *path, xb_db_t **db, char *err);

/* Open one or more databases read-only, searched as one. */
morgue_status_t xb_open_read(const char *const *paths, size_t n, xb_db_t **db,
                             char *err);

/* Close. Xapian commits what a writable database still holds; callers
 * commit first so that they see the status. Accepts NULL. */
void xb_close(xb_db_t *db);

morgue_status_t xb_commit(xb_db_t *db, char *err);

/* On a writable db: hold every change from now on in memory until
 * xb_cancel drops them all. Nothing is written meanwhile, not even by
 * xb_close (lib/shards.c keeps the index untouched this way while it
 * builds a replacement). */
morgue_status_t xb_hold_changes(xb_db_t *db, char *err);
morgue_status_t xb_cancel(xb_db_t *db, char *err);

/* Merge the n databases at srcs into a new, compacted database at dest
 * (Xapian's compaction, as xapian-compact does it). */
morgue_status_t xb_compact(const char *const *srcs, size_t n, const char *dest,
                           char *err);

/* Re-read a read-only database at its latest revision. */
morgue_status_t xb_reopen(xb_db_t *db, char *err);

morgue_status_t xb_doccount(xb_db_t *db, uint64_t *count, char *err);

/* User metadata. get: *value is malloc'd (caller frees) or NULL when the
 * key is absent. set: an empty value deletes the key. */
morgue_status_t xb_metadata_get(xb_db_t *db, const char *key, char **value,
                                size_t *len, char *err);
morgue_status_t xb_metadata_set(xb_db_t *db, const char *key,
                                const char *value, size_t len, char *err);

/* Call cb for each metadata key starting with prefix, in order; a nonzero
 * return from cb stops the walk. */
morgue_status_t xb_metadata_keys(xb_db_t *db, const char *prefix,
                                 int (*cb)(void *ctx, const char *key),
                                 void *ctx, char *err);

/* Call cb for each document indexed by term; a nonzero return stops. */
morgue_status_t xb_term_docs(xb_db_t *db, const char *term,
                             int (*cb)(void *ctx, unsigned docid), void *ctx,
                             char *err);

/* A document's value in slot (malloc'd, caller frees; *len 0 when empty)
 * and its data (likewise). MORGUE_NOT_FOUND when there is no such docid. */
morgue_status_t xb_doc_value(xb_db_t *db, unsigned docid, unsigned slot,
                             char **value, size_t *len, char *err);
morgue_status_t xb_doc_data(xb_db_t *db, unsigned docid, char **data,
                            size_t *len, char *err);

morgue_status_t xb_delete(xb_db_t *db, unsigned docid, char *err);

/* Add doc, replacing the document indexed by the unique term idterm. */
morgue_status_t xb_replace(xb_db_t *db, const char *idterm, xb_doc_t *doc,
                           char *err);

/* Start a document whose free text is stemmed for language (a Snowball
 * name or ISO 639 code; "none" for no stemming), with word positions when
 * positions is nonzero. An unknown language gives MORGUE_BAD_INPUT. */
morgue_status_t xb_doc_new(const char *language, int positions, xb_doc_t **doc,
                           char *err);
/* The text is complete: only terms, values and data may follow, and from
 * then on any one thread may write the document (xb_replace) and free it. */
void xb_doc_done(xb_doc_t *doc);
void xb_doc_free(xb_doc_t *doc);

/* Index already-normalized text: stems (with positions if asked), under prefix,
 * each occurrence adding wdf_inc. Not after xb_doc_done. */
morgue_status_t xb_doc_text(xb_doc_t *doc, const char *text, size_t len,
                            unsigned wdf_inc, const char *prefix, char *err);
/* Leave a gap in term positions, so phrases do not span two fields. */
void xb_doc_gap(xb_doc_t *doc, unsigned positions);
/* A boolean term: no positions, no weight. */
morgue_status_t xb_doc_term(xb_doc_t *doc, const char *term, char *err);
morgue_status_t xb_doc_set_value(xb_doc_t *doc, unsigned slot,
                                 const char *value, size_t len, char *err);
morgue_status_t xb_doc_set_data(xb_doc_t *doc, const char *data, size_t len,
                                char *err);

/* Field names of the query language and the term prefixes they search. */
typedef struct xb_field {
    const char *name;    /* as written in queries, without the colon */
    const char *prefix;  /* term prefix */
    int boolean;         /* nonzero: a filter (exact term), not free text */
} xb_field_t;

/* How to rank the matches of a query. All zero: Xapian's BM25 as it
 * comes. None of it changes which documents match, only their weights. */
typedef struct xb_rank {
    double k1, b;                    /* BM25 parameters; both 0: Xapian's defaults */
    const char *const *stopwords;    /* words the parser leaves out (not in phrases or with +) */
    size_t nstopwords;
    const char *const *near;         /* plain words in query order: documents where two... */
    size_t nnear;
    unsigned near_window;            /* ... consecutive ones stand within near_window positions... */
    double near_scale;               /* ... gain near_scale times the two words' weight */
    size_t fb_docs;                  /* pseudo-relevance feedback: the fb_terms best stemmed... */
    size_t fb_terms;                 /* ... terms of the top fb_docs hits (0: none), not in the... */
    double fb_scale;                 /* ... query, add their weight times fb_scale times their
                                        expand weight over the best one's... */
    size_t fb_min_matches;           /* ... when at least this many documents match */
    const char *const *tiers;        /* queries, parsed with default AND: a match of each... */
    size_t ntiers;                   /* ... weighs more than any document can score without it */
    int ties_newest;                 /* equal weights: the newer (date_slot) first */
} xb_rank_t;

/* Rebuild the document of stored record data with word positions, its
 * free text stemmed for language (NULL: the index's default); NULL when
 * the record cannot be read. */
typedef xb_doc_t *(*xb_rebuild_fn)(void *ctx, const char *data, size_t len,
                                   const char *language);

/* How xb_search counts the matches. XB_COUNT_EXACT (0): exactly, the
 * cheapest way: one ranked pass that may stop early, then, only when its
 * bounds differ, a count of the matches without weighing them. The others
 * are how a plain Xapian application counts, for bench/querybench's peer:
 * one ranked pass that weighs every match (check_at_least), or Xapian's
 * estimate (its default). */
typedef enum xb_count {
    XB_COUNT_EXACT = 0,
    XB_COUNT_ONE_PASS,
    XB_COUNT_ESTIMATE,
} xb_count_t;

typedef struct xb_query_spec {
    const char *text;                /* the query, already normalized */
    int any;                         /* nonzero: default operator OR, else AND */
    const char *const *languages;    /* stemmers: the query is parsed with each... */
    size_t nlanguages;               /* (at least 1) ... */
    const char *stemmer_prefix;      /* ... and each parse applied only to the documents with
                                        stemmer_prefix + that language, when there are several */
    const xb_field_t *fields;        /* the field prefixes */
    size_t nfields;
    unsigned date_slot;              /* value slot of YYYYMMDD dates, for date: ranges */
    const char *date_prefix;         /* "date:" */
    int sort;                        /* 0 relevance; 1 value slot sort_slot descending; 2 ascending */
    unsigned sort_slot;
    const char *since, *until;       /* YYYYMMDD bounds on date_slot, or NULL */
    size_t offset, limit;            /* which hits */
    size_t max_wildcard;             /* most terms one wildcard may expand to */
    xb_rank_t rank;                  /* ranking, used when sort is 0 */
    /* An index without positions: phrases and NEAR are checked on each
     * candidate's document rebuilt by rebuild (NULL: the index has them). */
    xb_rebuild_fn rebuild;
    void *rebuild_ctx;
    xb_count_t count;                /* how the total is counted */
} xb_query_spec_t;

/* Run a query. MORGUE_QUERY_SYNTAX with Xapian's message when it cannot be
 * parsed; MORGUE_INDEX_MODIFIED when the caller should xb_reopen and retry. */
morgue_status_t xb_search(xb_db_t *db, const xb_query_spec_t *spec,
                          xb_mset_t **mset, char *err);
uint64_t xb_mset_total(const xb_mset_t *mset);  /* exact matches */
size_t xb_mset_size(const xb_mset_t *mset);     /* hits held */
double xb_mset_weight(const xb_mset_t *mset, size_t i);
/* The stored data of hit i, borrowed until xb_mset_free. */
const char *xb_mset_data(const xb_mset_t *mset, size_t i, size_t *len);
/* The distinct terms of the parsed query (for highlighting), borrowed. */
size_t xb_mset_nterms(const xb_mset_t *mset);
const char *xb_mset_term(const xb_mset_t *mset, size_t i);
void xb_mset_free(xb_mset_t *mset);

/* Stemmers for highlighting. xb_stem writes the stem of word (normalized,
 * len bytes) into out (NUL-terminated, truncated to outsize) and returns
 * its full length. */
morgue_status_t xb_stem_new(const char *language, xb_stem_t **stem, char *err);
size_t xb_stem(xb_stem_t *stem, const char *word, size_t len, char *out,
               size_t outsize);
void xb_stem_free(xb_stem_t *stem);

/* When Xapian knows language as a stemmer name or ISO code, write its
 * Snowball name ("es" -> "spanish"; "none" for no stemming) to out and
 * return nonzero; else return 0. */
int xb_language_name(const char *language, char *out, size_t outsize);

/* ---- a database's files ---- */

/* Xapian's on-disk layout (a glass database: table files, the version file
 * "iamglass", the lock file "flintlock") is known here only. */

/* Move the files of the database in directory from into directory to,
 * the version file last, so that the database in to becomes the moved one
 * at that last rename; the lock file stays where it is. A file already
 * moved (by an earlier call that was interrupted) is passed over, so that
 * calling again finishes the move. The caller syncs to. MORGUE_OK,
 * MORGUE_IO_ERROR or MORGUE_NO_MEMORY, with a message in err. */
morgue_status_t xb_files_move(const char *from, const char *to, char *err);

/* Set *held to nonzero when some process holds the write lock of the
 * database in directory dir, to 0 when none does or there is no database
 * there. Returns MORGUE_OK. */
morgue_status_t xb_files_locked(const char *dir, int *held, char *err);

/* A database whose creation died half-way: dir holds Xapian's table files,
 * every one of them empty (no block was ever written), and no version
 * file, so it never held a revision, and every open fails ("no index
 * there") until it is removed. Remove those files (under the writers'
 * lock, so that no writer creating it now loses them) and set *cleared;
 * anything else is left alone, *cleared 0. MORGUE_OK, or MORGUE_IO_ERROR
 * with a message when a file cannot be removed. */
morgue_status_t xb_files_clear_unmade(const char *dir, int *cleared, char *err);

/* Whether this process may use the database in dir: read its version
 * file (write 0), or open its lock file for writing (write nonzero). For
 * telling a permission problem from what Xapian reports in its place (a
 * lock "held by another writer", "no index there"). MORGUE_OK when it may
 * (or, for reading, when there is no database), else MORGUE_IO_ERROR with
 * the file and the system's reason in err. */
morgue_status_t xb_files_access(const char *dir, int write, char *err);

#ifdef __cplusplus
}
#endif

#endif
