/* docbuild.h - the Xapian document an article becomes (lib/docbuild.c).
 * Used by the writers (lib/writer_direct.c, lib/shards.c), by lib/search.c
 * and lib/phrase_check.c (rebuilding a document to check a phrase) and by
 * bench/buildcost.c. */
#ifndef MORGUE_DOCBUILD_H
#define MORGUE_DOCBUILD_H

#include <stddef.h>
#include "morgue.h"
#include "xbind.h"

/* Build the Xapian document for an article. sid is the stable id, stored
 * the sealed raw record, fingerprint the hex content hash, file_key the
 * PFX_FILE key, language the stemmer; positions nonzero keeps the free
 * text's word positions. On failure a message is in err (XB_ERRLEN). */
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
