/* html_page.h - one HTML page to one article: the main text extracted
 * (not the navigation, ads, related links, comments or scripts), and the
 * title, date, author, site name, canonical URL and language read from the
 * page's metadata. Built on libxml2's HTML parser. Owned by
 * indexer/parse/html_page.c, with indexer/parse/html_charset.c (character
 * set), html_meta.c (metadata) and main_text.c (main text); used by
 * readers/html.c (a file is a page) and readers/warc.c (a record is a
 * page). Knows nothing of the index. */
#ifndef MORGUE_HTML_PAGE_H
#define MORGUE_HTML_PAGE_H

#include <stddef.h>
#include "morgue.h"

typedef struct html_page html_page_t;

/* Parse one page. The character set comes from a byte-order mark, else a
 * <meta charset> or http-equiv Content-Type, else declared_charset (from
 * an HTTP header; may be NULL), else UTF-8, with invalid bytes repaired as
 * Windows-1252. On success returns 0, sets *page (free with
 * html_page_free) and fills *article with views into it (id, path, line
 * and tags left NULL/0; url from the canonical link or og:url), and err
 * holds "" or a note worth a warning that kept the article (a charset that
 * lied, a page the parser or the size cap cut short). Returns -1 with a
 * reason in err when the page has no article text at all. */
int html_page_parse(const char *html, size_t len, const char *declared_charset,
                    html_page_t **page, morgue_article_t *article, char *err,
                    size_t errlen);

void html_page_free(html_page_t *page);

#endif
