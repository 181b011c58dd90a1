/* main.c - morgue-index: the option table, opening the index, walking the
 * PATH arguments into indexer/ingest.c, the final summary and the exit
 * status. Exit codes (also in morgue-index(1)):
 *   0 everything indexed, 1 some inputs skipped, 2 usage or fatal error,
 *   74 the index cannot be read or written (permission, no space, a
 *   read-only file system; what was committed before is kept),
 *   3 --prune left articles alone for safety (a PATH missing, unreadable
 *   or empty, or more than half of the index to remove without --force),
 *   4 --check found problems (the index is damaged: rebuild it),
 *   75 index locked, 130 / 143 interrupted by SIGINT / SIGTERM (what was
 *   done is committed). */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats.h"
#include "ingest.h"
#include "input.h"
#include "morgue.h"
#include "options.h"
#include "report.h"
#include "walk.h"

#define EXIT_SKIPPED 1
#define EXIT_FATAL 2
#define EXIT_PRUNE_HELD 3
#define EXIT_DAMAGED 4
#define EXIT_IO 74        /* the index cannot be read or written: permission, disk */
#define EXIT_LOCKED 75
#define DEFAULT_BATCH 10000

enum { OPT_PRUNE = 256, OPT_WAIT, OPT_LANGUAGE, OPT_FORMAT, OPT_MAP, OPT_BATCH, OPT_VERSION, OPT_FOLLOW,
       OPT_POSITIONS, OPT_NO_POSITIONS, OPT_FORCE, OPT_MAX_READ, OPT_CHECK,
       OPT_SOURCE, OPT_IDS };
#define MAX_MAPS 64

/* The one table of options (cli/options.h): getopt, --help and the man
 * page follow it. */
static const cli_option_t options[] = {
    { "db", 'd', 1, 'd', "DIR", "index directory (default: $MORGUE_DB, else ./morgue.db)" },
    { "language", 0, 1, OPT_LANGUAGE, "LANG", "language of the articles without one (en, es, ... or none): their stemmer and lang: field" },
    { "source", 0, 1, OPT_SOURCE, "NAME", "source (publication) of the articles without one, searchable as source:NAME" },
    { "ids", 0, 1, OPT_IDS, "SCOPE", "a new index identifies articles by their source id alone (global, the default) or by file and id (per-file: each file numbers its own)" },
    { "format", 0, 1, OPT_FORMAT, "NAME", "read every input as NAME (text, jsonl, html, feed, reuters, trec, mail, warc, csv) instead of guessing" },
    { "map", 0, 1, OPT_MAP, "COLUMN=FIELD", "CSV/TSV: read COLUMN as the article FIELD (title, date, body, ...); repeatable" },
    { "follow", 0, 0, OPT_FOLLOW, NULL, "follow symbolic links met in directories, even out of them (loops are skipped)" },
    { "prune", 0, 0, OPT_PRUNE, NULL, "remove the articles of indexed files that no longer exist" },
    { "force", 0, 0, OPT_FORCE, NULL, "with --prune: remove them even when they are over half of the index" },
    { "check", 0, 0, OPT_CHECK, NULL, "check the index instead of indexing: Xapian's check of its tables, then every stored record and file count" },
    { "wait", 0, 1, OPT_WAIT, "SECONDS", "wait this long for another writer's lock (default 0)" },
    { "batch", 0, 1, OPT_BATCH, "N", "commit after every N written articles (default 10000); given, a first build uses one thread" },
    { "max-read", 0, 1, OPT_MAX_READ, "BYTES", "read at most BYTES of one file, decompressed (default 16 GiB); a file cut there is not read again until it changes" },
    { "positions", 0, 0, OPT_POSITIONS, NULL, "a new index keeps word positions: phrases and NEAR fast, the index twice the size" },
    { "no-positions", 0, 0, OPT_NO_POSITIONS, NULL, "a new index without word positions (the default): phrases checked on each candidate" },
    { "jobs", 'j', 1, 'j', "N", "threads for a first build, into an empty index (default: the number of cores); updates use one" },
    { "quiet", 'q', 0, 'q', NULL, "no progress line" },
    { "verbose", 'v', 0, 'v', NULL, "after each commit, print \"committed N articles (total T)\"" },
    { "help", 'h', 0, 'h', NULL, "show this help" },
    { "version", 0, 0, OPT_VERSION, NULL, "show the version" },
};
#define NOPTIONS (sizeof options / sizeof *options)

typedef struct config {
    const char *db;                /* --db, or NULL: cli_default_db() */
    const char *language;          /* --language, or NULL */
    const char *source;            /* --source, or NULL */
    const reader_t *format;        /* --format, or NULL: picked per file */
    int prune;                     /* --prune */
    int force;                     /* --force: a prune may remove most of the index */
    int follow;                    /* --follow */
    int check;                     /* --check: check the index, index nothing */
    int positions;                 /* --positions 1, --no-positions 0, neither -1 */
    int ids;                       /* --ids: a morgue_ids_t, or -1 when not given */
    double wait;                   /* --wait, in seconds */
    uint64_t batch;                /* --batch, else DEFAULT_BATCH */
    int batch_given;               /* --batch was given: commit as it says */
    unsigned jobs;                 /* --jobs; 0: not given (the number of cores) */
    uint64_t max_read;             /* --max-read, else INPUT_MAX_CONTENT */
    int quiet;                     /* --quiet */
    int verbose;                   /* --verbose */
    reader_map_t map[MAX_MAPS];    /* --map options */
    size_t nmap;                   /* how many --map */
} config_t;

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: morgue-index [OPTIONS] PATH...\n"
               "Index news articles (files or directories; - reads paths from stdin).\n\n");
    cli_usage(f, options, NOPTIONS, 24);
    fprintf(f, "\nExit status: 0 all indexed, 1 some inputs skipped, 2 error, 3 prune held back\n"
               "(a PATH missing or empty, or over half the index), 4 --check found problems,\n"
               "74 the index cannot be read or written (permission denied, disk full),\n"
               "75 index locked, 130/143 interrupted (work done so far is committed).\n");
}


/* Parse the options; returns the index of the first PATH, or -1 (usage
 * error, already reported) or -2 (help or version shown). */
static int parse_options(int argc, char **argv, config_t *cfg)
{
    cli_parser_t parser;
    cli_begin(&parser, options, NOPTIONS, 0);
    double num;
    unsigned long long whole;
    int c;
    while ((c = cli_next(&parser, argc, argv)) != -1) {
        switch (c) {
        case 'd': cfg->db = optarg; break;
        case 'q': cfg->quiet = 1; break;
        case 'v': cfg->verbose = 1; break;
        case OPT_LANGUAGE: cfg->language = optarg; break;
        case OPT_SOURCE:
            if (optarg[0] == '\0') {
                report_message("--source takes a name, not an empty string");
                return -1;
            }
            cfg->source = optarg;
            break;
        case OPT_PRUNE: cfg->prune = 1; break;
        case OPT_FORCE: cfg->force = 1; break;
        case OPT_FOLLOW: cfg->follow = 1; break;
        case OPT_CHECK: cfg->check = 1; break;
        case OPT_IDS:
            if (strcmp(optarg, "global") == 0)
                cfg->ids = MORGUE_IDS_GLOBAL;
            else if (strcmp(optarg, "per-file") == 0)
                cfg->ids = MORGUE_IDS_PER_FILE;
            else {
                report_message("--ids takes global or per-file, not '%s'", optarg);
                return -1;
            }
            break;
        case OPT_POSITIONS:
        case OPT_NO_POSITIONS: {
            int want = c == OPT_POSITIONS;
            if (cfg->positions == !want) {
                report_message("--positions and --no-positions contradict each other");
                return -1;
            }
            cfg->positions = want;
            break;
        }
        case OPT_MAP: {
            char *eq = strchr(optarg, '=');
            if (eq == NULL || eq == optarg || eq[1] == '\0' || cfg->nmap == MAX_MAPS) {
                report_message("--map takes COLUMN=FIELD, not '%s'", optarg);
                return -1;
            }
            *eq = '\0';
            cfg->map[cfg->nmap++] = (reader_map_t){ optarg, eq + 1 };
            break;
        }
        case OPT_FORMAT:
            if ((cfg->format = format_by_name(optarg)) == NULL) {
                report_message("unknown format '%s' (known: %s)", optarg, format_names());
                return -1;
            }
            break;
        case OPT_WAIT:
            if (cli_seconds(optarg, &num) != 0) {
                report_message("--wait takes a number of seconds (or inf), not '%s'", optarg);
                return -1;
            }
            cfg->wait = num;
            break;
        case OPT_BATCH:
            if (cli_whole(optarg, &whole) != 0 || whole < 1) {
                report_message("--batch takes a positive number, not '%s'", optarg);
                return -1;
            }
            cfg->batch = whole;
            cfg->batch_given = 1;
            break;
        case OPT_MAX_READ:
            if (cli_whole(optarg, &whole) != 0 || whole < 1) {
                report_message("--max-read takes a positive number of bytes, not '%s'", optarg);
                return -1;
            }
            cfg->max_read = whole;
            break;
        case 'j':
            if (cli_whole(optarg, &whole) != 0 || whole < 1 || whole > 1024) {
                report_message("--jobs takes a number of threads from 1 to 1024, not '%s'", optarg);
                return -1;
            }
            cfg->jobs = (unsigned)whole;
            break;
        case 'h': usage(stdout); return -2;
        case OPT_VERSION: printf("morgue-index 0.1 (index schema %d)\n", MORGUE_SCHEMA_VERSION); return -2;
        default:
            fprintf(stderr, "Try 'morgue-index --help'.\n");
            return -1;
        }
    }
    return optind;
}

static int walk_file(void *ctx, const char *path)
{
    return ingest_file(ctx, path);
}

static void walk_problem(void *ctx, const char *path, const char *reason)
{
    ingest_skip(ctx, path, reason);
}

/* Index every PATH argument; "-" reads paths from stdin. */
static void index_paths(ingest_t *ig, char **paths, int n, int follow)
{
    walk_ops_t ops = { walk_file, walk_problem, ig, follow };
    for (int i = 0; i < n && !stop_signal && ig->fatal == MORGUE_OK; i++) {
        if (strcmp(paths[i], "-") != 0) {
            if (walk_path(paths[i], &ops))
                return;
            continue;
        }
        char *line = NULL;
        size_t cap = 0;
        ssize_t len;
        while ((len = getline(&line, &cap, stdin)) > 0) {
            if (line[len - 1] == '\n')
                line[--len] = '\0';
            if (len > 0 && walk_path(line, &ops))
                break;
        }
        free(line);
    }
}

static void check_problem(void *ctx, const char *problem)
{
    report_message("%s: %s", (const char *)ctx, problem);
}

/* --check: 0 when the index is whole, EXIT_DAMAGED when it is not,
 * EXIT_FATAL when it cannot be checked. */
static int check_index(const char *dir)
{
    char *error = NULL;
    uint64_t problems = 0;
    morgue_status_t st = morgue_db_check(dir, check_problem, (void *)dir, &problems, &error);
    if (st == MORGUE_OK) {
        report_message("%s: checked, no problem found", dir);
        return 0;
    }
    if (st == MORGUE_INDEX_CORRUPT) {
        report_message("%s: %llu problem%s found: the index is damaged; rebuild it from its "
                       "files into a new index", dir, (unsigned long long)problems,
                       problems == 1 ? "" : "s");
        return EXIT_DAMAGED;
    }
    report_message("%s: cannot check: %s", dir, error ? error : morgue_status_string(st));
    free(error);
    return st == MORGUE_IO_ERROR ? EXIT_IO : EXIT_FATAL;
}

static void summary(const ingest_stats_t *s, double seconds)
{
    /* The count of cross-file replacements only when there are some, so
     * that the usual line stays the same for the scripts that read it. */
    char replaced[64] = "";
    if (s->replaced > 0)
        snprintf(replaced, sizeof replaced, ", %llu replaced from other files",
                 (unsigned long long)s->replaced);
    report_message("%llu added, %llu updated, %llu unchanged, %llu removed, "
                   "%llu skipped%s in %.2f s (%.0f articles/s)",
            (unsigned long long)s->added, (unsigned long long)s->updated,
            (unsigned long long)s->unchanged, (unsigned long long)s->removed,
            (unsigned long long)s->skipped, replaced, seconds,
            seconds > 0 ? s->articles / seconds : 0.0);
}

/* Cores this process may run on, at least 1. */
static unsigned cores(void)
{
    cpu_set_t set;
    long n = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set)
                                                        : sysconf(_SC_NPROCESSORS_ONLN);
    return n > 1 ? (unsigned)(n > 64 ? 64 : n) : 1;
}

int main(int argc, char **argv)
{
    config_t cfg = { .batch = DEFAULT_BATCH, .positions = -1, .ids = -1, .max_read = INPUT_MAX_CONTENT };
    int first = parse_options(argc, argv, &cfg);
    if (first == -2)
        return 0;
    if (first < 0)
        return EXIT_FATAL;
    if (cfg.check && (first < argc || cfg.prune)) {
        report_message("--check checks the index and indexes nothing: give it no PATH%s",
                       cfg.prune ? " and no --prune" : "");
        return EXIT_FATAL;
    }
    if (cfg.check)
        return check_index(cfg.db != NULL ? cfg.db : cli_default_db());
    if (first == argc && !cfg.prune) {
        report_message("no PATH to index");
        fprintf(stderr, "Try 'morgue-index --help'.\n");
        return EXIT_FATAL;
    }
    if (cfg.db == NULL)
        cfg.db = cli_default_db();
    report_progress_enable(!cfg.quiet);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    char *error = NULL;
    morgue_db_t *db;
    morgue_status_t st = morgue_db_open(cfg.db, MORGUE_WRITE, cfg.wait, cfg.language, &db, &error);
    if (st != MORGUE_OK) {
        report_message("%s", error ? error : morgue_status_string(st));
        free(error);
        if (st == MORGUE_INTERRUPTED && stop_signal)
            return 128 + stop_signal;   /* nothing was indexed, nothing to commit */
        return st == MORGUE_INDEX_LOCKED ? EXIT_LOCKED : st == MORGUE_IO_ERROR ? EXIT_IO
                                                                               : EXIT_FATAL;
    }
    /* Neither option given, a new index leaves word positions out (the
     * library's default) and one already made keeps its layout. An
     * explicit --batch (articles searchable as they come) asks for one
     * thread: a first build on several (lib/shards.c) becomes visible at
     * its one commit, at the end, and a commit per batch would end it. */
    unsigned jobs = cfg.batch_given ? 1 : cfg.jobs > 0 ? cfg.jobs : cores(), threads = 1;
    st = cfg.positions >= 0 ? morgue_db_set_positions(db, cfg.positions) : MORGUE_OK;
    /* Likewise --ids: not given, an index keeps the scope it was made with. */
    if (st == MORGUE_OK && cfg.ids >= 0)
        st = morgue_db_set_ids(db, (morgue_ids_t)cfg.ids);
    if (st == MORGUE_OK)
        st = morgue_db_set_threads(db, jobs);
    if (st == MORGUE_OK)
        st = morgue_db_get_threads(db, &threads);
    if (st != MORGUE_OK) {
        report_message("%s", morgue_db_error(db));
        morgue_db_close(db);
        return st == MORGUE_IO_ERROR ? EXIT_IO : EXIT_FATAL;
    }
    /* What the library chose: with several threads, one commit at the end. */
    /* "none" asks for no stemming; it is no language to put in lang:. */
    const char *fill_language = cfg.language != NULL && strcmp(cfg.language, "none") != 0
                                ? cfg.language : NULL;
    ingest_t ig = { .db = db, .forced = cfg.format, .map = cfg.map, .nmap = cfg.nmap,
                    .source = cfg.source, .language = fill_language,
                    .batch = threads > 1 ? 0 : cfg.batch, .stop = &stop_signal,
                    .max_read = cfg.max_read,
                    .verbose = cfg.verbose };
    index_paths(&ig, argv + first, argc - first, cfg.follow);
    if (cfg.prune && !stop_signal)
        ingest_prune(&ig, argv + first, argc - first, cfg.force);
    ingest_finish(&ig);   /* what was done, even when interrupted */
    morgue_db_close(db);
    summary(&ig.stats, report_elapsed());
    /* The summary counts only what the index holds; say what it lost. */
    uint64_t lost = ingest_uncommitted(&ig);
    if (ig.fatal != MORGUE_OK && lost > 0)
        report_message("%llu article%s written since the last commit %s not kept; "
                       "the next run reads %s files again", (unsigned long long)lost,
                       lost == 1 ? "" : "s", lost == 1 ? "was" : "were",
                       lost == 1 ? "its" : "their");
    if (stop_signal) {
        report_message("interrupted; the articles indexed so far are committed");
        return 128 + stop_signal;
    }
    if (ig.fatal != MORGUE_OK)
        return ig.fatal == MORGUE_IO_ERROR ? EXIT_IO : EXIT_FATAL;
    if (ig.prune_held)
        return EXIT_PRUNE_HELD;
    return ig.stats.skipped > 0 ? EXIT_SKIPPED : 0;
}
