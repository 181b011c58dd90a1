/* print_text.c - printer_text: results for people. Per hit: rank, date,
 * source and title; the path or url and the id; the snippet with matched
 * words in bold when color is on. A last line says which hits of how many.
 * --show: a line per field (query/fields.c), the headline first, then the
 * body. */
#include <stdio.h>
#include <stdlib.h>

#include "fields.h"
#include "printer.h"

#define BOLD "\033[1m"
#define PLAIN "\033[0m"

typedef struct text_state {
    print_info_t info;
} text_state_t;

static void *text_begin(const print_info_t *info)
{
    text_state_t *s = malloc(sizeof *s);
    if (s != NULL)
        s->info = *info;
    return s;
}

static const char *or_dash(const char *s)
{
    return s != NULL && *s != '\0' ? s : "-";
}

/* The snippet with its highlighted spans in bold (or as they are). */
static void print_snippet(const morgue_hit_t *h, int color)
{
    size_t at = 0;
    for (size_t i = 0; color && i < h->nhighlights; i++) {
        const morgue_span_t *sp = &h->highlights[i];
        fwrite(h->snippet + at, 1, sp->start - at, stdout);
        fputs(BOLD, stdout);
        fwrite(h->snippet + sp->start, 1, sp->length, stdout);
        fputs(PLAIN, stdout);
        at = sp->start + sp->length;
    }
    fputs(h->snippet + at, stdout);
}

static void text_hit(void *state, const morgue_hit_t *h)
{
    text_state_t *s = state;
    const morgue_article_t *a = h->article;
    int color = s != NULL && s->info.color;
    printf("%s%zu. %s%s\n", color ? BOLD : "", h->rank, or_dash(a->title), color ? PLAIN : "");
    /* Date, source and where it came from, each only when known. */
    const char *parts[] = { a->date, a->source, a->url ? a->url : a->path };
    const char *sep = "   ";
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
        if (parts[i] == NULL || *parts[i] == '\0')
            continue;
        printf("%s%s", sep, parts[i]);
        sep = " \xC2\xB7 ";
    }
    fputc('\n', stdout);
    if (h->snippet != NULL && *h->snippet != '\0') {
        fputs("   ", stdout);
        print_snippet(h, color);
        fputc('\n', stdout);
    }
    printf("   id %s\n\n", h->id);
}

static int text_end(void *state)
{
    text_state_t *s = state;
    if (s == NULL)
        return -1;
    if (s->info.count > 0)
        printf("%zu-%zu of %llu matches among %llu articles\n", s->info.offset + 1,
               s->info.offset + s->info.count, (unsigned long long)s->info.total,
               (unsigned long long)s->info.indexed);
    else
        printf("%llu matches among %llu articles\n", (unsigned long long)s->info.total,
               (unsigned long long)s->info.indexed);
    free(s);
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
}

static void field(const char *name, const char *value)
{
    if (value != NULL && *value != '\0')
        printf("%-10s %s\n", name, value);  /* "Source id:" the widest */
}

/* One field of --show: "Label:   value", or the body after a blank line. */
static void put_text_field(void *state, const print_field_t *f, const char *value)
{
    if (f->flags & FIELD_BODY)
        printf("\n%s\n", value != NULL ? value : "");
    else
        field(f->label, value);
}

static int text_show(const char *id, const morgue_article_t *a, int color)
{
    put_article(a, FIELD_HEADLINE, 0, put_text_field, NULL);
    put_article(a, FIELD_SHOW, FIELD_HEADLINE | FIELD_BODY, put_text_field, NULL);
    field("Id:", id);
    put_article(a, FIELD_BODY, 0, put_text_field, NULL);
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
}

const printer_t printer_text = { "text", text_begin, text_hit, text_end, text_show, 1, NULL };
