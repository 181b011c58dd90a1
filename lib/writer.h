/* writer.h - how a writable handle writes its articles: one interface, two
 * implementations. lib/writer_direct.c writes each document into the index
 * itself; lib/writer_sharded.c builds a first build on several threads in
 * shards (lib/shards.c) and merges them into the index at the commit.
 *
 * A handle holds one writer (morgue_db_t.writer): the direct one from its
 * opening, the sharded one from morgue_db_set_threads on an empty index to
 * the commit that merges. lib/put.c, lib/files.c, lib/get.c and lib/open.c
 * reach it through these operations only and never ask which one they
 * have. Every operation that fails returns its status with the message set
 * on db. */
#ifndef MORGUE_WRITER_H
#define MORGUE_WRITER_H

#include <stddef.h>
#include <stdint.h>
#include "morgue.h"
#include "xbind.h"

typedef struct mg_writer mg_writer_t;

/* An article ready to be written, as lib/put.c prepared it. */
typedef struct mg_write {
    const morgue_article_t *article; /* the article (its path already filled in) */
    uint64_t id;                     /* its identity hash */
    const char *sid;                 /* the id in hex: the PFX_ID term's value */
    const char *raw;                 /* its serialized record (mg_record_serialize) */
    size_t raw_len;                  /* bytes of raw */
    const char *fingerprint;         /* hex hash of raw: SLOT_FINGERPRINT */
    const char *stemmer;             /* the Snowball name its text is stemmed with */
} mg_write_t;

typedef struct mg_writer_ops {
    /* Write the article as the document of its id, replacing one stored
     * under the same id; the PFX_FILE key is db->file_key. */
    morgue_status_t (*put)(mg_writer_t *w, morgue_db_t *db, const mg_write_t *a);
    /* Where the document of id is if it is anywhere: *where is set to the
     * database to look in, or to NULL when it cannot be stored yet (a first
     * build that has not put it). Waits for the writes it may be among. */
    morgue_status_t (*home)(mg_writer_t *w, morgue_db_t *db, uint64_t id, xb_db_t **where);
    /* Wait until every article put so far is written (mg_db_settle). */
    morgue_status_t (*settle)(mg_writer_t *w, morgue_db_t *db);
    /* A file is begun (morgue_db_file_begin, path is its absolute path). */
    morgue_status_t (*file_begin)(mg_writer_t *w, morgue_db_t *db, const char *path);
    /* How many databases besides db->xb hold articles put through the
     * handle (0 for the direct writer); with current_file set, only those
     * that can hold articles of the current file put by an earlier reading
     * of it in this run. Settle before reading them. */
    unsigned (*others)(const mg_writer_t *w, int current_file);
    /* The i-th of them (i < others(w, 0)). */
    xb_db_t *(*other)(mg_writer_t *w, unsigned i);
    /* How many threads write the articles: 1 for the direct writer, the
     * number of shards for a first build (whose threads and word positions
     * can then no longer change). */
    unsigned (*threads)(const mg_writer_t *w);
    /* Make everything put so far part of the index for good. A writer
     * whose work ends there (a first build, merged) frees itself and leaves
     * db->writer the direct writer, whatever the outcome. */
    morgue_status_t (*commit)(mg_writer_t *w, morgue_db_t *db);
    /* Release the writer, dropping what was not committed (a first build
     * in shards is abandoned: the index stays as it was). */
    void (*free)(mg_writer_t *w);
} mg_writer_ops_t;

struct mg_writer {
    const mg_writer_ops_t *ops;      /* its implementation */
};

/* The direct writer (lib/writer_direct.c): stateless, shared by every
 * handle; its free does nothing. */
mg_writer_t *mg_writer_direct(void);

/* Start a first build of the empty index of db on threads threads (at
 * least 2) in shards (lib/writer_sharded.c): db's own changes are held
 * unwritten from here until the merge, so that a build killed before it
 * leaves the index as it was. On success *out is the sharded writer; on
 * failure the held changes are dropped and the message is set on db. */
morgue_status_t mg_writer_sharded_start(morgue_db_t *db, unsigned threads,
                                        mg_writer_t **out);

#endif
