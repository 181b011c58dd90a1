/* query_prep.c - the one walk of a user's query: check its syntax (so
 * that an error can name its column), fold its words with the same
 * mg_normalize the indexer uses before Xapian's QueryParser sees them, and
 * note what the later stages need (its wildcards, whether it is plain
 * words only, and those words), so that none of them reads the text
 * again. Called by lib/search.c only.
 *
 * The grammar checked here is the one of morgue-query(1): operands are
 * words (with an optional field:, a leading + or -, a trailing *), quoted
 * phrases and parenthesised groups; AND OR XOR NEAR ADJ (NEAR/n, ADJ/n)
 * stand between two operands; NOT stands before one. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "text.h"

typedef struct prep {
    const char *q;      /* the query as given */
    char *out;          /* folded query being built */
    size_t len, cap;
    int failed;         /* out of memory */
    size_t nwild;       /* words ending in '*' so far */
    int mixed;          /* something else than plain words was seen */
    char *words;        /* the words so far, each NUL-terminated... */
    size_t wlen, wcap;
    char *simple;       /* ... and whether each is simple */
    size_t nwords, scap;
    char *err;
    size_t errlen;
    mg_prepared_t *res;
} prep_t;

static void emit(prep_t *p, const char *s, size_t n)
{
    if (p->failed)
        return;
    if (p->len + n + 1 > p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 128;
        while (cap < p->len + n + 1)
            cap *= 2;
        char *o = realloc(p->out, cap);
        if (o == NULL) {
            p->failed = 1;
            return;
        }
        p->out = o;
        p->cap = cap;
    }
    memcpy(p->out + p->len, s, n);
    p->len += n;
    p->out[p->len] = '\0';
}

/* Column of byte offset at, counting UTF-8 characters from 1. */
static size_t column(const char *q, size_t at)
{
    size_t col = 1;
    for (size_t i = 0; i < at; i++)
        if (((unsigned char)q[i] & 0xC0) != 0x80)
            col++;
    return col;
}

static morgue_status_t syntax(prep_t *p, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static morgue_status_t syntax(prep_t *p, size_t at, const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(p->err, p->errlen, "syntax error at column %zu: %s", column(p->q, at), what);
    return MORGUE_QUERY_SYNTAX;
}

/* Typographic double quotes count as quotes. Returns the byte length of a
 * quote at s, or 0. */
static size_t quote_at(const char *s)
{
    static const char *const quotes[] = { "\"", "\xE2\x80\x9C", "\xE2\x80\x9D",
                                          "\xE2\x80\x9E", "\xC2\xAB", "\xC2\xBB" };
    for (size_t i = 0; i < sizeof quotes / sizeof *quotes; i++)
        if (strncmp(s, quotes[i], strlen(quotes[i])) == 0)
            return strlen(quotes[i]);
    return 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The length of the word at s: up to space, a parenthesis or a quote. */
static size_t word_len(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0' && !is_space(s[n]) && s[n] != '(' && s[n] != ')' && !quote_at(s + n))
        n++;
    return n;
}

typedef enum { OP_NONE, OP_BINARY, OP_NOT } op_kind_t;

static op_kind_t operator_kind(const char *w, size_t n)
{
    if (n == 3 && strncmp(w, "NOT", 3) == 0)
        return OP_NOT;
    if ((n == 3 && strncmp(w, "AND", 3) == 0) || (n == 2 && strncmp(w, "OR", 2) == 0) ||
        (n == 3 && strncmp(w, "XOR", 3) == 0))
        return OP_BINARY;
    size_t k = (n >= 4 && strncmp(w, "NEAR", 4) == 0) ? 4
             : (n >= 3 && strncmp(w, "ADJ", 3) == 0) ? 3 : 0;
    if (k == 0)
        return OP_NONE;
    if (n == k)
        return OP_BINARY;
    if (w[k] != '/' || n == k + 1)
        return OP_NONE;
    for (size_t i = k + 1; i < n; i++)
        if (!isdigit((unsigned char)w[i]))
            return OP_NONE;
    return OP_BINARY;
}

/* Parse one end of a date range: YYYY, YYYY-MM or YYYY-MM-DD (an empty
 * end is open). Writes YYYYMMDD, the first or last day of what was given. */
static int date_end(const char *s, size_t n, int last, char out[9])
{
    int y = 0, m = 0, d = 0;
    char buf[16], check[11];
    if (n == 0) {
        strcpy(out, last ? "99991231" : "10000101");
        return 0;
    }
    if (n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    int k = 0;
    if (n == 4 && sscanf(buf, "%4d%n", &y, &k) == 1 && k == 4) {
        m = last ? 12 : 1;
        d = last ? 31 : 1;
    } else if (n == 7 && sscanf(buf, "%4d-%2d%n", &y, &m, &k) == 2 && k == 7) {
        static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
        if (m < 1 || m > 12)
            return -1;
        d = 1;
        if (last) {
            d = days[m - 1];
            int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            if (m == 2 && !leap)
                d = 28;
        }
    } else if (n != 10 || sscanf(buf, "%4d-%2d-%2d%n", &y, &m, &d, &k) != 3 || k != 10) {
        return -1;
    }
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    if (y < 1000 || morgue_date_parse(buf, check) != MORGUE_OK)
        return -1;
    snprintf(out, 9, "%04d%02d%02d", y, m, d);
    return 0;
}

/* Rewrite date:... (the word at byte offset at, n bytes) into a range. */
static morgue_status_t date_word(prep_t *p, size_t at, size_t n)
{
    const char *v = p->q + at + 5;
    size_t vn = n - 5;
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < vn; i++)
        if (v[i] == '.' && v[i + 1] == '.') {
            dots = v + i;
            break;
        }
    char from[9], to[9];
    int bad;
    if (dots == NULL)
        bad = date_end(v, vn, 0, from) || date_end(v, vn, 1, to) || vn == 0;
    else
        bad = date_end(v, (size_t)(dots - v), 0, from) ||
              date_end(dots + 2, vn - (size_t)(dots - v) - 2, 1, to) || vn == 2;
    if (bad)
        return syntax(p, at, "'%.*s' is not a date or a date range "
                      "(write date:2024-08-01..2024-09-30, date:2024-09 or date:2024)",
                      (int)n, p->q + at);
    char range[32];
    snprintf(range, sizeof range, "date:%s..%s", from, to);
    emit(p, range, strlen(range));
    return MORGUE_OK;
}

/* Remember the folded prefix of a word ending in '*'. */
static void note_wildcard(prep_t *p, const char *folded, size_t n)
{
    const char *w = folded;
    const char *colon = memchr(w, ':', n);
    if (colon != NULL) {
        n -= (size_t)(colon + 1 - w);
        w = colon + 1;
    }
    while (n > 0 && (*w == '-' || *w == '+')) {
        w++;
        n--;
    }
    if (n < 2 || p->failed)
        return;
    char **grown = realloc(p->res->wildcards, (p->res->nwildcards + 1) * sizeof *grown);
    if (grown == NULL) {
        p->failed = 1;
        return;
    }
    p->res->wildcards = grown;
    grown[p->res->nwildcards] = strndup(w, n - 1);
    if (grown[p->res->nwildcards] == NULL)
        p->failed = 1;
    else
        p->res->nwildcards++;
}

/* A letter or digit of folded text: lower-case ASCII, a digit, or any
 * byte of a multi-byte UTF-8 character. */
static int is_wordchar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Whether the n bytes at w are a plain word (mg_prepared_t.plain);
 * *simple is set when they are letters and digits only. */
static int is_plain(const char *w, size_t n, int *simple)
{
    *simple = 1;
    if (n == 0 || !is_wordchar((unsigned char)w[0]))
        return 0;
    for (size_t i = 1; i < n; i++) {
        if (is_wordchar((unsigned char)w[i]))
            continue;
        if (w[i] != '\'' && w[i] != '.' && w[i] != '-' && w[i] != '&')
            return 0;
        *simple = 0;
    }
    return 1;
}

/* Note the words of a folded word (folding may part it with spaces);
 * one that is not plain makes the query not plain. */
static void note_words(prep_t *p, const char *folded, size_t n)
{
    for (size_t i = 0; i < n && !p->mixed && !p->failed;) {
        if (is_space(folded[i])) {
            i++;
            continue;
        }
        size_t w = 0;
        int simple;
        while (i + w < n && !is_space(folded[i + w]))
            w++;
        if (!is_plain(folded + i, w, &simple)) {
            p->mixed = 1;
            return;
        }
        if (p->wlen + w + 1 > p->wcap || p->nwords + 1 > p->scap) {
            size_t wcap = (p->wlen + w + 1) * 2, scap = (p->nwords + 1) * 2;
            char *words = realloc(p->words, wcap), *flags = words ? realloc(p->simple, scap) : NULL;
            if (words != NULL)
                p->words = words, p->wcap = wcap;
            if (flags == NULL) {
                p->failed = 1;
                return;
            }
            p->simple = flags, p->scap = scap;
        }
        memcpy(p->words + p->wlen, folded + i, w);
        p->words[p->wlen + w] = '\0';
        p->wlen += w + 1;
        p->simple[p->nwords++] = (char)simple;
        i += w;
    }
}

/* Fill out's words from p's, when the query is plain. */
static void set_words(prep_t *p, mg_prepared_t *out)
{
    out->plain = !p->mixed && !p->failed;
    if (!out->plain || p->nwords == 0)
        return;
    out->words = malloc(p->nwords * sizeof *out->words);
    if (out->words == NULL) {
        p->failed = 1;
        return;
    }
    out->wordbuf = p->words;
    p->words = NULL;
    const char *w = out->wordbuf;
    for (size_t i = 0; i < p->nwords; i++, w += strlen(w) + 1)
        out->words[i] = (mg_word_t){ .text = w, .simple = p->simple[i] };
    out->nwords = p->nwords;
}

/* Fold and emit the word at byte offset at, n bytes long. */
static morgue_status_t plain_word(prep_t *p, size_t at, size_t n)
{
    size_t fn;
    if (n > 5 && strncmp(p->q + at, "date:", 5) == 0) {
        p->mixed = 1;
        return date_word(p, at, n);
    }
    if (n == 5 && strncmp(p->q + at, "date:", 5) == 0)
        return syntax(p, at, "date: needs a date or a range (date:2024-08-01..2024-09-30)");
    char *folded = mg_normalize(p->q + at, n, &fn);
    if (folded == NULL) {
        p->failed = 1;
        return MORGUE_NO_MEMORY;
    }
    emit(p, folded, fn);
    note_words(p, folded, fn);
    if (fn > 0 && folded[fn - 1] == '*') {
        note_wildcard(p, folded, fn);
        if (++p->nwild > MG_QUERY_MAX_WILDCARDS) {
            free(folded);
            snprintf(p->err, p->errlen, "too many wildcards: the one at column %zu is "
                     "number %zu, a query may have %d", column(p->q, at), p->nwild,
                     MG_QUERY_MAX_WILDCARDS);
            return MORGUE_QUERY_SYNTAX;
        }
    }
    free(folded);
    return MORGUE_OK;
}

/* Walk the query; `want` tracks whether an operand must come next. */
static morgue_status_t walk(prep_t *p)
{
    const char *q = p->q;
    size_t i = 0, depth = 0, last_op = 0;
    size_t open_at[64];
    int want = 0;              /* an operand is required next */
    int have = 0;              /* an operand was seen in the current group */
    const char *op_name = NULL;
    size_t op_len = 0;
    while (q[i] != '\0') {
        size_t qn;
        if (is_space(q[i])) {
            emit(p, q + i, 1);
            i++;
        } else if (q[i] == '(') {
            if (depth >= sizeof open_at / sizeof *open_at)
                return syntax(p, i, "parentheses nested too deeply");
            open_at[depth++] = i;
            emit(p, "(", 1);
            p->mixed = 1;
            want = 1;
            have = 0;
            i++;
        } else if (q[i] == ')') {
            if (depth == 0)
                return syntax(p, i, "')' without a matching '('");
            if (want && op_name != NULL)
                return syntax(p, last_op, "'%.*s' has nothing after it", (int)op_len, op_name);
            if (!have)
                return syntax(p, i, "empty parentheses");
            depth--;
            emit(p, ")", 1);
            p->mixed = 1;
            want = 0;
            have = 1;
            op_name = NULL;
            i++;
        } else if ((qn = quote_at(q + i)) != 0) {
            size_t start = i;
            i += qn;
            size_t end = i;
            while (q[end] != '\0' && quote_at(q + end) == 0)
                end++;
            if (q[end] == '\0')
                return syntax(p, start, "quote is not closed");
            size_t fn;
            char *folded = mg_normalize(q + i, end - i, &fn);
            if (folded == NULL)
                return MORGUE_NO_MEMORY;
            emit(p, "\"", 1);
            emit(p, folded, fn);
            emit(p, "\"", 1);
            p->mixed = 1;
            free(folded);
            i = end + quote_at(q + end);
            want = 0;
            have = 1;
            op_name = NULL;
        } else {
            size_t n = word_len(q + i);
            op_kind_t kind = operator_kind(q + i, n);
            if (kind == OP_BINARY) {
                if (want || !have)
                    return syntax(p, i, "'%.*s' has nothing before it", (int)n, q + i);
                want = 1;
            } else if (kind == OP_NOT) {
                want = 1;
            }
            if (kind != OP_NONE) {
                emit(p, q + i, n);
                p->mixed = 1;
                op_name = q + i;
                op_len = n;
                last_op = i;
            } else {
                morgue_status_t st = plain_word(p, i, n);
                if (st != MORGUE_OK)
                    return st;
                want = 0;
                have = 1;
                op_name = NULL;
            }
            i += n;
        }
        if (p->failed)
            return MORGUE_NO_MEMORY;
    }
    if (depth > 0)
        return syntax(p, open_at[depth - 1], "'(' is not closed");
    if (want && op_name != NULL)
        return syntax(p, last_op, "'%.*s' has nothing after it", (int)op_len, op_name);
    return MORGUE_OK;
}

morgue_status_t mg_query_prepare(const char *query, mg_prepared_t *out,
                                 char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    size_t qlen = strlen(query);
    if (qlen > MG_QUERY_MAX_BYTES) {
        snprintf(err, errlen, "query too long: %zu bytes, a query may have %d",
                 qlen, MG_QUERY_MAX_BYTES);
        return MORGUE_QUERY_SYNTAX;
    }
    prep_t p = { .q = query, .err = err, .errlen = errlen, .res = out };
    emit(&p, "", 0);
    morgue_status_t st = walk(&p);
    if (st == MORGUE_OK)
        set_words(&p, out);
    free(p.words);
    free(p.simple);
    if (st == MORGUE_OK && p.failed)
        st = MORGUE_NO_MEMORY;
    if (st == MORGUE_NO_MEMORY)
        snprintf(err, errlen, "out of memory");
    out->text = p.out;
    if (st != MORGUE_OK)
        mg_prepared_free(out);
    return st;
}

void mg_prepared_free(mg_prepared_t *p)
{
    if (p == NULL)
        return;
    free(p->text);
    for (size_t i = 0; i < p->nwildcards; i++)
        free(p->wildcards[i]);
    free(p->wildcards);
    free(p->words);
    free(p->wordbuf);
    memset(p, 0, sizeof *p);
}
