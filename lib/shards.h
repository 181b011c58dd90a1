/* shards.h - a first build on several cores (lib/shards.c): an index that
 * holds no articles yet is built as several Xapian databases at once, one
 * thread each, which are then merged into the index in one step. Used by
 * lib/writer_sharded.c (the build) and lib/open.c (recovery when a writer
 * opens the index; a reader refusing a half-moved one). */
#ifndef MORGUE_SHARDS_H
#define MORGUE_SHARDS_H

#include <stdint.h>
#include "morgue.h"
#include "xbind.h"

typedef struct mg_shards mg_shards_t;

/* The directory, inside the index directory, that holds a build's shards
 * and its merged result until they become the index. */
#define SHARDS_DIR ".morgue-build"

/* Start n shard threads for the index directory index, building documents
 * with word positions when positions is nonzero. Returns MORGUE_OK,
 * MORGUE_IO_ERROR, MORGUE_NO_MEMORY or MORGUE_ENGINE_ERROR, with a message
 * in err (XB_ERRLEN bytes). */
morgue_status_t mg_shards_start(const char *index, unsigned n, int positions,
                                mg_shards_t **out, char *err);

/* Queue an article for the shard of id: raw is its serialized record (as
 * mg_record_serialize made it; copied), sid its stable id, fingerprint its
 * content hash, file_key the PFX_FILE key, stemmer the Snowball name. The
 * shard's thread builds and writes the document. Returns the first failure
 * of an earlier write, if any. */
morgue_status_t mg_shards_put(mg_shards_t *s, uint64_t id, const char *sid,
                              const char *raw, size_t raw_len, const char *fingerprint,
                              const char *file_key, const char *stemmer, char *err);

/* Wait until every queued article is written. Then, until the next put,
 * the shards may be read and changed from the caller's thread. */
morgue_status_t mg_shards_settle(mg_shards_t *s, char *err);

unsigned mg_shards_count(const mg_shards_t *s);
/* Shard i, or the shard that holds id. */
xb_db_t *mg_shards_at(mg_shards_t *s, unsigned i);
xb_db_t *mg_shards_of(mg_shards_t *s, uint64_t id);

/* Merge the shards into the index: compact them into one database, give it
 * every metadata entry of main (the index's handle, whose own changes were
 * held since the start: see xb_hold_changes) and languages, then move it
 * into the index directory. main is closed and *main set to NULL; the
 * caller opens the index again. The shards are gone afterwards, whatever
 * the outcome. */
morgue_status_t mg_shards_merge(mg_shards_t *s, xb_db_t **main, const char *languages,
                                char *err);

/* Stop the threads and delete the shards, unmerged. Accepts NULL. */
void mg_shards_abandon(mg_shards_t *s);

/* Before opening index for writing: finish moving a merged build into it
 * when a writer died half-way through (no other writer holds the lock). */
morgue_status_t mg_shards_recover(const char *index, char *err);

/* With the index's lock held: delete what a writer that died before its
 * merge left behind. */
void mg_shards_clean(const char *index);

/* Nonzero while a merged build is being moved into index, or after a
 * writer died doing it and before the next writer finishes it: the index
 * is then neither the old one nor the new one, and must not be read. */
int mg_shards_publishing(const char *index);

#endif
