/* jsonl.c - reader_jsonl: JSON Lines, one article object per line, parsed
 * with jansson. Knows the usual names of each field (title or headline,
 * date or published_at, ...), repairs encodings, and reports a bad line as
 * "path:line: reason" and goes on with the next one.
 * Reached only through reader_jsonl (indexer/formats.c picks it); it emits
 * morgue_article_t values and knows nothing of the index. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "owned.h"
#include "reader.h"

#define JSONL_MAX_OWNED 12   /* strings one article may own */
#define SHOWN_MAX 60         /* bytes of a bad value quoted in a warning */

/* The names a field goes by, first present wins. */
static const char *const keys_id[] = {"id", NULL};
static const char *const keys_url[] = {"url", NULL};
static const char *const keys_title[] = {"title", "headline", NULL};
static const char *const keys_date[] = {"date", "published", "published_at",
                                        "date_publish", NULL};
static const char *const keys_source[] = {"source", "site", "site_name",
                                          "publisher", NULL};
static const char *const keys_author[] = {"author", "byline", "authors", NULL};
static const char *const keys_language[] = {"language", "lang", NULL};
static const char *const keys_body[] = {"body", "text", "content", "maintext",
                                        "article", NULL};

/* One line being turned into an article. */
typedef struct jsonl_line {
    const reader_ctx_t *ctx;
    unsigned long number;         /* 1-based line number */
    morgue_article_t art;         /* the article built */
    char date[11];                /* art.date points here when set */
    owned_t owned;                /* malloc'd strings the article uses */
    int failed;                   /* out of memory */
} jsonl_line_t;

/* ---- strings ------------------------------------------------------- */

/* Keep s until the article is emitted; returns s, or NULL (and marks the
 * line failed) when there is no room or s is NULL. */
static char *own(jsonl_line_t *ln, char *s)
{
    s = owned_keep(&ln->owned, s);
    if (!s)
        ln->failed = 1;
    return s;
}

/* A value's text with control characters dropped and surrounding space
 * trimmed, owned by ln; NULL when nothing is left (or out of memory). */
static const char *clean(jsonl_line_t *ln, const char *s, size_t len)
{
    char *out = NULL;

    if (morgue_text_repair(s, len, &out, NULL, NULL) != MORGUE_OK) {
        ln->failed = 1;
        return NULL;
    }
    out = chars_trim(out);
    return out ? own(ln, out) : NULL;
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

static void wrong_type(jsonl_line_t *ln, const char *key, const json_t *v,
                       const char *want)
{
    reader_warn(ln->ctx, ln->number, 0, "\"%s\" is %s, not %s; ignored", key,
                type_name(v), want);
}

/* ---- fields -------------------------------------------------------- */

/* Turns the value of key into the field's text (owned by ln), or NULL. */
typedef const char *(*field_fn)(jsonl_line_t *ln, const char *key,
                                const json_t *v);

/* The field from the first of keys with a usable value, or NULL. null,
 * empty and wrongly typed values (warned by take) count as absent. */
static const char *first_field(jsonl_line_t *ln, const json_t *obj,
                               const char *const *keys, field_fn take)
{
    for (int i = 0; keys[i]; i++) {
        const json_t *v = json_object_get(obj, keys[i]);
        const char *s;
        if (!v || json_is_null(v))
            continue;
        s = take(ln, keys[i], v);
        if (s)
            return s;
    }
    return NULL;
}

static const char *take_string(jsonl_line_t *ln, const char *key,
                               const json_t *v)
{
    if (!json_is_string(v)) {
        wrong_type(ln, key, v, "a string");
        return NULL;
    }
    return clean(ln, json_string_value(v), json_string_length(v));
}

/* An id may be a string or a number. */
static const char *take_id(jsonl_line_t *ln, const char *key, const json_t *v)
{
    char num[64];

    if (json_is_integer(v)) {
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return clean(ln, num, strlen(num));
    }
    if (json_is_real(v)) {
        snprintf(num, sizeof num, "%.17g", json_real_value(v));
        return clean(ln, num, strlen(num));
    }
    if (!json_is_string(v)) {
        wrong_type(ln, key, v, "a string or a number");
        return NULL;
    }
    return clean(ln, json_string_value(v), json_string_length(v));
}

/* Authors may be one string or an array of strings, joined by "; ". */
static const char *take_author(jsonl_line_t *ln, const char *key,
                               const json_t *v)
{
    size_t i, cap = 1, n = 0;
    const json_t *name;
    const char *s;
    char *joined;

    if (json_is_string(v))
        return take_string(ln, key, v);
    if (!json_is_array(v)) {
        wrong_type(ln, key, v, "a string or an array");
        return NULL;
    }
    json_array_foreach(v, i, name)
        cap += json_is_string(name) ? json_string_length(name) + 2 : 0;
    joined = malloc(cap);
    if (!joined) {
        ln->failed = 1;
        return NULL;
    }
    json_array_foreach(v, i, name) {
        if (!json_is_string(name)) {
            reader_warn(ln->ctx, ln->number, 0,
                        "\"%s\" holds %s, not a string; ignored", key,
                        type_name(name));
            continue;
        }
        if (n > 0) {
            memcpy(joined + n, "; ", 2);
            n += 2;
        }
        memcpy(joined + n, json_string_value(name), json_string_length(name));
        n += json_string_length(name);
    }
    s = clean(ln, joined, n);
    free(joined);
    return s;
}

/* A date is parsed into ln->date; an unparseable one is warned about. */
static const char *take_date(jsonl_line_t *ln, const char *key,
                             const json_t *v)
{
    const char *s = take_string(ln, key, v);

    if (!s)
        return NULL;
    if (morgue_date_parse(s, ln->date) == MORGUE_OK)
        return ln->date;
    reader_warn(ln->ctx, ln->number, 0,
                "unrecognised date \"%.*s\", indexed without one",
                chars_shown_len(s, SHOWN_MAX), s);
    return NULL;
}

static void read_fields(jsonl_line_t *ln, const json_t *obj)
{
    morgue_article_t *a = &ln->art;

    a->id = first_field(ln, obj, keys_id, take_id);
    a->url = first_field(ln, obj, keys_url, take_string);
    a->title = first_field(ln, obj, keys_title, take_string);
    a->date = first_field(ln, obj, keys_date, take_date);
    a->source = first_field(ln, obj, keys_source, take_string);
    a->author = first_field(ln, obj, keys_author, take_author);
    a->language = first_field(ln, obj, keys_language, take_string);
    a->body = first_field(ln, obj, keys_body, take_string);
    a->path = ln->ctx->path;
    a->line = ln->number;
}

/* ---- lines --------------------------------------------------------- */

static int blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!chars_is_space(s[i]))
            return 0;
    return 1;
}

/* Parse one line into a JSON object, warning when it is not one. */
static json_t *parse_line(jsonl_line_t *ln, const char *raw, size_t len)
{
    char *text = NULL;
    size_t text_len = 0;
    int repaired = 0;
    json_error_t err;
    json_t *obj;

    if (morgue_text_repair(raw, len, &text, &text_len, &repaired) != MORGUE_OK) {
        reader_warn(ln->ctx, ln->number, 1, "out of memory");
        return NULL;
    }
    if (repaired & MORGUE_REPAIRED_DECODED)
        reader_warn(ln->ctx, ln->number, 0,
                    "invalid UTF-8 decoded as Windows-1252");
    obj = json_loadb(text, text_len, JSON_ALLOW_NUL, &err);
    free(text);
    if (!obj) {
        reader_warn(ln->ctx, ln->number, 1, "invalid JSON: %s (column %d)",
                    err.text, err.column);
        return NULL;
    }
    if (!json_is_object(obj)) {
        reader_warn(ln->ctx, ln->number, 1,
                    "not a JSON object but %s", type_name(obj));
        json_decref(obj);
        return NULL;
    }
    return obj;
}

/* Turn one line into an article and emit it. Returns -1 when emit asks to
 * stop, 1 when the line was skipped, 0 otherwise. */
static int read_line(const reader_ctx_t *ctx, unsigned long number,
                     const char *raw, size_t len)
{
    jsonl_line_t ln;
    json_t *obj;
    int rc = 0;

    memset(&ln, 0, sizeof ln);
    ln.owned.max = JSONL_MAX_OWNED;
    ln.ctx = ctx;
    ln.number = number;
    obj = parse_line(&ln, raw, len);
    if (!obj)
        return 1;
    read_fields(&ln, obj);
    json_decref(obj);
    if (ln.failed) {
        reader_warn(ctx, number, 1, "out of memory");
        rc = 1;
    } else if (!ln.art.title && !ln.art.body) {
        reader_warn(ctx, number, 1, "no title or body");
        rc = 1;
    } else {
        if (!ln.art.body)
            ln.art.body = ln.art.title; /* a headline-only item */
        rc = ctx->emit(ctx->sink, &ln.art) ? -1 : 0;
    }
    owned_free(&ln.owned);
    return rc;
}

static reader_result_t jsonl_read(input_t *in, const reader_ctx_t *ctx)
{
    unsigned long number = 0;
    int skipped = 0, got;
    const char *line;
    size_t len;

    while ((got = input_getline(in, &line, &len)) > 0) {
        int rc;
        number++;
        if (input_line_cut(in)) {
            reader_warn(ctx, number, 1, "line longer than %u MiB, skipped",
                        INPUT_LINE_MAX >> 20);
            skipped = 1;
            continue;
        }
        if (blank(line, len))
            continue;
        rc = read_line(ctx, number, line, len);
        if (rc < 0)
            return READ_STOPPED;
        skipped |= rc;
    }
    if (got < 0) {
        reader_warn(ctx, 0, 1, "%s after line %lu", input_error(in), number);
        return number == 0 ? READ_FAILED : READ_PARTIAL;
    }
    return skipped ? READ_PARTIAL : READ_OK;
}

/* One JSON object a line: the first non-blank byte is '{'. */
static int jsonl_sniff(const char *head, size_t n)
{
    size_t i = 0;
    while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
        i++;
    return i < n && head[i] == '{';
}

static const char *const jsonl_extensions[] = { ".jsonl", ".ndjson", NULL };

const reader_t reader_jsonl = { "jsonl", jsonl_extensions, jsonl_sniff, jsonl_read };
