/* text.c - reader_text: one plain-text article per file. Skips binary and
 * empty files, repairs the encoding, and finds the article's parts: an
 * optional "date YYYY-MM-DD" prefix, an optional dateline ("Caracas,
 * Venezuela.–", "WASHINGTON (Reuters) -"), and a title that is either a
 * headline line standing alone or the first sentence of the body.
 * Reached only through reader_text (indexer/formats.c picks it); it emits
 * morgue_article_t values and knows nothing of the index. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "chars.h"
#include "reader.h"

#define SNIFF_BYTES 8192       /* how much is looked at to tell binary files */
#define PLACE_MAX_BYTES 80     /* longest dateline place */
#define PLACE_MAX_WORDS 6      /* most words in a dateline place */
#define DATELINE_SCAN 200      /* how far into the text a dateline dash may be */
#define HEADLINE_MAX 200       /* longest first line taken as a headline */
#define TITLE_MAX 300          /* longest title cut from the first sentence */
#define ELLIPSIS "\xE2\x80\xA6"

/* The parts of one article, pointing into the repaired text or owned. */
typedef struct text_parts {
    char date[11];          /* YYYY-MM-DD, or "" */
    char place[PLACE_MAX_BYTES + 1]; /* dateline place, or "" */
    char *title;            /* malloc'd title, or NULL */
    const char *body;       /* start of the body within the text */
    size_t body_len;        /* its length, trailing space trimmed */
} text_parts_t;

/* ---- bytes and characters ------------------------------------------ */

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && chars_is_space(*p))
        p++;
    return p;
}

static const char *skip_blanks(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

static const char *trim_end(const char *p, const char *end)
{
    while (end > p && chars_is_space(end[-1]))
        end--;
    return end;
}

/* The code point at p (and its length in *n), or -1. */
static int32_t char_at(const char *p, const char *end, size_t *n)
{
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t got;

    *n = 1;
    if (p >= end)
        return -1;
    got = utf8proc_iterate((const utf8proc_uint8_t *)p, end - p, &cp);
    if (got <= 0)
        return -1;
    *n = (size_t)got;
    return cp;
}

static int is_upper_at(const char *p, const char *end)
{
    size_t n;
    int32_t cp = char_at(p, end, &n);
    utf8proc_category_t cat;

    if (cp < 0)
        return 0;
    cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

static int is_lower_at(const char *p, const char *end)
{
    size_t n;
    int32_t cp = char_at(p, end, &n);
    return cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static int is_letter_at(const char *p, const char *end)
{
    size_t n;
    int32_t cp = char_at(p, end, &n);
    utf8proc_category_t cat;

    if (cp < 0)
        return 0;
    cat = utf8proc_category(cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

/* Length of the first of marks (NULL-terminated) that stands at p, or 0. */
static size_t mark_len(const char *p, const char *end, const char *const *marks)
{
    for (int i = 0; marks[i]; i++) {
        size_t n = strlen(marks[i]);
        if ((size_t)(end - p) >= n && memcmp(p, marks[i], n) == 0)
            return n;
    }
    return 0;
}

/* Length of an opening quote or bracket at p, or 0. */
static size_t opener_len(const char *p, const char *end)
{
    static const char *const openers[] = {
        "\"", "'", "(", "[", "\xE2\x80\x9C", "\xE2\x80\x98", "\xC2\xAB",
        "\xC2\xBF", "\xC2\xA1", NULL
    };
    return mark_len(p, end, openers);
}

/* Length of a closing quote or bracket at p, or 0. */
static size_t closer_len(const char *p, const char *end)
{
    static const char *const closers[] = {
        "\"", "'", ")", "]", "\xE2\x80\x9D", "\xE2\x80\x99", "\xC2\xBB", NULL
    };
    return mark_len(p, end, closers);
}

/* A capitalised word of at most 3 letters ("Mr", "St", "Gen"), or a word
 * with an inner period ("U.S", "D.C"): a period after it ends no sentence. */
static int is_abbreviation(const char *w, const char *end)
{
    size_t letters = 0, n;

    while (w < end && opener_len(w, end))
        w += opener_len(w, end);
    if (w >= end)
        return 0;
    if (memchr(w, '.', (size_t)(end - w)))
        return 1;
    if (!is_upper_at(w, end))
        return 0;
    for (const char *q = w; q < end; q += n) {
        if (!is_letter_at(q, end))
            return 0;
        char_at(q, end, &n);
        letters++;
    }
    return letters <= 3;
}

/* ---- sniffing and repair ------------------------------------------- */

/* Binary: more than 10% control bytes (NUL included) in the first 8 KiB,
 * or NULs more often than once a KiB together with other control bytes
 * more often than once in 256. NULs amid clean text are stray and
 * dropped by the repair, however short the file; compressed data (PNG,
 * zip, JPEG: 8.4% control bytes at least, and NULs) and executables (28%
 * at least) stay binary. Texts measured reach 7.4% (^B signature art). */
static int looks_binary(const char *raw, size_t len)
{
    size_t sample = len < SNIFF_BYTES ? len : SNIFF_BYTES;
    size_t control = 0, nul = 0;

    for (size_t i = 0; i < sample; i++) {
        unsigned char c = (unsigned char)raw[i];
        if (c == 0)
            nul++;
        if ((c < 0x20 && !chars_is_space((char)c)) || c == 0x7f)
            control++;
    }
    return control * 10 > sample ||
           (nul * 1024 > sample && (control - nul) * 256 > sample);
}

/* Repair raw into *text, warning once when it had to be changed. */
static int repair(const reader_ctx_t *ctx, const char *raw, size_t len,
                  char **text, size_t *text_len)
{
    int repaired = 0;

    if (morgue_text_repair(raw, len, text, text_len, &repaired) != MORGUE_OK) {
        reader_warn(ctx, 0, 1, "out of memory");
        return -1;
    }
    if (repaired & MORGUE_REPAIRED_DECODED)
        reader_warn(ctx, 0, 0, "invalid UTF-8 decoded as Windows-1252");
    else if (repaired & MORGUE_REPAIRED_DROPPED)
        reader_warn(ctx, 0, 0, "control characters dropped");
    return 0;
}

/* ---- the date prefix ----------------------------------------------- */

/* "date YYYY-MM-DD" (or "date: ...") at p: fill parts->date and return
 * what follows, or p when there is no such prefix. */
static const char *parse_date_prefix(const reader_ctx_t *ctx, const char *p,
                                     const char *end, text_parts_t *parts)
{
    const char *q = p + 4, *tok;
    char token[41];
    size_t n, copy;

    if (end - p < 5 || strncasecmp(p, "date", 4) != 0)
        return p;
    if (*q == ':')
        q++;
    if (q >= end || (*q != ' ' && *q != '\t'))
        return p;
    tok = skip_blanks(q, end);
    for (n = 0; tok + n < end && !chars_is_space(tok[n]); n++)
        ;
    if (n == 0 || !isdigit((unsigned char)*tok))
        return p;
    /* A token too long for a date is still consumed whole (the article
     * must not start inside it), and quoted cut on a character boundary. */
    copy = n < sizeof token ? n : sizeof token - 1;
    while (copy < n && copy > 0 && ((unsigned char)tok[copy] & 0xC0) == 0x80)
        copy--;
    memcpy(token, tok, copy);
    token[copy] = '\0';
    if (morgue_date_parse(token, parts->date) != MORGUE_OK) {
        parts->date[0] = '\0';
        reader_warn(ctx, 0, 0, "unrecognised date \"%s\", indexed without one",
                    token);
    }
    return tok + n;
}

/* ---- the title ----------------------------------------------------- */

/* Copy [p, end) with every run of whitespace turned into one space,
 * at most max bytes cut at a word boundary with "…" added. */
static char *make_title(const char *p, const char *end, size_t max)
{
    size_t cap = (size_t)(end - p) + sizeof ELLIPSIS, n = 0;
    char *out = malloc(cap);

    if (!out)
        return NULL;
    for (const char *q = p; q < end; q++) {
        if (chars_is_space(*q)) {
            if (n > 0 && out[n - 1] != ' ')
                out[n++] = ' ';
        } else {
            out[n++] = *q;
        }
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    if (n > max) {
        size_t cut = max;
        while (cut > 0 && out[cut] != ' ')
            cut--;
        if (cut == 0)
            for (cut = max; cut > 0 && ((unsigned char)out[cut] & 0xC0) == 0x80;)
                cut--;
        while (cut > 0 && (out[cut - 1] == ' ' || out[cut - 1] == ',' ||
                           out[cut - 1] == ';' || out[cut - 1] == ':'))
            cut--;
        memcpy(out + cut, ELLIPSIS, sizeof ELLIPSIS - 1);
        n = cut + sizeof ELLIPSIS - 1;
    }
    out[n] = '\0';
    return out;
}

/* Does the sentence end at the punctuation mark at q? Sets *stop past the
 * mark and any closing quotes. */
static int sentence_ends(const char *start, const char *q, const char *end,
                         const char **stop)
{
    const char *r = q + 1, *w = q;
    size_t n;

    while (r < end && (*r == '.' || *r == '!' || *r == '?'))
        r++;
    while (r < end && (n = closer_len(r, end)) > 0)
        r += n;
    *stop = r;
    if (r >= end)
        return 1;
    if (!chars_is_space(*r))
        return 0;
    r = skip_space(r, end);
    if (r >= end)
        return 1;
    while (r < end && (n = opener_len(r, end)) > 0)
        r += n;
    if (!is_upper_at(r, end))
        return 0;
    if (*q != '.' || (q + 1 < end && q[1] == '.'))
        return 1;
    while (w > start && !chars_is_space(w[-1]))
        w--;
    return !is_abbreviation(w, q);
}

/* The end of the first sentence of [p, end): after . ! or ? followed by
 * space and a capital, or at a blank line, or at the end. */
static const char *first_sentence_end(const char *p, const char *end)
{
    const char *stop;

    for (const char *q = p; q < end; q++) {
        if (*q == '\n') {
            const char *r = skip_blanks(q + 1, end);
            if (r < end && (*r == '\n' || *r == '\r'))
                return q;
        }
        if ((*q == '.' || *q == '!' || *q == '?') &&
            sentence_ends(p, q, end, &stop))
            return stop;
    }
    return end;
}

/* A first line standing alone as a headline: short, followed by a line
 * break and more text that does not continue it, and not ending like a
 * clause or a sentence (a comma or a single period). Sets *body. */
static int is_headline(const char *p, const char *end, const char **body)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *last, *next;

    if (!nl || nl - p > HEADLINE_MAX)
        return 0;
    last = nl;
    while (last > p && chars_is_space(last[-1]))
        last--;
    if (last == p || last[-1] == ',')
        return 0;
    if (last[-1] == '.' && !(last - p >= 2 && last[-2] == '.'))
        return 0;
    next = skip_blanks(nl + 1, end);
    if (next < end && *next != '\n' && *next != '\r' && is_lower_at(next, end))
        return 0;
    *body = skip_space(nl + 1, end);
    return *body < end;
}

/* ---- the dateline -------------------------------------------------- */

/* The dash that ends a dateline, searched on the first line: en dash, em
 * dash, "--" or " - ". Sets *after to what follows it; returns its start. */
static const char *find_dateline_dash(const char *p, const char *end,
                                      const char **after)
{
    const char *limit = p + DATELINE_SCAN < end ? p + DATELINE_SCAN : end;

    for (const char *q = p; q < limit && *q != '\n'; q++) {
        if (end - q >= 3 && (memcmp(q, "\xE2\x80\x93", 3) == 0 ||
                             memcmp(q, "\xE2\x80\x94", 3) == 0)) {
            *after = q + 3;
            return q;
        }
        if (end - q >= 2 && q[0] == '-' && q[1] == '-') {
            *after = q + 2;
            while (*after < end && **after == '-')
                (*after)++;
            return q;
        }
        if (end - q >= 3 && q[0] == ' ' && q[1] == '-' && q[2] == ' ') {
            *after = q + 2;
            return q;
        }
    }
    return NULL;
}

/* One word of a place: capitalised (or a number, or a short linking word
 * like "de", "am", "of"), with no sentence punctuation but an inner or
 * abbreviating period and a trailing comma. */
static int place_word_ok(const char *w, const char *end)
{
    size_t letters = 0, n;

    if (end > w && end[-1] == ',')
        end--;
    if (w >= end)
        return 0;
    for (const char *q = w; q < end; q += n) {
        char_at(q, end, &n);
        if (*q == '.' && !(q + 1 < end || is_abbreviation(w, q)))
            return 0;
        if ((*q && strchr("!?;:\"()[],", *q)) || (unsigned char)*q == 0xE2)
            return 0;
        letters++;
    }
    if (is_upper_at(w, end) || isdigit((unsigned char)*w))
        return 1;
    return is_lower_at(w, end) && letters <= 3;
}

/* Check a place and copy it into out; returns nonzero when it is one. */
static int place_ok(const char *p, const char *end, char *out)
{
    const char *w = p;
    int words = 0;

    if (end <= p || end - p > PLACE_MAX_BYTES || !is_upper_at(p, end))
        return 0;
    while (w < end) {
        const char *e = w;
        while (e < end && *e != ' ')
            e++;
        if (++words > PLACE_MAX_WORDS || !place_word_ok(w, e))
            return 0;
        w = skip_blanks(e, end);
    }
    memcpy(out, p, (size_t)(end - p));
    out[end - p] = '\0';
    return 1;
}

/* Drop trailing blanks, a parenthesised agency and a final period. */
static const char *trim_place(const char *p, const char *end)
{
    while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (end > p && end[-1] == ')') {
        const char *open = end - 1;
        while (open > p && *open != '(')
            open--;
        if (*open == '(')
            end = open;
        while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == ','))
            end--;
    }
    if (end - p >= 2 && end[-1] == '.' && end[-2] != '.') {
        const char *w = end - 1;
        while (w > p && w[-1] != ' ')
            w--;
        if (!memchr(w, '.', (size_t)(end - 1 - w)))
            end--;
    }
    return end;
}

/* Does [p, end) end like a sentence: . ! or ?, perhaps inside quotes? */
static int ends_sentence(const char *p, const char *end)
{
    for (;;) {
        if (end - p >= 3 && (memcmp(end - 3, "\xE2\x80\x9D", 3) == 0 ||
                             memcmp(end - 3, "\xE2\x80\x99", 3) == 0))
            end -= 3;
        else if (end - p >= 2 && memcmp(end - 2, "\xC2\xBB", 2) == 0)
            end -= 2;
        else if (end > p && strchr("\"')]", end[-1]) && end[-1])
            end--;
        else
            break;
    }
    return end > p && (end[-1] == '.' || end[-1] == '!' || end[-1] == '?');
}

/* Does a lead paragraph follow the dateline dash [dash, dash+dash_len)?
 * Its first line must go on past one word and end like a sentence or run
 * on into the next line ("Wood - Ireland can win Grand Slam" standing
 * alone is a headline), and its first sentence must hold no second such
 * dash (a parenthesis: "Vote For Me - a talent contest - starts"). */
static int lead_follows(const char *next, const char *end, const char *dash,
                        size_t dash_len)
{
    const char *eol = memchr(next, '\n', (size_t)(end - next));
    const char *line_end = trim_end(next, eol ? eol : end);
    const char *stop;

    if (!memchr(next, ' ', (size_t)(line_end - next)))
        return 0;
    if (!ends_sentence(next, line_end)) {
        const char *after = eol ? skip_blanks(eol + 1, end) : end;
        if (after >= end || *after == '\n' || *after == '\r' ||
            is_upper_at(after, end))
            return 0;
    }
    stop = first_sentence_end(next, end);
    return memmem(next, (size_t)(stop - next), dash, dash_len) == NULL;
}

/* A dateline at p: fill parts->place and return where the text after it
 * starts, or NULL when p opens with no dateline. */
static const char *parse_dateline(const char *p, const char *end,
                                  text_parts_t *parts)
{
    const char *after = NULL, *dash = find_dateline_dash(p, end, &after);
    const char *next;

    if (!dash)
        return NULL;
    next = skip_blanks(after, end);
    if (next >= end || *next == '\n' || *next == '\r')
        return NULL;
    if (!is_upper_at(next, end) && !isdigit((unsigned char)*next) &&
        !opener_len(next, end))
        return NULL;
    if (!lead_follows(next, end, dash, (size_t)(after - dash)))
        return NULL;
    if (!place_ok(p, trim_place(p, dash), parts->place))
        return NULL;
    return next;
}

/* ---- the article --------------------------------------------------- */

/* Find the parts of text; returns -1 when out of memory, 1 when there is
 * no text after the date, 0 otherwise. */
static int parse_article(const reader_ctx_t *ctx, const char *text,
                         size_t len, text_parts_t *parts)
{
    const char *end = text + len, *p, *lead, *body = NULL;

    p = skip_space(text, end);
    p = skip_space(parse_date_prefix(ctx, p, end, parts), end);
    end = trim_end(p, end);
    if (p >= end)
        return 1;
    lead = parse_dateline(p, end, parts);
    if (!lead && is_headline(p, end, &body)) {
        parts->title = make_title(p, memchr(p, '\n', (size_t)(end - p)),
                                  HEADLINE_MAX);
        parse_dateline(body, end, parts); /* the place; it stays in the body */
    } else {
        const char *s = lead ? lead : p;
        parts->title = make_title(s, first_sentence_end(s, end), TITLE_MAX);
        body = p;
    }
    parts->body = body;
    parts->body_len = (size_t)(end - body);
    return parts->title ? 0 : -1;
}

static reader_result_t emit_article(const reader_ctx_t *ctx, char *text,
                                    size_t len, reader_result_t ok)
{
    text_parts_t parts;
    morgue_article_t art;
    int rc;

    memset(&parts, 0, sizeof parts);
    rc = parse_article(ctx, text, len, &parts);
    if (rc != 0) {
        reader_warn(ctx, 0, 1, rc < 0 ? "out of memory" : "empty file");
        return READ_FAILED;
    }
    text[(size_t)(parts.body - text) + parts.body_len] = '\0';
    memset(&art, 0, sizeof art);
    art.title = parts.title;
    art.date = parts.date[0] ? parts.date : NULL;
    art.place = parts.place[0] ? parts.place : NULL;
    art.body = parts.body;
    art.path = ctx->path;
    rc = ctx->emit(ctx->sink, &art);
    free(parts.title);
    return rc ? READ_STOPPED : ok;
}

static reader_result_t text_read(input_t *in, const reader_ctx_t *ctx)
{
    reader_result_t ok = READ_OK, result;
    char *raw = NULL, *text = NULL;
    size_t len = 0, text_len = 0;

    if (input_slurp(in, &raw, &len) < 0) {
        if (len == 0) {
            reader_warn(ctx, 0, 1, "%s", input_error(in));
            free(raw);
            return READ_FAILED;
        }
        reader_warn(ctx, 0, 0, "%s, indexed the first %zu bytes",
                    input_error(in), len);
        ok = READ_PARTIAL;
    }
    if (looks_binary(raw, len)) {
        reader_warn(ctx, 0, 1, "binary file, not text");
        free(raw);
        return READ_FAILED;
    }
    if (repair(ctx, raw, len, &text, &text_len) < 0) {
        free(raw);
        return READ_FAILED;
    }
    free(raw);
    result = emit_article(ctx, text, text_len, ok);
    free(text);
    return result;
}

static const char *const text_extensions[] = { ".txt", ".text", NULL };

/* Text is the fallback for content no other reader claims: no sniff. */
const reader_t reader_text = { "text", text_extensions, NULL, text_read };
