/* html_page.c - one HTML page to one article (html_page.h): the page made
 * UTF-8 (html_charset.c), parsed with libxml2's HTML parser, its metadata
 * read (html_meta.c: title, date, author, site name, canonical URL and
 * language) and its main text found (main_text.c), or the JSON-LD
 * articleBody when that is clearly the better text.
 * Called by readers/html.c (a file is a page) and readers/warc.c (a
 * response record is a page). Knows nothing of the index.
 *
 * Notes about repairs (a lying charset, a page cut short) are written to
 * err on success too: err is "" when the page needed none. */
#include "html_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "chars.h"
#include "html_charset.h"
#include "html_meta.h"
#include "html_tree.h"
#include "main_text.h"

/* Longest page parsed: libxml2 builds about 20 bytes of tree for every
 * byte of dense markup, so this bounds the memory a page may take. The
 * rest of a longer page is ignored (with a note). */
#define HTML_MAX_BYTES (8u << 20)
/* A JSON-LD articleBody of at least LD_BODY_MIN bytes replaces the text
 * found in the markup when it is LD_BODY_RATIO times longer. */
#define LD_BODY_MIN 500
#define LD_BODY_RATIO 3

struct html_page {
    char *title;      /* headline, or NULL */
    char *author;     /* names separated by "; ", or NULL */
    char *source;     /* site name, or NULL */
    char *url;        /* canonical URL, or NULL */
    char *language;   /* primary language subtag, or NULL */
    char *body;       /* main text */
    char date[11];    /* YYYY-MM-DD, or "" */
};

/* ---- parsing -------------------------------------------------------- */

/* Parse UTF-8 text; notes when libxml2 stopped early (markup nested more
 * than 256 deep, a text node over 10 MB): what came before is kept. */
static htmlDocPtr parse(const char *text, size_t len, html_notes_t *nt)
{
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    htmlDocPtr doc;

    if (ctxt == NULL)
        return NULL;
    doc = htmlCtxtReadMemory(ctxt, text, (int)len, NULL, "UTF-8", HTML_TREE_OPTIONS);
    if (doc != NULL && ctxt->disableSAX) {
        char *msg = ctxt->lastError.message ? html_collapse(ctxt->lastError.message, 120) : NULL;
        html_note(nt, "the HTML parser stopped (%s); the rest of the page was ignored",
             msg ? msg : "unknown error");
        free(msg);
    }
    htmlFreeParserCtxt(ctxt);
    return doc;
}

/* ---- the page ------------------------------------------------------- */

void html_page_free(html_page_t *page)
{
    if (page == NULL)
        return;
    free(page->title);
    free(page->author);
    free(page->source);
    free(page->url);
    free(page->language);
    free(page->body);
    free(page);
}

/* Is the JSON-LD articleBody the better text: the markup gave none, or
 * a small part of what the publisher says the article is (a page whose
 * text is written by scripts, or cut by a paywall)? */
static int prefer_ld_body(const char *extracted, const char *ld_body)
{
    size_t n = strlen(extracted);

    if (ld_body == NULL)
        return 0;
    return n == 0 || (strlen(ld_body) >= LD_BODY_MIN && n * LD_BODY_RATIO < strlen(ld_body));
}

/* Fill page from the parsed document. Returns -1 when out of memory. */
static int read_page(html_page_t *page, htmlDocPtr doc)
{
    html_meta_t m;
    extract_hints_t hints;
    int rc = html_meta_read(doc, &m);

    page->source = m.source;
    page->url = m.url;
    page->title = m.title;
    page->author = m.author;
    page->language = m.language;
    memcpy(page->date, m.date, sizeof page->date);
    hints.title = page->title;
    page->body = extract_main_text(doc, &hints);
    if (page->body != NULL && prefer_ld_body(page->body, m.ld_body)) {
        free(page->body);
        page->body = m.ld_body;
        m.ld_body = NULL;
    }
    free(m.ld_body);
    return page->body == NULL || rc < 0 ? -1 : 0;
}

static void fill_article(const html_page_t *page, morgue_article_t *a)
{
    memset(a, 0, sizeof *a);
    a->url = page->url;
    a->title = page->title;
    a->date = page->date[0] ? page->date : NULL;
    a->source = page->source;
    a->author = page->author;
    a->language = page->language;
    a->body = page->body;
}

static int blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!chars_is_space((unsigned char)s[i]))
            return 0;
    return 1;
}

static int fail(char *err, size_t errlen, const char *reason)
{
    if (err != NULL && errlen > 0)
        snprintf(err, errlen, "%s", reason);
    return -1;
}

int html_page_parse(const char *html, size_t len, const char *declared_charset,
                    html_page_t **page, morgue_article_t *article, char *err,
                    size_t errlen)
{
    html_notes_t nt = { err, errlen };
    html_page_t *p;
    htmlDocPtr doc;
    char *text = NULL;
    size_t text_len = 0;
    int rc;

    *page = NULL;
    if (err != NULL && errlen > 0)
        err[0] = '\0';
    if (html == NULL || len == 0 || blank(html, len))
        return fail(err, errlen, "empty page");
    if (len > HTML_MAX_BYTES) {
        html_note(&nt, "page of %zu bytes: only the first %u read", len, HTML_MAX_BYTES);
        len = HTML_MAX_BYTES;
    }
    if (html_to_utf8(html, len, declared_charset, &text, &text_len, &nt) < 0)
        return fail(err, errlen, "out of memory");
    doc = parse(text, text_len, &nt);
    free(text);
    if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
        xmlFreeDoc(doc);
        return fail(err, errlen, "no HTML in the page");
    }
    p = calloc(1, sizeof *p);
    rc = p != NULL ? read_page(p, doc) : -1;
    xmlFreeDoc(doc);
    if (rc < 0) {
        html_page_free(p);
        return fail(err, errlen, "out of memory");
    }
    if (p->body[0] == '\0') {
        /* Say why when a note explains it (the parser stopped early). */
        char why[256] = "";
        if (err != NULL && errlen > 0)
            snprintf(why, sizeof why, "%s", err);
        html_page_free(p);
        if (why[0] == '\0')
            return fail(err, errlen, "no article text in the page");
        snprintf(err, errlen, "no article text in the page (%s)", why);
        return -1;
    }
    *page = p;
    fill_article(p, article);
    return 0;
}
