/* repair.c - morgue_text_repair: turn arbitrary input bytes into clean UTF-8.
 * Owns UTF-8 validation of raw input, the Windows-1252 fallback for bytes
 * that are not valid UTF-8, and the MORGUE_REPAIRED_ bits that tell the
 * caller which repairs were made (so that no reader validates again).
 * Public (include/morgue.h): called by the readers on every field they
 * read, before anything else looks at the text. */
#include "morgue.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* A growing output buffer. */
typedef struct rp_buf {
    char *p;     /* malloc'd bytes, always with room for a final NUL */
    size_t len;  /* bytes written */
    size_t cap;  /* bytes allocated */
    int failed;  /* sticky: an allocation failed, further writes do nothing */
} rp_buf_t;

/* Windows-1252 for the bytes 0x80..0x9F; the five bytes 1252 leaves
 * undefined decode as Latin-1 (C1 controls), which are then dropped. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static int rp_reserve(rp_buf_t *b, size_t extra)
{
    if (b->failed)
        return 0;
    if (b->len + extra + 1 <= b->cap)
        return 1;
    size_t cap = b->cap * 2;
    if (cap < b->len + extra + 1)
        cap = b->len + extra + 1;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->failed = 1;
        return 0;
    }
    b->p = p;
    b->cap = cap;
    return 1;
}

static void rp_put(rp_buf_t *b, const unsigned char *s, size_t n)
{
    if (!rp_reserve(b, n))
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void rp_put_cp(rp_buf_t *b, uint32_t cp)
{
    unsigned char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (unsigned char)(0xC0 | (cp >> 6));
        u[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else {
        /* cp1252 never yields anything above U+FFFF */
        u[0] = (unsigned char)(0xE0 | (cp >> 12));
        u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    }
    rp_put(b, u, n);
}

/* Length of the printable ASCII run (0x20..0x7E) at s, 8 bytes at a time. */
static size_t rp_ascii_run(const unsigned char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    size_t i = 0;
    while (i + 8 <= n) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t del = x ^ (ones * 0x7F);
        uint64_t bad = (x & high)                         /* non-ASCII */
                     | ((x - ones * 0x20) & ~x & high)    /* a byte < 0x20 */
                     | ((del - ones) & ~del & high);      /* a 0x7F byte */
        if (bad)
            break;
        i += 8;
    }
    while (i < n && s[i] >= 0x20 && s[i] < 0x7F)
        i++;
    return i;
}

/* Nonzero for the characters that are dropped: NUL, C0 controls other than
 * tab, newline and carriage return, DEL and the C1 controls. */
static int rp_dropped(uint32_t cp)
{
    if (cp < 0x20)
        return cp != '\t' && cp != '\n' && cp != '\r';
    return cp >= 0x7F && cp <= 0x9F;
}

/* Handle the character at s[0] (not printable ASCII), adding the
 * MORGUE_REPAIRED_ bits of what it needed to *changed; returns bytes used. */
static size_t rp_one(rp_buf_t *b, const unsigned char *s, size_t n, int *changed)
{
    uint32_t cp = s[0];
    size_t used = 1;
    if (s[0] >= 0x80) {
        int32_t dec = 0;
        used = mg_utf8_decode(s, n, &dec);
        cp = (uint32_t)dec;
        if (used == 0) {        /* not UTF-8: decode this byte as cp1252 */
            cp = s[0] >= 0xA0 ? s[0] : cp1252_high[s[0] - 0x80];
            *changed |= MORGUE_REPAIRED_DECODED;
            if (rp_dropped(cp))
                *changed |= MORGUE_REPAIRED_DROPPED;
            else
                rp_put_cp(b, cp);
            return 1;
        }
    }
    if (rp_dropped(cp))
        *changed |= MORGUE_REPAIRED_DROPPED;
    else
        rp_put(b, s, used);
    return used;
}

morgue_status_t morgue_text_repair(const char *bytes, size_t len, char **out,
                                   size_t *out_len, int *repaired)
{
    if (!bytes || !out)
        return MORGUE_INVALID_ARGUMENT;
    const unsigned char *s = (const unsigned char *)bytes;
    rp_buf_t b = { malloc(len + 1), 0, len + 1, 0 };
    if (!b.p)
        return MORGUE_NO_MEMORY;
    int changed = 0;
    size_t i = 0;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        i = 3;
        changed = MORGUE_REPAIRED_BOM;
    }
    while (i < len && !b.failed) {
        size_t run = rp_ascii_run(s + i, len - i);
        if (run) {
            rp_put(&b, s + i, run);
            i += run;
        } else {
            i += rp_one(&b, s + i, len - i, &changed);
        }
    }
    if (b.failed) {
        free(b.p);
        return MORGUE_NO_MEMORY;
    }
    b.p[b.len] = '\0';
    *out = b.p;
    if (out_len)
        *out_len = b.len;
    if (repaired)
        *repaired = changed;
    return MORGUE_OK;
}
