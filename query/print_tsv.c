/* print_tsv.c - printer_tsv: one hit per line for cut, awk and
 * spreadsheets. Columns: rank, id, score, date, source, title, url or path,
 * snippet. No header line; an absent field is empty; tabs and line breaks
 * inside fields become spaces. */
#include <stdio.h>

#include "printer.h"

static void *tsv_begin(const print_info_t *info)
{
    return NULL;
}

static void put_field(const char *s, int last)
{
    for (; s != NULL && *s != '\0'; s++)
        putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
    putchar(last ? '\n' : '\t');
}

static void tsv_hit(void *state, const morgue_hit_t *h)
{
    printf("%zu\t%s\t%.4f\t", h->rank, h->id, h->score);
    put_field(h->date, 0);
    put_field(h->source, 0);
    put_field(h->title, 0);
    put_field(h->url ? h->url : h->path, 0);
    put_field(h->snippet, 1);
}

static int tsv_end(void *state)
{
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
}

/* --show: the fields as "name<TAB>value" lines, then the body. */
static int tsv_show(const char *id, const morgue_article_t *a, int color)
{
    const char *names[] = { "id", "title", "date", "source", "author", "place", "url", "path", "language", "body" };
    const char *values[] = { id, a->title, a->date, a->source, a->author, a->place, a->url, a->path, a->language, a->body };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        fputs(names[i], stdout);
        putchar('\t');
        put_field(values[i], 1);
    }
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
}

const printer_t printer_tsv = { "tsv", tsv_begin, tsv_hit, tsv_end, tsv_show };
