/* test_limits.c - the limits of indexer/input.c against hostile inputs:
 * a line over INPUT_LINE_MAX is cut and the next one read, input_slurp
 * stops at INPUT_SLURP_MAX, gzip content stops at its size cap and at
 * INPUT_MAX_RATIO (a gzip bomb), each with an error saying which. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "input.h"

static char dir[] = "/tmp/morgue-limits.XXXXXX";

/* A file of n bytes made by fill(buf, n) under dir, gzip-compressed when
 * gz; returns its path (static). */
static const char *make_file(const char *name, size_t n, int gz,
                             void (*fill)(char *buf, size_t n))
{
    static char path[256];
    char *buf = malloc(n);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (buf == NULL)
        return path;
    fill(buf, n);
    if (gz) {
        gzFile f = gzopen(path, "wb9");
        for (size_t at = 0; f != NULL && at < n; at += 1u << 20)
            gzwrite(f, buf + at, (unsigned)(n - at < (1u << 20) ? n - at : (1u << 20)));
        if (f != NULL)
            gzclose(f);
    } else {
        FILE *f = fopen(path, "wb");
        if (f != NULL) {
            fwrite(buf, 1, n, f);
            fclose(f);
        }
    }
    free(buf);
    return path;
}

/* "x" * (INPUT_LINE_MAX + 10), "\r\n", "next\n". */
static void fill_long_line(char *buf, size_t n)
{
    memset(buf, 'x', n);
    memcpy(buf + n - 7, "\r\nnext\n", 7);
}

static void fill_zeros(char *buf, size_t n)
{
    memset(buf, 0, n);
}

/* Text that compresses about 2 times: pseudo-random lower-case letters. */
static void fill_letters(char *buf, size_t n)
{
    unsigned long x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245 + 12345;
        buf[i] = (char)('a' + (x >> 16) % 26);
    }
}

static void test_line_cut(void)
{
    size_t n = INPUT_LINE_MAX + 10 + 7;
    const char *path = make_file("long.jsonl", n, 0, fill_long_line), *line;
    input_t *in;
    size_t len;
    char err[128];

    CHECK_INT(input_open(path, &in, err, sizeof err), 0);
    CHECK_INT(input_getline(in, &line, &len), 1);
    CHECK_INT(len, INPUT_LINE_MAX);
    CHECK(input_line_cut(in));
    CHECK(line[0] == 'x' && line[len - 1] == 'x' && line[len] == '\0');
    CHECK_INT(input_getline(in, &line, &len), 1);
    CHECK_STR(line, "next");
    CHECK(!input_line_cut(in));
    CHECK_INT(input_getline(in, &line, &len), 0);
    CHECK(input_error(in) == NULL);
    input_close(in);
}

static void test_slurp_cap(void)
{
    const char *path = make_file("big.txt", INPUT_SLURP_MAX + 1, 0, fill_letters);
    input_t *in;
    size_t len;
    char *all, err[128];

    CHECK_INT(input_open(path, &in, err, sizeof err), 0);
    CHECK_INT(input_slurp(in, &all, &len), -1);
    CHECK_INT(len, INPUT_SLURP_MAX);
    CHECK_STR(input_error(in), "larger than 32 MiB, reading stopped");
    free(all);
    input_close(in);

    /* exactly INPUT_SLURP_MAX is read whole */
    path = make_file("max.txt", INPUT_SLURP_MAX, 0, fill_letters);
    CHECK_INT(input_open(path, &in, err, sizeof err), 0);
    CHECK_INT(input_slurp(in, &all, &len), 0);
    CHECK_INT(len, INPUT_SLURP_MAX);
    CHECK(input_error(in) == NULL);
    free(all);
    input_close(in);
}

static void test_gzip_caps(void)
{
    const char *path = make_file("bomb.gz", 64u << 20, 1, fill_zeros);
    input_t *in;
    size_t len;
    char *all, err[128];

    /* 64 MiB of zeros compress about 1000 times: stopped after 16 MiB */
    CHECK_INT(input_open(path, &in, err, sizeof err), 0);
    CHECK_INT(input_slurp(in, &all, &len), -1);
    CHECK(len > INPUT_RATIO_AFTER && len < 2 * INPUT_RATIO_AFTER + (1u << 20));
    CHECK_STR(input_error(in), "gzip data expands over 200 times (a gzip bomb?), reading stopped");
    free(all);
    input_close(in);

    /* a lower size cap (the real one, 16 GiB, is too slow to reach) */
    path = make_file("letters.gz", 3u << 20, 1, fill_letters);
    CHECK_INT(input_open(path, &in, err, sizeof err), 0);
    input_set_max_content(in, 1u << 20);
    CHECK_INT(input_slurp(in, &all, &len), -1);
    CHECK_INT(len, 1u << 20);
    CHECK_STR(input_error(in), "over 1 MiB decompressed, reading stopped");
    free(all);
    input_close(in);

    /* within both caps, the whole of it */
    CHECK_INT(input_open(path, &in, err, sizeof err), 0);
    CHECK_INT(input_slurp(in, &all, &len), 0);
    CHECK_INT(len, 3u << 20);
    CHECK(input_error(in) == NULL);
    free(all);
    input_close(in);
}

int main(void)
{
    char cmd[64];
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    test_line_cut();
    test_slurp_cap();
    test_gzip_caps();
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return check_report();
}
