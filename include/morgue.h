/* morgue.h - the public C API of libmorgue, a full-text search library for
 * news archives built on Xapian.
 *
 * This header is the manual. Conventions that hold for every function:
 *  - Functions that can fail return a morgue_status_t; 0 (MORGUE_OK) is
 *    success. Outputs come through pointer arguments and are set only on
 *    success unless the function says otherwise.
 *  - Strings passed in are copied (or used only during the call); the
 *    library never keeps a caller's pointer.
 *  - Strings and arrays returned are borrowed from the handle that produced
 *    them; each function says how long they stay valid.
 *  - Every _open/_new has a _close/_free that accepts NULL.
 *  - All text is UTF-8. Handles are not thread-safe: use one per thread.
 */
#ifndef MORGUE_H
#define MORGUE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the index layout (docs/schema.md). An index written with a
 * different version is refused with MORGUE_INDEX_VERSION. */
#define MORGUE_SCHEMA_VERSION 2

/* Version of the machine-readable output formats (morgue-query --format):
 * 2 added source_id to json and jsonl hits and as tsv's last column. */
#define MORGUE_OUTPUT_VERSION 2

typedef enum morgue_status {
    MORGUE_OK = 0,
    MORGUE_NO_MEMORY,        /* an allocation failed */
    MORGUE_INVALID_ARGUMENT, /* a NULL handle, an out-of-range value, a malformed id */
    MORGUE_IO_ERROR,         /* a file or directory could not be read or written */
    MORGUE_NO_INDEX,         /* there is no index at that path */
    MORGUE_INDEX_LOCKED,     /* another process is writing to the index */
    MORGUE_INDEX_CORRUPT,    /* the index files are damaged or not an index */
    MORGUE_INDEX_MODIFIED,   /* the index changed too much under a reader: reopen */
    MORGUE_INDEX_VERSION,    /* the index has another schema version */
    MORGUE_QUERY_SYNTAX,     /* the query could not be parsed */
    MORGUE_BAD_INPUT,        /* an article or value was rejected (see the message) */
    MORGUE_NOT_FOUND,        /* no article has that id */
    MORGUE_ENGINE_ERROR,     /* any other failure inside the search engine */
    MORGUE_INTERRUPTED,      /* a wait (for the write lock) was ended by a signal */
    MORGUE_REFUSED,          /* refused as unsafe: a prune that would remove too much */
    MORGUE_TIMEOUT           /* a search ran out of its time budget (timeout) */
} morgue_status_t;

/* A short English description of a status ("index locked", ...). The
 * string is static; an unknown value gives "unknown status". */
const char *morgue_status_string(morgue_status_t status);

/* ------------------------------------------------------------------ */
/* Text helpers shared by every reader                                 */

/* The repairs morgue_text_repair reports, as bits of *repaired. */
#define MORGUE_REPAIRED_DECODED 0x1 /* bytes that are not UTF-8 decoded as Windows-1252 */
#define MORGUE_REPAIRED_DROPPED 0x2 /* NUL or control characters dropped */
#define MORGUE_REPAIRED_BOM     0x4 /* a leading byte-order mark removed */

/* Repair bytes into valid UTF-8: every maximal run that is not valid
 * UTF-8 is decoded as Windows-1252 (Latin-1 for the bytes 1252 leaves
 * undefined), NUL and control characters other than tab, newline and
 * carriage return are dropped, and a leading byte-order mark is removed.
 * On MORGUE_OK *out is a malloc'd NUL-terminated string the caller frees
 * with free(), *out_len its length, and *repaired (if not NULL) is set to
 * the MORGUE_REPAIRED_ bits of the repairs made: 0 when the bytes were
 * already clean UTF-8, nonzero when any byte had to be decoded or dropped.
 * MORGUE_REPAIRED_DECODED is set exactly when the bytes were not valid
 * UTF-8 (a byte decoded as a C1 control and then dropped sets it together
 * with MORGUE_REPAIRED_DROPPED).
 * Returns MORGUE_INVALID_ARGUMENT (bytes or out NULL) or MORGUE_NO_MEMORY. */
morgue_status_t morgue_text_repair(const char *bytes, size_t len, char **out,
                                   size_t *out_len, int *repaired);

/* Parse a date written the way news carries it: ISO 8601 (2024-09-03,
 * 2024-09-03T10:00:00Z, 2024-09-03 10:00:00+02:00, 20240903), RFC 2822
 * (Tue, 3 Sep 2024 10:00:00 +0000) and "3 September 2024" / "September 3,
 * 2024". The calendar date is kept as written (no time-zone shift).
 * On MORGUE_OK out holds "YYYY-MM-DD" and a NUL. Returns MORGUE_BAD_INPUT
 * when text is not a valid date (including 2024-02-30), or
 * MORGUE_INVALID_ARGUMENT when text or out is NULL. */
morgue_status_t morgue_date_parse(const char *text, char out[11]);

/* Like morgue_date_parse, and also accepts dates relative to now, for
 * cron jobs: "today", "yesterday", "Nd", "Nw", "Nm", "Ny" (N days, weeks,
 * months, years ago). now is a Unix time; the local time zone applies. */
morgue_status_t morgue_date_resolve(const char *text, int64_t now, char out[11]);

/* ------------------------------------------------------------------ */
/* Opening an index                                                    */

typedef struct morgue_db morgue_db_t;

typedef enum morgue_open_mode {
    MORGUE_READ = 0,  /* search only; the index must exist */
    MORGUE_WRITE = 1  /* index articles; the index is created if missing */
} morgue_open_mode_t;

/* Open the index in directory path.
 * For MORGUE_WRITE, when another writer holds the lock, retry for up to
 * wait_seconds (0: fail at once; infinity: until it is free) before
 * returning MORGUE_INDEX_LOCKED. A signal that the process catches with a
 * handler, delivered to the calling thread while it waits, ends the wait
 * with MORGUE_INTERRUPTED (the handler has run by then).
 * For MORGUE_READ, readers never wait for a writer; an open that a
 * writer's commit disturbed (MORGUE_INDEX_MODIFIED or _CORRUPT) is tried
 * again at the latest revision, ten times, so that only lasting damage
 * is reported.
 * language is the default stemming language for articles without one and
 * for queries (a Snowball name or ISO 639 code: "en", "spanish", "none");
 * NULL keeps the index's recorded default, or English for a new index.
 * On failure *db is NULL and, if error is not NULL, *error is a malloc'd
 * message naming the index (free it with free()).
 * Returns MORGUE_NO_INDEX, MORGUE_INDEX_LOCKED, MORGUE_INTERRUPTED,
 * MORGUE_INDEX_CORRUPT,
 * MORGUE_INDEX_VERSION, MORGUE_IO_ERROR, MORGUE_BAD_INPUT (unknown
 * language), MORGUE_NO_MEMORY or MORGUE_ENGINE_ERROR. */
morgue_status_t morgue_db_open(const char *path, morgue_open_mode_t mode,
                               double wait_seconds, const char *language,
                               morgue_db_t **db, char **error);

/* Open several indexes for reading, searched as one. Same statuses and
 * error convention as morgue_db_open. npaths must be at least 1. */
morgue_status_t morgue_db_open_many(const char *const *paths, size_t npaths,
                                    const char *language, morgue_db_t **db,
                                    char **error);

/* Commit pending changes (for a writable index). After MORGUE_OK every
 * article put so far is durable. Returns MORGUE_IO_ERROR,
 * MORGUE_INDEX_CORRUPT or MORGUE_ENGINE_ERROR, with morgue_db_error set. */
morgue_status_t morgue_db_commit(morgue_db_t *db);

/* The words (distinct in each article) of the articles put since the last
 * commit after which morgue_db_commit_due says to commit: Xapian holds
 * them in memory until then, some 50 to 300 bytes each. Ten thousand news
 * articles have about two million. */
#define MORGUE_PENDING_WORDS 1000000u

/* Nonzero when the articles put since the last commit hold more than
 * MORGUE_PENDING_WORDS words, so that the caller should commit now to
 * keep memory bounded, whatever its batch of articles. Always 0 during a
 * first build in shards, which writes its shards out by the same measure
 * itself. */
int morgue_db_commit_due(const morgue_db_t *db);

/* How many threads a writable index may use to index articles. With 2 or
 * more, on an index that holds no articles yet (a first build; call before
 * the first morgue_db_put), articles are built on that many threads at
 * once, each into its own shard under the index directory, and the next
 * morgue_db_commit merges the shards into the index in one step (by
 * Xapian's compaction: the result is compact). Until that commit none of
 * them is in the index: a process killed before it leaves the index as it
 * was. So commit once, at the end; after it, and on an index that has
 * articles, all the work is done in the caller's thread during
 * morgue_db_put, the default (1). An error while a shard writes an article
 * is returned by a later morgue_db_put or by morgue_db_commit. Returns
 * MORGUE_INVALID_ARGUMENT for a read-only index or a threads of 0, or the
 * failure to create the shards (then the index stays on one thread). */
morgue_status_t morgue_db_set_threads(morgue_db_t *db, unsigned threads);

/* How many threads a writable index builds with now: the number of shards
 * of a first build that morgue_db_set_threads started (until the commit
 * that merges them), else 1. A caller that commits per batch learns here
 * whether it must wait for one commit at the end instead. Returns
 * MORGUE_INVALID_ARGUMENT for a NULL db or threads, or a read-only index. */
morgue_status_t morgue_db_get_threads(const morgue_db_t *db, unsigned *threads);

/* Whether a writable index keeps the word positions of its free text. A
 * new index does not, by default (indexes made before the choice was
 * recorded, schema key morgue.positions, do). Without them the index is
 * half the size and a build about 1.5 times faster; a phrase or NEAR query
 * runs as an AND, and each candidate that needs it is checked on its
 * stored article, rebuilt with positions, so that it matches what a
 * positional index would match (docs/schema.md), but more slowly; and the
 * exact-phrase tier of the default ranking (short) is lost. Call before
 * the first article of a new index and before morgue_db_set_threads.
 * Returns MORGUE_INVALID_ARGUMENT for a read-only index, or
 * MORGUE_BAD_INPUT when the index already holds articles built the other
 * way (a rebuild is needed); MORGUE_OK when it already keeps them as
 * asked. */
morgue_status_t morgue_db_set_positions(morgue_db_t *db, int positions);

/* The scope of the source ids (morgue_article_t.id) that identify articles. */
typedef enum morgue_ids {
    MORGUE_IDS_GLOBAL = 0,  /* index-wide: the same id from two files is one article */
    MORGUE_IDS_PER_FILE     /* the file's path and the id: each file numbers its own */
} morgue_ids_t;

/* Set the scope of source ids of a writable index; a url or path and line
 * identity is the same in both. The choice is the index's, recorded when
 * it is made (schema key morgue.ids); a new index is MORGUE_IDS_GLOBAL.
 * Call before the first article. Returns MORGUE_INVALID_ARGUMENT for a
 * read-only index or an unknown scope, or MORGUE_BAD_INPUT when the index
 * already holds articles identified the other way (a rebuild is needed);
 * MORGUE_OK when it already scopes them as asked. */
morgue_status_t morgue_db_set_ids(morgue_db_t *db, morgue_ids_t ids);

/* The scope of source ids of an open index, in *ids. Returns
 * MORGUE_INVALID_ARGUMENT for a NULL db or ids. */
morgue_status_t morgue_db_get_ids(const morgue_db_t *db, morgue_ids_t *ids);

/* Commit (for a writable index) and close. Accepts NULL. Returns the
 * status of the final commit; the handle is freed in every case. */
morgue_status_t morgue_db_close(morgue_db_t *db);

/* The message of the last failure on db: what happened and to which index
 * or article. Borrowed: valid until the next call on db. Never NULL. */
const char *morgue_db_error(const morgue_db_t *db);

/* Number of articles in the index (all of them, for several indexes). */
morgue_status_t morgue_db_count(morgue_db_t *db, uint64_t *count);

/* ------------------------------------------------------------------ */
/* Indexing                                                            */

/* An extra searchable field of an article, such as a Reuters topic code.
 * field is one of "topic", "person", "org", "company", "exchange",
 * "category", "group", "keyword" or "place" (searched as field:value);
 * tags with another field are stored but not searchable. */
typedef struct morgue_tag {
    const char *field;
    const char *value;
} morgue_tag_t;

/* One article as a reader produced it. All strings are UTF-8 (pass them
 * through morgue_text_repair first), borrowed for the duration of the call,
 * and may be NULL when the input has no such field. */
typedef struct morgue_article {
    const char *id;       /* the source's own id (JSON "id"), or NULL */
    const char *url;      /* canonical address, or NULL */
    const char *title;    /* headline */
    const char *date;     /* YYYY-MM-DD (see morgue_date_parse) or NULL */
    const char *source;   /* publication or site */
    const char *author;   /* one or more names, separated by "; " */
    const char *place;    /* dateline place, e.g. "Caracas, Venezuela" */
    const char *language; /* ISO 639 code or Snowball name; NULL: default */
    const char *body;     /* the article text, as written */
    const char *path;     /* absolute path of the file it came from */
    unsigned long line;   /* line in path for one-article-per-line inputs, else 0 */
    const morgue_tag_t *tags; /* extra searchable fields, or NULL */
    size_t ntags;             /* number of tags */
} morgue_article_t;

typedef enum morgue_outcome {
    MORGUE_ADDED = 0,  /* a new article */
    MORGUE_UPDATED,    /* an article with the same identity was replaced */
    MORGUE_UNCHANGED,  /* the same article was already indexed: nothing written */
    MORGUE_DUPLICATE   /* the same identity came earlier from this file in this
                          run: the first one is kept and this one is not
                          written (so that re-runs are stable) */
} morgue_outcome_t;

/* Index one article, replacing any article with the same identity: the
 * source's id when given, else its url, else path and line. The article's
 * stable id (see morgue_hit_t) is derived from that identity.
 * Must be called between morgue_db_file_begin and morgue_db_file_end.
 * On MORGUE_OK *outcome says what happened. Returns MORGUE_INVALID_ARGUMENT
 * (read-only index, no file begun, no body), MORGUE_BAD_INPUT (a date not
 * in YYYY-MM-DD form), MORGUE_NO_MEMORY, MORGUE_IO_ERROR or
 * MORGUE_ENGINE_ERROR. */
morgue_status_t morgue_db_put(morgue_db_t *db, const morgue_article_t *article,
                              morgue_outcome_t *outcome);

/* After a morgue_db_put whose outcome was MORGUE_UPDATED: whether the
 * article it replaced came from another file than the new one (two files
 * giving the same source id, or an article that moved). If so, returns
 * MORGUE_OK with *path the replaced article's file (borrowed: valid until
 * the next morgue_db_put or morgue_db_close) and *line its line (0 when it
 * had none); else MORGUE_NOT_FOUND, which is also what an update from the
 * same file (a re-indexed file) gives. MORGUE_INVALID_ARGUMENT for a NULL
 * argument. */
morgue_status_t morgue_db_replaced(const morgue_db_t *db, const char **path,
                                   unsigned long *line);

/* The most bytes of an article's body that are indexed. The text past it
 * (and past 64 KiB of any other field, 1 MiB of them together) is stored
 * and shown, but its words do not find the article: the memory that
 * indexing one article takes grows with its distinct words, and this
 * bounds it (about 130 MB for 4 MiB of words that are all different; no
 * news article comes near it). */
#define MORGUE_INDEXED_TEXT_MAX (4u << 20)
/* The same for any other field (title, source, ...), and for them together. */
#define MORGUE_INDEXED_FIELD_MAX (64u << 10)
#define MORGUE_INDEXED_FIELDS_MAX (1u << 20)

/* Bytes of article's text that are not indexed, being past the limits of
 * MORGUE_INDEXED_TEXT_MAX: 0 for every article of ordinary size. */
size_t morgue_article_unindexed(const morgue_article_t *article);

typedef enum morgue_file_state {
    MORGUE_FILE_NEW = 0,   /* never indexed */
    MORGUE_FILE_CHANGED,   /* indexed before, but size or mtime differ, or it had errors */
    MORGUE_FILE_UNCHANGED  /* indexed cleanly (or up to a cap, MORGUE_FILE_CAPPED, or
                              with flaws in its content, MORGUE_FILE_FLAWED)
                              with this size and mtime: skip it */
} morgue_file_state_t;

/* What the index knows of the file at absolute path (size in bytes, mtime
 * in nanoseconds). On MORGUE_OK sets *state and, if articles is not NULL,
 * the number of articles the file gave last time. */
morgue_status_t morgue_db_file_state(morgue_db_t *db, const char *path,
                                     int64_t size, int64_t mtime_ns,
                                     morgue_file_state_t *state,
                                     uint64_t *articles);

/* Start indexing the articles of the file at absolute path. */
morgue_status_t morgue_db_file_begin(morgue_db_t *db, const char *path);

/* What morgue_db_file_end's clean may also be: the file was read up to a
 * cap on the bytes read from one file, and no further. */
#define MORGUE_FILE_CAPPED 2

/* And: the file was read to its end, but part of its content was bad and
 * left out (a malformed line, a row too long, a repeated identity). */
#define MORGUE_FILE_FLAWED 3

/* Finish the file begun last. When clean is nonzero (the whole file was
 * read without error), articles it gave before but not this time are
 * deleted, counted in *removed, and the file is recorded with size and
 * mtime so that an unchanged file is skipped next time. When clean is 0
 * nothing is deleted (nothing is lost to a read error) and the file will be
 * read again next time. When clean is MORGUE_FILE_CAPPED (only its first
 * bytes were read, as far as a cap allows) nothing is deleted, but an
 * unchanged file is skipped next time as for a clean one: reading it again
 * would stop at the same place. MORGUE_FILE_FLAWED is the same: reading
 * an unchanged file again would find the same flaws. removed may be NULL. */
morgue_status_t morgue_db_file_end(morgue_db_t *db, int64_t size,
                                   int64_t mtime_ns, int clean,
                                   uint64_t *removed);

/* Delete the articles of every recorded file that no longer exists.
 * removed_articles and removed_files may be NULL. */
morgue_status_t morgue_db_prune(morgue_db_t *db, uint64_t *removed_articles,
                                uint64_t *removed_files);

/* What a careful prune leaves alone (morgue_db_prune_with). */
typedef struct morgue_prune_options {
    const char *const *keep;  /* absolute paths: no file at or below one is pruned
                                 (an archive that is missing, unmounted or unreadable) */
    size_t nkeep;             /* number of keep paths */
    uint64_t *kept;           /* NULL, or nkeep counters: the articles of gone files
                                 that each keep path saved (0 when it saved none) */
    double max_share;         /* in (0, 1): prune nothing, MORGUE_REFUSED, when the
                                 articles to remove are more than this share of the
                                 index; 0 (or 1 and above): no such limit */
} morgue_prune_options_t;

/* morgue_db_prune with opts (NULL: as morgue_db_prune). The files to
 * remove are found first, so a refusal removes nothing. Returns what
 * morgue_db_prune does, or MORGUE_REFUSED with morgue_db_error saying how
 * much would have gone. */
morgue_status_t morgue_db_prune_with(morgue_db_t *db, const morgue_prune_options_t *opts,
                                     uint64_t *removed_articles, uint64_t *removed_files);

/* ------------------------------------------------------------------ */
/* Checking an index                                                   */

/* Called with each problem morgue_db_check finds: one line of text,
 * borrowed for the call. */
typedef void (*morgue_check_fn)(void *ctx, const char *problem);

/* Check that the index in directory path is whole: Xapian's consistency
 * check of its tables (what xapian-check does: a damaged B-tree block or
 * postlist gives wrong answers silently, as glass blocks carry no
 * checksum), then that every stored record decodes with its checksum
 * intact and that no file has more articles in the index than its file
 * record counts. It opens the index for reading and takes no lock; a
 * writer's commit during the check makes it start again (three times at
 * most). report (may be NULL) is called with each problem, after the
 * check is done; problems (may be NULL) is set to how many.
 * Returns MORGUE_OK when none was found, MORGUE_INDEX_CORRUPT when some
 * were (a version file that Xapian cannot safely read is one, and is
 * then the only check made), or the status that kept the index from
 * being checked, MORGUE_NO_INDEX, MORGUE_IO_ERROR (also for files this
 * user may not write: Xapian's check opens some for writing),
 * MORGUE_INDEX_VERSION,
 * MORGUE_INDEX_MODIFIED (still changing after three tries),
 * MORGUE_NO_MEMORY or MORGUE_ENGINE_ERROR, with *error (if error is not
 * NULL) a malloc'd message naming the index (free it with free()). */
morgue_status_t morgue_db_check(const char *path, morgue_check_fn report, void *ctx,
                                uint64_t *problems, char **error);

/* ------------------------------------------------------------------ */
/* Searching                                                           */

typedef enum morgue_sort {
    MORGUE_SORT_RELEVANCE = 0, /* best match first */
    MORGUE_SORT_NEWEST,        /* latest date first; undated last */
    MORGUE_SORT_OLDEST         /* earliest date first; undated last */
} morgue_sort_t;

/* Ranking features, OR'd together into morgue_search_options_t.rank. They
 * change the order of the hits (and their scores), never which articles
 * match or how many, except that MORGUE_RANK_STOPWORDS leaves words out of
 * an any query. They act on queries sorted by relevance; the "plain-word"
 * ones only on a query made of plain words (no operators, quotes, fields,
 * wildcards or +/- marks). morgue-query(1), RANKING, explains each. */
#define MORGUE_RANK_BM25      0x00u /* none of the below: Xapian's BM25 (k1 1, b 0.5) as it comes */
#define MORGUE_RANK_TUNED     0x01u /* BM25 with k1 1.2 and b 0.75, the usual literature values */
#define MORGUE_RANK_STOPWORDS 0x02u /* with any: common English words (the Snowball list) do not
                                       count, except in phrases and when marked with + */
#define MORGUE_RANK_PROXIMITY 0x04u /* plain-word queries: articles where two consecutive query
                                       words stand within 8 words of each other rank higher */
#define MORGUE_RANK_FEEDBACK  0x08u /* with any: pseudo-relevance feedback; the 20 best words of
                                       the top 10 hits add to the ranking (not to the matches) */
#define MORGUE_RANK_SHORT     0x10u /* plain-word queries of 1 to 3 words without any: articles
                                       with all the words in the title, and articles with the
                                       words as an exact phrase, rank above the others */
#define MORGUE_RANK_RECENT    0x20u /* among hits of exactly equal score, newer articles first */
/* The default: all but proximity, which made long questions rank worse. */
#define MORGUE_RANK_DEFAULT   (MORGUE_RANK_TUNED | MORGUE_RANK_STOPWORDS | MORGUE_RANK_FEEDBACK | \
                               MORGUE_RANK_SHORT | MORGUE_RANK_RECENT)

typedef struct morgue_search_options {
    int any;               /* nonzero: plain words are OR'd, not all required */
    morgue_sort_t sort;    /* result order */
    const char *since;     /* YYYY-MM-DD: only articles dated on or after; NULL: no bound */
    const char *until;     /* YYYY-MM-DD: only articles dated on or before; NULL: no bound */
    size_t offset;         /* hits to skip */
    size_t limit;          /* hits to return; 0 returns none, the total is still exact */
    size_t snippet_bytes;  /* about how long a snippet may be; 0: no snippets */
    unsigned rank;         /* MORGUE_RANK_* features; an unknown bit gives MORGUE_INVALID_ARGUMENT */
    double timeout;        /* seconds the matching may take; 0: no limit (negative, NaN:
                              MORGUE_INVALID_ARGUMENT) */
    int partial;           /* nonzero: when the time runs out, return what was found, with
                              morgue_results_complete 0, rather than MORGUE_TIMEOUT */
} morgue_search_options_t;

/* The default time budget of a search, in seconds: far above what an
 * ordinary query takes (milliseconds on the 21,578 Reuters articles, a
 * phrase on an index without positions about 0.1 s), well below what a
 * hostile one held a server for (a phrase of 1,000 x "the": 5 to 25 s). */
#define MORGUE_SEARCH_TIMEOUT 5.0

/* Fill opts with the defaults: all words required, by relevance, no date
 * bounds, offset 0, limit 10, snippets of about 240 bytes, ranking
 * MORGUE_RANK_DEFAULT, timeout MORGUE_SEARCH_TIMEOUT, no partial results. */
void morgue_search_options_init(morgue_search_options_t *opts);

/* The ranking features of a list such as morgue-query's --rank: "default",
 * "bm25" and feature names (morgue_rank_name), comma-separated, each added
 * to what the list had so far ("-NAME" removes one); the list starts empty
 * (plain BM25). Returns MORGUE_OK with *features set, or MORGUE_BAD_INPUT
 * when an item is no name, that item being the bad_len bytes at
 * list + *bad_at (either pointer may be NULL). */
morgue_status_t morgue_rank_parse(const char *list, unsigned *features, size_t *bad_at,
                                  size_t *bad_len);
/* Name i (from 0) of a --rank list, with its MORGUE_RANK_* bits (bits may
 * be NULL): "default", "bm25", then each feature's. NULL past the last. */
const char *morgue_rank_name(size_t i, unsigned *bits);

typedef struct morgue_results morgue_results_t;

/* Run query (the syntax of morgue-query(1)) on db. On MORGUE_OK *results
 * holds the hits; free it with morgue_results_free. Returns
 * MORGUE_QUERY_SYNTAX (morgue_db_error names the position; also for a
 * query over 8192 bytes or with over 16 wildcards, the limits that keep a
 * search's time and memory bounded: morgue-query(1), LIMITS),
 * MORGUE_INDEX_MODIFIED (a writer's commits overwrote the revision being
 * read each time, though the search reopened the index at the latest
 * revision and retried, ten times), MORGUE_INDEX_CORRUPT,
 * MORGUE_BAD_INPUT (a malformed since/until), MORGUE_INVALID_ARGUMENT (an
 * unknown rank bit, a bad timeout), MORGUE_TIMEOUT (the matching took
 * longer than opts->timeout and was stopped, without opts->partial;
 * morgue_db_error says after how long), MORGUE_NO_MEMORY or
 * MORGUE_ENGINE_ERROR. The timeout bounds the matching (every pass of
 * it, phrase checks on an index without positions included), not the
 * parsing of the query or the decoding of the hits, which the LIMITS
 * bound; a match stops within milliseconds of it. */
morgue_status_t morgue_search(morgue_db_t *db, const char *query,
                              const morgue_search_options_t *opts,
                              morgue_results_t **results);

/* A byte range [start, start+length) of a snippet. */
typedef struct morgue_span {
    size_t start;
    size_t length;
} morgue_span_t;

/* One hit. Every pointer is borrowed from the results and valid until
 * morgue_results_free; a field the article lacks is NULL. */
typedef struct morgue_hit {
    const char *id;       /* stable id: 16 hex digits, survives re-indexing */
    size_t rank;          /* 1 for the first hit overall (offset included) */
    double score;         /* relevance weight; higher is better */
    const char *date;     /* YYYY-MM-DD */
    const char *title;
    const char *source;
    const char *author;
    const char *place;
    const char *url;
    const char *path;
    const char *language;
    const char *snippet;  /* the best-matching passage of the original text */
    const morgue_span_t *highlights; /* matched words, as byte ranges of snippet */
    size_t nhighlights;
    const morgue_article_t *article; /* the whole stored article (the fields above are
                                        copies of its date ... language) */
} morgue_hit_t;

/* The exact number of articles matching the query (ignores offset/limit);
 * when the results are not complete, the number found before the search
 * was stopped, or Xapian's estimate. */
uint64_t morgue_results_total(const morgue_results_t *results);

/* 1 when the search ran to its end; 0 when it ran out of its time budget
 * and opts->partial asked for what it had found: the hits are the best
 * among the articles it had looked at, the total a lower bound or an
 * estimate. */
int morgue_results_complete(const morgue_results_t *results);

/* The number of articles in the searched indexes. */
uint64_t morgue_results_indexed(const morgue_results_t *results);

/* The number of hits returned (at most limit). */
size_t morgue_results_count(const morgue_results_t *results);

/* The i-th hit, 0 <= i < morgue_results_count. Returns
 * MORGUE_INVALID_ARGUMENT for an index out of range. */
morgue_status_t morgue_results_hit(const morgue_results_t *results, size_t i,
                                   morgue_hit_t *hit);

void morgue_results_free(morgue_results_t *results);

/* ------------------------------------------------------------------ */
/* Whole stored articles                                               */

typedef struct morgue_doc morgue_doc_t;

/* Fetch the stored article with stable id (16 hex digits). On MORGUE_OK
 * *doc holds it; free it with morgue_doc_free. Returns MORGUE_NOT_FOUND,
 * MORGUE_INVALID_ARGUMENT (not an id), MORGUE_INDEX_CORRUPT (the stored
 * record does not decompress), MORGUE_INDEX_MODIFIED (as for
 * morgue_search: it retries the same way), MORGUE_NO_MEMORY or
 * MORGUE_ENGINE_ERROR. */
morgue_status_t morgue_db_get(morgue_db_t *db, const char *id, morgue_doc_t **doc);

/* The article's fields, borrowed from doc until morgue_doc_free. */
const morgue_article_t *morgue_doc_article(const morgue_doc_t *doc);

/* The article's stable id, borrowed from doc. */
const char *morgue_doc_id(const morgue_doc_t *doc);

void morgue_doc_free(morgue_doc_t *doc);

#ifdef __cplusplus
}
#endif

#endif /* MORGUE_H */
