/* input.h - byte streams for the readers: a plain or gzip-compressed file,
 * read whole or line by line. Owned by indexer/input.c; used by
 * indexer/main.c (which opens and closes) and by the readers (which read).
 * Knows nothing of articles or of the index. */
#ifndef MORGUE_INPUT_H
#define MORGUE_INPUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct input input_t;

/* The limits on one input, against hostile or broken files. They are
 * documented in morgue-index(1), LIMITS; change them together. */
/* Most content bytes read from one input, plain or (decompressed) gzip;
 * the rest is not read. morgue-index's --max-read sets another. */
#define INPUT_MAX_CONTENT (16ull << 30)
/* gzip: most decompressed bytes per compressed byte, checked once
 * INPUT_RATIO_AFTER bytes came out: real text compresses 3 to 20 times,
 * a gzip bomb of zeros 1030 times (gzip -9) or 230 times (gzip -1). */
#define INPUT_MAX_RATIO 200u
#define INPUT_RATIO_AFTER (16u << 20)
/* Longest line input_getline returns; the rest of a longer one is dropped. */
#define INPUT_LINE_MAX (16u << 20)
/* Most bytes input_slurp reads (a file read whole: text, HTML, SGML). */
#define INPUT_SLURP_MAX (32u << 20)

/* Open path for reading. gzip content is recognised by its magic bytes
 * (whatever the file is called) and decompressed as a stream; anything
 * else is read as it is. Returns 0 and sets *in, or -1 with a message
 * (without the path) in err. */
int input_open(const char *path, input_t **in, char *err, size_t errlen);

/* Read up to n bytes of content. Returns the number read, 0 at the end, or
 * -1 on an error (see input_error). */
long input_read(input_t *in, char *buf, size_t n);

/* Read the next line, without its "\n" (and without a "\r" before it).
 * *line is owned by in and valid until the next call; it is NUL-terminated
 * but may contain NUL bytes, so use *len. A last line without a newline is
 * still returned. Returns 1 for a line, 0 at the end, -1 on an error (a
 * partial last line before the error is dropped). */
int input_getline(input_t *in, const char **line, size_t *len);

/* Nonzero when the line input_getline returned last was longer than
 * INPUT_LINE_MAX: only its first INPUT_LINE_MAX bytes were returned, the
 * rest up to its newline was read and dropped. */
int input_line_cut(const input_t *in);

/* Read everything left, at most INPUT_SLURP_MAX bytes. Returns 0 and a
 * malloc'd NUL-terminated buffer in *buf (caller frees), or -1 on an error
 * (a longer input is one: "larger than 32 MiB"), with what was read before
 * the error still in *buf. */
int input_slurp(input_t *in, char **buf, size_t *len);

/* The first 'head' bytes of content, without consuming them, for
 * sniffing a format. Returns the number of bytes available (<= n). */
size_t input_peek(input_t *in, const char **head, size_t n);

/* The error met while reading, e.g. "truncated gzip stream", or NULL.
 * Going over INPUT_MAX_CONTENT (or the input_set_max_content cap) or
 * INPUT_MAX_RATIO is an error too: "over 16 GiB, reading stopped". */
const char *input_error(const input_t *in);

/* Number of bytes read from the file so far (compressed bytes for gzip). */
uint64_t input_file_bytes(const input_t *in);

/* Nonzero when the file is gzip-compressed. */
int input_is_gzip(const input_t *in);

/* Nonzero when reading stopped because the content went over the cap
 * (INPUT_MAX_CONTENT or input_set_max_content's, or INPUT_SLURP_MAX for
 * input_slurp): only its first bytes,
 * up to the cap, were read. Reading it again would stop at the same place,
 * unlike after other errors. */
int input_capped(const input_t *in);

/* Set the cap on the content bytes read from in (INPUT_MAX_CONTENT unless
 * set): --max-read, and tests. Call before reading. */
void input_set_max_content(input_t *in, uint64_t max);

void input_close(input_t *in);

#endif
