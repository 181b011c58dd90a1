/* html_fragment.h - a fragment of HTML (a feed item's description, a mail's
 * text/html part) reduced to plain text: tags removed, entities decoded,
 * block elements as line breaks and paragraphs as blank lines, script and
 * style dropped. Built on libxml2's HTML parser. Owned by
 * indexer/parse/html_fragment.c; used by readers that meet HTML inside
 * another format and by indexer/parse/html_meta.c. */
#ifndef MORGUE_HTML_FRAGMENT_H
#define MORGUE_HTML_FRAGMENT_H

#include <stddef.h>

/* Plain text of len bytes of UTF-8 HTML. Returns a malloc'd string
 * (caller frees), or NULL when out of memory. */
char *markup_text(const char *html, size_t len);

#endif
