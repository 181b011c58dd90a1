/* normalize.c - mg_normalize: fold UTF-8 text for matching (lib/text.h).
 * Owns the folding rules shared by indexing and querying: NFKC, case
 * folding, marks stripped, typographic quotes, dashes and spaces turned into
 * ASCII, controls and zero-width characters dropped. Called by
 * lib/docbuild.c, lib/query_prep.c and lib/snippet.c only, so both sides
 * fold alike.
 *
 * Pure-ASCII runs take a fast path (lowercase, drop controls) that gives the
 * same bytes utf8proc would; each run of non-ASCII characters is decoded
 * here (invalid bytes dropped), mapped, decomposed character by character
 * with utf8proc and recomposed. Cutting the text at ASCII characters is
 * safe: no ASCII character composes with what precedes it, and the marks
 * that could compose with an ASCII letter are stripped anyway. */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define NM_OPTIONS (UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | \
                    UTF8PROC_COMPOSE | UTF8PROC_IGNORE)
#define NM_DROP (-1)        /* nm_map: the character is removed */
#define NM_MAX_DECOMP 32    /* room kept free for one character's decomposition */

/* Output bytes, and the UTF-32 scratch of the non-ASCII run in progress. */
typedef struct nm_state {
    char *out;             /* malloc'd result */
    size_t len, cap;       /* bytes written / allocated in out */
    utf8proc_int32_t *cps; /* decomposed code points of the current run */
    size_t ncps, cpcap;    /* used / allocated entries of cps */
    int failed;            /* sticky: an allocation failed */
} nm_state_t;

/* ASCII folding: the lowercase letter, or 0 for a control that is dropped. */
static inline unsigned char nm_fold_ascii(unsigned char c)
{
    if ((unsigned)(c - 'A') < 26u)
        return (unsigned char)(c + ('a' - 'A'));
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
        return 0;
    return c;
}

/* Our own mapping, applied before and after utf8proc: quotes, dashes and
 * spaces to ASCII; controls and zero-width characters dropped. Returns the
 * new code point or NM_DROP. */
static utf8proc_int32_t nm_map(utf8proc_int32_t c)
{
    if (c < 0x80)
        return nm_fold_ascii((unsigned char)c) ? nm_fold_ascii((unsigned char)c) : NM_DROP;
    if (c <= 0x9F)
        return NM_DROP;                                   /* C1 controls */
    switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC:
        return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB:
    case 0x2033:
        return '"';
    case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D: case 0x2E3A: case 0x2E3B:
        return '-';
    case 0x00A0: case 0x202F: case 0x205F: case 0x3000:
        return ' ';
    case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
        return NM_DROP;
    default:
        break;
    }
    if (c >= 0x2010 && c <= 0x2015)
        return '-';
    if (c >= 0x2000 && c <= 0x200A)
        return ' ';
    return c;
}

static int nm_reserve_out(nm_state_t *st, size_t extra)
{
    if (st->failed)
        return 0;
    if (st->len + extra + 1 <= st->cap)
        return 1;
    size_t cap = st->cap * 2;
    if (cap < st->len + extra + 1)
        cap = st->len + extra + 1;
    char *p = realloc(st->out, cap);
    if (!p) {
        st->failed = 1;
        return 0;
    }
    st->out = p;
    st->cap = cap;
    return 1;
}

static int nm_reserve_cps(nm_state_t *st, size_t extra)
{
    if (st->failed)
        return 0;
    if (st->ncps + extra <= st->cpcap)
        return 1;
    size_t cap = st->cpcap * 2;
    if (cap < st->ncps + extra)
        cap = st->ncps + extra;
    utf8proc_int32_t *p = realloc(st->cps, cap * sizeof *p);
    if (!p) {
        st->failed = 1;
        return 0;
    }
    st->cps = p;
    st->cpcap = cap;
    return 1;
}

/* Fold the pure-ASCII run at s; returns its length. */
static size_t nm_ascii_run(nm_state_t *st, const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] < 0x80)
        i++;
    if (!nm_reserve_out(st, i))
        return i;
    char *o = st->out + st->len;
    for (size_t k = 0; k < i; k++) {
        unsigned char m = nm_fold_ascii(s[k]);
        if (m)
            *o++ = (char)m;
    }
    st->len = (size_t)(o - st->out);
    return i;
}

/* Decompose one (already mapped) code point onto st->cps, then apply our
 * mapping to what utf8proc produced (compatibility forms of dashes etc.). */
static void nm_push(nm_state_t *st, utf8proc_int32_t c)
{
    int boundclass = 0;
    if (!nm_reserve_cps(st, NM_MAX_DECOMP))
        return;
    utf8proc_ssize_t n = utf8proc_decompose_char(c, st->cps + st->ncps,
            (utf8proc_ssize_t)(st->cpcap - st->ncps), NM_OPTIONS, &boundclass);
    if (n < 0)
        return;
    if ((size_t)n > st->cpcap - st->ncps) {
        if (!nm_reserve_cps(st, (size_t)n))
            return;
        n = utf8proc_decompose_char(c, st->cps + st->ncps,
                (utf8proc_ssize_t)(st->cpcap - st->ncps), NM_OPTIONS, &boundclass);
    }
    size_t w = st->ncps;
    for (size_t k = st->ncps; k < st->ncps + (size_t)n; k++) {
        utf8proc_int32_t m = nm_map(st->cps[k]);
        if (m != NM_DROP)
            st->cps[w++] = m;
    }
    st->ncps = w;
}

/* Recompose the decomposed run and append it as UTF-8. */
static void nm_flush(nm_state_t *st)
{
    if (st->ncps == 0 || !nm_reserve_cps(st, 1))  /* reencode wants one spare */
        return;
    utf8proc_ssize_t bytes = utf8proc_reencode(st->cps, (utf8proc_ssize_t)st->ncps,
                                               NM_OPTIONS);
    st->ncps = 0;
    if (bytes <= 0 || !nm_reserve_out(st, (size_t)bytes))
        return;
    memcpy(st->out + st->len, st->cps, (size_t)bytes);
    st->len += (size_t)bytes;
}

/* Fold the run of non-ASCII bytes at s; returns its length. */
static size_t nm_unicode_run(nm_state_t *st, const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] >= 0x80 && !st->failed) {
        utf8proc_int32_t c;
        size_t used = mg_utf8_decode(s + i, n - i, &c);
        if (used == 0) {        /* invalid byte: dropped */
            i++;
            continue;
        }
        i += used;
        c = nm_map(c);
        if (c != NM_DROP)
            nm_push(st, c);
    }
    nm_flush(st);
    return i;
}

char *mg_normalize(const char *text, size_t len, size_t *out_len)
{
    nm_state_t st = { malloc(len + 1), 0, len + 1, NULL, 0, 0, 0 };
    if (!st.out)
        return NULL;
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    if (!text)
        len = 0;
    size_t i = 0;
    while (i < len && !st.failed) {
        if (s[i] < 0x80)
            i += nm_ascii_run(&st, s + i, len - i);
        else
            i += nm_unicode_run(&st, s + i, len - i);
    }
    free(st.cps);
    if (st.failed) {
        free(st.out);
        return NULL;
    }
    st.out[st.len] = '\0';
    if (out_len)
        *out_len = st.len;
    return st.out;
}
