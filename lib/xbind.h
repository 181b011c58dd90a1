/* xbind.h - the plain C face of libxapian, for libmorgue's own use.
 * Owned by lib/xbind.cc, the only C++ in the project, and, for the part
 * that handles a database's files, lib/xbind_files.c. Called by the lib/
 * modules (and bench/ programs) only. Every function catches every
 * exception and turns it into a morgue_status_t plus a message written to
 * err (XB_ERRLEN bytes), so that no C++ exception ever reaches C code.
 * This layer knows Xapian's API but nothing of articles: which terms, values
 * and data make an article is decided in lib/docbuild.c (see docs/schema.md),
 * how a search is run and ranked in lib/match.c and lib/rank*.c. */
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
/* A set of stems, for a document built to check a query on it alone. */
typedef struct xb_stems xb_stems_t;
morgue_status_t xb_stems_new(const char *const *stems, const size_t *lens, size_t n,
                             xb_stems_t **stems_out, char *err);
void xb_stems_free(xb_stems_t *stems);
/* xb_doc_new whose free text keeps only the stems of only (NULL: all),
 * every other word becoming one placeholder term, so that the positions
 * stay as they were while the document stays small (xb_put_copy leaves
 * the placeholders out). only must outlive the text's indexing. */
morgue_status_t xb_doc_new_only(const char *language, int positions, const xb_stems_t *only,
                                xb_doc_t **doc, char *err);
/* The text is complete: only terms, values and data may follow, and from
 * then on any one thread may write the document (xb_replace) and free it. */
void xb_doc_done(xb_doc_t *doc);
/* How many distinct terms the document has. */
size_t xb_doc_terms(const xb_doc_t *doc);
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

/* ---- Queries --------------------------------------------------------------
 * Xapian::Query in C. A query builder (xb_qb_t) makes queries and owns every
 * one it made, until xb_qb_free. Its error is sticky: once a call fails,
 * the later ones do nothing and return NULL, and a NULL query passed in is
 * taken as that failure; the caller checks xb_qb_status once at the end. */
typedef struct xb_qb xb_qb_t;        /* makes and owns queries */
typedef struct xb_query xb_query_t;  /* a Xapian::Query, owned by its builder */

/* The operators of a query's node (Xapian::Query::op), as xb_q_type gives
 * them; AND to MAX combine subqueries (xb_q_combine). */
typedef enum xb_op {
    XB_OP_AND, XB_OP_OR, XB_OP_AND_NOT, XB_OP_XOR, XB_OP_AND_MAYBE, XB_OP_FILTER,
    XB_OP_NEAR, XB_OP_PHRASE, XB_OP_SYNONYM, XB_OP_MAX, XB_OP_ELITE_SET,
    XB_OP_SCALE_WEIGHT, XB_OP_WILDCARD, XB_OP_VALUE_RANGE, XB_OP_VALUE_GE, XB_OP_VALUE_LE,
    XB_OP_TERM, XB_OP_POSTING_SOURCE, XB_OP_MATCH_ALL, XB_OP_MATCH_NOTHING,
    XB_OP_OTHER,                      /* anything else Xapian has */
} xb_op_t;

/* NULL when out of memory. */
xb_qb_t *xb_qb_new(void);
void xb_qb_free(xb_qb_t *qb);
/* MORGUE_OK, or the status of the first call that failed, with its
 * message written to err. */
morgue_status_t xb_qb_status(const xb_qb_t *qb, char *err);

/* Leaves: a term (weighed, within-query frequency 1), every document,
 * no document, and a fixed weight on every document (Xapian's
 * FixedWeightPostingSource). */
const xb_query_t *xb_q_term(xb_qb_t *qb, const char *term);
const xb_query_t *xb_q_all(xb_qb_t *qb);
const xb_query_t *xb_q_nothing(xb_qb_t *qb);
const xb_query_t *xb_q_fixed(xb_qb_t *qb, double weight);
/* XB_OP_VALUE_RANGE (lo..hi), XB_OP_VALUE_GE (lo) or XB_OP_VALUE_LE (hi)
 * on the string values of slot. */
const xb_query_t *xb_q_value(xb_qb_t *qb, xb_op_t op, unsigned slot, const char *lo,
                             const char *hi);
/* The n subs combined by op (XB_OP_AND .. XB_OP_MAX), as Xapian's
 * Query(op, begin, end, window) combines them (window: for NEAR and
 * PHRASE, 0 for the number of subqueries). No subs: no document. */
const xb_query_t *xb_q_combine(xb_qb_t *qb, xb_op_t op, const xb_query_t *const *subs,
                               size_t n, unsigned window);
/* q with its weights multiplied by factor. */
const xb_query_t *xb_q_scale(xb_qb_t *qb, const xb_query_t *q, double factor);

/* How the QueryParser reads a query: Xapian's default syntax with
 * wildcards and pure NOT, every word stemmed (STEM_ALL). */
typedef struct xb_parser {
    const char *language;            /* stemmer: Snowball name or ISO code; "none" */
    int any;                         /* nonzero: default operator OR, else AND */
    const char *const *stopwords;    /* words the parser leaves out (not in phrases or with +) */
    size_t nstopwords;
    const xb_field_t *fields;        /* the field prefixes */
    size_t nfields;
    unsigned date_slot;              /* value slot of YYYYMMDD dates, for date: ranges... */
    const char *date_prefix;         /* ... written after this ("date:") */
    size_t max_wildcard;             /* most terms one wildcard expands to, the most frequent */
} xb_parser_t;

/* text (already normalized) parsed for db; a syntax error fails with
 * MORGUE_QUERY_SYNTAX and Xapian's message. */
const xb_query_t *xb_q_parse(xb_qb_t *qb, xb_db_t *db, const xb_parser_t *p,
                             const char *text);

/* Introspection. xb_q_empty: the query matches nothing by construction
 * (Xapian's empty query). xb_q_holds: q or one of its subqueries has op. */
xb_op_t xb_q_type(const xb_query_t *q);
int xb_q_empty(const xb_query_t *q);
size_t xb_q_nsub(const xb_query_t *q);
const xb_query_t *xb_q_sub(xb_qb_t *qb, const xb_query_t *q, size_t i);
int xb_q_holds(const xb_query_t *q, xb_op_t op);
/* Call cb for each distinct term of q, in byte order; nonzero stops. */
morgue_status_t xb_q_terms(const xb_query_t *q,
                           int (*cb)(void *ctx, const char *term, size_t len), void *ctx,
                           char *err);

/* ---- Enquire, match sets and expand sets -------------------------------- */
typedef struct xb_enquire xb_enquire_t;  /* a Xapian::Enquire on one xb_db_t */
typedef struct xb_mset xb_mset_t;        /* the hits of a search, copied out */
typedef struct xb_eset xb_eset_t;        /* terms suggested by some hits, copied out */
typedef struct xb_found xb_found_t;      /* a candidate shown to a match decider */

/* The order of the hits. */
typedef enum xb_sort {
    XB_SORT_RELEVANCE = 0,          /* by weight */
    XB_SORT_VALUE_THEN_RELEVANCE,   /* by the value of a slot, then by weight */
    XB_SORT_RELEVANCE_THEN_VALUE,   /* by weight, equal weights by the value */
} xb_sort_t;

/* A match decider: return 1 to keep the candidate, 0 to drop it, or a
 * negative -status with a message in err (XB_ERRLEN) to fail the search
 * with that status. doc is valid during the call only. */
typedef int (*xb_decide_fn)(void *ctx, xb_found_t *doc, char *err);

/* With the database's lock held: one thread searches while a shard's
 * thread writes (xb_db_hold, xb_db_release: a search made of several
 * calls sees one revision). Recursive. */
void xb_db_hold(xb_db_t *db);
void xb_db_release(xb_db_t *db);
/* How many databases db searches as one (xb_open_read's n); a decider is
 * given a database's own docids only when it is 1. */
size_t xb_db_parts(xb_db_t *db);

/* An Enquire with Xapian's defaults: BM25 as it comes, by relevance. */
morgue_status_t xb_enquire_new(xb_db_t *db, xb_enquire_t **enq, char *err);
void xb_enquire_free(xb_enquire_t *enq);
morgue_status_t xb_enquire_query(xb_enquire_t *enq, const xb_query_t *q, char *err);
/* BM25Weight(k1, 0, 1, b, 0.5): Xapian's k2, k3 and min_normlen. */
morgue_status_t xb_enquire_bm25(xb_enquire_t *enq, double k1, double b, char *err);
/* Weigh nothing (BoolWeight): for finding or counting matches. */
morgue_status_t xb_enquire_boolean(xb_enquire_t *enq, char *err);
/* The order; slot and descending are for the two orders by value. */
morgue_status_t xb_enquire_sort(xb_enquire_t *enq, xb_sort_t sort, unsigned slot,
                                int descending, char *err);
/* A search's time budget, shared by the Enquires of one search: at is the
 * moment it runs out, in seconds of CLOCK_MONOTONIC; the binding sets hit
 * when a match stopped at it, so that what it found is incomplete. */
typedef struct xb_deadline {
    double at;
    int hit;
} xb_deadline_t;
/* The matches of enq stop at d (borrowed; NULL: no limit): a guard in the
 * query, consulted at each candidate, ends the match (the counting that
 * check_at_least asks for, a phrase no candidate passes, a match
 * decider's work) and sets d->hit; xb_enquire_mset then returns what was
 * found, MORGUE_OK. Xapian 1.4's own Enquire::set_time_limit is not used:
 * it only turns check_at_least off, does not say when it did, and starts
 * a timer (and a thread) per match. The time from CLOCK_MONOTONIC, for
 * at: xb_clock. */
morgue_status_t xb_enquire_time_limit(xb_enquire_t *enq, xb_deadline_t *d, char *err);
double xb_clock(void);
/* Xapian's get_mset(first, n, check_at_least, no rset, decide): the hits
 * with their docids and weights, and their stored data when with_data.
 * decide may be NULL. */
morgue_status_t xb_enquire_mset(xb_enquire_t *enq, size_t first, size_t n,
                                size_t check_at_least, xb_decide_fn decide, void *ctx,
                                int with_data, xb_mset_t **mset, char *err);
/* Xapian's get_eset(n, the hits of relevant, keep): the n best terms of
 * those documents that keep (NULL: every term) returns nonzero for. */
morgue_status_t xb_enquire_eset(xb_enquire_t *enq, const xb_mset_t *relevant, size_t n,
                                int (*keep)(void *ctx, const char *term, size_t len),
                                void *ctx, xb_eset_t **eset, char *err);

size_t xb_mset_size(const xb_mset_t *mset);              /* hits held */
unsigned xb_mset_docid(const xb_mset_t *mset, size_t i);
double xb_mset_weight(const xb_mset_t *mset, size_t i);
/* The stored data of hit i (with_data), borrowed until xb_mset_free. */
const char *xb_mset_data(const xb_mset_t *mset, size_t i, size_t *len);
uint64_t xb_mset_estimated(const xb_mset_t *mset);       /* Xapian's matches estimate... */
uint64_t xb_mset_lower(const xb_mset_t *mset);           /* ... and its bounds */
uint64_t xb_mset_upper(const xb_mset_t *mset);
double xb_mset_max_possible(const xb_mset_t *mset);      /* the most a document could weigh */
void xb_mset_free(xb_mset_t *mset);

size_t xb_eset_size(const xb_eset_t *eset);
const char *xb_eset_term(const xb_eset_t *eset, size_t i);  /* borrowed until xb_eset_free */
double xb_eset_weight(const xb_eset_t *eset, size_t i);
void xb_eset_free(xb_eset_t *eset);

/* A candidate's docid, its stored data, and its first term that starts
 * with prefix (*term NULL when none); borrowed for the decider's call. */
unsigned xb_found_docid(const xb_found_t *doc);
morgue_status_t xb_found_data(xb_found_t *doc, const char **data, size_t *len, char *err);
morgue_status_t xb_found_term(xb_found_t *doc, const char *prefix, const char **term,
                              char *err);

/* ---- A database in memory ------------------------------------------------
 * For running a query on single documents (lib/phrase_check.c). */
morgue_status_t xb_open_memory(xb_db_t **db, char *err);
/* Put a copy of doc at docid, its terms, positions and values, without
 * the placeholders of xb_doc_new_only: Xapian's in-memory backend adds a
 * term's positions one by one, in time that grows as their square. */
morgue_status_t xb_put_copy(xb_db_t *db, unsigned docid, const xb_doc_t *doc, char *err);

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

/* ---- Checking a database ------------------------------------------------
 * For morgue_db_check (lib/check.c). */

/* Xapian's consistency check of the database in dir (Database::check,
 * as xapian-check runs it): each line of what it reports is given to
 * line, and *errors is the number of errors it counted. A table it
 * cannot read at all gives MORGUE_INDEX_CORRUPT with Xapian's message;
 * one this user may not open (the check opens some for writing),
 * MORGUE_IO_ERROR; MORGUE_INDEX_MODIFIED when a writer's commit
 * overwrote what it read. */
morgue_status_t xb_check(const char *dir, void (*line)(void *ctx, const char *text),
                         void *ctx, uint64_t *errors, char *err);

/* Call cb for every document of db, in docid order, with its data, or
 * with data NULL and problem saying why it could not be read (Xapian's
 * message); a nonzero return from cb stops the walk. */
morgue_status_t xb_all_docs(xb_db_t *db,
                            int (*cb)(void *ctx, unsigned docid, const char *data,
                                      size_t len, const char *problem),
                            void *ctx, char *err);

/* ---- a database's files ---- */

/* Xapian's on-disk layout (a glass database: table files, the version file
 * "iamglass", the lock file "flintlock") is known here only: these are
 * implemented in lib/xbind_files.c, in C, as they use no Xapian call. */

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

/* Whether dir, an existing directory, is not a database and yet holds
 * something: an entry other than the lock file, the version file's
 * temporary and ours (a name the caller owns there, or NULL). A directory
 * with table files or a version file counts as a database, whole or
 * damaged, for opening it to judge. Sets names (size bytes) to the first
 * few such entries, sorted, comma-separated ("" when there are none, or
 * dir cannot be read). MORGUE_OK, or MORGUE_NO_MEMORY with err set. */
morgue_status_t xb_files_foreign(const char *dir, const char *ours, char *names, size_t size,
                                 char *err);

/* Check the version file of the database in dir for what Xapian 1.4
 * trusts without checking and crashes on (it segfaults closing a
 * database whose version file gives a B-tree deeper than its cursor
 * can hold): each table's B-tree level, its block size, and that an
 * empty ("fake") root has no level and no entries. A version file that
 * is absent, of another format or that does not parse is left for
 * Xapian to report. MORGUE_OK, or MORGUE_INDEX_CORRUPT with the file
 * and what is wrong in err. */
morgue_status_t xb_files_check_version(const char *dir, char *err);

#ifdef __cplusplus
}
#endif

#endif
