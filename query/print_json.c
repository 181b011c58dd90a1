/* print_json.c - printer_json and printer_jsonl, built with jansson.
 * json: one object {"version", "query", "total", "indexed", "complete",
 * "results"}; jsonl: one hit object per line, with "complete": false when
 * the search was stopped at its time limit (--partial). A hit has every field of the schema in
 * README.md, null when the article lacks it, walked by query/fields.c.
 * With --queries, jsonl lines start with "query" (the name, or the query
 * text) and "query_line"; a query that printed no hit gives one line
 * {"query", "query_line", "total"} and one that failed {"query",
 * "query_line", "error"}. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "fields.h"
#include "printer.h"

typedef struct json_state {
    json_t *doc;      /* the whole answer (json), or NULL (jsonl) */
    int complete;     /* 0: the search was stopped at its time limit */
    json_t *results;  /* its results array */
    int failed;       /* a hit could not be made or written */
    const print_info_t *info;  /* jsonl: the query's (label and line for --queries) */
    size_t printed;   /* jsonl: hits written */
} json_state_t;

static json_t *str_or_null(const char *s)
{
    return s != NULL ? json_string(s) : json_null();
}

/* A file name as a JSON string with one spelling per name: verbatim when
 * it is UTF-8 without a backslash, else with each backslash written \\
 * and each byte that is not part of a UTF-8 character \xHH (JSON cannot
 * hold such bytes; jansson escapes control characters itself). */
static json_t *path_or_null(const char *path)
{
    if (path == NULL)
        return json_null();
    if (strchr(path, '\\') == NULL) {
        json_t *s = json_string(path);
        if (s != NULL)
            return s;
    }
    size_t left = strlen(path), n = 0;
    char *out = malloc(left * 4 + 1);
    if (out == NULL)
        return NULL;
    const unsigned char *p = (const unsigned char *)path;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = *p < 0x80 ? 1 : utf8proc_iterate(p, (utf8proc_ssize_t)left, &cp);
        if (*p == '\\') {
            memcpy(out + n, "\\\\", 2);
            n += 2;
            k = 1;
        } else if (k <= 0) {
            n += (size_t)sprintf(out + n, "\\x%02X", *p);
            k = 1;
        } else {
            memcpy(out + n, p, (size_t)k);
            n += (size_t)k;
        }
        p += k;
        left -= (size_t)k;
    }
    json_t *s = json_stringn(out, n);
    free(out);
    return s;
}

/* An object being filled: a value that could not be made fails it. */
typedef struct object_fill {
    json_t *o;        /* the object, or NULL when it could not be made */
    int failed;       /* some value could not be set in it */
} object_fill_t;

static void set(object_fill_t *fill, const char *key, json_t *value)
{
    if (json_object_set_new(fill->o, key, value) != 0)
        fill->failed = 1;
}

static void put_json_field(void *state, const print_field_t *f, const char *value)
{
    set(state, f->name, f->flags & FIELD_PATH ? path_or_null(value) : str_or_null(value));
}

/* The object made, or NULL (then nothing is left to free). */
static json_t *filled(object_fill_t *fill)
{
    if (fill->o != NULL && !fill->failed)
        return fill->o;
    json_decref(fill->o);
    return NULL;
}

/* A query's label as a JSON string: bytes that are not UTF-8 repaired as
 * the search repairs them (JSON cannot hold them); null when none. */
static json_t *label_json(const char *label)
{
    if (label == NULL)
        return json_null();
    char *fixed = NULL;
    size_t len;
    if (morgue_text_repair(label, strlen(label), &fixed, &len, NULL) != MORGUE_OK)
        return NULL;
    json_t *s = json_stringn(fixed, len);
    free(fixed);
    return s;
}

/* A new object, opened with "query" and "query_line" when info is of a
 * --queries batch, so that every line says which query it answers. */
static void batch_fields(object_fill_t *fill, const print_info_t *info)
{
    if (info == NULL || info->line == 0)
        return;
    set(fill, "query", label_json(info->label));
    set(fill, "query_line", json_integer((json_int_t)info->line));
}

static json_t *hit_object(const morgue_hit_t *h, const print_info_t *info)
{
    json_t *spans = json_array();
    for (size_t i = 0; i < h->nhighlights; i++)
        json_array_append_new(spans, json_pack("[I, I]", (json_int_t)h->highlights[i].start,
                                               (json_int_t)h->highlights[i].length));
    object_fill_t fill = { json_object(), 0 };
    batch_fields(&fill, info);
    set(&fill, "id", json_string(h->id));
    set(&fill, "rank", json_integer((json_int_t)h->rank));
    set(&fill, "score", json_real(h->score));
    put_article(h->article, FIELD_HIT, 0, put_json_field, &fill);
    set(&fill, "snippet", str_or_null(h->snippet));
    set(&fill, "highlights", spans);
    return filled(&fill);
}

static void *json_begin(const print_info_t *info)
{
    json_state_t *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->results = json_array();
    /* The query as searched: bytes that are not UTF-8 repaired as the
     * search repairs them (JSON cannot hold them). */
    char *query = NULL;
    size_t qlen;
    if (morgue_text_repair(info->query, strlen(info->query), &query, &qlen, NULL) != MORGUE_OK) {
        json_decref(s->results);
        free(s);
        return NULL;
    }
    s->doc = json_pack("{s:i, s:s%, s:I, s:I, s:b, s:o}", "version", MORGUE_OUTPUT_VERSION,
                       "query", query, qlen, "total", (json_int_t)info->total,
                       "indexed", (json_int_t)info->indexed, "complete", info->complete,
                       "results", s->results);
    free(query);
    if (s->doc == NULL)
        s->failed = 1;
    return s;
}

static void json_hit(void *state, const morgue_hit_t *h)
{
    json_state_t *s = state;
    json_t *o = hit_object(h, NULL);
    if (s == NULL || o == NULL || json_array_append_new(s->results, o) != 0)
        if (s != NULL)
            s->failed = 1;
}

static int dump(json_t *o)
{
    int rc = json_dumpf(o, stdout, JSON_COMPACT) == 0 ? 0 : -1;
    putchar('\n');
    return rc;
}

static int json_end(void *state)
{
    json_state_t *s = state;
    if (s == NULL)
        return -1;
    int rc = s->failed ? -1 : dump(s->doc);
    json_decref(s->doc);
    free(s);
    return rc == 0 && fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
}

static void *jsonl_begin(const print_info_t *info)
{
    json_state_t *s = calloc(1, sizeof *s);
    if (s != NULL) {
        s->complete = info->complete;
        s->info = info;
    }
    return s;
}

static void jsonl_hit(void *state, const morgue_hit_t *h)
{
    json_state_t *s = state;
    json_t *o = hit_object(h, s != NULL ? s->info : NULL);
    if (o != NULL && s != NULL && !s->complete &&
        json_object_set_new(o, "complete", json_false()) != 0) {
        json_decref(o);
        o = NULL;
    }
    if (o == NULL || dump(o) != 0) {
        if (s != NULL)
            s->failed = 1;
    } else if (s != NULL) {
        s->printed++;
    }
    json_decref(o);
}

/* One line for a query of a batch that has no hit line: its count (0, or
 * the matches that --offset or --limit 0 or --count left unprinted). */
static int jsonl_summary(const json_state_t *s)
{
    object_fill_t fill = { json_object(), 0 };
    batch_fields(&fill, s->info);
    set(&fill, "total", json_integer((json_int_t)s->info->total));
    if (!s->complete)
        set(&fill, "complete", json_false());
    json_t *o = filled(&fill);
    int rc = o != NULL ? dump(o) : -1;
    json_decref(o);
    return rc;
}

static int jsonl_end(void *state)
{
    json_state_t *s = state;
    int rc = s != NULL && !s->failed ? 0 : -1;
    if (rc == 0 && s->info->line != 0 && s->printed == 0)
        rc = jsonl_summary(s);
    free(s);
    return rc == 0 && fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
}

/* --show: the article as one object with every field and its body. */
static int json_show(const char *id, const morgue_article_t *a, int color)
{
    object_fill_t fill = { json_object(), 0 };
    set(&fill, "version", json_integer(MORGUE_OUTPUT_VERSION));
    set(&fill, "id", json_string(id));
    put_article(a, FIELD_SHOW, 0, put_json_field, &fill);
    json_t *o = filled(&fill);
    int rc = o != NULL ? dump(o) : -1;
    json_decref(o);
    return rc == 0 && fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
}

const printer_t printer_json = { "json", json_begin, json_hit, json_end, json_show, 1, NULL };
/* --queries: the line of a query that could not be searched. */
static int jsonl_failed(const print_info_t *info, const char *message)
{
    object_fill_t fill = { json_object(), 0 };
    batch_fields(&fill, info);
    set(&fill, "error", label_json(message));
    json_t *o = filled(&fill);
    int rc = o != NULL ? dump(o) : -1;
    json_decref(o);
    return rc == 0 && fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
}

const printer_t printer_jsonl = { "jsonl", jsonl_begin, jsonl_hit, jsonl_end, json_show, 1,
                                  jsonl_failed };
