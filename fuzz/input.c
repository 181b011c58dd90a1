/* input.c - fuzzes the plain/gzip input layer (indexer/input.c): peek, read, getline and slurp on the bytes as a file. */
/* The input's size picks how it is read (size % 4): 0 slurped whole; 1 line
 * by line; 2 in blocks of 1 to 13 bytes; 3 peeked at several sizes, then a
 * line, blocks and the rest. Content that is not gzip must come back
 * byte for byte; gzip content must come back the same whichever way. */
#include "fuzz.h"
#include "input.h"

/* Everything read, appended. */
typedef struct got {
    char *p;
    size_t len, cap;
} got_t;

static void got_add(got_t *g, const char *s, size_t n)
{
    if (g->len + n + 1 > g->cap) {
        g->cap = (g->len + n + 1) * 2;
        g->p = realloc(g->p, g->cap);
        FUZZ_ASSERT(g->p != NULL);
    }
    memcpy(g->p + g->len, s, n);
    g->len += n;
}

static void read_lines(input_t *in, got_t *g)
{
    const char *line;
    size_t len;
    int rc;
    while ((rc = input_getline(in, &line, &len)) == 1) {
        FUZZ_ASSERT(line[len] == '\0');
        FUZZ_ASSERT(memchr(line, '\n', len) == NULL);
        got_add(g, line, len);
        got_add(g, "\n", 1);
    }
    FUZZ_ASSERT(rc == 0 || input_error(in) != NULL);
}

static void read_blocks(input_t *in, got_t *g, size_t step)
{
    char buf[16];
    long n;
    while ((n = input_read(in, buf, step)) > 0) {
        FUZZ_ASSERT((size_t)n <= step);
        got_add(g, buf, (size_t)n);
    }
    FUZZ_ASSERT(n == 0 || input_error(in) != NULL);
}

static void read_rest(input_t *in, got_t *g)
{
    char *all;
    size_t len;
    int rc = input_slurp(in, &all, &len);
    FUZZ_ASSERT(all != NULL && all[len] == '\0');
    FUZZ_ASSERT(rc == 0 || input_error(in) != NULL);
    got_add(g, all, len);
    free(all);
}

/* Read the file in the given way; returns 0, or -1 when it met an error. */
static int read_as(const char *path, int how, size_t step, got_t *g, int *gzip)
{
    char err[256];
    input_t *in;
    const char *head;
    FUZZ_ASSERT(input_open(path, &in, err, sizeof err) == 0);
    *gzip = input_is_gzip(in);
    switch (how) {
    case 0:
        read_rest(in, g);
        break;
    case 1:
        read_lines(in, g);
        break;
    case 2:
        read_blocks(in, g, step);
        break;
    default: {
        static const size_t sizes[] = { 0, 1, 7, 512, 70000, 3 };
        size_t first = input_peek(in, &head, 2);
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            size_t n = input_peek(in, &head, sizes[i]);
            FUZZ_ASSERT(n <= sizes[i]);
            unsigned sum = 0;  /* touch every byte peeked */
            for (size_t k = 0; k < n; k++)
                sum += (unsigned char)head[k];
            (void)sum;
            /* Peeking never consumes: a longer peek starts the same. */
            FUZZ_ASSERT(n >= (first < sizes[i] ? first : sizes[i]) || input_error(in) != NULL);
        }
        read_lines(in, g);  /* one line would do; all of them is simpler */
        read_blocks(in, g, 5);
        read_rest(in, g);
        break;
    }
    }
    (void)input_file_bytes(in);
    int failed = input_error(in) != NULL;
    input_close(in);
    return failed ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    got_t a = { 0 }, b = { 0 };
    int how = (int)(size % 4), gzip, gzip2;
    int rc = read_as(path, how, 1 + size % 13, &a, &gzip);
    /* The reference: slurped whole. */
    int rc2 = read_as(path, 0, 0, &b, &gzip2);
    FUZZ_ASSERT(gzip == gzip2);
    if (!gzip) {
        FUZZ_ASSERT(rc == 0 && rc2 == 0);
        FUZZ_ASSERT(b.len == size && (size == 0 || memcmp(b.p, data, size) == 0));
    }
    if (rc == 0 && rc2 == 0 && (how == 0 || how == 2)) {
        FUZZ_ASSERT(a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0));
    }
    /* Lines joined with "\n" give the content back (without a "\r", which
     * a line loses before its "\n"), plus a "\n" the last line lacked. */
    if (rc == 0 && rc2 == 0 && (how == 1 || how == 3) &&
        (b.len == 0 || memchr(b.p, '\r', b.len) == NULL)) {
        size_t want = b.len + (b.len > 0 && b.p[b.len - 1] != '\n');
        FUZZ_ASSERT(a.len == want && (b.len == 0 || memcmp(a.p, b.p, b.len) == 0));
    }
    free(a.p);
    free(b.p);
    return 0;
}
