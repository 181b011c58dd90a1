/* record.h - the stored form of an article: its fields serialized and
 * sealed with a checksum into the Xapian document's data (docs/schema.md, "Stored
 * record"). Owned by lib/record.c; used by lib/put.c, get.c, search.c and the
 * writers (writer_direct.c, shards.c). */
#ifndef MORGUE_RECORD_H
#define MORGUE_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include "morgue.h"

/* A decoded record: article's strings point into buf. */
typedef struct mg_record {
    morgue_article_t article; /* views into buf; path, line and all fields */
    morgue_tag_t *tags;       /* article.tags (owned), views into buf */
    char sid[17];             /* the stable id, 16 hex digits */
    char *buf;                /* the raw bytes (owned) */
} mg_record_t;

/* Serialize article and its stable id. On success returns 0 with a
 * malloc'd buffer in *raw (caller frees) of *raw_len bytes; -1 when out of
 * memory. The raw form is what the content fingerprint is taken of. */
int mg_record_serialize(const morgue_article_t *article, const char *sid,
                        char **raw, size_t *raw_len);

/* Seal raw into the stored form: header and checksum (malloc'd, caller
 * frees). Returns 0, or -1 when out of memory. */
int mg_record_seal(const char *raw, size_t raw_len, char **out, size_t *out_len);

/* Decode stored bytes. Returns MORGUE_OK and a malloc'd record (free with
 * mg_record_free), MORGUE_INDEX_CORRUPT when the bytes are not a record,
 * or MORGUE_NO_MEMORY. */
morgue_status_t mg_record_decode(const char *data, size_t len,
                                 mg_record_t **record);

void mg_record_free(mg_record_t *record);

#endif
