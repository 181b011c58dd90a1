/* batch.h - the query file of morgue-query --queries: one query a line,
 * QUERY or NAME<TAB>QUERY, blank lines and lines whose first non-blank
 * character is '#' skipped. Reads lines and splits them; knows nothing of
 * searching or printing. Owned by query/batch.c; used by query/main.c. */
#ifndef MORGUE_BATCH_H
#define MORGUE_BATCH_H

#include <stddef.h>
#include <stdio.h>

typedef struct batch_reader {
    FILE *f;            /* the file, or stdin for "-" */
    const char *name;   /* its name in messages: the path, or "stdin" */
    char *buf;          /* the current line (getline's buffer) */
    size_t cap;         /* buf's size */
    size_t line;        /* number of the line last read, from 1 */
} batch_reader_t;

typedef struct batch_query {
    const char *name;   /* NAME before the tab, or the query text when none */
    const char *text;   /* the query */
    size_t line;        /* its line in the file */
    const char *error;  /* non-NULL: the line is no query (says why); text is
                         * NULL, name NULL unless the line had one */
} batch_query_t;

/* Open path ("-": stdin). Returns 0, or -1 with errno set. */
int batch_open(batch_reader_t *r, const char *path);

/* The next query, valid until the next call: returns 1 with *q set (see
 * q->error), 0 at the end of the file, -1 when reading failed (errno). */
int batch_next(batch_reader_t *r, batch_query_t *q);

/* Close the file (not stdin) and free the line. */
void batch_close(batch_reader_t *r);

#endif
