/* buildcost.c - where the time of a first build goes, for bench/bench.sh.
 * A benchmark program: it prints figures and asserts nothing.
 *
 *   buildcost [--jobs N] [--no-positions] ARTICLES.jsonl WORKDIR
 *
 * The articles (the bench's JSON Lines: id, title, date, source, body) are
 * read and parsed into memory first (jansson; its CPU time is reported as
 * parse_cpu_s). Then two timed passes:
 *
 *   docs  On N threads, each article goes through what a shard does
 *         before it writes: the record is serialized, sealed and decoded,
 *         and its Xapian document is built (mg_doc_build: fields, folding,
 *         Xapian's TermGenerator, stems) and thrown away. Nothing is
 *         written. The CPU time of serializing (and hashing, as
 *         morgue_db_put does) is kept apart from that of building.
 *   put   A new index in WORKDIR/index gets every article through
 *         morgue_db_put on N threads (default: the number of cores), then
 *         morgue_db_commit: morgue-index's first build without its reader
 *         (no file reading, no JSON). Wall and process CPU time.
 *
 * What the put pass spends beyond the docs pass is, to a close
 * approximation, Xapian's writes: replace_document, the flushes, the
 * shards' commits and the merge's compaction. That is the part no
 * indexer can avoid while Xapian is the engine. One JSON object goes to
 * stdout. */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "morgue.h"
#include "../lib/db.h"
#include "../lib/hash.h"
#include "../lib/record.h"

/* Threads at most: as many as a machine's cores, within reason. */
#define MAX_JOBS 64

static double seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *field(json_t *obj, const char *name)
{
    json_t *v = json_object_get(obj, name);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The articles of the file; their strings are owned by *all, a JSON array
 * of the parsed lines. */
static morgue_article_t *load(const char *path, json_t **all, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        return NULL;
    }
    size_t cap = 0, count = 0, lineno = 0, linecap = 0;
    morgue_article_t *arts = NULL;
    char *line = NULL;
    *all = json_array();
    while (*all != NULL && getline(&line, &linecap, f) > 0) {
        json_error_t jerr;
        lineno++;
        json_t *o = json_loads(line, 0, &jerr);
        if (o == NULL) {
            fprintf(stderr, "buildcost: %s:%zu: %s (line skipped)\n", path, lineno, jerr.text);
            continue;
        }
        if (count == cap) {
            cap = cap ? cap * 2 : 1024;
            morgue_article_t *grown = realloc(arts, cap * sizeof *arts);
            if (grown == NULL) {
                json_decref(o);
                break;
            }
            arts = grown;
        }
        json_array_append_new(*all, o);
        arts[count++] = (morgue_article_t){
            .id = field(o, "id"), .title = field(o, "title"), .date = field(o, "date"),
            .source = field(o, "source"), .body = field(o, "body"), .path = path,
            .line = lineno,
        };
    }
    free(line);
    fclose(f);
    *n = count;
    return arts;
}

/* One thread's share of the docs pass: every n-th article from first. */
typedef struct docs_share {
    const morgue_article_t *arts;
    size_t n, first, step;
    int positions, failed;
    double serialize_s, build_s;   /* this thread's CPU seconds */
} docs_share_t;

/* Serialize, seal, decode and build article i, timing both halves. */
static int one_doc(docs_share_t *d, size_t i)
{
    const morgue_article_t *a = &d->arts[i];
    char err[XB_ERRLEN], sid[17], print[17];
    double t0 = seconds(CLOCK_THREAD_CPUTIME_ID);
    const char *key = a->id != NULL ? a->id : "";
    mg_hash_hex(mg_hash(key, strlen(key), MG_HASH_SEED), sid);
    char *raw, *stored;
    size_t raw_len, stored_len;
    if (mg_record_serialize(a, sid, &raw, &raw_len) != 0)
        return -1;
    mg_hash_hex(mg_hash(raw, raw_len, MG_HASH_SEED), print);
    double t1 = seconds(CLOCK_THREAD_CPUTIME_ID);
    mg_record_t *rec;
    xb_doc_t *doc;
    int ok = mg_record_seal(raw, raw_len, &stored, &stored_len) == 0;
    free(raw);
    if (!ok)
        return -1;
    ok = mg_record_decode(stored, stored_len, &rec) == MORGUE_OK;
    if (ok) {
        if (mg_doc_build(&rec->article, sid, stored, stored_len, print, "0000000000000000",
                         "english", d->positions, &doc, err) == MORGUE_OK) {
            xb_doc_free(doc);
        } else {
            fprintf(stderr, "buildcost: article %zu: %s\n", i + 1, err);
            ok = 0;
        }
        mg_record_free(rec);
    }
    free(stored);
    double t2 = seconds(CLOCK_THREAD_CPUTIME_ID);
    d->serialize_s += t1 - t0;
    d->build_s += t2 - t1;
    return ok ? 0 : -1;
}

static void *docs_thread(void *arg)
{
    docs_share_t *d = arg;
    for (size_t i = d->first; i < d->n && !d->failed; i += d->step)
        d->failed = one_doc(d, i) != 0;
    return NULL;
}

/* The docs pass, on as many threads as the put pass uses, so that both
 * run with the same contention for the cores and their caches: CPU
 * seconds spent serializing and hashing, and building. */
static int docs_pass(const morgue_article_t *arts, size_t n, unsigned jobs, int positions,
                     double *serialize_s, double *build_s)
{
    docs_share_t share[MAX_JOBS];
    pthread_t tid[MAX_JOBS];
    *serialize_s = *build_s = 0;
    for (unsigned t = 0; t < jobs; t++) {
        share[t] = (docs_share_t){ .arts = arts, .n = n, .first = t, .step = jobs,
                                   .positions = positions };
        if (pthread_create(&tid[t], NULL, docs_thread, &share[t]) != 0)
            return -1;
    }
    int failed = 0;
    for (unsigned t = 0; t < jobs; t++) {
        pthread_join(tid[t], NULL);
        failed |= share[t].failed;
        *serialize_s += share[t].serialize_s;
        *build_s += share[t].build_s;
    }
    return failed ? -1 : 0;
}

static int fail(morgue_db_t *db, const char *what)
{
    fprintf(stderr, "buildcost: %s: %s\n", what, morgue_db_error(db));
    morgue_db_close(db);
    return -1;
}

/* The put pass: a first build of every article into dir. */
static int put_pass(const morgue_article_t *arts, size_t n, const char *dir, unsigned jobs,
                    int positions, double *wall_s, double *cpu_s)
{
    morgue_db_t *db;
    char *error = NULL;
    double w0 = seconds(CLOCK_MONOTONIC), c0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
    if (morgue_db_open(dir, MORGUE_WRITE, 0, NULL, &db, &error) != MORGUE_OK) {
        fprintf(stderr, "buildcost: %s\n", error != NULL ? error : dir);
        free(error);
        return -1;
    }
    if (morgue_db_set_positions(db, positions) != MORGUE_OK)
        return fail(db, "positions");
    if (jobs > 1 && morgue_db_set_threads(db, jobs) != MORGUE_OK)
        return fail(db, "threads");
    if (morgue_db_file_begin(db, arts[0].path) != MORGUE_OK)
        return fail(db, "file");
    for (size_t i = 0; i < n; i++) {
        morgue_outcome_t outcome;
        if (morgue_db_put(db, &arts[i], &outcome) != MORGUE_OK)
            fprintf(stderr, "buildcost: article %zu: %s\n", i + 1, morgue_db_error(db));
    }
    if (morgue_db_file_end(db, 0, 0, 1, NULL) != MORGUE_OK)
        return fail(db, "file end");
    if (morgue_db_commit(db) != MORGUE_OK)
        return fail(db, "commit");
    if (morgue_db_close(db) != MORGUE_OK)
        return -1;
    *wall_s = seconds(CLOCK_MONOTONIC) - w0;
    *cpu_s = seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
    return 0;
}

int main(int argc, char **argv)
{
    unsigned jobs = (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs > MAX_JOBS)
        jobs = MAX_JOBS;
    int positions = 1, i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc)
            jobs = (unsigned)atoi(argv[++i]);
        else if (strcmp(argv[i], "--no-positions") == 0)
            positions = 0;
        else
            break;
    }
    if (argc - i != 2 || jobs == 0 || jobs > MAX_JOBS) {
        fprintf(stderr, "usage: buildcost [--jobs N (1-%d)] [--no-positions] ARTICLES.jsonl WORKDIR\n",
                MAX_JOBS);
        return 2;
    }
    const char *path = argv[i], *work = argv[i + 1];
    json_t *lines;
    size_t n;
    double t0 = seconds(CLOCK_THREAD_CPUTIME_ID);
    morgue_article_t *arts = load(path, &lines, &n);
    if (arts == NULL || n == 0) {
        fprintf(stderr, "buildcost: %s: no articles\n", path);
        return 1;
    }
    double parse_s = seconds(CLOCK_THREAD_CPUTIME_ID) - t0;

    double serialize_s = 0, build_s = 0, put_wall = 0, put_cpu = 0;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/index", work);
    if (docs_pass(arts, n, jobs, positions, &serialize_s, &build_s) != 0 ||
        put_pass(arts, n, dir, jobs, positions, &put_wall, &put_cpu) != 0)
        return 1;
    printf("{\"articles\": %zu, \"positions\": %s, \"jobs\": %u, \"parse_cpu_s\": %.2f, "
           "\"serialize_cpu_s\": %.2f, \"build_cpu_s\": %.2f, "
           "\"put_wall_s\": %.2f, \"put_cpu_s\": %.2f}\n",
           n, positions ? "true" : "false", jobs, parse_s, serialize_s, build_s, put_wall,
           put_cpu);
    json_decref(lines);
    free(arts);
    return 0;
}
