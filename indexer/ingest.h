/* ingest.h - index one input file: skip it when the index says it is
 * unchanged, else read it with its reader and put each article, keeping
 * the run's counts. Owned by indexer/ingest.c; used by indexer/main.c.
 * Messages go through indexer/report.h. */
#ifndef MORGUE_INGEST_H
#define MORGUE_INGEST_H

#include <signal.h>
#include <stdint.h>
#include "morgue.h"
#include "reader.h"

typedef struct ingest_stats {
    uint64_t added, updated, unchanged, removed;
    uint64_t skipped;         /* inputs (files or lines) that gave no article */
    uint64_t articles;        /* articles read in this run */
    uint64_t bytes;           /* bytes read from files */
    uint64_t files;           /* files read (not skipped as unchanged) */
} ingest_stats_t;

typedef struct ingest {
    morgue_db_t *db;
    const reader_t *forced;        /* --format, or NULL to pick per file */
    const reader_map_t *map;       /* --map options */
    size_t nmap;
    uint64_t batch;                /* commit after this many written articles */
    volatile sig_atomic_t *stop;   /* set by a signal: finish up */
    ingest_stats_t stats;
    uint64_t pending;              /* articles written since the last commit */
    morgue_status_t fatal;         /* an index failure that ends the run */
    int verbose;                   /* -v: say what each commit made durable */
    uint64_t committed;            /* articles written and committed in this run */
} ingest_t;

/* Index the file at path (as the user named it). Returns nonzero when the
 * run must stop (interrupted, or ig->fatal set). */
int ingest_file(ingest_t *ig, const char *path);

/* Commit if anything is pending. Sets ig->fatal on failure. */
void ingest_commit(ingest_t *ig);

/* Record a successful commit of the pending articles: add them to
 * ig->committed and, with ig->verbose, print "morgue-index: committed N
 * articles (total T)", N written (added, updated or removed) since the
 * previous commit and T in this run so far. Called after every commit. */
void ingest_committed(ingest_t *ig);

#endif
