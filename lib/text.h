/* text.h - libmorgue's internal text layer: normalization and word scanning.
 * Owned by lib/normalize.c, lib/words.c and lib/utf8.c; called by
 * lib/docbuild.c (indexing), lib/query_prep.c (queries), lib/snippet.c and
 * lib/repair.c, so that the index side and the query side fold text with
 * the very same code. Not part of the API. */
#ifndef MORGUE_TEXT_H
#define MORGUE_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Length (2..4) of the valid multibyte UTF-8 sequence at s (n bytes
 * available), setting *cp; 0 when it is invalid: a bad lead byte, a bad or
 * missing continuation, an overlong form, a surrogate, or beyond U+10FFFF.
 * ASCII is the caller's fast path. (lib/utf8.c) */
size_t mg_utf8_decode(const unsigned char *s, size_t n, int32_t *cp);

/* Fold UTF-8 text for matching: Unicode NFKC, case folding, accents and
 * other combining marks stripped ("González" -> "gonzalez"), typographic
 * quotes turned into ASCII ' and ", every dash and hyphen (U+2010..U+2015,
 * U+2212, U+FE58, U+FE63, U+FF0D) into '-', non-breaking and other Unicode
 * spaces into ' ', and NUL / control characters other than \t \n \r
 * dropped. Invalid UTF-8 input bytes are dropped.
 * Returns a malloc'd NUL-terminated string (caller frees) and sets *out_len
 * (if not NULL) to its length, or returns NULL when out of memory. */
char *mg_normalize(const char *text, size_t len, size_t *out_len);

/* Find the next word in UTF-8 text at or after byte offset *pos.
 * A word is a maximal run of letters, digits and combining marks, which
 * may contain single inner apostrophes (' or U+2019: "Venezuela's") and
 * single inner periods between single letters ("U.S."). Hyphens and dashes
 * split words. On success returns 1, sets *start and *length to the word's
 * bytes and advances *pos past it; returns 0 at the end of the text. */
int mg_next_word(const char *text, size_t len, size_t *pos, size_t *start,
                 size_t *length);

#endif
