/* reader_harness.h - the one harness body every reader shares: the bytes
 * become a file (fuzz_file), are opened with input_open (so gzip content is
 * decompressed as in a real run), sniffed and read by FUZZ_READER, and every
 * article emitted and every warning is checked. fuzz/reader_NAME.c defines
 * FUZZ_READER (and optionally FUZZ_PATH and FUZZ_VARIANTS) and includes this,
 * so that each reader gets its own binary and its own run. */
#ifndef MORGUE_READER_HARNESS_H
#define MORGUE_READER_HARNESS_H

#include "fuzz.h"
#include "input.h"
#include "reader.h"

#ifndef FUZZ_READER
#error "define FUZZ_READER (reader_text, ...) before including reader_harness.h"
#endif

/* The path the reader sees (readers look at its name: .tsv, a newsgroup
 * folder); FUZZ_PATH_FOR(size) may pick one by the input's size. */
#ifndef FUZZ_PATH_FOR
#define FUZZ_PATH_FOR(size) "/fuzz/input"
#endif
/* The --map options the reader gets; FUZZ_MAP_FOR(size) may pick them. */
#ifndef FUZZ_MAP_FOR
#define FUZZ_MAP_FOR(size, n) ((*(n) = 0), (const reader_map_t *)NULL)
#endif

typedef struct fuzz_sink {
    size_t articles;    /* emitted so far */
} fuzz_sink_t;

static int fuzz_emit(void *p, const morgue_article_t *a)
{
    fuzz_sink_t *s = p;
    fuzz_check_article(a);
    s->articles++;
    return 0;
}

/* Format the warning, so that every %s argument is read to its NUL. */
static void fuzz_warn(void *p, unsigned long line, int skipped, const char *fmt,
                      va_list ap)
{
    char msg[1024];
    (void)p; (void)line; (void)skipped;
    FUZZ_ASSERT(fmt != NULL);
    FUZZ_ASSERT(vsnprintf(msg, sizeof msg, fmt, ap) >= 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const reader_t *reader = &FUZZ_READER;
    char err[256];
    input_t *in;
    const char *head;
    fuzz_sink_t sink = { 0 };
    reader_ctx_t ctx = { .path = FUZZ_PATH_FOR(size), .shown = "input", .emit = fuzz_emit,
                         .warn = fuzz_warn, .sink = &sink };

    ctx.map = FUZZ_MAP_FOR(size, &ctx.nmap);
    /* format_pick asks every sniffer about any file: the raw bytes, exactly
     * size of them, so that a read past n is caught. */
    if (reader->sniff)
        (void)reader->sniff((const char *)data, size);
    FUZZ_ASSERT(input_open(fuzz_file(data, size), &in, err, sizeof err) == 0);
    /* As indexer/ingest.c does: sniff the head, then read. */
    size_t n = input_peek(in, &head, 512);
    if (reader->sniff)
        (void)reader->sniff(head, n);
    reader_result_t res = reader->read(in, &ctx);
    FUZZ_ASSERT(res == READ_OK || res == READ_PARTIAL || res == READ_FAILED);
    input_close(in);
    return 0;
}

#endif
