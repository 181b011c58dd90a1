/* print_json.c - printer_json and printer_jsonl, built with jansson.
 * json: one object {"version", "query", "total", "indexed", "complete",
 * "results"}; jsonl: one hit object per line, with "complete": false when
 * the search was stopped at its time limit (--partial). A hit has every field of the schema in
 * README.md, null when the article lacks it, walked by query/fields.c. */
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

static json_t *hit_object(const morgue_hit_t *h)
{
    json_t *spans = json_array();
    for (size_t i = 0; i < h->nhighlights; i++)
        json_array_append_new(spans, json_pack("[I, I]", (json_int_t)h->highlights[i].start,
                                               (json_int_t)h->highlights[i].length));
    object_fill_t fill = { json_object(), 0 };
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
    json_t *o = hit_object(h);
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
    if (s != NULL)
        s->complete = info->complete;
    return s;
}

static void jsonl_hit(void *state, const morgue_hit_t *h)
{
    json_state_t *s = state;
    json_t *o = hit_object(h);
    if (o != NULL && s != NULL && !s->complete &&
        json_object_set_new(o, "complete", json_false()) != 0) {
        json_decref(o);
        o = NULL;
    }
    if (o == NULL || dump(o) != 0)
        if (s != NULL)
            s->failed = 1;
    json_decref(o);
}

static int jsonl_end(void *state)
{
    json_state_t *s = state;
    int rc = s != NULL && !s->failed ? 0 : -1;
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

const printer_t printer_json = { "json", json_begin, json_hit, json_end, json_show, 1 };
const printer_t printer_jsonl = { "jsonl", jsonl_begin, jsonl_hit, jsonl_end, json_show, 1 };
