/* main_text.h - the main text of a parsed HTML page: the article's
 * paragraphs without navigation, ads, related links, comments, share
 * widgets or captions. Owned by indexer/parse/main_text.c; used by
 * indexer/parse/html_page.c only (internal to the HTML page module: readers
 * go through html_page.h). */
#ifndef MORGUE_MAIN_TEXT_H
#define MORGUE_MAIN_TEXT_H

#include <libxml/tree.h>

/* What the page's metadata says about its text. */
typedef struct extract_hints {
    const char *title;        /* the page's headline, or NULL: a heading
                                 that repeats it is not part of the text */
} extract_hints_t;

/* The main text of doc (a page parsed by libxml2's HTML parser, as
 * UTF-8), paragraphs separated by "\n\n". The tree is left as it was,
 * but node->_private is used (and cleared) during the call. Returns
 * a malloc'd string, "" when the page holds no text at all, or NULL when
 * out of memory. */
char *extract_main_text(xmlDocPtr doc, const extract_hints_t *hints);

#endif
