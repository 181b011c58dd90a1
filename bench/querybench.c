/* querybench.c - query latency of morgue and its peers, for bench/bench.sh.
 * A benchmark program: it prints figures and asserts nothing.
 *
 *   querybench queries [--count N] [--seed S] ARTICLES.jsonl
 *       Print N distinct queries of one to three words (default 500, seed 1)
 *       drawn from the article titles with a fixed pseudo-random sequence:
 *       the same file and seed give the same queries on every machine.
 *       Words are the title's purely alphabetic tokens of 3+ letters (once
 *       punctuation around them is removed), lower case, English stopwords
 *       left out; a query is a run of consecutive
 *       such words of one title, so it matches at least that article.
 *
 *   querybench run [--rounds R] [--cli MORGUE-QUERY] [--quest QUEST]
 *                  [--fts5 DB.sqlite] [--sqlite3 PATH] [--detail OUT.tsv]
 *                  INDEX QUERIES.txt
 *       Time every query, top 10 by relevance, all words required, in these
 *       modes, and print the figures as one JSON object on stdout:
 *         morgue_lib          morgue_search with snippets (as the CLI does)
 *         morgue_lib_nosnip   morgue_search without snippets
 *         morgue_lib_bm25     the same with ranking MORGUE_RANK_BM25 (no
 *                             ranking features), when morgue.h has it
 *         xapian              Xapian as a plain application asks for what
 *                             morgue gives, the top 10 and the exact count:
 *                             the QueryParser and one get_mset from the
 *                             binding's building blocks (lib/xbind.h) on the
 *                             same index (AND, English stemmer, no field
 *                             prefixes, no snippets, no record decoding),
 *                             counting in one ranked pass (get_mset with
 *                             check_at_least all)
 *         xapian_again        the same as xapian, timed separately: how far
 *                             two timings of the same work differ (noise)
 *         xapian_estimate     the same with Xapian's default count, an
 *                             estimate
 *         morgue_cli          fork+exec of morgue-query -n 10 --format tsv
 *         quest_cli           fork+exec of Xapian's quest -m 10 -o and
 *                             -s english on the same index (no field
 *                             prefixes), output to /dev/null: the peer's
 *                             process cost (its hits are not read)
 *         fts5                SELECT id ... MATCH ? ORDER BY rank LIMIT 10:
 *                             in process when built with BENCH_SQLITE3 and
 *                             -lsqlite3, else through one sqlite3 shell over
 *                             a pipe (round trip timed here; the shell's own
 *                             ".timer" figure, 1 ms resolution, is kept too)
 *       One warm-up pass over all queries and modes, then R rounds (default
 *       3); a query's latency is its median over the rounds; the queries of
 *       every mode are interleaved, each query starting with another mode,
 *       so that noise from other processes falls on all modes alike.
 *       Percentiles are nearest-rank. --detail writes each query's medians
 *       as TSV. With --cli, "batch" also times one morgue-query -n 10
 *       --queries QUERIES.txt process for all the queries, once after each
 *       round (the warm-up too, untimed): its median wall time, and that
 *       divided by the number of queries. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "morgue.h"
#include "xbind.h"

#ifdef BENCH_SQLITE3
#include <sqlite3.h>
#endif

extern char **environ;

#define MAX_WORDS 64      /* words kept from one title */
#define MAX_QUERY 256     /* bytes of one query */

/* ------------------------------------------------------------------ */
/* Query generation                                                    */

static uint64_t rng_state;

/* splitmix64: the same sequence on every machine for a given seed. */
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static const char *const stopwords[] = {
    "about", "above", "after", "again", "against", "all", "also", "and", "any",
    "are", "because", "been", "before", "being", "below", "between", "both",
    "but", "can", "could", "did", "does", "doing", "down", "during", "each",
    "few", "for", "from", "further", "had", "has", "have", "having", "her",
    "here", "hers", "herself", "him", "himself", "his", "how", "into", "its",
    "itself", "just", "more", "most", "near", "nor", "not", "now", "off",
    "once", "only", "other", "our", "ours", "out", "over", "own", "same",
    "she", "should", "some", "such", "than", "that", "the", "their", "theirs",
    "them", "then", "there", "these", "they", "this", "those", "through",
    "too", "under", "until", "very", "was", "were", "what", "when", "where",
    "which", "while", "who", "whom", "why", "will", "with", "would", "you",
    "your", "yours", "xor", "adj", NULL
};

static int is_stopword(const char *w)
{
    for (size_t i = 0; stopwords[i] != NULL; i++)
        if (strcmp(w, stopwords[i]) == 0)
            return 1;
    return 0;
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

/* Split title into words: whitespace-separated tokens with leading and
 * trailing punctuation removed that are then ASCII letters only ("5FGe",
 * "U.S" and "don't" are dropped, not cut), 3+ long, not stopwords;
 * lower-cased into buf. Returns the number of words. */
static size_t title_words(const char *title, char *buf, size_t bufsize,
                          const char *words[MAX_WORDS])
{
    size_t n = 0, used = 0;
    const char *p = title;
    while (*p != '\0' && n < MAX_WORDS) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        const char *start = p;
        while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            p++;
        const char *a = start, *b = p;
        while (a < b && !is_alnum(*a))
            a++;
        while (b > a && !is_alnum(b[-1]))
            b--;
        size_t len = (size_t)(b - a);
        int ok = len >= 3 && used + len + 1 <= bufsize;
        for (const char *q = a; ok && q < b; q++)
            ok = is_alpha(*q);
        if (!ok)
            continue;
        char *w = buf + used;
        for (size_t i = 0; i < len; i++)
            w[i] = (char)(a[i] >= 'A' && a[i] <= 'Z' ? a[i] - 'A' + 'a' : a[i]);
        w[len] = '\0';
        if (is_stopword(w))
            continue;
        words[n++] = w;
        used += len + 1;
    }
    return n;
}

static int cmd_queries(int argc, char **argv)
{
    size_t count = 500;
    uint64_t seed = 1;
    int i = 0;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
            count = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else
            break;
    }
    if (argc - i != 1) {
        fprintf(stderr, "usage: querybench queries [--count N] [--seed S] ARTICLES.jsonl\n");
        return 2;
    }
    FILE *f = fopen(argv[i], "r");
    if (f == NULL) {
        fprintf(stderr, "querybench: %s: %s\n", argv[i], strerror(errno));
        return 1;
    }
    char **titles = NULL, *line = NULL;
    size_t ntitles = 0, cap = 0, lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) > 0) {
        json_t *o = json_loadb(line, (size_t)len, 0, NULL);
        const char *t = json_string_value(json_object_get(o, "title"));
        if (t != NULL) {
            if (ntitles == cap) {
                cap = cap ? cap * 2 : 4096;
                char **nt = realloc(titles, cap * sizeof *nt);
                if (nt == NULL)
                    return 1;
                titles = nt;
            }
            if ((titles[ntitles++] = strdup(t)) == NULL)
                return 1;
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    if (ntitles == 0) {
        fprintf(stderr, "querybench: %s: no titles\n", argv[i]);
        return 1;
    }
    char (*made)[MAX_QUERY] = calloc(count ? count : 1, MAX_QUERY);
    if (made == NULL)
        return 1;
    size_t nmade = 0;
    rng_state = seed;
    for (size_t tries = 0; nmade < count && tries < count * 1000; tries++) {
        char buf[1024];
        const char *words[MAX_WORDS];
        const char *title = titles[rng_next() % ntitles];
        size_t nw = title_words(title, buf, sizeof buf, words);
        size_t want = 1 + (size_t)(rng_next() % 3);
        if (nw == 0)
            continue;
        if (want > nw)
            want = nw;
        size_t start = (size_t)(rng_next() % (nw - want + 1));
        char q[MAX_QUERY] = "";
        size_t used = 0;
        for (size_t k = 0; k < want; k++) {
            int w = snprintf(q + used, sizeof q - used, "%s%s", k ? " " : "", words[start + k]);
            if (w < 0 || (size_t)w >= sizeof q - used)
                break;
            used += (size_t)w;
        }
        int dup = 0;
        for (size_t k = 0; k < nmade && !dup; k++)
            dup = strcmp(made[k], q) == 0;
        if (dup)
            continue;
        memcpy(made[nmade++], q, sizeof q);
        printf("%s\n", q);
    }
    for (size_t k = 0; k < ntitles; k++)
        free(titles[k]);
    free(titles);
    free(made);
    if (nmade < count) {
        fprintf(stderr, "querybench: only %zu distinct queries\n", nmade);
        return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Timing                                                              */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* One way of running a query. run returns 0 and sets *hits (results
 * returned, at most 10) and *ms2 (a second, engine-reported time in ms, or
 * NAN), or -1 on failure. */
typedef struct mode {
    const char *name;
    int (*run)(struct mode *m, const char *query, size_t *hits, double *ms2);
    void *ctx;
    double *ms;      /* [query * rounds + round] wall latency */
    double *ms2;     /* the same for the engine-reported time */
    size_t zero;     /* queries with no hit */
    size_t failed;   /* queries that failed */
    double hits;     /* sum of hits returned */
    int only_any;    /* hits is only 0 or 1 (match or not): no mean_hits */
    int no_hits;     /* hits are not known: neither mean_hits nor no_hit_queries */
} bmode_t;

static int run_morgue(bmode_t *m, const char *query, size_t *hits, double *ms2, size_t snip)
{
    morgue_search_options_t opts;
    morgue_results_t *res;
    morgue_search_options_init(&opts);
    opts.limit = 10;
    opts.snippet_bytes = snip;
    if (morgue_search(m->ctx, query, &opts, &res) != MORGUE_OK)
        return -1;
    *hits = morgue_results_count(res);
    *ms2 = NAN;
    morgue_results_free(res);
    return 0;
}

static int run_lib(bmode_t *m, const char *q, size_t *hits, double *ms2)
{
    morgue_search_options_t d;
    morgue_search_options_init(&d);
    return run_morgue(m, q, hits, ms2, d.snippet_bytes);
}

static int run_lib_nosnip(bmode_t *m, const char *q, size_t *hits, double *ms2)
{
    return run_morgue(m, q, hits, ms2, 0);
}

#ifdef MORGUE_RANK_BM25
/* morgue_search without snippets and without morgue's ranking features:
 * what is left of the gap to plain Xapian is morgue's own work. */
static int run_lib_bm25(bmode_t *m, const char *query, size_t *hits, double *ms2)
{
    morgue_search_options_t opts;
    morgue_results_t *res;
    morgue_search_options_init(&opts);
    opts.limit = 10;
    opts.snippet_bytes = 0;
    opts.rank = MORGUE_RANK_BM25;
    if (morgue_search(m->ctx, query, &opts, &res) != MORGUE_OK)
        return -1;
    *hits = morgue_results_count(res);
    *ms2 = NAN;
    morgue_results_free(res);
    return 0;
}
#endif

/* A plain Xapian peer: the database, and how it counts. */
typedef struct plain {
    xb_db_t *db;
    int one_pass;    /* nonzero: one ranked pass that weighs every match (check_at_least
                        all), else Xapian's default count, an estimate */
} plain_t;

/* What a plain Xapian application does, from the binding's building
 * blocks: the QueryParser with the English stemmer and default AND, no
 * field prefixes, Xapian's BM25, one get_mset of the top 10 with their
 * stored data, not decoded. */
static int run_xapian(bmode_t *m, const char *query, size_t *hits, double *ms2)
{
    const plain_t *p = m->ctx;
    char err[XB_ERRLEN];
    xb_parser_t parser = { .language = "english", .date_prefix = "date:", .max_wildcard = 5000 };
    xb_qb_t *qb = xb_qb_new();
    const xb_query_t *q = xb_q_parse(qb, p->db, &parser, query);
    xb_enquire_t *enq = NULL;
    xb_mset_t *ms = NULL;
    uint64_t all = 0;
    morgue_status_t st = xb_qb_status(qb, err);
    if (st == MORGUE_OK)
        st = xb_doccount(p->db, &all, err);
    if (st == MORGUE_OK)
        st = xb_enquire_new(p->db, &enq, err);
    if (st == MORGUE_OK)
        st = xb_enquire_query(enq, q, err);
    if (st == MORGUE_OK)
        st = xb_enquire_mset(enq, 0, 10, p->one_pass ? (size_t)all : 0, NULL, NULL, 1, &ms, err);
    if (st == MORGUE_OK) {
        *hits = xb_mset_size(ms);
        *ms2 = NAN;
    }
    xb_mset_free(ms);
    xb_enquire_free(enq);
    xb_qb_free(qb);
    return st == MORGUE_OK ? 0 : -1;
}

/* The morgue-query process: argv prefix and the index. */
typedef struct cli {
    const char *bin;
    const char *db;
} cli_t;

static int run_cli(bmode_t *m, const char *query, size_t *hits, double *ms2)
{
    cli_t *c = m->ctx;
    char copy[MAX_QUERY];
    char *argv[8 + MAX_QUERY / 2];
    int n = 0;
    argv[n++] = (char *)c->bin;
    argv[n++] = "-n";
    argv[n++] = "10";
    argv[n++] = "--format";
    argv[n++] = "tsv";
    argv[n++] = "--db";
    argv[n++] = (char *)c->db;
    snprintf(copy, sizeof copy, "%s", query);
    for (char *save = NULL, *w = strtok_r(copy, " ", &save); w != NULL;
         w = strtok_r(NULL, " ", &save))
        argv[n++] = w;
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawn(&pid, c->bin, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return -1;
    int status;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) > 1)
        return -1;
    *hits = WEXITSTATUS(status) == 0 ? 1 : 0;  /* grep-like: 0 some match */
    *ms2 = NAN;
    return 0;
}

/* Xapian's quest process on the same index, as a plain application would
 * run it: AND of the words, English stemmer, top 10. */
static int run_quest(bmode_t *m, const char *query, size_t *hits, double *ms2)
{
    cli_t *c = m->ctx;
    char *argv[] = { (char *)c->bin, "-d", (char *)c->db, "-m", "10", "-o", "and",
                     "-s", "english", (char *)query, NULL };
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, c->bin, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return -1;
    int status;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    *hits = 0;
    *ms2 = NAN;
    return 0;
}

/* One morgue-query --queries process for every query of qpath: its wall
 * time in ms, or NAN when it could not run or a query failed (exit 2). */
static double run_batch(const cli_t *c, const char *qpath)
{
    char *argv[] = { (char *)c->bin, "-n", "10", "--db", (char *)c->db, "--queries",
                     (char *)qpath, NULL };
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    double t0 = now_ms();
    pid_t pid;
    int rc = posix_spawn(&pid, c->bin, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    int status;
    if (rc != 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) > 1)
        return NAN;
    return now_ms() - t0;
}

/* FTS5's MATCH expression: each word a quoted string (the words are
 * letters only, see cmd_queries, so nothing needs escaping). */
static int fts5_match(const char *query, char *out, size_t outsize)
{
    size_t used = 0;
    char copy[MAX_QUERY];
    snprintf(copy, sizeof copy, "%s", query);
    for (char *save = NULL, *w = strtok_r(copy, " ", &save); w != NULL;
         w = strtok_r(NULL, " ", &save)) {
        for (const char *p = w; *p; p++)
            if (!is_alpha(*p))
                return -1;
        int k = snprintf(out + used, outsize - used, "%s\"%s\"", used ? " " : "", w);
        if (k < 0 || (size_t)k >= outsize - used)
            return -1;
        used += (size_t)k;
    }
    return used > 0 ? 0 : -1;
}

#ifdef BENCH_SQLITE3
static int run_fts5(bmode_t *m, const char *query, size_t *hits, double *ms2)
{
    sqlite3_stmt *st = m->ctx;
    char match[2 * MAX_QUERY];
    if (fts5_match(query, match, sizeof match) != 0)
        return -1;
    sqlite3_reset(st);
    if (sqlite3_bind_text(st, 1, match, -1, SQLITE_TRANSIENT) != SQLITE_OK)
        return -1;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        n++;
    *hits = n;
    *ms2 = NAN;
    return rc == SQLITE_DONE ? 0 : -1;
}
#define FTS5_METHOD "sqlite3 library, in process"
#else
/* One sqlite3 shell, fed statements on a pipe and read back line by line. */
typedef struct shell {
    FILE *in, *out;
    pid_t pid;
} shell_t;

#define MARKER "@@querybench@@"

static int run_fts5(bmode_t *m, const char *query, size_t *hits, double *ms2)
{
    shell_t *sh = m->ctx;
    char match[2 * MAX_QUERY], line[4096];
    if (fts5_match(query, match, sizeof match) != 0)
        return -1;
    fprintf(sh->in, "SELECT id FROM articles WHERE articles MATCH '%s' "
                    "ORDER BY rank LIMIT 10;\nSELECT '" MARKER "';\n", match);
    fflush(sh->in);
    size_t n = 0;
    double timer = NAN;
    int ok = 0;
    while (fgets(line, sizeof line, sh->out) != NULL) {
        double real;
        if (strncmp(line, MARKER, strlen(MARKER)) == 0) {
            ok = 1;
            break;
        }
        if (sscanf(line, "Run Time: real %lf", &real) == 1) {
            if (isnan(timer))
                timer = real * 1e3;
        } else {
            n++;
        }
    }
    /* The marker's own "Run Time" line. */
    if (!ok || fgets(line, sizeof line, sh->out) == NULL || isnan(timer))
        return -1;
    *hits = n;
    *ms2 = timer;
    return 0;
}

static int shell_open(shell_t *sh, const char *bin, const char *db)
{
    int to[2], from[2];
    if (pipe(to) != 0 || pipe(from) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, to[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&fa, from[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, to[1]);
    posix_spawn_file_actions_addclose(&fa, from[0]);
    char *argv[] = { (char *)bin, "-batch", "-readonly", (char *)db, NULL };
    int rc = posix_spawnp(&sh->pid, bin, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(to[0]);
    close(from[1]);
    if (rc != 0)
        return -1;
    sh->in = fdopen(to[1], "w");
    sh->out = fdopen(from[0], "r");
    if (sh->in == NULL || sh->out == NULL)
        return -1;
    fprintf(sh->in, ".timer on\n");
    return 0;
}

static void shell_close(shell_t *sh)
{
    if (sh->in != NULL)
        fclose(sh->in);
    if (sh->out != NULL)
        fclose(sh->out);
    if (sh->pid > 0)
        waitpid(sh->pid, NULL, 0);
}
#define FTS5_METHOD "sqlite3 shell over a pipe (round trip; no process start-up)"
#endif

/* ------------------------------------------------------------------ */
/* Figures                                                             */

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted v[0..n). */
static double pct(const double *v, size_t n, double p)
{
    size_t k = (size_t)ceil(p / 100.0 * (double)n);
    return v[k == 0 ? 0 : k - 1];
}

/* Percentiles over queries of each query's median over rounds, as JSON;
 * NULL when there is no figure (every query failed, or no second time). */
static json_t *figures(const double *ms, size_t nq, size_t rounds)
{
    double *med = malloc((nq ? nq : 1) * sizeof *med), *r = malloc(rounds * sizeof *r);
    size_t n = 0;
    double sum = 0;
    for (size_t q = 0; med != NULL && r != NULL && q < nq; q++) {
        size_t k = 0;
        for (size_t j = 0; j < rounds; j++)
            if (!isnan(ms[q * rounds + j]))
                r[k++] = ms[q * rounds + j];
        if (k == 0)
            continue;
        qsort(r, k, sizeof *r, by_value);
        med[n] = k % 2 ? r[k / 2] : (r[k / 2 - 1] + r[k / 2]) / 2;
        sum += med[n++];
    }
    json_t *o = NULL;
    if (n > 0) {
        qsort(med, n, sizeof *med, by_value);
        o = json_pack("{s:f, s:f, s:f, s:f, s:f}", "p50_ms", pct(med, n, 50),
                      "p90_ms", pct(med, n, 90), "p99_ms", pct(med, n, 99),
                      "mean_ms", sum / (double)n, "max_ms", med[n - 1]);
    }
    free(med);
    free(r);
    return o;
}

/* One line a query: the query, then each mode's median over the rounds
 * (ms; empty when it failed), tab-separated, after a header line. */
static int write_detail(const char *path, char **queries, size_t nq,
                        const bmode_t *modes, size_t nmodes, size_t rounds)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    fprintf(f, "query");
    for (size_t m = 0; m < nmodes; m++)
        fprintf(f, "\t%s", modes[m].name);
    fputc('\n', f);
    double r[64];
    for (size_t q = 0; q < nq; q++) {
        fputs(queries[q], f);
        for (size_t m = 0; m < nmodes; m++) {
            size_t k = 0;
            for (size_t j = 0; j < rounds && k < 64; j++)
                if (!isnan(modes[m].ms[q * rounds + j]))
                    r[k++] = modes[m].ms[q * rounds + j];
            if (k == 0) {
                fputc('\t', f);
                continue;
            }
            qsort(r, k, sizeof *r, by_value);
            fprintf(f, "\t%.4f", k % 2 ? r[k / 2] : (r[k / 2 - 1] + r[k / 2]) / 2);
        }
        fputc('\n', f);
    }
    return fclose(f);
}

static int cmd_run(int argc, char **argv)
{
    size_t rounds = 3;
    const char *cli = NULL, *quest = NULL, *fts5 = NULL, *sqlite3_bin = "sqlite3", *detail = NULL;
    int i = 0;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
            rounds = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--cli") == 0 && i + 1 < argc)
            cli = argv[++i];
        else if (strcmp(argv[i], "--quest") == 0 && i + 1 < argc)
            quest = argv[++i];
        else if (strcmp(argv[i], "--fts5") == 0 && i + 1 < argc)
            fts5 = argv[++i];
        else if (strcmp(argv[i], "--sqlite3") == 0 && i + 1 < argc)
            sqlite3_bin = argv[++i];
        else if (strcmp(argv[i], "--detail") == 0 && i + 1 < argc)
            detail = argv[++i];
        else
            break;
    }
    if (argc - i != 2 || rounds == 0) {
        fprintf(stderr, "usage: querybench run [--rounds R] [--cli MORGUE-QUERY] "
                        "[--quest QUEST] [--fts5 DB] [--sqlite3 PATH] [--detail OUT.tsv] INDEX QUERIES.txt\n");
        return 2;
    }
    const char *index = argv[i], *qpath = argv[i + 1];

    /* The queries. */
    FILE *f = fopen(qpath, "r");
    if (f == NULL) {
        fprintf(stderr, "querybench: %s: %s\n", qpath, strerror(errno));
        return 1;
    }
    char **queries = NULL, *line = NULL;
    size_t nq = 0, cap = 0, lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) > 0) {
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        if (len == 0 || len >= MAX_QUERY)
            continue;
        if (nq == cap) {
            cap = cap ? cap * 2 : 512;
            char **nqs = realloc(queries, cap * sizeof *nqs);
            if (nqs == NULL)
                return 1;
            queries = nqs;
        }
        if ((queries[nq++] = strdup(line)) == NULL)
            return 1;
    }
    free(line);
    fclose(f);
    if (nq == 0) {
        fprintf(stderr, "querybench: %s: no queries\n", qpath);
        return 1;
    }

    /* The engines, opened once: the timings are warm. */
    char *error = NULL, xerr[XB_ERRLEN];
    morgue_db_t *db;
    if (morgue_db_open(index, MORGUE_READ, 0, NULL, &db, &error) != MORGUE_OK) {
        fprintf(stderr, "querybench: %s\n", error ? error : "cannot open the index");
        return 1;
    }
    xb_db_t *xdb;
    if (xb_open_read(&index, 1, &xdb, xerr) != MORGUE_OK) {
        fprintf(stderr, "querybench: %s: %s\n", index, xerr);
        return 1;
    }
    plain_t exact = { xdb, 1 }, estimate = { xdb, 0 };
    bmode_t modes[9] = {
        { .name = "morgue_lib", .run = run_lib, .ctx = db },
        { .name = "morgue_lib_nosnip", .run = run_lib_nosnip, .ctx = db },
        { .name = "xapian", .run = run_xapian, .ctx = &exact },
        { .name = "xapian_estimate", .run = run_xapian, .ctx = &estimate },
    };
    size_t nmodes = 4;
#ifdef MORGUE_RANK_BM25
    modes[nmodes++] = (bmode_t){ .name = "morgue_lib_bm25", .run = run_lib_bm25, .ctx = db };
#endif
    cli_t clictx = { cli, index };
    if (cli != NULL)
        modes[nmodes++] = (bmode_t){ .name = "morgue_cli", .run = run_cli, .ctx = &clictx,
                                      .only_any = 1 };
    cli_t questctx = { quest, index };
    if (quest != NULL)
        modes[nmodes++] = (bmode_t){ .name = "quest_cli", .run = run_quest, .ctx = &questctx,
                                      .no_hits = 1 };
#ifdef BENCH_SQLITE3
    sqlite3 *sdb = NULL;
    sqlite3_stmt *stmt = NULL;
    (void)sqlite3_bin;
    if (fts5 != NULL) {
        if (sqlite3_open_v2(fts5, &sdb, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(sdb, "SELECT id FROM articles WHERE articles MATCH ?1 "
                                    "ORDER BY rank LIMIT 10", -1, &stmt, NULL) != SQLITE_OK) {
            fprintf(stderr, "querybench: %s: %s\n", fts5, sqlite3_errmsg(sdb));
            return 1;
        }
        modes[nmodes++] = (bmode_t){ .name = "fts5", .run = run_fts5, .ctx = stmt };
    }
#else
    shell_t shell = { 0 };
    if (fts5 != NULL) {
        signal(SIGPIPE, SIG_IGN);
        if (shell_open(&shell, sqlite3_bin, fts5) != 0) {
            fprintf(stderr, "querybench: cannot run %s on %s\n", sqlite3_bin, fts5);
            return 1;
        }
        modes[nmodes++] = (bmode_t){ .name = "fts5", .run = run_fts5, .ctx = &shell };
    }
#endif
    /* Xapian's work once more, apart from its first timing in the turn:
     * how far two timings of the same work differ is the noise any other
     * difference must exceed to mean anything. */
    modes[nmodes++] = (bmode_t){ .name = "xapian_again", .run = run_xapian, .ctx = &exact };
    for (size_t m = 0; m < nmodes; m++) {
        modes[m].ms = malloc(nq * rounds * sizeof(double));
        modes[m].ms2 = malloc(nq * rounds * sizeof(double));
        if (modes[m].ms == NULL || modes[m].ms2 == NULL)
            return 1;
    }

    double *batch_ms = calloc(rounds, sizeof *batch_ms);
    if (batch_ms == NULL)
        return 1;
    /* Warm-up, then the measured rounds; modes interleaved query by query. */
    for (size_t round = 0; round <= rounds; round++) {
        if (cli != NULL) {
            double t = run_batch(&clictx, qpath);
            if (round > 0)
                batch_ms[round - 1] = t;
        }
        for (size_t q = 0; q < nq; q++) {
            /* Each query starts with another mode: none is always first. */
            for (size_t k = 0; k < nmodes; k++) {
                bmode_t *md = &modes[(q + k) % nmodes];
                size_t hits = 0;
                double ms2 = NAN;
                double t0 = now_ms();
                int rc = md->run(md, queries[q], &hits, &ms2);
                double t = now_ms() - t0;
                if (round == 0)
                    continue;
                size_t at = q * rounds + (round - 1);
                md->ms[at] = rc == 0 ? t : NAN;
                md->ms2[at] = rc == 0 ? ms2 : NAN;
                if (round == 1) {
                    md->failed += rc != 0;
                    md->zero += rc == 0 && hits == 0;
                    md->hits += rc == 0 ? (double)hits : 0;
                }
            }
        }
    }

    if (detail != NULL && write_detail(detail, queries, nq, modes, nmodes, rounds) != 0)
        fprintf(stderr, "querybench: %s: %s\n", detail, strerror(errno));

    json_t *out = json_pack("{s:s, s:i, s:i, s:s, s:{}}", "index", index,
                            "queries", (json_int_t)nq, "rounds", (json_int_t)rounds,
                            "fts5_method", FTS5_METHOD, "modes");
    json_t *jm = json_object_get(out, "modes");
    for (size_t m = 0; m < nmodes; m++) {
        json_t *o = figures(modes[m].ms, nq, rounds);
        if (o == NULL)
            o = json_object();
        json_object_set_new(o, "failed", json_integer((json_int_t)modes[m].failed));
        json_object_set_new(o, "no_hit_queries", json_integer((json_int_t)modes[m].zero));
        if (modes[m].no_hits)
            json_object_set_new(o, "no_hit_queries", json_null());
        else if (!modes[m].only_any)
            json_object_set_new(o, "mean_hits", json_real(modes[m].hits / (double)nq));
        json_t *o2 = figures(modes[m].ms2, nq, rounds);
        if (o2 != NULL)
            json_object_set_new(o, "engine_timer", o2);
        json_object_set_new(jm, modes[m].name, o);
        free(modes[m].ms);
        free(modes[m].ms2);
    }
    if (cli != NULL) {
        /* the median round; a round whose process failed counts as failed */
        double sorted[64];
        size_t k = 0, failed = 0;
        json_t *all = json_array();
        for (size_t r = 0; r < rounds; r++) {
            json_array_append_new(all, isnan(batch_ms[r]) ? json_null() : json_real(batch_ms[r]));
            if (isnan(batch_ms[r]))
                failed++;
            else if (k < sizeof sorted / sizeof *sorted)
                sorted[k++] = batch_ms[r];
        }
        qsort(sorted, k, sizeof *sorted, by_value);
        double med = k == 0 ? NAN : k % 2 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
        json_object_set_new(out, "batch", json_pack("{s:o, s:o, s:o, s:i}",
            "wall_ms", k ? json_real(med) : json_null(),
            "per_query_ms", k ? json_real(med / (double)nq) : json_null(),
            "rounds_ms", all, "failed", (json_int_t)failed));
    }
    free(batch_ms);
    json_dumpf(out, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    putchar('\n');
    json_decref(out);

#ifdef BENCH_SQLITE3
    sqlite3_finalize(stmt);
    sqlite3_close(sdb);
#else
    shell_close(&shell);
#endif
    xb_close(xdb);
    morgue_db_close(db);
    for (size_t q = 0; q < nq; q++)
        free(queries[q]);
    free(queries);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "queries") == 0)
        return cmd_queries(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "run") == 0)
        return cmd_run(argc - 2, argv + 2);
    fprintf(stderr, "usage: querybench queries|run ... (see bench/querybench.c)\n");
    return 2;
}
