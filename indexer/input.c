/* input.c - the byte streams of input.h: a plain or gzip-compressed file,
 * read whole, in blocks or line by line, through one internal buffer so
 * that input_peek can sniff the first bytes without consuming them.
 * Owns the zlib handle and the error message of one open file. Called by
 * indexer/main.c (input_open, input_close) and by the readers (the rest).
 * Knows nothing of articles or of the index. */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define INPUT_BLOCK (64 * 1024)   /* bytes asked of zlib at a time */
#define INPUT_MAX_ASK (1u << 30)  /* gzread takes an unsigned int */
#define INPUT_GZIP_ASK (1u << 20) /* most asked of a gzip stream at once, so that
                                     its caps are checked every MiB */

struct input {
    gzFile gz;           /* zlib reads both gzip and plain files */
    int gzip;            /* nonzero when the content is gzip-compressed */
    char *buf;           /* content read ahead: peeked or not yet consumed */
    size_t cap;          /* allocated size of buf */
    size_t pos;          /* first unconsumed byte of buf */
    size_t end;          /* one past the last valid byte of buf */
    int eof;             /* the source has no more content */
    char *line;          /* the line input_getline returned last */
    size_t line_cap;     /* allocated size of line */
    uint64_t content;    /* content bytes taken from zlib so far */
    uint64_t max_content; /* INPUT_MAX_CONTENT, or --max-read */
    int capped;          /* reading stopped at max_content */
    int line_cut;        /* the last line was cut at INPUT_LINE_MAX */
    char error[200];     /* the error met, or "" */
};

/* Record the first error; later ones are consequences of it. */
static void set_error(input_t *in, const char *what, const char *detail)
{
    if (in->error[0])
        return;
    if (detail)
        snprintf(in->error, sizeof in->error, "%s: %s", what, detail);
    else
        snprintf(in->error, sizeof in->error, "%s", what);
}

/* zlib prefixes its messages with the "path" it was given ("<fd:3>: "). */
static const char *zlib_message(const char *msg)
{
    const char *colon = msg ? strstr(msg, ": ") : NULL;
    if (!msg)
        return "unknown error";
    return colon ? colon + 2 : msg;
}

/* Turn zlib's error state into a message after a read; returns nonzero
 * when there was an error. */
static int check_gz_error(input_t *in, int saved_errno)
{
    int errnum = Z_OK;
    const char *msg = gzerror(in->gz, &errnum);

    switch (errnum) {
    case Z_OK:
    case Z_STREAM_END:
        return 0;
    case Z_BUF_ERROR:
        set_error(in, "truncated gzip stream", NULL);
        break;
    case Z_DATA_ERROR:
        set_error(in, "corrupt gzip data", zlib_message(msg));
        break;
    case Z_ERRNO:
        set_error(in, "read error", strerror(saved_errno));
        break;
    case Z_MEM_ERROR:
        set_error(in, "out of memory", NULL);
        break;
    default:
        set_error(in, "gzip error", zlib_message(msg));
        break;
    }
    return 1;
}

/* Check content against max_content (any file) and INPUT_MAX_RATIO (a
 * gzip bomb); returns nonzero, with the error recorded, when over. */
static int over_limits(input_t *in)
{
    char what[120];
    z_off_t packed;

    if (in->content > in->max_content) {
        uint64_t max = in->max_content;
        int shift = max > 0 && max % (1u << 30) == 0 ? 30 : max > 0 && max % (1u << 20) == 0 ? 20 : 0;
        snprintf(what, sizeof what, "over %llu %s%s, reading stopped",
                 (unsigned long long)(max >> shift),
                 shift == 30 ? "GiB" : shift == 20 ? "MiB" : "bytes",
                 in->gzip ? " decompressed" : "");
        set_error(in, what, NULL);
        in->capped = 1;
        return 1;
    }
    if (!in->gzip || in->content <= INPUT_RATIO_AFTER)
        return 0;
    packed = gzoffset(in->gz);
    if (packed > 0 && in->content / (uint64_t)packed >= INPUT_MAX_RATIO) {
        snprintf(what, sizeof what, "gzip data expands over %u times (a gzip bomb?), "
                 "reading stopped", INPUT_MAX_RATIO);
        set_error(in, what, NULL);
        return 1;
    }
    return 0;
}

/* Read up to n bytes of content straight from zlib. Returns the number
 * read (possibly with an error recorded for the next call), 0 at the end,
 * or -1 on an error. */
static long source_read(input_t *in, char *dst, size_t n)
{
    int got;

    if (in->error[0])
        return -1;
    if (in->eof)
        return 0;
    if (n > INPUT_MAX_ASK)
        n = INPUT_MAX_ASK;
    if (in->gzip && n > INPUT_GZIP_ASK)
        n = INPUT_GZIP_ASK;
    if (n > in->max_content - in->content + 1)
        n = (size_t)(in->max_content - in->content + 1);  /* one more: is there more? */
    errno = 0;
    got = gzread(in->gz, dst, (unsigned)n);
    if (got > 0)
        in->content += (uint64_t)got;
    if (check_gz_error(in, errno))
        return got > 0 ? got : -1;
    if (got > 0 && over_limits(in)) {
        if (in->content > in->max_content) {  /* only what is within the cap */
            got -= (int)(in->content - in->max_content);
            in->content = in->max_content;
        }
        return got > 0 ? got : -1;
    }
    if (got <= 0)
        in->eof = 1;
    return got > 0 ? got : 0;
}

/* Make room for at least want bytes in buf, keeping the unconsumed ones.
 * Returns 0, or -1 when out of memory. */
static int reserve(input_t *in, size_t want)
{
    size_t have = in->end - in->pos;
    char *grown;

    if (in->pos > 0) {
        memmove(in->buf, in->buf + in->pos, have);
        in->pos = 0;
        in->end = have;
    }
    if (in->cap >= want)
        return 0;
    grown = realloc(in->buf, want);
    if (!grown) {
        set_error(in, "out of memory", NULL);
        return -1;
    }
    in->buf = grown;
    in->cap = want;
    return 0;
}

/* Append more content to buf. Returns the number of bytes added, 0 at
 * the end, or -1 on an error. */
static long fill(input_t *in)
{
    long got;

    if (in->end == in->cap && reserve(in, in->cap) < 0)
        return -1;
    if (in->end == in->cap && reserve(in, in->cap * 2) < 0)
        return -1;
    got = source_read(in, in->buf + in->end, in->cap - in->end);
    if (got > 0)
        in->end += (size_t)got;
    return got;
}

int input_open(const char *path, input_t **in, char *err, size_t errlen)
{
    struct stat st;
    input_t *self;
    int fd;

    *in = NULL;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s", strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s", strerror(EISDIR));
        close(fd);
        return -1;
    }
    self = calloc(1, sizeof *self);
    if (self)
        self->buf = malloc(INPUT_BLOCK);
    if (!self || !self->buf) {
        snprintf(err, errlen, "out of memory");
        if (self)
            free(self);
        close(fd);
        return -1;
    }
    self->cap = INPUT_BLOCK;
    self->max_content = INPUT_MAX_CONTENT;
    self->gz = gzdopen(fd, "rb");
    if (!self->gz) {
        snprintf(err, errlen, "out of memory");
        free(self->buf);
        free(self);
        close(fd);
        return -1;
    }
    gzbuffer(self->gz, INPUT_BLOCK);
    /* gzdirect looks at the magic bytes: 1f 8b means gzip. */
    self->gzip = !gzdirect(self->gz);
    *in = self;
    return 0;
}

long input_read(input_t *in, char *buf, size_t n)
{
    size_t have = in->end - in->pos;

    if (n == 0)
        return 0;
    if (have == 0 && n >= in->cap)
        return source_read(in, buf, n);
    if (have == 0) {
        long got = fill(in);
        if (got <= 0)
            return got;
        have = in->end - in->pos;
    }
    if (n > have)
        n = have;
    if (n > LONG_MAX)
        n = LONG_MAX;
    memcpy(buf, in->buf + in->pos, n);
    in->pos += n;
    return (long)n;
}

/* Append n bytes to the line being built, which holds *len bytes. */
static int line_append(input_t *in, size_t *len, const char *src, size_t n)
{
    if (*len + n + 1 > in->line_cap) {
        size_t want = in->line_cap ? in->line_cap : 256;
        char *grown;
        while (want < *len + n + 1)
            want *= 2;
        grown = realloc(in->line, want);
        if (!grown) {
            set_error(in, "out of memory", NULL);
            return -1;
        }
        in->line = grown;
        in->line_cap = want;
    }
    memcpy(in->line + *len, src, n);
    *len += n;
    in->line[*len] = '\0';
    return 0;
}

int input_getline(input_t *in, const char **line, size_t *len)
{
    size_t n = 0;
    int any = 0;

    in->line_cut = 0;
    for (;;) {
        char *start = in->buf + in->pos;
        size_t have = in->end - in->pos;
        char *nl = have ? memchr(start, '\n', have) : NULL;
        size_t take = nl ? (size_t)(nl - start) : have;
        size_t keep = take < INPUT_LINE_MAX - n ? take : INPUT_LINE_MAX - n;
        long got;

        /* Past INPUT_LINE_MAX the line is read on to its end, not kept. */
        if (keep < take)
            in->line_cut = 1;
        if (line_append(in, &n, start, keep) < 0)
            return -1;
        any |= have > 0;
        in->pos += nl ? take + 1 : take;
        if (nl) {
            if (n > 0 && in->line[n - 1] == '\r' && !in->line_cut)
                in->line[--n] = '\0';
            break;
        }
        got = fill(in);
        if (got < 0)
            return -1;
        if (got == 0) {
            if (!any)
                return 0;
            break;
        }
    }
    *line = in->line;
    *len = n;
    return 1;
}

int input_slurp(input_t *in, char **buf, size_t *len)
{
    size_t cap = INPUT_BLOCK, n = 0;
    char *out = malloc(cap + 1);
    long got;

    *buf = NULL;
    *len = 0;
    if (!out) {
        set_error(in, "out of memory", NULL);
        return -1;
    }
    for (;;) {
        if (n == cap && cap >= INPUT_SLURP_MAX) {
            char probe, what[80];
            if ((got = input_read(in, &probe, 1)) > 0) {
                snprintf(what, sizeof what, "larger than %u MiB, reading stopped",
                         INPUT_SLURP_MAX >> 20);
                set_error(in, what, NULL);
                in->capped = 1;
                got = -1;
            }
            break;
        }
        if (n == cap) {
            char *grown = realloc(out, cap * 2 + 1);
            if (!grown) {
                set_error(in, "out of memory", NULL);
                got = -1;
                break;
            }
            out = grown;
            cap *= 2;
        }
        got = input_read(in, out + n, cap - n);
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    out[n] = '\0';
    *buf = out;
    *len = n;
    return got < 0 ? -1 : 0;
}

size_t input_peek(input_t *in, const char **head, size_t n)
{
    if (in->end - in->pos < n && reserve(in, n > in->cap ? n : in->cap) == 0) {
        while (in->end - in->pos < n && fill(in) > 0)
            ;
    }
    *head = in->buf + in->pos;
    return in->end - in->pos < n ? in->end - in->pos : n;
}

int input_line_cut(const input_t *in)
{
    return in->line_cut;
}

int input_capped(const input_t *in)
{
    return in->capped;
}

void input_set_max_content(input_t *in, uint64_t max)
{
    in->max_content = max;
}

const char *input_error(const input_t *in)
{
    return in->error[0] ? in->error : NULL;
}

uint64_t input_file_bytes(const input_t *in)
{
    z_off_t off = gzoffset(in->gz);
    if (off >= 0)
        return (uint64_t)off;
    return in->gzip ? 0 : in->content;
}

int input_is_gzip(const input_t *in)
{
    return in->gzip;
}

void input_close(input_t *in)
{
    if (!in)
        return;
    gzclose_r(in->gz);
    free(in->buf);
    free(in->line);
    free(in);
}
