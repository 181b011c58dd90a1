/* main.c - morgue-query: the option table, opening the indexes, running
 * the search through libmorgue and handing the results to the printer of
 * --format, once or for each query of --queries FILE (query/batch.h) on
 * the one open index. Exit status as grep's: 0 some match, 1 no match,
 * 2 error (with --queries: 2 when any query failed, whatever matched). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "morgue.h"
#include "options.h"
#include "batch.h"
#include "printer.h"

#define EXIT_MATCH 0
#define EXIT_NO_MATCH 1
#define EXIT_ERROR 2
#define MAX_DBS 64
/* run_search: the output could not be written (a batch stops) */
#define RUN_OUTPUT_FAILED 3

enum { OPT_OFFSET = 256, OPT_SORT, OPT_SINCE, OPT_UNTIL, OPT_FORMAT, OPT_COUNT,
       OPT_SHOW, OPT_ANY, OPT_LANGUAGE, OPT_COLOR, OPT_VERSION, OPT_RANK, OPT_TIMEOUT,
       OPT_PARTIAL, OPT_QUERIES };

/* The one table of options (cli/options.h): getopt, --help and the man
 * page follow it. */
/* --rank's help line names the library's features (rank_help_fill). */
static char rank_help[256];

static const cli_option_t options[] = {
    { "db", 'd', 1, 'd', "DIR", "index to search; repeat to search several as one (default: $MORGUE_DB, else ./morgue.db)" },
    { "limit", 'n', 1, 'n', "N", "show at most N hits (default 10)" },
    { "offset", 0, 1, OPT_OFFSET, "N", "skip the first N hits" },
    { "sort", 0, 1, OPT_SORT, "ORDER", "relevance (default), newest or oldest" },
    { "since", 0, 1, OPT_SINCE, "DATE", "only articles dated on or after DATE (YYYY-MM-DD, today, yesterday, 7d, 2w, 3m, 1y)" },
    { "until", 0, 1, OPT_UNTIL, "DATE", "only articles dated on or before DATE" },
    { "any", 0, 0, OPT_ANY, NULL, "match any of the plain words, not all of them" },
    { "rank", 0, 1, OPT_RANK, "LIST", rank_help },
    { "language", 0, 1, OPT_LANGUAGE, "LANG", "stem the query for LANG (default: the index's language)" },
    { "timeout", 0, 1, OPT_TIMEOUT, "SECONDS", "stop a search that takes longer (default 5; 0 or inf: no limit)" },
    { "partial", 0, 0, OPT_PARTIAL, NULL, "when --timeout stops a search, print what it found (marked incomplete)" },
    { "format", 0, 1, OPT_FORMAT, "FMT", "text (default), json, jsonl or tsv" },
    { "queries", 0, 1, OPT_QUERIES, "FILE", "run each line of FILE (- for stdin) as a query, QUERY or NAME<TAB>QUERY, on one open index; prints jsonl" },
    { "count", 0, 0, OPT_COUNT, NULL, "print only the exact number of matches" },
    { "show", 0, 1, OPT_SHOW, "ID", "print the whole stored article with this id" },
    { "color", 0, 1, OPT_COLOR, "WHEN", "highlight matches: auto (default), always or never" },
    { "help", 'h', 0, 'h', NULL, "show this help" },
    { "version", 0, 0, OPT_VERSION, NULL, "show the version" },
};
#define NOPTIONS (sizeof options / sizeof *options)

typedef struct config {
    const char *dbs[MAX_DBS];         /* --db, in order */
    size_t ndbs;                      /* how many --db */
    morgue_search_options_t search;   /* --limit, --offset, --sort, --since ... --rank */
    const char *language;             /* --language, or NULL: the index's */
    const printer_t *printer;         /* --format */
    int format_given;                 /* --format was given */
    const char *queries;              /* --queries FILE, or NULL */
    int count;                        /* --count */
    const char *show;                 /* --show ID, or NULL */
    int color;                        /* --color, resolved: nonzero highlights */
    char since[11], until[11];        /* --since and --until as YYYY-MM-DD */
} config_t;

static void usage(FILE *f)
{
    fprintf(f, "usage: morgue-query [OPTIONS] QUERY...\n"
               "       morgue-query [OPTIONS] --queries FILE\n"
               "Search a morgue index. QUERY syntax: words (all must match), OR, NOT, -word,\n"
               "\"exact phrase\", NEAR, sanc*, title: source: author: place: lang:,\n"
               "date:2024-08-01..2024-09-30, ( ). See morgue-query(1).\n"
               "Long options (--x) may also follow the query words; -x after a query word is\n"
               "query syntax, and after -- everything is query text.\n\n");
    cli_usage(f, options, NOPTIONS, 22);
    fprintf(f, "\nExit status: 0 some match, 1 no match, 2 error.\n");
}

static void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void error(const char *fmt, ...)
{
    va_list ap;
    fputs("morgue-query: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int parse_count(const char *opt, const char *s, size_t *out)
{
    unsigned long long v;
    if (cli_whole(s, &v) != 0 || v > SIZE_MAX) {
        error("%s takes a whole number, not '%s'", opt, s);
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

static const printer_t *printer_named(const char *name)
{
    static const printer_t *const all[] = { &printer_text, &printer_json, &printer_jsonl, &printer_tsv };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (strcmp(all[i]->name, name) == 0)
            return all[i];
    return NULL;
}

/* The ranking features of --rank (morgue_rank_parse). */
static int parse_rank(const char *s, unsigned *out)
{
    size_t at = 0, len = 0, n = 0;
    if (morgue_rank_parse(s, out, &at, &len) == MORGUE_OK)
        return 0;
    char names[256] = "";
    for (const char *name; (name = morgue_rank_name(n, NULL)) != NULL; n++)
        ;
    for (size_t i = 0; i < n; i++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                 i == 0 ? "" : i + 1 == n ? " or " : ", ", morgue_rank_name(i, NULL));
    error("--rank: '%.*s' is not %s", (int)len, s + at, names);
    return -1;
}

static int parse_date(const char *opt, const char *s, char out[11])
{
    if (morgue_date_resolve(s, (int64_t)time(NULL), out) != MORGUE_OK) {
        error("%s: '%s' is not a date (YYYY-MM-DD, today, yesterday, 7d, 2w, 3m, 1y)", opt, s);
        return -1;
    }
    return 0;
}

static int parse_color(const char *s)
{
    if (strcmp(s, "always") == 0)
        return 1;
    if (strcmp(s, "never") == 0)
        return 0;
    if (strcmp(s, "auto") == 0) {
        const char *term = getenv("TERM");
        return isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL &&
               !(term != NULL && strcmp(term, "dumb") == 0);
    }
    error("--color takes auto, always or never, not '%s'", s);
    return -1;
}

/* Apply option c of the table, its value in optarg. Returns 0, -1 on a
 * usage error (said on stderr), -2 when --help or --version was answered. */
static int apply_option(int c, config_t *cfg, const char **color)
{
    switch (c) {
    case 'd':
        if (cfg->ndbs == MAX_DBS) {
            error("at most %d indexes can be searched at once", MAX_DBS);
            return -1;
        }
        cfg->dbs[cfg->ndbs++] = optarg;
        break;
    case 'n': if (parse_count("--limit", optarg, &cfg->search.limit)) return -1; break;
    case OPT_OFFSET: if (parse_count("--offset", optarg, &cfg->search.offset)) return -1; break;
    case OPT_SORT:
        if (strcmp(optarg, "relevance") == 0) cfg->search.sort = MORGUE_SORT_RELEVANCE;
        else if (strcmp(optarg, "newest") == 0) cfg->search.sort = MORGUE_SORT_NEWEST;
        else if (strcmp(optarg, "oldest") == 0) cfg->search.sort = MORGUE_SORT_OLDEST;
        else {
            error("--sort takes relevance, newest or oldest, not '%s'", optarg);
            return -1;
        }
        break;
    case OPT_SINCE:
        if (parse_date("--since", optarg, cfg->since)) return -1;
        cfg->search.since = cfg->since;
        break;
    case OPT_UNTIL:
        if (parse_date("--until", optarg, cfg->until)) return -1;
        cfg->search.until = cfg->until;
        break;
    case OPT_ANY: cfg->search.any = 1; break;
    case OPT_TIMEOUT: {
        double seconds;
        if (cli_seconds(optarg, &seconds) != 0) {
            error("--timeout takes a number of seconds (or inf), not '%s'", optarg);
            return -1;
        }
        cfg->search.timeout = seconds == HUGE_VAL ? 0 : seconds;
        break;
    }
    case OPT_PARTIAL: cfg->search.partial = 1; break;
    case OPT_RANK: if (parse_rank(optarg, &cfg->search.rank)) return -1; break;
    case OPT_LANGUAGE: cfg->language = optarg; break;
    case OPT_FORMAT:
        if ((cfg->printer = printer_named(optarg)) == NULL) {
            error("--format takes text, json, jsonl or tsv, not '%s'", optarg);
            return -1;
        }
        cfg->format_given = 1;
        break;
    case OPT_QUERIES: cfg->queries = optarg; break;
    case OPT_COUNT: cfg->count = 1; break;
    case OPT_SHOW: cfg->show = optarg; break;
    case OPT_COLOR: *color = optarg; break;
    case 'h': usage(stdout); return -2;
    case OPT_VERSION: printf("morgue-query 0.1 (index schema %d)\n", MORGUE_SCHEMA_VERSION); return -2;
    default:
        fprintf(stderr, "Try 'morgue-query --help'.\n");
        return -1;
    }
    return 0;
}

/* One long option met after the first QUERY word, at argv[*i] (which
 * starts with "--"), with its value from "=value" or argv[*i + 1]: parsed
 * by getopt on its own, so that nothing after it is taken for an option,
 * and *i moved past what it consumed. Returns as apply_option. */
static int late_option(cli_parser_t *parser, int argc, char **argv, int *i, config_t *cfg,
                       const char **color)
{
    char *one[4] = { argv[0], argv[*i], *i + 1 < argc ? argv[*i + 1] : NULL, NULL };
    int n = one[2] != NULL ? 3 : 2;
    optind = 0;  /* glibc: start afresh on this small argv */
    int c = cli_next(parser, n, one);
    int used = optind > 1 ? optind - 1 : 1;  /* the option, and its value if separate */
    *i += used;
    return c == -1 ? -1 : apply_option(c, cfg, color);
}

/* A word after the query that a reader may have meant as a short option
 * ("-n 5"): it stays query text (-word excludes word), but stderr says so,
 * since the count and the exit status then follow a different query. */
static void warn_short_after_query(const char *word)
{
    for (size_t i = 0; i < NOPTIONS; i++)
        if (options[i].short_name != 0 && word[0] == '-' && word[1] == options[i].short_name &&
            word[2] == '\0') {
            error("'%s' after the query is query text (it excludes '%s'); put -%c before "
                  "the query, or write --%s", word, word + 1, options[i].short_name,
                  options[i].name);
            return;
        }
}

/* Options, then QUERY words; after the first word, an argument starting
 * with "--" is still a long option (as GNU tools allow), but one starting
 * with a single '-' is query syntax (maduro -sanctions), and after "--"
 * everything is query text. The words are gathered at argv[*first] on
 * and counted in *nwords. Returns 0, -1 on a usage error, -2 when --help
 * or --version was answered. */
static int parse_options(int argc, char **argv, config_t *cfg, int *first, int *nwords)
{
    cli_parser_t parser;
    cli_begin(&parser, options, NOPTIONS, 1);  /* stop at the first word: see above */
    const char *color = "auto";
    int c, at = optind, rc;
    while ((c = cli_next(&parser, argc, argv)) != -1) {
        if ((rc = apply_option(c, cfg, &color)) != 0)
            return rc;
        at = optind;
    }
    /* getopt stepped over a "--" that ended the options: no option follows */
    int ended = optind == at + 1 && strcmp(argv[at], "--") == 0;
    int w = optind;
    *first = optind;
    for (int i = optind; i < argc;) {
        if (!ended && strcmp(argv[i], "--") == 0) {
            ended = 1;
            i++;
        } else if (!ended && strncmp(argv[i], "--", 2) == 0) {
            if ((rc = late_option(&parser, argc, argv, &i, cfg, &color)) != 0)
                return rc;
        } else {
            if (!ended)
                warn_short_after_query(argv[i]);
            argv[w++] = argv[i++];
        }
    }
    *nwords = w - *first;
    if ((cfg->color = parse_color(color)) < 0)
        return -1;
    return 0;
}

/* The query words joined by spaces (malloc'd). */
static char *join_words(char **words, int n)
{
    size_t len = 1;
    for (int i = 0; i < n; i++)
        len += strlen(words[i]) + 1;
    char *q = malloc(len), *p = q;
    if (q == NULL)
        return NULL;
    *p = '\0';
    for (int i = 0; i < n; i++)
        p += sprintf(p, "%s%s", i ? " " : "", words[i]);
    return q;
}

static int show_article(morgue_db_t *db, const config_t *cfg)
{
    morgue_doc_t *doc;
    morgue_status_t st = morgue_db_get(db, cfg->show, &doc);
    if (st != MORGUE_OK) {
        error("%s", morgue_db_error(db));
        return st == MORGUE_NOT_FOUND ? EXIT_NO_MATCH : EXIT_ERROR;
    }
    int rc = cfg->printer->show(morgue_doc_id(doc), morgue_doc_article(doc), cfg->color);
    morgue_doc_free(doc);
    if (rc != 0) {
        error("cannot write the output");
        return EXIT_ERROR;
    }
    return EXIT_MATCH;
}

/* Search query and print its results; bq is its line of --queries FILE
 * (file), or NULL. Returns an EXIT_ status, or RUN_OUTPUT_FAILED. In a
 * batch a failed search is a line of the output, and stderr names FILE:LINE. */
static int run_search(morgue_db_t *db, const config_t *cfg, const char *query,
                      const char *file, const batch_query_t *bq)
{
    morgue_search_options_t opts = cfg->search;
    if (cfg->count)
        opts.limit = 0;
    if (cfg->count || !cfg->printer->snippets)
        opts.snippet_bytes = 0;
    morgue_results_t *res;
    morgue_status_t st = morgue_search(db, query, &opts, &res);
    if (st != MORGUE_OK) {
        static int hinted;  /* the --timeout hint, once a run */
        if (bq == NULL) {
            error("%s", morgue_db_error(db));
        } else {
            error("%s:%zu: %s", file, bq->line, morgue_db_error(db));
            print_info_t info = { .label = bq->name, .line = bq->line };
            if (cfg->printer->failed(&info, morgue_db_error(db)) != 0) {
                error("cannot write the output");
                return RUN_OUTPUT_FAILED;
            }
        }
        if (st == MORGUE_TIMEOUT && !hinted++)
            fprintf(stderr, "morgue-query: --timeout SECONDS allows it longer; --partial prints "
                    "what it found\n");
        return EXIT_ERROR;
    }
    uint64_t total = morgue_results_total(res);
    if (!morgue_results_complete(res)) {
        char where[64] = "";
        if (bq != NULL)
            snprintf(where, sizeof where, "%.40s:%zu: ", file, bq->line);
        error("%sthe search was stopped at its time limit of %g s: the hits and the count are "
              "of what it found by then", where, opts.timeout);
    }
    int rc = 0;
    if (cfg->count && bq == NULL) {
        printf("%llu\n", (unsigned long long)total);
        rc = fflush(stdout);
    } else {
        print_info_t info = { query, total, morgue_results_indexed(res), opts.offset,
                              morgue_results_count(res), cfg->color,
                              morgue_results_complete(res), bq != NULL ? bq->name : NULL,
                              bq != NULL ? bq->line : 0 };
        void *state = cfg->printer->begin(&info);
        for (size_t i = 0; i < morgue_results_count(res) && !cfg->count; i++) {
            morgue_hit_t hit;
            if (morgue_results_hit(res, i, &hit) == MORGUE_OK)
                cfg->printer->hit(state, &hit);
        }
        rc = cfg->printer->end(state);
    }
    morgue_results_free(res);
    if (rc != 0) {
        error("cannot write the output");
        return bq != NULL ? RUN_OUTPUT_FAILED : EXIT_ERROR;
    }
    return total > 0 ? EXIT_MATCH : EXIT_NO_MATCH;
}

/* --queries FILE: each query searched on the one open db, in the file's
 * order. Exit status: 2 if FILE could not be read or any query failed
 * (a script must notice a broken query even when others matched), else
 * 0 if any query matched, else 1. A failed query does not stop the
 * batch; only an output that cannot be written does. */
static int run_batch(morgue_db_t *db, const config_t *cfg)
{
    batch_reader_t r;
    if (batch_open(&r, cfg->queries) != 0) {
        error("--queries: cannot open %s: %s", cfg->queries, strerror(errno));
        return EXIT_ERROR;
    }
    int matched = 0, failed = 0, n = 0, got;
    batch_query_t q;
    while ((got = batch_next(&r, &q)) == 1) {
        n++;
        int rc;
        if (q.error != NULL) {
            error("%s:%zu: %s", r.name, q.line, q.error);
            print_info_t info = { .label = q.name, .line = q.line };
            rc = cfg->printer->failed(&info, q.error) == 0 ? EXIT_ERROR : RUN_OUTPUT_FAILED;
        } else {
            rc = run_search(db, cfg, q.text, r.name, &q);
        }
        if (rc == RUN_OUTPUT_FAILED) {
            if (q.error != NULL)
                error("cannot write the output");
            batch_close(&r);
            return EXIT_ERROR;
        }
        matched |= rc == EXIT_MATCH;
        failed |= rc == EXIT_ERROR;
    }
    if (got < 0) {
        error("%s:%zu: cannot read it: %s", r.name, r.line + 1, strerror(errno));
        failed = 1;
    } else if (n == 0) {
        error("%s: no query in it (blank and '#' lines are skipped)", r.name);
    }
    batch_close(&r);
    return failed ? EXIT_ERROR : matched ? EXIT_MATCH : EXIT_NO_MATCH;
}

/* "ranking: default, bm25, or ... (tuned stopwords ...; -NAME removes one)":
 * the feature names are the library's (morgue_rank_name), from the third on. */
static void rank_help_fill(void)
{
    size_t n = (size_t)snprintf(rank_help, sizeof rank_help,
                                "ranking: default, bm25, or comma-separated features to add (");
    const char *name;
    for (size_t i = 2; (name = morgue_rank_name(i, NULL)) != NULL && n < sizeof rank_help; i++)
        n += (size_t)snprintf(rank_help + n, sizeof rank_help - n, "%s%s", i > 2 ? " " : "", name);
    if (n < sizeof rank_help)
        snprintf(rank_help + n, sizeof rank_help - n, "; -NAME removes one)");
}

int main(int argc, char **argv)
{
    config_t cfg = { .printer = &printer_text };
    rank_help_fill();
    morgue_search_options_init(&cfg.search);
    int first = 0, nwords = 0;
    int parsed = parse_options(argc, argv, &cfg, &first, &nwords);
    if (parsed == -2)
        return EXIT_MATCH;
    if (parsed < 0)
        return EXIT_ERROR;
    if (cfg.queries != NULL) {
        const char *clash = nwords > 0 ? "QUERY words" : cfg.show != NULL ? "--show" : NULL;
        if (clash != NULL) {
            error("--queries FILE takes its queries from FILE: %s cannot be given with it", clash);
            fprintf(stderr, "Try 'morgue-query --help'.\n");
            return EXIT_ERROR;
        }
        /* every line must say which query it answers: only jsonl does */
        if (cfg.format_given && cfg.printer != &printer_jsonl) {
            error("--queries prints jsonl (a line per hit, each naming its query), not --format %s",
                  cfg.printer->name);
            return EXIT_ERROR;
        }
        cfg.printer = &printer_jsonl;
    } else if (nwords == 0 && cfg.show == NULL && !cfg.search.since && !cfg.search.until && !cfg.count) {
        error("no QUERY given");
        fprintf(stderr, "Try 'morgue-query --help'.\n");
        return EXIT_ERROR;
    }
    if (cfg.ndbs == 0)
        cfg.dbs[cfg.ndbs++] = cli_default_db();
    char *err = NULL;
    morgue_db_t *db;
    morgue_status_t st = morgue_db_open_many(cfg.dbs, cfg.ndbs, cfg.language, &db, &err);
    if (st != MORGUE_OK) {
        error("%s", err != NULL ? err : morgue_status_string(st));
        free(err);
        return EXIT_ERROR;
    }
    int rc;
    if (cfg.queries != NULL) {
        rc = run_batch(db, &cfg);
    } else if (cfg.show != NULL) {
        rc = show_article(db, &cfg);
    } else {
        char *query = join_words(argv + first, nwords);
        rc = query != NULL ? run_search(db, &cfg, query, NULL, NULL) : EXIT_ERROR;
        free(query);
    }
    morgue_db_close(db);
    return rc;
}
