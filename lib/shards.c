/* shards.c - a first build on several cores (shards.h).
 *
 * Xapian writes a database from one thread at a time, and writing is most
 * of indexing (bench/README.md). An index with no articles yet can instead
 * be built as N databases, the shards, each by its own thread: the caller's
 * thread reads and serializes articles and queues each to the shard its id
 * picks (so an article read twice lands on the same shard and replaces
 * itself there); each shard's thread builds the document and writes it.
 * The merge is Xapian's compaction, which leaves the result compact too.
 *
 * The merged database then becomes the index by renames inside the index
 * directory (xb_files_move: the table files first, the version file last,
 * whose rename is the moment the articles appear). Before the first rename
 * a marker is written; a writer that finds the marker and no lock holder
 * (xb_files_locked) finishes the renames (mg_shards_recover). Until then
 * the index is untouched: a build killed before its merge leaves the index
 * as it was. */
#include "shards.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "docbuild.h"
#include "record.h"
#include "schema.h"

#define QUEUE_JOBS 64          /* articles queued ahead of a shard's thread */
/* Bytes of records queued ahead of a shard's thread (one article is always
 * let in), and the largest record buffer a queue slot keeps once its
 * article is written: a run of multi-megabyte articles must not hold 64
 * copies per shard. */
#define QUEUE_BYTES (16u << 20)
#define SLOT_KEEP (1u << 20)
/* Articles all shards together hold in memory before writing them out,
 * shared among them so that memory does not grow with their number. Small
 * flushes are faster, the buffered postings staying in the CPU's caches:
 * on the bench corpus on 2 shards, 2000 took 16.9 s (10.1 s without
 * positions) where 10000, Xapian's own threshold, took 19.0 s (10.9 s). */
#define FLUSH_ARTICLES 2000
/* Text of the articles whose documents the shards build at one time: the
 * memory of a document grows with its distinct words, so a few huge
 * articles are built one after another, not one per thread at once. */
#define BUILDING_BYTES (8u << 20)
#define MARKER "publishing"    /* in SHARDS_DIR: the merged build is being moved in */
#define MERGED "merged"

typedef struct job {
    char *raw;                 /* the serialized record; the buffer stays with the slot */
    size_t raw_len, raw_cap;
    char sid[17], fingerprint[17], file_key[17];
    char stemmer[32];
} job_t;

/* The text of the documents being built, shared by every shard. */
typedef struct building {
    pthread_mutex_t mu;
    pthread_cond_t done;       /* a document was built */
    size_t bytes;
} building_t;

typedef struct shard {
    xb_db_t *xb;
    building_t *building;      /* the mg_shards_t's */
    char *path;
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t changed;    /* a job was queued or finished; or stop */
    job_t queue[QUEUE_JOBS];
    size_t head, count;        /* ring buffer: the next job, how many */
    size_t bytes;              /* record bytes of the jobs queued */
    int busy;                  /* the thread is writing the job it took */
    int stopping;
    uint64_t flush_every, unflushed;
    uint64_t words_every, words;   /* flush too after this many terms (MORGUE_PENDING_WORDS) */
    int positions;             /* documents keep word positions */
    morgue_status_t failed;    /* the first failure, sticky */
    char err[XB_ERRLEN];
} shard_t;

struct mg_shards {
    building_t building;
    char *index;               /* the index directory */
    char *dir;                 /* index/SHARDS_DIR */
    unsigned n;
    shard_t *shard;
};

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    if (p != NULL)
        snprintf(p, n, "%s/%s", a, b);
    return p;
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

static void remove_tree(const char *path)
{
    nftw(path, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* Build the document of job and write it to the shard. */
static morgue_status_t write_job(shard_t *sh, const job_t *job, char *err)
{
    char *stored;
    size_t stored_len;
    mg_record_t *rec;
    xb_doc_t *doc;
    char term[32];
    if (mg_record_seal(job->raw, job->raw_len, &stored, &stored_len) != 0) {
        snprintf(err, XB_ERRLEN, "out of memory");
        return MORGUE_NO_MEMORY;
    }
    morgue_status_t st = mg_record_decode(stored, stored_len, &rec);
    if (st != MORGUE_OK) {
        free(stored);
        snprintf(err, XB_ERRLEN, "article %s cannot be decoded", job->sid);
        return st;
    }
    /* A big article waits for the others being built (one always may). */
    building_t *b = sh->building;
    size_t cost = job->raw_len;
    pthread_mutex_lock(&b->mu);
    while (b->bytes > 0 && b->bytes + cost > BUILDING_BYTES)
        pthread_cond_wait(&b->done, &b->mu);
    b->bytes += cost;
    pthread_mutex_unlock(&b->mu);
    st = mg_doc_build(&rec->article, job->sid, stored, stored_len, job->fingerprint,
                      job->file_key, job->stemmer, sh->positions, &doc, err);
    mg_record_free(rec);
    free(stored);
    if (st == MORGUE_OK) {
        snprintf(term, sizeof term, PFX_ID "%s", job->sid);
        st = xb_replace(sh->xb, term, doc, err);
        sh->words += xb_doc_terms(doc);
        xb_doc_free(doc);
    }
    pthread_mutex_lock(&b->mu);
    b->bytes -= cost;
    pthread_cond_broadcast(&b->done);
    pthread_mutex_unlock(&b->mu);
    if (st == MORGUE_OK && (++sh->unflushed >= sh->flush_every || sh->words >= sh->words_every)) {
        sh->unflushed = 0;
        sh->words = 0;
        st = xb_commit(sh->xb, err);
    }
    return st;
}

static void *shard_main(void *arg)
{
    shard_t *sh = arg;
    char xerr[XB_ERRLEN];
    pthread_mutex_lock(&sh->mu);
    for (;;) {
        while (sh->count == 0 && !sh->stopping)
            pthread_cond_wait(&sh->changed, &sh->mu);
        if (sh->count == 0)
            break;
        job_t *job = &sh->queue[sh->head];
        sh->busy = 1;
        int skip = sh->failed != MORGUE_OK;
        pthread_mutex_unlock(&sh->mu);
        morgue_status_t st = skip ? MORGUE_OK : write_job(sh, job, xerr);
        size_t done = job->raw_len;
        if (job->raw_cap > SLOT_KEEP) {
            free(job->raw);
            job->raw = NULL;
            job->raw_cap = 0;
        }
        pthread_mutex_lock(&sh->mu);
        /* The slot (and its buffer) is free for the caller only now. */
        sh->head = (sh->head + 1) % QUEUE_JOBS;
        sh->count--;
        sh->bytes -= done;
        sh->busy = 0;
        if (st != MORGUE_OK && sh->failed == MORGUE_OK) {
            sh->failed = st;
            snprintf(sh->err, sizeof sh->err, "%s", xerr);
        }
        pthread_cond_broadcast(&sh->changed);
    }
    pthread_mutex_unlock(&sh->mu);
    return NULL;
}

/* Wait for shard's queue to empty, stopping its thread when stop is set. */
static morgue_status_t shard_drain(shard_t *sh, int stop, char *err)
{
    if (!sh->started)
        return MORGUE_OK;
    pthread_mutex_lock(&sh->mu);
    while (sh->count > 0 || sh->busy)
        pthread_cond_wait(&sh->changed, &sh->mu);
    morgue_status_t st = sh->failed;
    if (st != MORGUE_OK)
        snprintf(err, XB_ERRLEN, "%s", sh->err);
    if (stop) {
        sh->stopping = 1;
        pthread_cond_broadcast(&sh->changed);
    }
    pthread_mutex_unlock(&sh->mu);
    if (stop) {
        pthread_join(sh->thread, NULL);
        sh->started = 0;
    }
    return st;
}

/* Stop every thread and close every shard; the directory stays. */
static void stop_all(mg_shards_t *s)
{
    char xerr[XB_ERRLEN];
    for (unsigned i = 0; i < s->n; i++) {
        shard_t *sh = &s->shard[i];
        shard_drain(sh, 1, xerr);
        xb_close(sh->xb);
        sh->xb = NULL;
    }
}

static void free_all(mg_shards_t *s)
{
    for (unsigned i = 0; i < s->n; i++) {
        shard_t *sh = &s->shard[i];
        for (size_t j = 0; j < QUEUE_JOBS; j++)
            free(sh->queue[j].raw);
        free(sh->path);
        pthread_cond_destroy(&sh->changed);
        pthread_mutex_destroy(&sh->mu);
    }
    free(s->shard);
    free(s->dir);
    free(s->index);
    pthread_cond_destroy(&s->building.done);
    pthread_mutex_destroy(&s->building.mu);
    free(s);
}

void mg_shards_abandon(mg_shards_t *s)
{
    if (s == NULL)
        return;
    stop_all(s);
    remove_tree(s->dir);
    free_all(s);
}

morgue_status_t mg_shards_start(const char *index, unsigned n, int positions,
                                mg_shards_t **out, char *err)
{
    *out = NULL;
    mg_shards_t *s = calloc(1, sizeof *s);
    if (s == NULL || (s->shard = calloc(n, sizeof *s->shard)) == NULL ||
        (s->index = strdup(index)) == NULL || (s->dir = join(index, SHARDS_DIR)) == NULL) {
        if (s != NULL) {
            free(s->shard);
            free(s->index);
            free(s);
        }
        snprintf(err, XB_ERRLEN, "out of memory");
        return MORGUE_NO_MEMORY;
    }
    s->n = n;
    pthread_mutex_init(&s->building.mu, NULL);
    pthread_cond_init(&s->building.done, NULL);
    for (unsigned i = 0; i < n; i++) {
        pthread_mutex_init(&s->shard[i].mu, NULL);
        pthread_cond_init(&s->shard[i].changed, NULL);
        s->shard[i].building = &s->building;
    }
    morgue_status_t st = MORGUE_OK;
    char *marker = join(s->dir, MARKER);
    if (marker == NULL) {
        snprintf(err, XB_ERRLEN, "out of memory");
        st = MORGUE_NO_MEMORY;
    } else if (access(marker, F_OK) == 0) {
        /* A merged build still to move in (its writer died while another
         * held the lock): the next writer to find the lock free does it. */
        snprintf(err, XB_ERRLEN, "an interrupted build is still to be moved in from %s; "
                 "run morgue-index again", s->dir);
        st = MORGUE_INDEX_LOCKED;
    }
    free(marker);
    if (st != MORGUE_OK) {
        free_all(s);
        return st;
    }
    remove_tree(s->dir);   /* an earlier build's, abandoned */
    if (mkdir(s->dir, 0777) != 0) {
        snprintf(err, XB_ERRLEN, "cannot create %s: %s", s->dir, strerror(errno));
        st = MORGUE_IO_ERROR;
    }
    for (unsigned i = 0; st == MORGUE_OK && i < n; i++) {
        shard_t *sh = &s->shard[i];
        char name[32];
        snprintf(name, sizeof name, "shard-%u", i);
        if ((sh->path = join(s->dir, name)) == NULL) {
            snprintf(err, XB_ERRLEN, "out of memory");
            st = MORGUE_NO_MEMORY;
            break;
        }
        if (mkdir(sh->path, 0777) != 0) {
            snprintf(err, XB_ERRLEN, "cannot create %s: %s", sh->path, strerror(errno));
            st = MORGUE_IO_ERROR;
            break;
        }
        if ((st = xb_open_scratch(sh->path, &sh->xb, err)) != MORGUE_OK)
            break;
        sh->flush_every = FLUSH_ARTICLES / n > 0 ? FLUSH_ARTICLES / n : 1;
        sh->words_every = MORGUE_PENDING_WORDS / n;
        sh->positions = positions;
        /* Signals stay with the caller's thread (morgue-index stops
         * gracefully on SIGINT and SIGTERM). */
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &old);
        int rc = pthread_create(&sh->thread, NULL, shard_main, sh);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (rc != 0) {
            snprintf(err, XB_ERRLEN, "cannot start a shard thread: %s", strerror(rc));
            st = MORGUE_ENGINE_ERROR;
            break;
        }
        sh->started = 1;
    }
    if (st != MORGUE_OK) {
        mg_shards_abandon(s);
        return st;
    }
    *out = s;
    return MORGUE_OK;
}

unsigned mg_shards_count(const mg_shards_t *s)
{
    return s->n;
}

xb_db_t *mg_shards_at(mg_shards_t *s, unsigned i)
{
    return s->shard[i].xb;
}

xb_db_t *mg_shards_of(mg_shards_t *s, uint64_t id)
{
    return s->shard[id % s->n].xb;
}

morgue_status_t mg_shards_put(mg_shards_t *s, uint64_t id, const char *sid,
                              const char *raw, size_t raw_len, const char *fingerprint,
                              const char *file_key, const char *stemmer, char *err)
{
    shard_t *sh = &s->shard[id % s->n];
    pthread_mutex_lock(&sh->mu);
    while ((sh->count == QUEUE_JOBS || (sh->count > 0 && sh->bytes + raw_len > QUEUE_BYTES)) &&
           sh->failed == MORGUE_OK)
        pthread_cond_wait(&sh->changed, &sh->mu);
    morgue_status_t st = sh->failed;
    job_t *job = &sh->queue[(sh->head + sh->count) % QUEUE_JOBS];
    pthread_mutex_unlock(&sh->mu);
    if (st != MORGUE_OK) {
        snprintf(err, XB_ERRLEN, "%s", sh->err);
        return st;
    }
    /* The slot is the caller's until it is counted in the queue. */
    if (job->raw_cap < raw_len) {
        char *grown = realloc(job->raw, raw_len);
        if (grown == NULL) {
            snprintf(err, XB_ERRLEN, "out of memory");
            return MORGUE_NO_MEMORY;
        }
        job->raw = grown;
        job->raw_cap = raw_len;
    }
    memcpy(job->raw, raw, raw_len);
    job->raw_len = raw_len;
    snprintf(job->sid, sizeof job->sid, "%s", sid);
    snprintf(job->fingerprint, sizeof job->fingerprint, "%s", fingerprint);
    snprintf(job->file_key, sizeof job->file_key, "%s", file_key);
    snprintf(job->stemmer, sizeof job->stemmer, "%s", stemmer);
    pthread_mutex_lock(&sh->mu);
    sh->count++;
    sh->bytes += raw_len;
    pthread_cond_broadcast(&sh->changed);
    pthread_mutex_unlock(&sh->mu);
    return MORGUE_OK;
}

morgue_status_t mg_shards_settle(mg_shards_t *s, char *err)
{
    morgue_status_t first = MORGUE_OK;
    for (unsigned i = 0; i < s->n; i++) {
        morgue_status_t st = shard_drain(&s->shard[i], 0, err);
        if (st != MORGUE_OK && first == MORGUE_OK)
            first = st;
    }
    return first;
}

/* Copy the metadata entries of one database into another. */
typedef struct meta_copy {
    xb_db_t *from, *to;
    morgue_status_t status;
    char *err;
} meta_copy_t;

static int copy_entry(void *ctx, const char *key)
{
    meta_copy_t *c = ctx;
    char *value = NULL;
    size_t len = 0;
    c->status = xb_metadata_get(c->from, key, &value, &len, c->err);
    if (c->status == MORGUE_OK && value != NULL)
        c->status = xb_metadata_set(c->to, key, value, len, c->err);
    free(value);
    return c->status != MORGUE_OK;
}

static int sync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Move the merged database's files into the index directory and sync it;
 * files already moved (an earlier try) are passed over. */
static morgue_status_t move_in(const char *index, const char *merged, char *err)
{
    morgue_status_t st = xb_files_move(merged, index, err);
    if (st == MORGUE_OK && sync_dir(index) != 0) {
        snprintf(err, XB_ERRLEN, "cannot sync %s: %s", index, strerror(errno));
        st = MORGUE_IO_ERROR;
    }
    return st;
}

/* Write the marker, then move the merged build in, then remove both. */
static morgue_status_t publish(const char *index, const char *dir, char *err)
{
    char *marker = join(dir, MARKER), *merged = join(dir, MERGED);
    morgue_status_t st = MORGUE_OK;
    int fd = -1;
    if (marker == NULL || merged == NULL) {
        snprintf(err, XB_ERRLEN, "out of memory");
        st = MORGUE_NO_MEMORY;
    } else if ((fd = open(marker, O_WRONLY | O_CREAT | O_TRUNC, 0666)) < 0 ||
               fsync(fd) != 0 || sync_dir(dir) != 0) {
        snprintf(err, XB_ERRLEN, "cannot write %s: %s", marker, strerror(errno));
        st = MORGUE_IO_ERROR;
    }
    if (fd >= 0)
        close(fd);
    if (st == MORGUE_OK)
        st = move_in(index, merged, err);
    if (st == MORGUE_OK)
        remove_tree(dir);
    free(marker);
    free(merged);
    return st;
}

morgue_status_t mg_shards_merge(mg_shards_t *s, xb_db_t **main, const char *languages,
                                char *err)
{
    morgue_status_t st = MORGUE_OK;
    for (unsigned i = 0; i < s->n; i++) {
        shard_t *sh = &s->shard[i];
        morgue_status_t one = shard_drain(sh, 1, err);
        if (one == MORGUE_OK)
            one = xb_commit(sh->xb, err);
        if (st == MORGUE_OK)
            st = one;
        xb_close(sh->xb);
        sh->xb = NULL;
    }
    char *merged = join(s->dir, MERGED);
    const char **paths = calloc(s->n, sizeof *paths);
    if (st == MORGUE_OK && (merged == NULL || paths == NULL)) {
        snprintf(err, XB_ERRLEN, "out of memory");
        st = MORGUE_NO_MEMORY;
    }
    if (st == MORGUE_OK) {
        for (unsigned i = 0; i < s->n; i++)
            paths[i] = s->shard[i].path;
        st = xb_compact(paths, s->n, merged, err);
    }
    /* The index's own metadata (schema, files read in this run) goes with
     * the articles; the index itself has held every change unwritten. */
    xb_db_t *out = NULL;
    if (st == MORGUE_OK)
        st = xb_open_write(merged, &out, err);
    if (st == MORGUE_OK) {
        meta_copy_t c = { *main, out, MORGUE_OK, err };
        st = xb_metadata_keys(*main, "", copy_entry, &c, err);
        if (st == MORGUE_OK)
            st = c.status;
    }
    if (st == MORGUE_OK)
        st = xb_metadata_set(out, META_LANGUAGES, languages, strlen(languages), err);
    if (st == MORGUE_OK)
        st = xb_commit(out, err);
    xb_close(out);
    /* Drop the held changes: closing the index's handle then writes
     * nothing, while it still holds the lock for the moves. */
    char xerr[XB_ERRLEN];
    if (xb_cancel(*main, st == MORGUE_OK ? err : xerr) != MORGUE_OK && st == MORGUE_OK)
        st = MORGUE_ENGINE_ERROR;
    if (st == MORGUE_OK)
        st = publish(s->index, s->dir, err);
    xb_close(*main);
    *main = NULL;
    if (st != MORGUE_OK)
        remove_tree(s->dir);
    free(paths);
    free(merged);
    free_all(s);
    return st;
}

morgue_status_t mg_shards_recover(const char *index, char *err)
{
    char *dir = join(index, SHARDS_DIR);
    char *marker = dir != NULL ? join(dir, MARKER) : NULL;
    char *merged = dir != NULL ? join(dir, MERGED) : NULL;
    morgue_status_t st = MORGUE_OK;
    int held;
    if (marker == NULL || merged == NULL) {
        snprintf(err, XB_ERRLEN, "out of memory");
        st = MORGUE_NO_MEMORY;
    } else if (access(marker, F_OK) == 0 &&
               (st = xb_files_locked(index, &held, err)) == MORGUE_OK && !held) {
        /* The merged build is removed only once all of it is moved in: a
         * writer killed after that has nothing left to move. */
        if (access(merged, F_OK) == 0 || errno != ENOENT)
            st = move_in(index, merged, err);
        if (st == MORGUE_OK)
            remove_tree(dir);
    }
    free(marker);
    free(merged);
    free(dir);
    return st;
}

void mg_shards_clean(const char *index)
{
    char *dir = join(index, SHARDS_DIR);
    char *marker = dir != NULL ? join(dir, MARKER) : NULL;
    if (marker != NULL && access(marker, F_OK) != 0)
        remove_tree(dir);
    free(marker);
    free(dir);
}

int mg_shards_publishing(const char *index)
{
    char *dir = join(index, SHARDS_DIR);
    char *marker = dir != NULL ? join(dir, MARKER) : NULL;
    int busy = marker != NULL && access(marker, F_OK) == 0;
    free(marker);
    free(dir);
    return busy;
}
