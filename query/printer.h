/* printer.h - one interface for every output format of morgue-query:
 * text, json, jsonl, tsv. A printer turns results into bytes on stdout and
 * knows nothing of readers or of Xapian. One printer per file in query/;
 * query/main.c picks one by --format and asks the search for what the
 * printer says it needs. With --queries (jsonl only) every line carries
 * the query's label and line (print_info_t). A hit's article fields are walked through
 * query/fields.h. */
#ifndef MORGUE_PRINTER_H
#define MORGUE_PRINTER_H

#include <stdint.h>
#include "morgue.h"

typedef struct print_info {
    const char *query;      /* the query as the user gave it */
    uint64_t total;         /* exact number of matches (of those found, when !complete) */
    uint64_t indexed;       /* articles in the searched indexes */
    size_t offset;          /* hits skipped */
    size_t count;           /* hits that follow */
    int color;              /* nonzero: highlight with terminal escapes */
    int complete;           /* 0: the search was stopped at its time limit (--partial) */
    const char *label;      /* --queries: the query's name (or its text when it has none),
                             * or NULL; NULL when the line had neither */
    size_t line;            /* --queries: its line in the query file; 0 otherwise */
} print_info_t;

typedef struct printer {
    const char *name;       /* what --format takes */
    /* Start the output; returns a state handed to hit and end (may be NULL
     * for formats that need none; failure is reported by end). */
    void *(*begin)(const print_info_t *info);
    void (*hit)(void *state, const morgue_hit_t *hit);
    /* Finish, free state; returns 0, or -1 if the output failed. */
    int (*end)(void *state);
    /* Print one whole stored article (--show); returns 0 or -1. */
    int (*show)(const char *id, const morgue_article_t *article, int color);
    int snippets;           /* nonzero: hits are printed with their snippet */
    /* --queries: one query of the batch (info's label and line) that could
     * not be searched, with why; returns 0 or -1. NULL: the format has no
     * batch output (only jsonl has). */
    int (*failed)(const print_info_t *info, const char *message);
} printer_t;

extern const printer_t printer_text;   /* query/print_text.c */
extern const printer_t printer_json;   /* query/print_json.c */
extern const printer_t printer_jsonl;  /* query/print_json.c */
extern const printer_t printer_tsv;    /* query/print_tsv.c */

#endif
