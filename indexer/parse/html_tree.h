/* html_tree.h - the small helpers over libxml2's HTML tree that the HTML
 * parsers share: the parser options every page is read with, the walk in
 * document order without recursion, the element and attribute tests, and
 * text with its white space collapsed. Owned by indexer/parse/html_tree.c;
 * used by parse/html_page.c, html_charset.c, html_meta.c, main_text.c and
 * html_fragment.c (all in indexer/parse/). Knows nothing of articles or
 * of the index. */
#ifndef MORGUE_HTML_TREE_H
#define MORGUE_HTML_TREE_H

#include <stddef.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/* libxml2's options for every HTML parse: recover, no messages, no
 * network, the encoding as the caller says, compact text nodes. */
#define HTML_TREE_OPTIONS (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | \
                           HTML_PARSE_NOWARNING | HTML_PARSE_NONET | \
                           HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT)

/* The next node of a walk in document order below root (NULL at the end);
 * descend 0 skips n's children. No recursion: deep trees cost no stack. */
xmlNodePtr html_walk_next(xmlNodePtr n, xmlNodePtr root, int descend);

/* Nonzero when n is an element named name (lower case); 0 for NULL. */
int html_is_element(xmlNodePtr n, const char *name);

/* An attribute's value (malloc'd by libxml2, free with xmlFree), or NULL. */
char *html_attr(xmlNodePtr n, const char *name);

/* s with runs of whitespace (and no-break spaces) turned into one space
 * and the ends trimmed, cut to max bytes on a character boundary when
 * max is not 0: malloc'd, or NULL when nothing is left or out of memory. */
char *html_collapse(const char *s, size_t max);

#endif
