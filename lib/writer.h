/* writer.h - the writer thread of a writable index (lib/writer.c): the
 * caller's thread reads articles and builds their Xapian documents while
 * this thread applies the documents already built, in order. Used by
 * lib/db.c only. */
#ifndef MORGUE_WRITER_H
#define MORGUE_WRITER_H

#include "morgue.h"
#include "xbind.h"

typedef struct mg_writer mg_writer_t;

/* Start a writer thread on xb. Returns MORGUE_OK, MORGUE_NO_MEMORY or
 * MORGUE_ENGINE_ERROR (no thread), with a message in err. */
morgue_status_t mg_writer_start(xb_db_t *xb, mg_writer_t **writer, char *err);

/* Queue doc to replace the document of idterm; the writer owns doc from
 * now on (xb_doc_done must have been called). Waits while the queue is
 * full. Returns the first failure of an earlier write, if any (then doc is
 * freed unwritten and so is every later one): the status and err. */
morgue_status_t mg_writer_put(mg_writer_t *writer, const char *idterm, xb_doc_t *doc,
                              char *err);

/* Wait until every queued document is written. Returns MORGUE_OK or the
 * first failure of a write, with its message in err. */
morgue_status_t mg_writer_drain(mg_writer_t *writer, char *err);

/* Drain, stop and free the writer; accepts NULL. */
void mg_writer_stop(mg_writer_t *writer);

#endif
