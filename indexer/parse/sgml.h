/* sgml.h - newswire SGML (Reuters-21578, TREC) read with libxml2. A file
 * is cut into its top-level elements (<REUTERS>...</REUTERS>,
 * <DOC>...</DOC>) by their literal start and end markers; each element's
 * few non-XML constructs (control-character and SGML entity references,
 * bare '&' and '<') are rewritten as XML character references, and
 * libxml2's XML parser (recover mode, no network, default depth and size
 * limits) builds its tree. Also the helpers both readers share: finding
 * elements, their text, and keeping the strings an article owns
 * (indexer/owned.h); the dates, datelines and bylines are sgml_fields.h's.
 * Owned by indexer/parse/sgml.c; used by readers/reuters.c and
 * readers/trec.c.
 * Knows nothing of the index. */
#ifndef MORGUE_SGML_H
#define MORGUE_SGML_H

#include <stddef.h>
#include <libxml/tree.h>

#include "owned.h"
#include "reader.h"

/* Called once per element that parsed into a tree whose root is the
 * element asked for. line is the line of its start tag; well_formed is 0
 * when libxml2 had to recover the tree (sgml_read has warned). Returns 0
 * when an article was emitted, 1 when the element was skipped (the
 * callback has warned), -1 when emit() asked to stop. */
typedef int (*sgml_element_fn)(const reader_ctx_t *ctx, xmlNode *root,
                               unsigned long line, int well_formed, void *arg);

/* Read in to its end, calling fn for each element called name (matched
 * without regard to case; "REUTERS", "DOC"). Warns, with the line of the
 * element's start tag, about an element not closed before the next one or
 * the end of the input (skipped), one that is not well-formed (the first
 * libxml2 error, with its line: what libxml2 recovered is read, unless it
 * recovered nothing inside the element, which is skipped), invalid
 * UTF-8 (decoded as Windows-1252), a read error and an input without any
 * such element (READ_FAILED). Returns READ_PARTIAL when anything was
 * skipped. */
reader_result_t sgml_read(input_t *in, const reader_ctx_t *ctx,
                          const char *name, sgml_element_fn fn, void *arg);

/* Rewrite len bytes of SGML into XML that libxml2 parses as the SGML was
 * meant, changing no line breaks: bytes that are not UTF-8 are decoded as
 * Windows-1252 and control bytes dropped (morgue_text_repair); a
 * character reference to a character XML forbids (&#3;) becomes &#127; (a
 * control character, dropped from the text later); the five XML entities
 * and the HTML 4 and ISO SGML entities TREC uses (&hyph; &blank; ...)
 * become character references; an unknown entity (&foo;) and a '&' that
 * starts no reference are kept as text; a '<' that cannot start markup
 * ("3 < 4") is kept as text. On success returns a malloc'd NUL-terminated
 * string (length in *out_len) and sets *repaired when bytes had to be
 * decoded as Windows-1252; NULL when out of memory. */
char *sgml_to_xml(const char *sgml, size_t len, size_t *out_len, int *repaired);

/* The first element called name (without regard to case) in root's
 * subtree, root included, in document order, not looking inside elements
 * called skip (may be NULL); or NULL. */
xmlNode *sgml_find(xmlNode *root, const char *name, const char *skip);

/* Every element called name in root's subtree below root, in document
 * order, not looking inside elements called skip (may be NULL) nor inside
 * the matches: the first max of them are stored in out. Returns how many
 * there are (which may be more than max). */
size_t sgml_find_all(xmlNode *root, const char *name, const char *skip,
                     xmlNode **out, size_t max);

/* The value of node's attribute called name (without regard to case),
 * malloc'd, or NULL when it has none (or out of memory). */
char *sgml_attr(const xmlNode *node, const char *name);

/* Nonzero when node is an element called name, without regard to case. */
int sgml_is(const xmlNode *node, const char *name);

/* The text of node (NULL gives ""): <P> elements are paragraphs separated
 * by a blank line, control characters are dropped and the ends trimmed;
 * with collapse nonzero every run of whitespace is one space (titles,
 * names, codes). Returns a malloc'd string, NULL when out of memory. */
char *sgml_text(const xmlNode *node, int collapse);

/* Keep s in the strings of the article being built (owned_keep: s is
 * malloc'd, NULL after a failed allocation, which sets o->failed; the
 * article is then lost). Returns s, or NULL when s is NULL or empty. */
const char *sgml_keep(owned_t *o, char *s);

#endif
