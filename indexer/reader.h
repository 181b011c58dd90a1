/* reader.h - the one interface every input format implements. A reader
 * turns an input's bytes into morgue_article_t values and hands them to
 * emit(); it knows nothing of Xapian or of the index. Reports go through
 * warn() as "path[:line]: reason". One reader per file in indexer/readers/;
 * indexer/formats.c lists them and picks one for a file. */
#ifndef MORGUE_READER_H
#define MORGUE_READER_H

#include <stdarg.h>
#include "morgue.h"
#include "input.h"

/* One --map COLUMN=FIELD option: for tabular formats (CSV), which column
 * holds which article field. */
typedef struct reader_map {
    const char *column;    /* as in the header row */
    const char *field;     /* an article field name: title, date, body, ... */
} reader_map_t;

typedef struct reader_ctx {
    const char *path;      /* absolute path: goes into morgue_article_t.path */
    const char *shown;     /* the path as the user gave it: for messages */
    /* Hand one article over. Returns 0 to go on, nonzero to stop reading
     * (interrupted, or a fatal index error). */
    int (*emit)(void *sink, const morgue_article_t *article);
    /* Report a problem with one part of the input: line is 0 for the whole
     * file. skipped is nonzero when an article (or the file) was lost,
     * zero for a repair that kept it. */
    void (*warn)(void *sink, unsigned long line, int skipped, const char *fmt,
                 va_list ap);
    void *sink;            /* passed back to emit and warn */
    const reader_map_t *map; /* --map options, in order given */
    size_t nmap;
} reader_ctx_t;

/* What a reader's read() returns. */
typedef enum reader_result {
    READ_OK = 0,       /* the whole input was read */
    READ_PARTIAL,      /* read to the end, but parts were skipped (warned) */
    READ_FAILED,       /* nothing could be read (warned with the reason) */
    READ_STOPPED       /* emit() asked to stop */
} reader_result_t;

typedef struct reader {
    const char *name;  /* what --format takes: "text", "jsonl" */
    /* File name endings this reader takes (lower case, with the dot, no
     * ".gz": formats.c looks through that), NULL-terminated; may be NULL. */
    const char *const *extensions;
    /* Nonzero when the first n bytes of content (decompressed) look like
     * this format; used for files whose name says nothing. May be NULL. */
    int (*sniff)(const char *head, size_t n);
    /* Read in to its end, emitting articles. */
    reader_result_t (*read)(input_t *in, const reader_ctx_t *ctx);
} reader_t;

/* warn() with printf-style arguments. */
void reader_warn(const reader_ctx_t *ctx, unsigned long line, int skipped,
                 const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

extern const reader_t reader_text;   /* readers/text.c */
extern const reader_t reader_jsonl;  /* readers/jsonl.c */
extern const reader_t reader_html;   /* readers/html.c */
extern const reader_t reader_reuters; /* readers/reuters.c */
extern const reader_t reader_trec;    /* readers/trec.c */
extern const reader_t reader_feed;   /* readers/feed.c */
extern const reader_t reader_csv;    /* readers/csv.c */
extern const reader_t reader_warc;   /* readers/warc.c */
extern const reader_t reader_mail;   /* readers/mail.c */

#endif
