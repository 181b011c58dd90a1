/* trec.c - reader_trec: the SGML of the TREC news collections (AP, WSJ,
 * LA Times, FT, ...), any number of <DOC> elements a file.
 * indexer/parse/sgml.c cuts the file into elements and parses each with
 * libxml2; this file maps a DOC's parts to the article: DOCNO to the id, HEADLINE/HEAD/HL/TITLE/TI to the
 * title, DATE/DATE_TIME/DD/DATE1 to the date, BYLINE/AUTHOR to the author,
 * SOURCE/SO/PUB to the source, DATELINE to the place and every TEXT
 * element to the body. See docs/formats.md.
 * Reached only through reader_trec (indexer/formats.c picks it); it emits
 * morgue_article_t values and knows nothing of the index. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reader.h"
#include "parse/sgml.h"
#include "parse/sgml_fields.h"

#define ID_PREFIX "trec:"   /* DOCNOs are unique within TREC only */
#define MAX_PARTS 256       /* most TEXT or BYLINE elements a DOC may have */
#define SHOWN_MAX 60        /* bytes of a bad value quoted in a warning */

/* The elements each field is taken from, first present wins. */
static const char *const title_names[] = { "HEADLINE", "HEAD", "HL", "TITLE",
                                           "TI", NULL };
static const char *const date_names[] = { "DATE", "DATE_TIME", "DD", "DATE1",
                                          NULL };
static const char *const source_names[] = { "SOURCE", "SO", "PUB", NULL };
static const char *const author_names[] = { "BYLINE", "AUTHOR", NULL };

/* One <DOC> element being turned into an article. */
typedef struct doc {
    const reader_ctx_t *ctx;
    unsigned long line;     /* line of the <DOC> start tag */
    xmlNode *root;          /* the DOC element */
    morgue_article_t art;   /* the article built */
    char date[11];          /* art.date points here when set */
    owned_t owned;          /* the strings the article uses */
} doc_t;

/* The first element called one of names outside the TEXT elements. */
static xmlNode *first_of(doc_t *d, const char *const *names)
{
    for (int i = 0; names[i]; i++) {
        xmlNode *node = sgml_find(d->root, names[i], "TEXT");
        if (node && node != d->root)
            return node;
    }
    return NULL;
}

/* The collapsed text of the first of names, owned by d, or NULL. */
static const char *field(doc_t *d, const char *const *names)
{
    xmlNode *node = first_of(d, names);
    return node ? sgml_keep(&d->owned, sgml_text(node, 1)) : NULL;
}

static void read_id(doc_t *d)
{
    static const char *const names[] = { "DOCNO", NULL };
    const char *docno = field(d, names);
    char *id;

    if (!docno) {
        if (!d->owned.failed)
            reader_warn(d->ctx, d->line, 0, "no DOCNO; the article is "
                        "identified by its line");
        return;
    }
    id = malloc(strlen(ID_PREFIX) + strlen(docno) + 1);
    if (id) {
        strcpy(id, ID_PREFIX);
        strcat(id, docno);
    }
    d->art.id = sgml_keep(&d->owned, id);
}

static void read_date(doc_t *d)
{
    const char *text = field(d, date_names);
    int n;

    if (!text)
        return;
    if (sgml_date(text, d->date) == 0) {
        d->art.date = d->date;
        return;
    }
    for (n = 0; n < SHOWN_MAX && text[n]; n++)
        ;
    reader_warn(d->ctx, d->line, 0, "unrecognised date \"%.*s\", indexed "
                "without one", n, text);
}

/* Join the text of nodes[0..n) with sep, skipping empty ones; each is
 * made with text(node). Returns a malloc'd string or NULL (out of memory). */
static char *join(xmlNode **nodes, size_t n, const char *sep,
                  char *(*text)(const xmlNode *node))
{
    char *all = strdup(""), *part, *grown;
    size_t len = 0;

    for (size_t i = 0; all && i < n; i++) {
        if (!(part = text(nodes[i]))) {
            free(all);
            return NULL;
        }
        if (*part) {
            grown = realloc(all, len + strlen(sep) + strlen(part) + 1);
            if (!grown) {
                free(part);
                free(all);
                return NULL;
            }
            all = grown;
            if (len > 0) {
                strcpy(all + len, sep);
                len += strlen(sep);
            }
            strcpy(all + len, part);
            len += strlen(part);
        }
        free(part);
    }
    return all;
}

static char *body_text(const xmlNode *node)
{
    return sgml_text(node, 0);
}

static char *byline_text(const xmlNode *node)
{
    char *raw = sgml_text(node, 1), *names;

    if (!raw)
        return NULL;
    names = sgml_byline(raw);
    free(raw);
    return names;
}

/* The text of every element called names[i], for the first i the DOC
 * has any of (not looking inside skip elements), each made by text() and
 * joined with sep; owned by d. NULL when there is none or all are empty. */
static const char *gather_all(doc_t *d, const char *const *names,
                              const char *skip, const char *sep,
                              char *(*text)(const xmlNode *node))
{
    xmlNode *nodes[MAX_PARTS];
    size_t n = 0;

    for (int i = 0; names[i] && n == 0; i++) {
        n = sgml_find_all(d->root, names[i], skip, nodes, MAX_PARTS);
        if (n > MAX_PARTS) {
            reader_warn(d->ctx, d->line, 0, "more than %d %s elements; the "
                        "rest ignored", MAX_PARTS, names[i]);
            n = MAX_PARTS;
        }
    }
    return n ? sgml_keep(&d->owned, join(nodes, n, sep, text)) : NULL;
}

static void read_fields(doc_t *d)
{
    static const char *const text_names[] = { "TEXT", NULL };
    static const char *const dateline_names[] = { "DATELINE", NULL };
    morgue_article_t *a = &d->art;
    const char *dateline;

    read_id(d);
    read_date(d);
    a->title = field(d, title_names);
    a->source = field(d, source_names);
    a->author = gather_all(d, author_names, "TEXT", "; ", byline_text);
    dateline = field(d, dateline_names);
    if (dateline)
        a->place = sgml_keep(&d->owned, sgml_place(dateline));
    a->body = gather_all(d, text_names, NULL, "\n\n", body_text);
    a->path = d->ctx->path;
    a->line = d->line;
}

static int trec_element(const reader_ctx_t *ctx, xmlNode *root,
                        unsigned long line, int well_formed, void *arg)
{
    doc_t d;
    int rc;

    memset(&d, 0, sizeof d);
    d.ctx = ctx;
    d.line = line;
    d.root = root;
    read_fields(&d);
    if (d.owned.failed) {
        reader_warn(ctx, line, 1, "out of memory");
        rc = 1;
    } else if (!d.art.body && !d.art.title) {
        reader_warn(ctx, line, 1, "no TEXT or headline; skipped");
        rc = 1;
    } else {
        if (!d.art.body)
            d.art.body = d.art.title;   /* a headline-only DOC */
        rc = ctx->emit(ctx->sink, &d.art) ? -1 : 0;
    }
    owned_free(&d.owned);
    return rc;
}

static reader_result_t trec_read(input_t *in, const reader_ctx_t *ctx)
{
    return sgml_read(in, ctx, "DOC", trec_element, NULL);
}

/* "<DOC>" (any case) is the first tag, after blank space. */
static int trec_sniff(const char *head, size_t n)
{
    size_t i = 0;

    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' ||
                     head[i] == '\n'))
        i++;
    return n - i >= 5 && strncasecmp(head + i, "<DOC>", 5) == 0;
}

static const char *const trec_extensions[] = { ".trec", NULL };

const reader_t reader_trec = { "trec", trec_extensions, trec_sniff, trec_read };
