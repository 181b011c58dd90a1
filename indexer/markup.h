/* markup.h - a fragment of HTML (a feed item's description, a mail's
 * text/html part) reduced to plain text: tags removed, entities decoded,
 * block elements as line breaks and paragraphs as blank lines, script and
 * style dropped. Built on libxml2's HTML parser. Owned by
 * indexer/markup.c; used by readers that meet HTML inside another format. */
#ifndef MORGUE_MARKUP_H
#define MORGUE_MARKUP_H

#include <stddef.h>

/* Plain text of len bytes of UTF-8 HTML. Returns a malloc'd string
 * (caller frees), or NULL when out of memory. */
char *markup_text(const char *html, size_t len);

#endif
