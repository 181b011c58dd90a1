/* html_meta.h - the metadata of a parsed HTML page: title, date, author,
 * site name, canonical URL and language, read from <meta> (Open Graph,
 * Twitter, Dublin Core and the common names), <link>, <time>, <title>,
 * <h1>, microdata and JSON-LD, each kind taken from the best place that
 * has it; and the JSON-LD articleBody, for the caller to weigh against
 * the text found in the markup. Owned by indexer/parse/html_meta.c; used
 * by indexer/parse/html_page.c only (readers go through html_page.h). */
#ifndef MORGUE_HTML_META_H
#define MORGUE_HTML_META_H

#include <libxml/HTMLparser.h>

/* What html_meta_read found; each string malloc'd (the caller frees it)
 * or NULL. */
typedef struct html_meta {
    char *title;     /* headline, the site's name stripped from it */
    char *author;    /* names separated by "; " */
    char *source;    /* site name */
    char *url;       /* canonical URL */
    char *language;  /* primary language subtag */
    char *ld_body;   /* JSON-LD articleBody */
    char date[11];   /* YYYY-MM-DD, or "" */
} html_meta_t;

/* Read the metadata of doc into *meta (every field set). Returns 0, or -1
 * when out of memory (what was found is in *meta all the same). */
int html_meta_read(htmlDocPtr doc, html_meta_t *meta);

#endif
