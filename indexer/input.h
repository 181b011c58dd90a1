/* input.h - byte streams for the readers: a plain or gzip-compressed file,
 * read whole or line by line. Owned by indexer/input.c; used by
 * indexer/main.c (which opens and closes) and by the readers (which read).
 * Knows nothing of articles or of the index. */
#ifndef MORGUE_INPUT_H
#define MORGUE_INPUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct input input_t;

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

/* Read everything left. Returns 0 and a malloc'd NUL-terminated buffer in
 * *buf (caller frees), or -1 on an error, with what was read before the
 * error still in *buf. */
int input_slurp(input_t *in, char **buf, size_t *len);

/* The first 'head' bytes of content, without consuming them, for
 * sniffing a format. Returns the number of bytes available (<= n). */
size_t input_peek(input_t *in, const char **head, size_t n);

/* The error met while reading, e.g. "truncated gzip stream", or NULL. */
const char *input_error(const input_t *in);

/* Number of bytes read from the file so far (compressed bytes for gzip). */
uint64_t input_file_bytes(const input_t *in);

/* Nonzero when the file is gzip-compressed. */
int input_is_gzip(const input_t *in);

void input_close(input_t *in);

#endif
