/* chars.h - the small byte and string helpers the readers
 * (indexer/readers/) and the format parsers (indexer/parse/) share, each
 * defined once: ASCII white space, trimming and collapsing it, UTF-8
 * validity, and how much of a bad value a warning quotes. Owned by
 * indexer/chars.c. Knows nothing of articles or of the index. */
#ifndef MORGUE_CHARS_H
#define MORGUE_CHARS_H

#include <stddef.h>

/* Nonzero for ASCII white space: space, \t, \n, \r, \f and \v (never for
 * a byte of a multibyte character, whether c is a char or unsigned). */
int chars_is_space(int c);

/* Nonzero when the len bytes at s are all valid UTF-8 (NUL and control
 * characters count as valid). For bytes that go through
 * morgue_text_repair anyway, its MORGUE_REPAIRED_DECODED bit says the same
 * without a second pass. */
int chars_valid_utf8(const char *s, size_t len);

/* Nonzero when one of the len bytes at s is not ASCII (0x80 or above). */
int chars_non_ascii(const char *s, size_t len);

/* Every run of ASCII white space in the NUL-terminated s made one space
 * and the ends trimmed, in place. */
void chars_collapse_space(char *s);

/* s with the ASCII white space around it removed, in place: s, or NULL
 * (s freed) when nothing is left or s is NULL. */
char *chars_trim(char *s);

/* The length of the start of the NUL-terminated s cut to at most max
 * bytes on a character boundary, for quoting it as "%.*s". */
int chars_shown_len(const char *s, size_t max);

#endif
