/* text.h - libmorgue's internal text layer: normalization and word scanning.
 * Owned by lib/normalize.c and lib/words.c; called by lib/db.c (indexing),
 * lib/query_prep.c (queries) and lib/snippet.c, so that the index side and
 * the query side fold text with the very same code. Not part of the API. */
#ifndef MORGUE_TEXT_H
#define MORGUE_TEXT_H

#include <stddef.h>

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
