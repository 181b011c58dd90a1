/* db.h - the inside of a morgue_db_t, shared by the files that implement
 * the public API on it: lib/db.c (open, files, put, get), lib/search.c.
 * Not part of the API. */
#ifndef MORGUE_DB_H
#define MORGUE_DB_H

#include <stdarg.h>
#include "morgue.h"
#include "idset.h"
#include "shards.h"
#include "xbind.h"

#define DB_ERRLEN 1024

struct morgue_db {
    xb_db_t *xb;            /* the Xapian database(s) */
    int writable;           /* opened with MORGUE_WRITE */
    char *name;             /* the index path, for messages */
    char *language;         /* default stemming language */
    int language_forced;    /* the caller chose it: queries use only it */
    char *languages;        /* every stemming language in the index, comma-separated */
    int languages_dirty;    /* languages must be written at the next commit */
    int positions;          /* free text keeps word positions (META_POSITIONS) */
    char err[DB_ERRLEN];    /* last failure message */
    /* The file being indexed, between file_begin and file_end. */
    int in_file;
    char *file_path;        /* its absolute path */
    char file_key[17];      /* hash of the path: PFX_FILE term and metadata key */
    idset_t seen;           /* ids put from it during this run */
    int put_any;            /* an article was put through this handle */
    /* A first build in shards (morgue_db_set_threads), until the next
     * commit merges them into the index; NULL otherwise. */
    mg_shards_t *shards;
    idset_t shard_ids;      /* with shards: the ids put to them */
    idset_t shard_files;    /* with shards: the files begun */
    int file_again;         /* with shards: the current file was begun before */
};

/* Wait until every article put so far is written (to its shard, in a
 * first build in shards). Returns MORGUE_OK or a shard's failure, with the
 * message set on db. */
morgue_status_t mg_db_settle(morgue_db_t *db);

/* MORGUE_OK, or MORGUE_IO_ERROR with a message when the handle lost its
 * database (it could not be opened again after a merge). */
morgue_status_t mg_db_usable(morgue_db_t *db);

/* Record a failure message on db and return status. */
morgue_status_t mg_db_fail(morgue_db_t *db, morgue_status_t status,
                           const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record the binding's message xerr, prefixed with the index name. */
morgue_status_t mg_db_xfail(morgue_db_t *db, morgue_status_t status,
                            const char *xerr);

/* How often a reader reopens the index and retries a read that met a
 * revision the writer has since overwritten (see mg_db_stale). */
#define MG_READ_RETRIES 10

/* Nonzero when status, from a read on db, may only mean that a writer
 * committed under it: MORGUE_INDEX_MODIFIED, or MORGUE_INDEX_CORRUPT on a
 * read-only handle (Xapian reports an overwritten root block met while
 * opening as corrupt). The caller reopens and retries, at most
 * MG_READ_RETRIES times; real damage fails every time and is reported. */
int mg_db_stale(const morgue_db_t *db, morgue_status_t status);

/* The stemming language (its Snowball name) for a language field (an ISO code such as
 * "es-ES", or a name): its base code when Xapian knows it, else NULL. The
 * result is written to out (at least 32 bytes). */
const char *mg_language_pick(const char *language, char *out, size_t outsize);

/* Build the Xapian document for an article (lib/docbuild.c). sid is the
 * stable id, stored the sealed raw record, fingerprint the hex content
 * hash, file_key the PFX_FILE key, language the stemmer; positions
 * nonzero keeps the free text's word positions. */
morgue_status_t mg_doc_build(const morgue_article_t *a, const char *sid,
                             const char *stored, size_t stored_len,
                             const char *fingerprint, const char *file_key,
                             const char *language, int positions, xb_doc_t **doc,
                             char *err);
/* The document of a and sid with positions, no stored record, and free
 * text that keeps only the stems of only (xb_doc_new_only): what a phrase
 * is checked on (lib/phrase_check.c). */
morgue_status_t mg_doc_build_only(const morgue_article_t *a, const char *sid,
                                  const char *language, const xb_stems_t *only,
                                  xb_doc_t **doc, char *err);

#endif
