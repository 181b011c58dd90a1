/* db.h - the inside of a morgue_db_t and the helpers every file that
 * implements the public API on it shares (lib/db.c): failure messages, the
 * read-retry loop, stemming languages. The API itself is implemented by
 * lib/open.c (open, configure, commit, count, close), lib/put.c, lib/files.c,
 * lib/get.c and lib/search.c; articles are written through the handle's
 * writer (lib/writer.h). Not part of the API. */
#ifndef MORGUE_DB_H
#define MORGUE_DB_H

#include <stdarg.h>
#include "morgue.h"
#include "docbuild.h"
#include "idset.h"
#include "writer.h"
#include "xbind.h"

#define DB_ERRLEN 1024

struct morgue_db {
    xb_db_t *xb;            /* the Xapian database(s); NULL once lost (mg_db_usable) */
    mg_writer_t *writer;    /* how articles are written: lib/writer.h (a read handle has
                             * the direct writer, never used) */
    int writable;           /* opened with MORGUE_WRITE */
    char *name;             /* the index path, for messages */
    char *language;         /* default stemming language */
    int language_forced;    /* the caller chose it: queries use only it */
    char *languages;        /* every stemming language in the index, comma-separated */
    int languages_dirty;    /* languages must be written at the next commit */
    int positions;          /* free text keeps word positions (META_POSITIONS) */
    morgue_ids_t ids;       /* the scope of source ids (META_IDS) */
    /* Where the article that the last put replaced came from, when that was
     * another file (morgue_db_replaced); replaced_path NULL otherwise. */
    char *replaced_path;
    unsigned long replaced_line;
    char err[DB_ERRLEN];    /* last failure message */
    /* The file being indexed, between file_begin and file_end. */
    int in_file;            /* a file is begun and not yet ended */
    char *file_path;        /* its absolute path */
    char file_key[17];      /* hash of the path: PFX_FILE term and metadata key */
    idset_t seen;           /* ids put from it during this run */
    int put_any;            /* an article was put through this handle */
    uint64_t pending_words; /* terms the direct writer wrote since its last commit */
};

/* Wait until every article put so far is written (by the writer: to its
 * shard, in a first build in shards). Returns MORGUE_OK or the writer's
 * failure, with the message set on db. */
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
 * MG_READ_RETRIES times (mg_db_retry); real damage fails every time and is
 * reported. */
int mg_db_stale(const morgue_db_t *db, morgue_status_t status);

/* One read of db, for mg_db_retry: returns a status, with the binding's
 * message in xerr (XB_ERRLEN bytes) on failure. It may be run again after
 * it failed, so it starts afresh each time. */
typedef morgue_status_t (*mg_db_attempt_fn)(morgue_db_t *db, void *ctx, char *xerr);

/* The one read-retry loop, for every read path (open, get, search):
 *
 *     st = attempt(db, ctx, xerr);
 *     for (i = 0; mg_db_stale(db, st) && i < MG_READ_RETRIES; i++)
 *         if (db->xb == NULL || xb_reopen(db->xb, xerr) == MORGUE_OK)
 *             st = attempt(db, ctx, xerr);
 *     return st;
 *
 * That is: while the status may only mean that a writer's commit overwrote
 * the revision read, reopen db's database at the latest revision and try
 * again, at most MG_READ_RETRIES times. A reopen that fails counts as a
 * retry and leaves st as it was, with the reopen's message in xerr. When db
 * has no database open (an attempt that opens it failed and left db->xb
 * NULL), the attempt is run again without a reopen. Returns the last
 * status; sets no message on db itself (the caller reports xerr, e.g. with
 * mg_db_xfail, unless its attempt did). */
morgue_status_t mg_db_retry(morgue_db_t *db, mg_db_attempt_fn attempt, void *ctx,
                            char *xerr);

/* The base code of a language field, lower-cased ("es-ES", "en_GB" -> "es",
 * "en"; a name such as "Spanish" is kept whole), written NUL-terminated to
 * code (size bytes, truncated); returns its length, 0 for NULL or "". */
size_t mg_language_code(const char *language, char *code, size_t size);

/* The stemming language (its Snowball name) for a language field (an ISO code such as
 * "es-ES", or a name): its base code when Xapian knows it, else NULL. The
 * result is written to out (at least 32 bytes). */
const char *mg_language_pick(const char *language, char *out, size_t outsize);

/* Add language (a Snowball name) to db's list of stemming languages, to be
 * written at the next commit when new. MORGUE_OK or MORGUE_NO_MEMORY. */
morgue_status_t mg_db_add_language(morgue_db_t *db, const char *language);

/* Call cb for each file record of db (lib/files.c): its key (16 hex
 * digits), the file's path and the articles the record counts, or path
 * NULL for a record that does not parse; a nonzero return stops. A
 * failure to read is set on db and returned. */
morgue_status_t mg_files_walk(morgue_db_t *db,
                              int (*cb)(void *ctx, const char *key, const char *path,
                                        uint64_t count),
                              void *ctx);

#endif
