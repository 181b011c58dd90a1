/* fields.h - the fields of a stored article as morgue-query prints them:
 * one table (name, label, what they are) and one walk over it, so that a
 * printer writes each field through one call, for hits and for --show
 * alike, and no printer lists the fields itself. Owned by query/fields.c;
 * used by the printers of query/. */
#ifndef MORGUE_FIELDS_H
#define MORGUE_FIELDS_H

#include <stddef.h>
#include "morgue.h"

/* What a field is; a walk visits the fields that have a flag of include
 * and none of exclude. */
enum {
    FIELD_SHOW = 1 << 0,      /* printed by --show (every field) */
    FIELD_HIT = 1 << 1,       /* part of a json/jsonl hit */
    FIELD_HEADLINE = 1 << 2,  /* comes first in the line layouts of --show */
    FIELD_BODY = 1 << 3,      /* the article's text, after its other fields */
    FIELD_PATH = 1 << 4,      /* a file name: bytes, not necessarily UTF-8 */
};

typedef struct print_field {
    const char *name;         /* json key and tsv name: "date" */
    const char *label;        /* label of text --show: "Date:" */
    unsigned flags;           /* FIELD_ bits */
    size_t offset;            /* of its string in morgue_article_t */
} print_field_t;

/* Receives one field of a walk: value is NULL when the article lacks it. */
typedef void (*put_field_fn)(void *state, const print_field_t *f, const char *value);

/* Walk the fields of a in the schema's order (date, title, source, author,
 * place, url, path, source_id, language, body: README.md), calling put for each that
 * has a flag of include and none of exclude. */
void put_article(const morgue_article_t *a, unsigned include, unsigned exclude,
                 put_field_fn put, void *state);

#endif
