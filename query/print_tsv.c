/* print_tsv.c - printer_tsv: one hit per line for cut, awk and
 * spreadsheets. Columns: rank, id, score, date, source, title, url or path,
 * snippet, source_id (last, added in output version 2 so that the columns
 * before it keep their places). No header line; an absent field is empty; tabs and line breaks
 * inside fields become spaces. */
#include <stdio.h>

#include "fields.h"
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
    const morgue_article_t *a = h->article;
    printf("%zu\t%s\t%.4f\t", h->rank, h->id, h->score);
    put_field(a->date, 0);
    put_field(a->source, 0);
    put_field(a->title, 0);
    put_field(a->url ? a->url : a->path, 0);
    put_field(h->snippet, 0);
    put_field(a->id, 1);
}

static int tsv_end(void *state)
{
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
}

/* One "name<TAB>value" line of --show. */
static void put_tsv_pair(const char *name, const char *value)
{
    fputs(name, stdout);
    putchar('\t');
    put_field(value, 1);
}

static void put_tsv_field(void *state, const print_field_t *f, const char *value)
{
    put_tsv_pair(f->name, value);
}

/* --show: the fields as "name<TAB>value" lines (query/fields.c), the id and
 * the headline first, the body last. */
static int tsv_show(const char *id, const morgue_article_t *a, int color)
{
    put_tsv_pair("id", id);
    put_article(a, FIELD_HEADLINE, 0, put_tsv_field, NULL);
    put_article(a, FIELD_SHOW, FIELD_HEADLINE, put_tsv_field, NULL);
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
}

const printer_t printer_tsv = { "tsv", tsv_begin, tsv_hit, tsv_end, tsv_show, 1, NULL };
