/* sink.h - the reader tests' sink: the emit and warn callbacks of a
 * reader_ctx_t that keep deep copies of the articles a reader hands over
 * and the warnings it gives, and sink_run, which runs a reader on a file
 * into a sink. Owned by tests/unit/sink.c; used by test_readers.c,
 * test_feed.c, test_sgml.c, test_warc_csv.c and test_mail.c. Include it
 * after check.h: its CHECK_ macros count in the including test. */
#ifndef MORGUE_TEST_SINK_H
#define MORGUE_TEST_SINK_H

#include <stdarg.h>
#include <stddef.h>

#include "morgue.h"
#include "reader.h"

#define SINK_MAX_ARTICLES 64    /* articles kept; the others are only counted */
#define SINK_MAX_WARNINGS 64    /* warnings kept; the others are dropped */
#define SINK_MAX_TAGS 64        /* tags kept of each article */

/* One warning the reader gave. */
typedef struct sink_warning {
    unsigned long line;         /* its line, 0 for the whole file */
    int skipped;                /* nonzero when something was not indexed */
    char text[512];             /* the message, formatted */
} sink_warning_t;

/* One article kept. */
typedef struct sink_article {
    morgue_article_t a;               /* deep copy; a.ntags as emitted,
                                       * a.tags pointing into tags */
    morgue_tag_t tags[SINK_MAX_TAGS]; /* deep copies of the first tags */
} sink_article_t;

typedef struct sink {
    sink_article_t art[SINK_MAX_ARTICLES]; /* the first articles emitted */
    long narticles;                        /* all articles emitted */
    sink_warning_t warn[SINK_MAX_WARNINGS]; /* the first warnings */
    int nwarnings;                         /* warnings kept */
    long stop_after;                       /* ask to stop after this many; 0: never */
} sink_t;

/* reader_ctx_t.emit and .warn, with a sink_t as ctx.sink. */
int sink_emit(void *sink, const morgue_article_t *a);
void sink_warn(void *sink, unsigned long line, int skipped, const char *fmt,
               va_list ap);

/* Free what s keeps and zero it (stop_after too). */
void sink_free(sink_t *s);

/* Run reader on path, with the --map options map[0..nmap) (NULL, 0 for
 * none), into s: cleared first, its stop_after kept. Returns what the
 * reader returned, or READ_FAILED when the file cannot be opened. */
reader_result_t sink_run(const reader_t *reader, const char *path, sink_t *s,
                         const reader_map_t *map, size_t nmap);

/* The number of tags of k that are kept in k->tags. */
size_t sink_ntags(const sink_article_t *k);

/* The i-th tag of k as "field=value" (a static buffer, overwritten by the
 * next call), or NULL when k has no such tag kept. */
const char *sink_tag(const sink_article_t *k, size_t i);

/* Nonzero when s is not NULL and starts with prefix. */
int sink_starts_with(const char *s, const char *prefix);

#define CHECK_PREFIX(got, prefix) do { \
    const char *gp_ = (got); \
    if (sink_starts_with(gp_, prefix)) check_passed++; \
    else { check_failed++; fprintf(stderr, "%s:%d: %s: got \"%.80s\", want it to start with \"%s\"\n", \
                                   __FILE__, __LINE__, #got, gp_ ? gp_ : "(null)", prefix); } \
} while (0)

/* The i-th warning of the sink *s is at wline, skipped or not, and says
 * exactly wtext (CHECK_WARN) or starts with it (CHECK_WARN_PREFIX). */
#define CHECK_WARN(s, i, wline, wskipped, wtext) do { \
    CHECK((s)->nwarnings > (i)); \
    if ((s)->nwarnings > (i)) { \
        CHECK_INT((s)->warn[i].line, wline); \
        CHECK_INT((s)->warn[i].skipped, wskipped); \
        CHECK_STR((s)->warn[i].text, wtext); \
    } \
} while (0)

#define CHECK_WARN_PREFIX(s, i, wline, wskipped, wtext) do { \
    CHECK((s)->nwarnings > (i)); \
    if ((s)->nwarnings > (i)) { \
        CHECK_INT((s)->warn[i].line, wline); \
        CHECK_INT((s)->warn[i].skipped, wskipped); \
        CHECK_PREFIX((s)->warn[i].text, wtext); \
    } \
} while (0)

#endif
