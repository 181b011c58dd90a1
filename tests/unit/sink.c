/* sink.c - the reader tests' sink (sink.h): deep copies of what a reader
 * emits and says, and sink_run to run a reader on a file into it. Linked
 * into every unit test; used by the reader tests. */
#include "sink.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

int sink_emit(void *p, const morgue_article_t *a)
{
    sink_t *s = p;

    if (s->narticles < SINK_MAX_ARTICLES) {
        sink_article_t *k = &s->art[s->narticles];
        morgue_article_t *c = &k->a;
        *c = *a;
        c->id = dup_or_null(a->id);
        c->url = dup_or_null(a->url);
        c->title = dup_or_null(a->title);
        c->date = dup_or_null(a->date);
        c->source = dup_or_null(a->source);
        c->author = dup_or_null(a->author);
        c->place = dup_or_null(a->place);
        c->language = dup_or_null(a->language);
        c->body = dup_or_null(a->body);
        c->path = dup_or_null(a->path);
        c->tags = k->tags;
        for (size_t i = 0; i < sink_ntags(k); i++) {
            k->tags[i].field = dup_or_null(a->tags[i].field);
            k->tags[i].value = dup_or_null(a->tags[i].value);
        }
    }
    s->narticles++;
    return s->stop_after && s->narticles >= s->stop_after;
}

void sink_warn(void *p, unsigned long line, int skipped, const char *fmt,
               va_list ap)
{
    sink_t *s = p;
    sink_warning_t *w;

    if (s->nwarnings == SINK_MAX_WARNINGS)
        return;
    w = &s->warn[s->nwarnings++];
    w->line = line;
    w->skipped = skipped;
    vsnprintf(w->text, sizeof w->text, fmt, ap);
}

void sink_free(sink_t *s)
{
    for (long i = 0; i < s->narticles && i < SINK_MAX_ARTICLES; i++) {
        sink_article_t *k = &s->art[i];
        morgue_article_t *a = &k->a;
        free((char *)a->id);
        free((char *)a->url);
        free((char *)a->title);
        free((char *)a->date);
        free((char *)a->source);
        free((char *)a->author);
        free((char *)a->place);
        free((char *)a->language);
        free((char *)a->body);
        free((char *)a->path);
        for (size_t t = 0; t < sink_ntags(k); t++) {
            free((char *)k->tags[t].field);
            free((char *)k->tags[t].value);
        }
    }
    memset(s, 0, sizeof *s);
}

reader_result_t sink_run(const reader_t *reader, const char *path, sink_t *s,
                         const reader_map_t *map, size_t nmap)
{
    reader_ctx_t ctx = { .path = path, .shown = path, .emit = sink_emit,
                         .warn = sink_warn, .sink = s, .map = map, .nmap = nmap };
    long stop = s->stop_after;
    input_t *in = NULL;
    char err[256];
    reader_result_t r;

    sink_free(s);
    s->stop_after = stop;
    if (input_open(path, &in, err, sizeof err) != 0) {
        fprintf(stderr, "cannot open %s: %s\n", path, err);
        return READ_FAILED;
    }
    r = reader->read(in, &ctx);
    input_close(in);
    return r;
}

size_t sink_ntags(const sink_article_t *k)
{
    return k->a.ntags < SINK_MAX_TAGS ? k->a.ntags : SINK_MAX_TAGS;
}

const char *sink_tag(const sink_article_t *k, size_t i)
{
    static char buf[512];

    if (i >= sink_ntags(k))
        return NULL;
    snprintf(buf, sizeof buf, "%s=%s", k->tags[i].field, k->tags[i].value);
    return buf;
}

int sink_starts_with(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}
