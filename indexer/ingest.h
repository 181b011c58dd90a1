/* ingest.h - index one input file: skip it when the index says it is
 * unchanged, else read it with its reader and put each article, keeping
 * the run's counts, and commit. Owned by indexer/ingest.c; used by
 * indexer/main.c. The counts of pending and committed articles change
 * only here.
 * Messages go through indexer/report.h. */
#ifndef MORGUE_INGEST_H
#define MORGUE_INGEST_H

#include <signal.h>
#include <stdint.h>
#include "morgue.h"
#include "reader.h"

/* Warnings of one kind (made from one format string) printed for one
 * file; the rest are counted and summed up in one line when the file ends,
 * "path:LINE: ... and N more like this: MESSAGE". */
#define INGEST_WARN_SHOWN 10

/* Articles written to the index, by outcome. */
typedef struct ingest_written {
    uint64_t added, updated, removed;
    uint64_t replaced;        /* of the updated, those that replaced another file's */
} ingest_written_t;

typedef struct ingest_stats {
    uint64_t added, updated, removed;  /* articles written and committed, by outcome */
    uint64_t replaced;        /* of the updated, those whose id another file gave before */
    uint64_t unchanged;       /* articles found already indexed */
    uint64_t skipped;         /* inputs (files or lines) that gave no article */
    uint64_t articles;        /* articles read in this run */
    uint64_t bytes;           /* bytes read from files */
    uint64_t files;           /* files read (not skipped as unchanged) */
} ingest_stats_t;

typedef struct ingest {
    morgue_db_t *db;
    const reader_t *forced;        /* --format, or NULL to pick per file */
    const reader_map_t *map;       /* --map options */
    const char *source;            /* --source: for articles without one, or NULL */
    const char *language;          /* --language: for articles without one, or NULL */
    size_t nmap;                   /* how many --map */
    uint64_t batch;                /* commit after this many written articles; 0: at the end */
    volatile sig_atomic_t *stop;   /* set by a signal: finish up */
    ingest_stats_t stats;
    ingest_written_t pending;      /* written since the last commit; into stats at the next */
    morgue_status_t fatal;         /* an index failure that ends the run */
    int verbose;                   /* -v: say what each commit made durable */
    int prune_held;                /* a prune left articles alone for safety (exit 3) */
    uint64_t max_read;             /* most content bytes read from one file (--max-read);
                                      0: INPUT_MAX_CONTENT */
} ingest_t;

/* Articles written since the last commit: lost if the run ends without
 * another. */
uint64_t ingest_uncommitted(const ingest_t *ig);

/* Index the file at path (as the user named it). Returns nonzero when the
 * run must stop (interrupted, or ig->fatal set). */
int ingest_file(ingest_t *ig, const char *path);

/* Report path, which the walk could not read, as skipped for reason. */
void ingest_skip(ingest_t *ig, const char *path, const char *reason);

/* Remove the articles of indexed files that no longer exist (--prune),
 * counting them as pending removals, except under the PATHs of paths
 * (as the user named them) that are missing, unreadable or empty
 * directories: an archive that is not mounted. Unless force, nothing is
 * pruned when it would remove more than half of the index. Either refusal
 * is reported and sets ig->prune_held. Does nothing once ig->fatal is set;
 * sets it on failure. */
void ingest_prune(ingest_t *ig, char *const *paths, int npaths, int force);

/* The run's last commit, made even when nothing is pending and after an
 * interruption (what was done is kept). Does nothing once ig->fatal is
 * set; sets it on failure. Every commit of the run, this one and those
 * after each ig->batch written articles, adds the pending articles to
 * ig->stats (which so counts only what the index holds) and, with
 * ig->verbose, prints "morgue-index: committed N articles (total T)", N
 * written (added, updated or removed) since the previous commit and T in
 * this run so far. */
void ingest_finish(ingest_t *ig);

#endif
