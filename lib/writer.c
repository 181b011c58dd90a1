/* writer.c - the writer thread of a writable index (writer.h).
 *
 * Most of indexing is Xapian's replace_document and commit, and they must
 * run one at a time. Building a document (folding, tokenizing, stemming,
 * serializing) need not wait for them: morgue_db_put builds in the
 * caller's thread and queues the document here; this thread writes the
 * queue in order. The binding's lock (lib/xbind.cc) keeps the caller's
 * look-ups and this thread's writes apart. The queue is short, so memory
 * stays bounded and a commit (after mg_writer_drain) holds everything put
 * before it. */
#include "writer.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUEUE_DOCS 64   /* documents built ahead of the writer */

typedef struct job {
    char idterm[64];    /* the unique id term to replace */
    xb_doc_t *doc;      /* owned */
} job_t;

struct mg_writer {
    xb_db_t *xb;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t changed;        /* a job was queued, taken or written; or stop */
    job_t queue[QUEUE_DOCS];
    size_t head, count;            /* ring buffer: the next job, how many */
    /* Written documents go back to the caller's thread to be freed: they
     * were allocated there, and freeing them here made the two threads
     * fight over the allocator's lock. */
    xb_doc_t *spent[QUEUE_DOCS];
    size_t nspent;
    int busy;                      /* the thread is writing a job it took */
    int stopping;
    morgue_status_t failed;        /* the first write that failed, sticky */
    char err[XB_ERRLEN];           /* its message */
};

static void *writer_main(void *arg)
{
    mg_writer_t *w = arg;
    char xerr[XB_ERRLEN];
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (w->count == 0 && !w->stopping)
            pthread_cond_wait(&w->changed, &w->mu);
        if (w->count == 0)
            break;
        job_t job = w->queue[w->head];
        w->head = (w->head + 1) % QUEUE_DOCS;
        w->count--;
        w->busy = 1;
        int skip = w->failed != MORGUE_OK;
        pthread_mutex_unlock(&w->mu);
        morgue_status_t st = skip ? MORGUE_OK : xb_replace(w->xb, job.idterm, job.doc, xerr);
        pthread_mutex_lock(&w->mu);
        if (w->nspent < QUEUE_DOCS) {
            w->spent[w->nspent++] = job.doc;
        } else {
            pthread_mutex_unlock(&w->mu);
            xb_doc_free(job.doc);
            pthread_mutex_lock(&w->mu);
        }
        if (st != MORGUE_OK && w->failed == MORGUE_OK) {
            w->failed = st;
            snprintf(w->err, sizeof w->err, "%s", xerr);
        }
        w->busy = 0;
        pthread_cond_broadcast(&w->changed);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

morgue_status_t mg_writer_start(xb_db_t *xb, mg_writer_t **out, char *err)
{
    *out = NULL;
    mg_writer_t *w = calloc(1, sizeof *w);
    if (w == NULL) {
        snprintf(err, XB_ERRLEN, "out of memory");
        return MORGUE_NO_MEMORY;
    }
    w->xb = xb;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->changed, NULL);
    /* Signals stay with the caller's thread (morgue-index stops gracefully
     * on SIGINT and SIGTERM): the writer starts with all of them blocked. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&w->thread, NULL, writer_main, w);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        snprintf(err, XB_ERRLEN, "cannot start the writer thread: %s", strerror(rc));
        pthread_cond_destroy(&w->changed);
        pthread_mutex_destroy(&w->mu);
        free(w);
        return MORGUE_ENGINE_ERROR;
    }
    *out = w;
    return MORGUE_OK;
}

/* Free the documents the writer has written (caller's thread). */
static void free_spent(mg_writer_t *w)
{
    xb_doc_t *spent[QUEUE_DOCS];
    pthread_mutex_lock(&w->mu);
    size_t n = w->nspent;
    memcpy(spent, w->spent, n * sizeof *spent);
    w->nspent = 0;
    pthread_mutex_unlock(&w->mu);
    for (size_t i = 0; i < n; i++)
        xb_doc_free(spent[i]);
}

morgue_status_t mg_writer_put(mg_writer_t *w, const char *idterm, xb_doc_t *doc, char *err)
{
    free_spent(w);
    pthread_mutex_lock(&w->mu);
    while (w->count == QUEUE_DOCS && w->failed == MORGUE_OK)
        pthread_cond_wait(&w->changed, &w->mu);
    morgue_status_t st = w->failed;
    if (st == MORGUE_OK) {
        job_t *job = &w->queue[(w->head + w->count) % QUEUE_DOCS];
        snprintf(job->idterm, sizeof job->idterm, "%s", idterm);
        job->doc = doc;
        w->count++;
        pthread_cond_broadcast(&w->changed);
    } else {
        snprintf(err, XB_ERRLEN, "%s", w->err);
    }
    pthread_mutex_unlock(&w->mu);
    if (st != MORGUE_OK)
        xb_doc_free(doc);
    return st;
}

morgue_status_t mg_writer_drain(mg_writer_t *w, char *err)
{
    pthread_mutex_lock(&w->mu);
    while (w->count > 0 || w->busy)
        pthread_cond_wait(&w->changed, &w->mu);
    morgue_status_t st = w->failed;
    if (st != MORGUE_OK)
        snprintf(err, XB_ERRLEN, "%s", w->err);
    pthread_mutex_unlock(&w->mu);
    free_spent(w);
    return st;
}

void mg_writer_stop(mg_writer_t *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->mu);
    w->stopping = 1;
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    free_spent(w);
    pthread_cond_destroy(&w->changed);
    pthread_mutex_destroy(&w->mu);
    free(w);
}
