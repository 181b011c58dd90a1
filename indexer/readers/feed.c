/* feed.c - reader_feed: news feeds, one article per item or entry: RSS
 * 0.9x and 2.0, RSS 1.0 (RDF) and Atom 0.3 and 1.0, parsed with libxml2's
 * XML parser (recovering, no network, no external entities, no
 * XML_PARSE_HUGE so that libxml2's limits on depth and text size hold).
 * The declared encoding is honoured; a feed that is not valid UTF-8 and
 * declares no other encoding is repaired as Windows-1252. Items that the
 * XML breaks off inside are skipped, every complete one before and after
 * is kept. HTML inside descriptions and content becomes plain text through
 * markup_text (indexer/parse/html_fragment.c).
 * Reached only through reader_feed (indexer/formats.c picks it); it emits
 * morgue_article_t values and knows nothing of the index. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/encoding.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>
#include <utf8proc.h>

#include "chars.h"
#include "owned.h"
#include "parse/html_fragment.h"
#include "reader.h"

/* Larger inputs are read this far only: the whole feed is parsed into a
 * libxml2 tree, about 30 bytes for every byte of dense markup, so this
 * bounds the memory a feed takes (morgue-index(1), LIMITS). */
#define FEED_MAX_BYTES (16u << 20)
#define FEED_CHUNK 65536           /* first read buffer */
#define FEED_MAX_TAGS 64           /* categories kept per item */
#define FEED_MAX_OWNED 24          /* other strings one item may own */
#define SHOWN_MAX 60               /* bytes of a bad value quoted in a warning */
#define MESSAGE_MAX 160            /* bytes of a parser message kept */

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_ATOM03 "http://purl.org/atom/ns#"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_YANDEX "http://news.yandex.ru"

typedef enum feed_kind {
    FEED_NONE = 0,  /* not a feed */
    FEED_RSS,       /* <rss>: RSS 0.9x and 2.0, items inside <channel> */
    FEED_RDF,       /* <rdf:RDF>: RSS 0.90 and 1.0, items beside <channel> */
    FEED_ATOM       /* <feed>: Atom 0.3 and 1.0 */
} feed_kind_t;

/* What libxml2 reported while parsing one document. */
typedef struct parse_report {
    int errors;               /* well-formedness (fatal) errors */
    int stopped;              /* the parser gave up: the rest is unread */
    long error_line;          /* line of the first */
    char error[MESSAGE_MAX];  /* its message */
    int unsupported;          /* the declared encoding is unknown */
    char encoding[64];        /* its name */
    int controls;             /* control bytes were dropped before parsing */
    int repaired;             /* invalid UTF-8 was decoded as Windows-1252 */
    int entities;             /* undeclared entities read as HTML entities */
    long entity_line;         /* line of the first */
    char entity[32];          /* its name */
} parse_report_t;

/* One feed being read: its document and what its channel says for all
 * its items. */
typedef struct feed {
    const reader_ctx_t *ctx;
    xmlNode *root;
    feed_kind_t kind;
    const xmlChar *core_ns;   /* namespace of the format's own elements */
    char *title;              /* the channel's title: the items' source */
    char *language;           /* the channel's <language> */
    char *link;               /* the channel's link: base of relative links */
    char *author;             /* Atom: the feed's authors, for its entries */
    unsigned long emitted;    /* items handed over */
    unsigned long lost;       /* items skipped */
} feed_t;

/* The raw values of one item, before they are chosen between. */
typedef struct item_values {
    const char *link;         /* <link> (Atom: rel="alternate" or the first) */
    const char *orig_link;    /* feedburner:origLink and the like */
    const char *guid;         /* <guid>, Atom <id> */
    int guid_permalink;       /* RSS guid without isPermaLink="false" */
    const char *about;        /* RSS 1.0 rdf:about */
    const char *dates[7];     /* in order of preference, see date_rank */
    char *creators;           /* dc:creator names, "; "-joined */
    char *authors;            /* <author> names, "; "-joined */
    const char *bodies[5];    /* text of each body element, see body_rank */
    const char *source;       /* <source>: the channel it first came from */
    const char *language;     /* dc:language */
} item_values_t;

/* One item being turned into an article. */
typedef struct item {
    feed_t *feed;
    xmlNode *node;
    unsigned long line;               /* line of its start tag */
    morgue_article_t art;             /* the article built */
    char date[11];                    /* art.date points here when set */
    morgue_tag_t tags[FEED_MAX_TAGS]; /* categories */
    char *tag_values[FEED_MAX_TAGS];  /* owned values of tags */
    owned_t owned;                    /* other strings the article uses */
    int failed;                       /* out of memory */
} item_t;

/* Set on every element whose end tag the parser met (node->_private). */
static const char closed_marker;

/* ---- strings ------------------------------------------------------- */

/* s with every run of whitespace made one space and trimmed, in place;
 * NULL (s freed) when nothing is left. */
static char *collapse(char *s)
{
    size_t n = 0;

    if (!s)
        return NULL;
    for (const char *p = s; *p; p++) {
        if (!chars_is_space(*p))
            s[n++] = *p;
        else if (n > 0 && s[n - 1] != ' ')
            s[n++] = ' ';
    }
    s[n] = '\0';
    return chars_trim(s);
}

static char *dup_xml(xmlChar *x)
{
    char *s = x ? strdup((const char *)x) : NULL;
    xmlFree(x);
    return s;
}

/* ---- elements -------------------------------------------------------- */

static int is_element(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && n->name != NULL;
}

/* One of the format's own elements: in its namespace, or in none. */
static int is_core(const feed_t *f, const xmlNode *n, const char *name)
{
    if (!is_element(n) || strcmp((const char *)n->name, name) != 0)
        return 0;
    if (n->ns == NULL || n->ns->href == NULL)
        return 1;
    return f->core_ns != NULL && xmlStrEqual(n->ns->href, f->core_ns);
}

/* An extension element, known by its namespace or its usual prefix (also
 * when the prefix was never declared: libxml2 then keeps "prefix:name"). */
static int is_ext(const xmlNode *n, const char *ns, const char *prefix,
                  const char *name)
{
    size_t k = strlen(prefix);
    const char *full;

    if (!is_element(n))
        return 0;
    if (n->ns != NULL && n->ns->href != NULL)
        return strcmp((const char *)n->name, name) == 0 &&
               (xmlStrEqual(n->ns->href, BAD_CAST ns) ||
                (n->ns->prefix && xmlStrEqual(n->ns->prefix, BAD_CAST prefix)));
    full = (const char *)n->name;
    return strncmp(full, prefix, k) == 0 && full[k] == ':' &&
           strcmp(full + k + 1, name) == 0;
}

/* A namespaced element with this local name, whatever its namespace. */
static int is_any_ns(const xmlNode *n, const char *name)
{
    return is_element(n) && n->ns != NULL &&
           strcmp((const char *)n->name, name) == 0;
}

static char *attribute(const xmlNode *n, const char *name)
{
    return chars_trim(dup_xml(xmlGetProp(n, BAD_CAST name)));
}

/* What kind of feed a root element named local in namespace ns starts. */
static feed_kind_t root_kind(const xmlChar *local, const xmlChar *ns)
{
    if (!local)
        return FEED_NONE;
    if (xmlStrEqual(local, BAD_CAST "rss"))
        return FEED_RSS;
    if (xmlStrEqual(local, BAD_CAST "feed") &&
        (!ns || xmlStrEqual(ns, BAD_CAST NS_ATOM) || xmlStrEqual(ns, BAD_CAST NS_ATOM03)))
        return FEED_ATOM;
    if ((xmlStrEqual(local, BAD_CAST "RDF") && ns && xmlStrEqual(ns, BAD_CAST NS_RDF)) ||
        (!ns && xmlStrEqual(local, BAD_CAST "rdf:RDF")))
        return FEED_RDF;
    return FEED_NONE;
}

/* ---- parsing ----------------------------------------------------------- */

static void quiet_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void copy_message(char *dst, size_t size, const char *msg)
{
    size_t n;

    snprintf(dst, size, "%s", msg ? msg : "unknown error");
    n = strlen(dst);
    while (n > 0 && chars_is_space(dst[n - 1]))
        dst[--n] = '\0';
}

/* Every error of the parse comes here (data is the parser context). */
static void on_error(void *data, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = data;
    parse_report_t *rep = ctxt ? ctxt->_private : NULL;

    if (!rep || !e || e->level != XML_ERR_FATAL)
        return;
    if (e->code == XML_ERR_UNSUPPORTED_ENCODING) {
        rep->unsupported = 1;
        copy_message(rep->encoding, sizeof rep->encoding, e->str1);
    }
    if (rep->errors++ == 0) {
        rep->error_line = e->line;
        copy_message(rep->error, sizeof rep->error, e->message);
    }
}

/* The end tag of an element: mark it complete. */
static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix,
                   const xmlChar *uri)
{
    xmlParserCtxtPtr ctxt = ctx;

    if (ctxt->node)
        ctxt->node->_private = (void *)&closed_marker;
    xmlSAX2EndElementNs(ctx, local, prefix, uri);
}

/* UTF-8 of code point cp into out (5 bytes). */
static void utf8_encode(unsigned cp, char out[5])
{
    utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp,
                                              (utf8proc_uint8_t *)out);
    out[n > 0 ? n : 0] = '\0';
}

/* An entity the document does not declare: when HTML knows it (&nbsp;,
 * &eacute;, ...), declare it with HTML's meaning. */
static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name)
{
    xmlParserCtxtPtr ctxt = ctx;
    parse_report_t *rep = ctxt->_private;
    xmlEntityPtr ent = xmlSAX2GetEntity(ctx, name);
    const htmlEntityDesc *html;
    char value[5];

    if (ent || ctxt->inSubset || !ctxt->myDoc || !(html = htmlEntityLookup(name)))
        return ent;
    if (!ctxt->myDoc->intSubset &&
        !xmlCreateIntSubset(ctxt->myDoc, BAD_CAST "feed", NULL, NULL))
        return NULL;
    utf8_encode(html->value, value);
    ent = xmlAddDocEntity(ctxt->myDoc, name, XML_INTERNAL_GENERAL_ENTITY, NULL,
                          NULL, BAD_CAST value);
    if (ent && rep->entities++ == 0) {
        rep->entity_line = ctxt->input ? ctxt->input->line : 0;
        copy_message(rep->entity, sizeof rep->entity, (const char *)name);
    }
    return ent;
}

/* Parse len bytes; encoding (with the declaration ignored) or NULL. */
static xmlDoc *parse_once(const char *buf, size_t len, const char *encoding,
                          parse_report_t *rep)
{
    int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_BIG_LINES |
                  XML_PARSE_COMPACT;
    xmlStructuredErrorFunc saved = xmlStructuredError;
    void *saved_ctx = xmlStructuredErrorContext;
    xmlGenericErrorFunc saved_generic = xmlGenericError;
    void *saved_generic_ctx = xmlGenericErrorContext;
    xmlParserCtxtPtr ctxt;
    xmlDoc *doc;

    memset(rep, 0, sizeof *rep);
    if (encoding)
        options |= XML_PARSE_IGNORE_ENC;
    ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return NULL;
    ctxt->_private = rep;
    ctxt->sax->serror = on_error;
    ctxt->sax->endElementNs = on_end;
    ctxt->sax->getEntity = on_get_entity;
    /* Errors raised without the context (character conversion) too. */
    xmlSetStructuredErrorFunc(ctxt, on_error);
    xmlSetGenericErrorFunc(NULL, quiet_generic);
    doc = xmlCtxtReadMemory(ctxt, buf, (int)len, NULL, encoding, options);
    /* In recovery mode only a halt (too deep, too large) disables SAX. */
    rep->stopped = ctxt->disableSAX != 0;
    xmlSetStructuredErrorFunc(saved_ctx, saved);
    xmlSetGenericErrorFunc(saved_generic_ctx, saved_generic);
    xmlFreeParserCtxt(ctxt);
    return doc;
}

/* Nonzero unless the bytes start like UTF-16, UCS-4 or EBCDIC. */
static int ascii_compatible(const char *raw, size_t len)
{
    xmlCharEncoding enc;

    if (len < 4)
        return 1;
    enc = xmlDetectCharEncoding((const unsigned char *)raw, 4);
    return enc == XML_CHAR_ENCODING_NONE || enc == XML_CHAR_ENCODING_UTF8;
}

/* Drop the control bytes XML forbids (not tab, newline, carriage return,
 * nor escape, which ISO-2022 needs), in place. Returns how many. */
static size_t drop_controls(char *raw, size_t *len)
{
    size_t n = 0;

    for (size_t i = 0; i < *len; i++) {
        unsigned char c = (unsigned char)raw[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x1B)
            continue;
        raw[n++] = raw[i];
    }
    size_t dropped = *len - n;
    *len = n;
    return dropped;
}

static int names_utf8(const xmlChar *enc)
{
    return !enc || !xmlStrcasecmp(enc, BAD_CAST "UTF-8") ||
           !xmlStrcasecmp(enc, BAD_CAST "UTF8");
}

static int names_latin1(const xmlChar *enc)
{
    static const char *const names[] = {
        "ISO-8859-1", "ISO8859-1", "ISO_8859-1", "LATIN1", "LATIN-1",
        "US-ASCII", "ASCII", NULL
    };
    for (int i = 0; enc && names[i]; i++)
        if (!xmlStrcasecmp(enc, BAD_CAST names[i]))
            return 1;
    return 0;
}

static int has_c1_bytes(const char *raw, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)raw[i] >= 0x80 && (unsigned char)raw[i] <= 0x9F)
            return 1;
    return 0;
}

/* Parse again as UTF-8, invalid bytes repaired as Windows-1252. The
 * notes of the first parse are kept. */
static xmlDoc *parse_repaired(const reader_ctx_t *ctx, const char *raw,
                              size_t len, parse_report_t *rep)
{
    parse_report_t first = *rep;
    char *text = NULL;
    size_t text_len = 0;
    xmlDoc *doc;

    if (morgue_text_repair(raw, len, &text, &text_len, NULL) != MORGUE_OK) {
        reader_warn(ctx, 0, 1, "out of memory");
        return NULL;
    }
    doc = parse_once(text, text_len, "UTF-8", rep);
    free(text);
    rep->controls = first.controls;
    rep->repaired = first.repaired;
    rep->unsupported = first.unsupported;
    memcpy(rep->encoding, first.encoding, sizeof rep->encoding);
    return doc;
}

/* Parse the feed in raw (which may be changed), honouring its declared
 * encoding and repairing what can be repaired; rep notes each repair (for
 * read_document to tell once it knows the input is a feed). Returns the
 * document (NULL when nothing could be parsed). */
static xmlDoc *parse_feed(const reader_ctx_t *ctx, char *raw, size_t *len,
                          parse_report_t *rep)
{
    int ascii = ascii_compatible(raw, *len);
    int controls = ascii && drop_controls(raw, len) > 0;
    xmlDoc *doc = parse_once(raw, *len, NULL, rep);

    rep->controls = controls;
    if (ascii && !chars_valid_utf8(raw, *len) && !rep->unsupported &&
        names_utf8(doc ? doc->encoding : NULL)) {
        xmlFreeDoc(doc);
        rep->repaired = 1;
        return parse_repaired(ctx, raw, *len, rep);
    }
    if (rep->unsupported) {
        xmlFreeDoc(doc);
        return parse_repaired(ctx, raw, *len, rep);
    }
    /* Latin-1 declared, but bytes only Windows-1252 gives a meaning to
     * (curly quotes, dashes): what the writer meant, as browsers read it. */
    if (doc && names_latin1(doc->encoding) && has_c1_bytes(raw, *len)) {
        xmlFreeDoc(doc);
        doc = parse_once(raw, *len, "windows-1252", rep);
        rep->controls = controls;
    }
    return doc;
}

/* ---- reading the input ----------------------------------------------- */

static long count_lines(const char *s, size_t len)
{
    long lines = 1;

    for (size_t i = 0; i < len; i++)
        lines += s[i] == '\n';
    return lines;
}

/* Read at most FEED_MAX_BYTES of in into *buf (malloc'd). Returns 0 when
 * all was read, 1 when the input was cut short (warned: read error or too
 * large), -1 when out of memory (warned). */
static int read_input(input_t *in, const reader_ctx_t *ctx, char **buf,
                      size_t *len)
{
    size_t cap = 0;
    long got = 0;
    char probe;

    *buf = NULL;
    *len = 0;
    for (;;) {
        if (*len == cap) {
            size_t want = cap ? cap * 2 : FEED_CHUNK;
            char *grown;
            if (cap == FEED_MAX_BYTES)
                break;
            if (want > FEED_MAX_BYTES)
                want = FEED_MAX_BYTES;
            grown = realloc(*buf, want + 1);
            if (!grown) {
                reader_warn(ctx, 0, 1, "out of memory");
                return -1;
            }
            *buf = grown;
            cap = want;
        }
        got = input_read(in, *buf + *len, cap - *len);
        if (got <= 0)
            break;
        *len += (size_t)got;
    }
    (*buf)[*len] = '\0';
    if (got < 0) {
        reader_warn(ctx, 0, 1, "%s after %zu bytes; the items before the break are kept",
                    input_error(in), *len);
        return 1;
    }
    if (*len == FEED_MAX_BYTES && input_read(in, &probe, 1) > 0) {
        reader_warn(ctx, 0, 1, "larger than %u MiB: only the items in the first %u MiB are read",
                    FEED_MAX_BYTES >> 20, FEED_MAX_BYTES >> 20);
        return 1;
    }
    return 0;
}

/* ---- item values ------------------------------------------------------- */

/* Keep s until the article is emitted; returns s, or NULL (marking the
 * item failed when s was lost for want of room). */
static char *own(item_t *it, char *s)
{
    if (!s)
        return NULL;
    s = owned_keep(&it->owned, s);
    if (!s)
        it->failed = 1;
    return s;
}

static char *content(const xmlNode *n)
{
    return dup_xml(xmlNodeGetContent(n));
}

/* HTML reduced to text; NULL when empty. Out of memory marks it failed. */
static char *html_text(item_t *it, const char *html)
{
    char *text;

    if (!html)
        return NULL;
    text = markup_text(html, strlen(html));
    if (!text)
        it->failed = 1;
    return chars_trim(text);
}

/* The element's content as HTML, reduced to text. */
static char *html_of(item_t *it, const xmlNode *n)
{
    char *html = content(n), *text = html_text(it, html);

    free(html);
    return text;
}

/* The children of n serialized (Atom type="xhtml"), reduced to text. */
static char *xhtml_of(item_t *it, xmlNode *n)
{
    xmlBufferPtr buf = xmlBufferCreate();
    char *text;

    if (!buf) {
        it->failed = 1;
        return NULL;
    }
    for (xmlNode *c = n->children; c; c = c->next)
        xmlNodeDump(buf, n->doc, c, 0, 0);
    text = markup_text((const char *)xmlBufferContent(buf),
                       (size_t)xmlBufferLength(buf));
    if (!text)
        it->failed = 1;
    xmlBufferFree(buf);
    return chars_trim(text);
}

/* An Atom text construct (title, summary, content) as plain text: type
 * "text" as written, "html" and "xhtml" reduced, out-of-line (src) and
 * other media types ignored. one_line collapses whitespace (titles). */
static char *atom_text(item_t *it, xmlNode *n, int one_line)
{
    char *type = attribute(n, "type"), *mode = attribute(n, "mode"), *src;
    char *text = NULL;

    src = attribute(n, "src");
    if (src || (mode && strcasecmp(mode, "base64") == 0)) {
        /* content elsewhere, or binary */
    } else if ((type && strstr(type, "xhtml")) || (mode && strcasecmp(mode, "xml") == 0)) {
        text = xhtml_of(it, n);
    } else if (type && strstr(type, "html")) {
        text = html_of(it, n);
    } else if (!type || strcasecmp(type, "text") == 0 || strncasecmp(type, "text/", 5) == 0) {
        text = chars_trim(content(n));
    }
    free(type);
    free(mode);
    free(src);
    return one_line ? collapse(text) : text;
}

/* Append name to the "; "-joined list *list unless it is there already. */
static void add_name(item_t *it, char **list, char *name)
{
    size_t have = *list ? strlen(*list) : 0, n;
    const char *p = *list;
    char *grown;

    name = collapse(name);
    if (!name)
        return;
    n = strlen(name);
    while (p) {
        const char *sep = strstr(p, "; ");
        size_t k = sep ? (size_t)(sep - p) : strlen(p);
        if (k == n && strncmp(p, name, n) == 0) {
            free(name);
            return;
        }
        p = sep ? sep + 2 : NULL;
    }
    grown = realloc(*list, have + n + 3);
    if (!grown) {
        it->failed = 1;
        free(name);
        return;
    }
    if (have) {
        memcpy(grown + have, "; ", 2);
        have += 2;
    }
    memcpy(grown + have, name, n + 1);
    *list = grown;
    free(name);
}

/* RSS <author> is an e-mail address, often with the name in brackets:
 * "jo@example.org (Jo Doe)" gives "Jo Doe". */
static char *rss_author(char *s)
{
    char *open, *close;

    s = chars_trim(s);
    if (!s || !strchr(s, '@') || !(open = strchr(s, '(')) ||
        !(close = strrchr(s, ')')) || close < open)
        return s;
    *close = '\0';
    memmove(s, open + 1, strlen(open + 1) + 1);
    return chars_trim(s);
}

/* The name of an Atom person construct: its <name>, else its text. */
static char *atom_person(const feed_t *f, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (is_core(f, c, "name"))
            return content(c);
    return content(n);
}

static void add_tag(item_t *it, char *value)
{
    size_t i;

    value = collapse(value);
    if (!value)
        return;
    for (i = 0; i < it->art.ntags; i++)
        if (strcmp(it->tag_values[i], value) == 0)
            break;
    if (i < it->art.ntags || it->art.ntags == FEED_MAX_TAGS) {
        free(value);
        return;
    }
    it->tag_values[it->art.ntags] = value;
    it->tags[it->art.ntags].field = "category";
    it->tags[it->art.ntags].value = value;
    it->art.ntags++;
}

/* A link as written, made absolute against xml:base or the channel's
 * link when it is relative. */
static char *resolve(item_t *it, const xmlNode *n, char *href)
{
    xmlChar *base, *abs;
    const char *b;

    href = chars_trim(href);
    if (!href)
        return NULL;
    base = xmlNodeGetBase(n->doc, n);
    b = base ? (const char *)base : it->feed->link;
    abs = b ? xmlBuildURI(BAD_CAST href, BAD_CAST b) : NULL;
    xmlFree(base);
    if (abs) {
        free(href);
        href = dup_xml(abs);
        if (!href)
            it->failed = 1;
    }
    return href;
}

/* Atom links: the first rel="alternate" (or no rel), else the first. */
static void atom_link(item_t *it, xmlNode *n, item_values_t *v, int *alternate)
{
    char *rel = attribute(n, "rel");
    int is_alternate = !rel || strcmp(rel, "alternate") == 0;

    free(rel);
    if (*alternate || (v->link && !is_alternate))
        return;
    v->link = own(it, resolve(it, n, attribute(n, "href")));
    *alternate = v->link && is_alternate;
}

/* Indexes into item_values_t.dates and .bodies, best first. */
enum date_rank { D_PUBDATE, D_DC_DATE, D_PUBLISHED, D_ISSUED, D_CREATED, D_UPDATED, D_MODIFIED };
enum body_rank { B_ENCODED, B_FULLTEXT, B_CONTENT, B_DESCRIPTION, B_SUMMARY };

/* A value for the first slot of its kind only. */
static void keep_first(item_t *it, const char **slot, char *s)
{
    if (*slot || !s)
        free(s);
    else
        *slot = own(it, s);
}

/* Elements common to every kind: Dublin Core, content:encoded, origLink. */
static int common_element(item_t *it, xmlNode *c, item_values_t *v)
{
    if (is_ext(c, NS_DC, "dc", "creator"))
        add_name(it, &v->creators, content(c));
    else if (is_ext(c, NS_DC, "dc", "date"))
        keep_first(it, &v->dates[D_DC_DATE], chars_trim(content(c)));
    else if (is_ext(c, NS_DC, "dc", "subject"))
        add_tag(it, content(c));
    else if (is_ext(c, NS_DC, "dc", "language"))
        keep_first(it, &v->language, chars_trim(content(c)));
    else if (is_ext(c, NS_CONTENT, "content", "encoded"))
        keep_first(it, &v->bodies[B_ENCODED], html_of(it, c));
    else if (is_ext(c, NS_YANDEX, "yandex", "full-text"))
        keep_first(it, &v->bodies[B_FULLTEXT], html_of(it, c));
    else if (is_any_ns(c, "origLink"))
        keep_first(it, &v->orig_link, chars_trim(content(c)));
    else
        return 0;
    return 1;
}

static void rss_element(item_t *it, xmlNode *c, item_values_t *v)
{
    const feed_t *f = it->feed;

    if (is_core(f, c, "title"))
        keep_first(it, &it->art.title, collapse(html_of(it, c)));
    else if (is_core(f, c, "link"))
        keep_first(it, &v->link, resolve(it, c, content(c)));
    else if (is_core(f, c, "guid") && !v->guid) {
        char *permalink = attribute(c, "isPermaLink");
        v->guid_permalink = !permalink || strcasecmp(permalink, "false") != 0;
        free(permalink);
        keep_first(it, &v->guid, chars_trim(content(c)));
    } else if (is_core(f, c, "pubDate"))
        keep_first(it, &v->dates[D_PUBDATE], chars_trim(content(c)));
    else if (is_core(f, c, "author"))
        add_name(it, &v->authors, rss_author(content(c)));
    else if (is_core(f, c, "category"))
        add_tag(it, content(c));
    else if (is_core(f, c, "description"))
        keep_first(it, &v->bodies[B_DESCRIPTION], html_of(it, c));
    else if (is_core(f, c, "source"))
        keep_first(it, &v->source, collapse(content(c)));
    else
        common_element(it, c, v);
}

static void atom_element(item_t *it, xmlNode *c, item_values_t *v, int *alternate)
{
    const feed_t *f = it->feed;

    if (is_core(f, c, "title"))
        keep_first(it, &it->art.title, atom_text(it, c, 1));
    else if (is_core(f, c, "link"))
        atom_link(it, c, v, alternate);
    else if (is_core(f, c, "id"))
        keep_first(it, &v->guid, chars_trim(content(c)));
    else if (is_core(f, c, "published"))
        keep_first(it, &v->dates[D_PUBLISHED], chars_trim(content(c)));
    else if (is_core(f, c, "issued"))
        keep_first(it, &v->dates[D_ISSUED], chars_trim(content(c)));
    else if (is_core(f, c, "created"))
        keep_first(it, &v->dates[D_CREATED], chars_trim(content(c)));
    else if (is_core(f, c, "updated"))
        keep_first(it, &v->dates[D_UPDATED], chars_trim(content(c)));
    else if (is_core(f, c, "modified"))
        keep_first(it, &v->dates[D_MODIFIED], chars_trim(content(c)));
    else if (is_core(f, c, "author"))
        add_name(it, &v->authors, atom_person(f, c));
    else if (is_core(f, c, "category")) {
        char *term = attribute(c, "term");
        add_tag(it, term ? term : attribute(c, "label"));
    } else if (is_core(f, c, "content"))
        keep_first(it, &v->bodies[B_CONTENT], atom_text(it, c, 0));
    else if (is_core(f, c, "summary"))
        keep_first(it, &v->bodies[B_SUMMARY], atom_text(it, c, 0));
    else if (is_core(f, c, "source") && !v->source) {
        for (xmlNode *t = c->children; t; t = t->next)
            if (is_core(f, t, "title")) {
                keep_first(it, &v->source, atom_text(it, t, 1));
                break;
            }
    } else
        common_element(it, c, v);
}

/* ---- dates ------------------------------------------------------------- */

/* Month names and abbreviations of other languages (and English ones, for
 * dates whose weekday is foreign), lower case. */
static const struct {
    const char *name;
    int month;
} month_names[] = {
    {"jan", 1}, {"ene", 1}, {"enero", 1}, {"janv", 1}, {"janvier", 1},
    {"januar", 1}, {"gen", 1}, {"gennaio", 1}, {"janeiro", 1},
    {"feb", 2}, {"fev", 2}, {"fevereiro", 2}, {"f\xc3\xa9v", 2},
    {"f\xc3\xa9vr", 2}, {"f\xc3\xa9vrier", 2}, {"fevr", 2}, {"febrero", 2},
    {"februar", 2}, {"febbraio", 2},
    {"mar", 3}, {"m\xc3\xa4r", 3}, {"m\xc3\xa4rz", 3}, {"mars", 3},
    {"marzo", 3}, {"mar\xc3\xa7o", 3}, {"marco", 3},
    {"apr", 4}, {"abr", 4}, {"abril", 4}, {"avr", 4}, {"avril", 4},
    {"aprile", 4},
    {"may", 5}, {"mai", 5}, {"maio", 5}, {"mayo", 5}, {"mag", 5},
    {"maggio", 5},
    {"jun", 6}, {"juin", 6}, {"junio", 6}, {"junho", 6}, {"juni", 6},
    {"giu", 6}, {"giugno", 6},
    {"jul", 7}, {"juil", 7}, {"juillet", 7}, {"julio", 7}, {"julho", 7},
    {"juli", 7}, {"lug", 7}, {"luglio", 7},
    {"aug", 8}, {"ago", 8}, {"agosto", 8}, {"ao\xc3\xbbt", 8}, {"aout", 8},
    {"sep", 9}, {"set", 9}, {"sept", 9}, {"setembro", 9}, {"septiembre", 9},
    {"septembre", 9}, {"settembre", 9},
    {"oct", 10}, {"out", 10}, {"outubro", 10}, {"octubre", 10},
    {"octobre", 10}, {"okt", 10}, {"oktober", 10}, {"ott", 10},
    {"ottobre", 10},
    {"nov", 11}, {"novembro", 11}, {"noviembre", 11}, {"novembre", 11},
    {"dec", 12}, {"dez", 12}, {"dezembro", 12}, {"dic", 12},
    {"diciembre", 12}, {"dezember", 12}, {"dicembre", 12},
    {"d\xc3\xa9\x63", 12}, {"d\xc3\xa9\x63\x65mbre", 12}, {"decembre", 12},
};

static int month_number(const char *word, size_t n)
{
    char lower[16];

    if (n == 0 || n >= sizeof lower)
        return 0;
    for (size_t i = 0; i < n; i++)
        lower[i] = (word[i] >= 'A' && word[i] <= 'Z') ? (char)(word[i] + 32) : word[i];
    lower[n] = '\0';
    for (size_t i = 0; i < sizeof month_names / sizeof *month_names; i++)
        if (strcmp(lower, month_names[i].name) == 0)
            return month_names[i].month;
    return 0;
}

/* An RFC 822 date written in another language ("Seg, 24 Set 2018
 * 19:42:40 -0300"): the weekday dropped and the month put in English,
 * then read by morgue_date_parse. */
static int foreign_date(const char *s, char out[11])
{
    static const char *const english[12] = {
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"
    };
    const char *p = s, *comma = strchr(s, ','), *day, *word;
    char buf[128];
    size_t day_len, word_len;
    int month;

    if (comma && comma - s <= 16 && strcspn(s, "0123456789") > (size_t)(comma - s))
        p = comma + 1;
    while (chars_is_space(*p))
        p++;
    for (day = p; *p >= '0' && *p <= '9'; p++)
        ;
    day_len = (size_t)(p - day);
    while (chars_is_space(*p))
        p++;
    for (word = p; *p && !chars_is_space(*p) && *p != '.' && !(*p >= '0' && *p <= '9'); p++)
        ;
    word_len = (size_t)(p - word);
    if (*p == '.')
        p++;
    if (day_len == 0 || day_len > 2 || !(month = month_number(word, word_len)))
        return -1;
    snprintf(buf, sizeof buf, "%.*s %s%s", (int)day_len, day, english[month - 1], p);
    return morgue_date_parse(buf, out) == MORGUE_OK ? 0 : -1;
}

/* The first date that reads, else a warning about the first given. */
static const char *item_date(item_t *it, const item_values_t *v)
{
    const char *first = NULL;

    for (size_t i = 0; i < sizeof v->dates / sizeof *v->dates; i++) {
        const char *s = v->dates[i];
        if (!s)
            continue;
        if (morgue_date_parse(s, it->date) == MORGUE_OK || foreign_date(s, it->date) == 0)
            return it->date;
        if (!first)
            first = s;
    }
    if (first)
        reader_warn(it->feed->ctx, it->line, 0,
                    "unrecognised date \"%.*s\", indexed without one",
                    chars_shown_len(first, SHOWN_MAX), first);
    return NULL;
}

/* ---- items ------------------------------------------------------------- */

/* The longest body text; the earlier one on a tie. */
static const char *item_body(const item_values_t *v)
{
    const char *best = NULL;
    size_t best_len = 0;

    for (size_t i = 0; i < sizeof v->bodies / sizeof *v->bodies; i++)
        if (v->bodies[i] && strlen(v->bodies[i]) > best_len) {
            best = v->bodies[i];
            best_len = strlen(best);
        }
    return best;
}

static int looks_absolute_url(const char *s)
{
    return s && (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0);
}

/* The item's language: xml:lang where it is, else dc:language, else the
 * channel's <language>. */
static const char *item_language(item_t *it, const item_values_t *v)
{
    char *lang = chars_trim(dup_xml(xmlNodeGetLang(it->node)));

    if (lang)
        return own(it, lang);
    return v->language ? v->language : it->feed->language;
}

static void read_item(item_t *it)
{
    feed_t *f = it->feed;
    morgue_article_t *a = &it->art;
    item_values_t v;
    int alternate = 0;

    memset(&v, 0, sizeof v);
    for (xmlNode *c = it->node->children; c; c = c->next) {
        if (!is_element(c))
            continue;
        if (f->kind == FEED_ATOM)
            atom_element(it, c, &v, &alternate);
        else
            rss_element(it, c, &v);
    }
    if (f->kind == FEED_RDF)
        v.about = own(it, attribute(it->node, "about"));
    a->url = v.orig_link ? v.orig_link : v.link;
    if (!a->url && v.guid_permalink && looks_absolute_url(v.guid))
        a->url = v.guid;
    if (!a->url && looks_absolute_url(v.about))
        a->url = v.about;
    a->id = a->url ? a->url : v.guid ? v.guid : v.about;
    a->date = item_date(it, &v);
    a->author = own(it, v.creators ? v.creators : v.authors);
    if (v.creators && v.authors)
        free(v.authors);
    if (!a->author && f->author)
        a->author = f->author;
    a->source = v.source ? v.source : f->title;
    a->language = item_language(it, &v);
    a->body = item_body(&v);
    a->tags = a->ntags ? it->tags : NULL;
    a->path = f->ctx->path;
    a->line = it->line;
}

static void item_free(item_t *it)
{
    owned_free(&it->owned);
    for (size_t i = 0; i < it->art.ntags; i++)
        free(it->tag_values[i]);
}

/* Read one item and hand it over. Returns nonzero when emit asks to stop. */
static int emit_item(feed_t *f, xmlNode *node)
{
    const char *what = f->kind == FEED_ATOM ? "entry" : "item";
    long line = xmlGetLineNo(node);
    item_t it;
    int stop = 0;

    memset(&it, 0, sizeof it);
    it.owned.max = FEED_MAX_OWNED;
    it.feed = f;
    it.node = node;
    it.line = line > 0 ? (unsigned long)line : 0;
    if (node->_private != (void *)&closed_marker) {
        reader_warn(f->ctx, it.line, 1, "%s not complete (the XML breaks off inside it); skipped",
                    what);
        f->lost++;
        return 0;
    }
    read_item(&it);
    if (it.failed) {
        reader_warn(f->ctx, it.line, 1, "out of memory");
        f->lost++;
    } else if (!it.art.title && !it.art.body) {
        reader_warn(f->ctx, it.line, 1, "%s has no title and no text; skipped", what);
        f->lost++;
    } else {
        if (!it.art.body)
            it.art.body = it.art.title; /* a headline-only item */
        stop = f->ctx->emit(f->ctx->sink, &it.art);
        f->emitted++;
    }
    item_free(&it);
    return stop;
}

/* ---- channels ---------------------------------------------------------- */

static void meta_free(feed_t *f)
{
    free(f->title);
    free(f->language);
    free(f->link);
    free(f->author);
    f->title = f->language = f->link = f->author = NULL;
}

/* The title, link and language of an RSS <channel>. */
static void rss_channel(feed_t *f, xmlNode *channel)
{
    item_t it; /* for the item functions; owns nothing here */

    meta_free(f);
    memset(&it, 0, sizeof it);
    it.feed = f;
    for (xmlNode *c = channel->children; c; c = c->next) {
        if (is_core(f, c, "title") && !f->title)
            f->title = collapse(html_of(&it, c));
        else if (is_core(f, c, "link") && !f->link)
            f->link = chars_trim(content(c));
        else if ((is_core(f, c, "language") || is_ext(c, NS_DC, "dc", "language")) &&
                 !f->language)
            f->language = chars_trim(content(c));
    }
}

/* The title, link and authors of an Atom <feed>. */
static void atom_feed(feed_t *f, xmlNode *feed)
{
    item_t it; /* for the item functions; owns the link it reads */
    item_values_t v;
    int alternate = 0;

    meta_free(f);
    memset(&it, 0, sizeof it);
    it.owned.max = FEED_MAX_OWNED;
    memset(&v, 0, sizeof v);
    it.feed = f;
    for (xmlNode *c = feed->children; c; c = c->next) {
        if (is_core(f, c, "title") && !f->title)
            f->title = atom_text(&it, c, 1);
        else if (is_core(f, c, "link"))
            atom_link(&it, c, &v, &alternate);
        else if (is_core(f, c, "author"))
            add_name(&it, &f->author, atom_person(f, c));
    }
    if (v.link)
        f->link = strdup(v.link);
    item_free(&it);
}

/* The namespace of RSS 1.0's own elements: that of its <channel>. */
static const xmlChar *rdf_namespace(const xmlNode *root)
{
    for (const xmlNode *c = root->children; c; c = c->next)
        if (is_element(c) && c->ns && (xmlStrEqual(c->name, BAD_CAST "channel") ||
                                       xmlStrEqual(c->name, BAD_CAST "item")))
            return c->ns->href;
    return NULL;
}

/* Emit the items of f. Returns nonzero when emit asks to stop. */
static int read_items(feed_t *f)
{
    xmlNode *root = f->root;

    if (f->kind == FEED_ATOM) {
        atom_feed(f, root);
        for (xmlNode *c = root->children; c; c = c->next)
            if (is_core(f, c, "entry") && emit_item(f, c))
                return 1;
        return 0;
    }
    for (xmlNode *c = root->children; c; c = c->next) {
        if (is_core(f, c, "channel")) {
            if (f->kind == FEED_RSS || !f->title)
                rss_channel(f, c);
            for (xmlNode *i = c->children; i; i = i->next)
                if (is_core(f, i, "item") && emit_item(f, i))
                    return 1;
        } else if (is_core(f, c, "item") && emit_item(f, c)) {
            return 1;
        }
    }
    return 0;
}

/* ---- the reader -------------------------------------------------------- */

static reader_result_t read_document(const reader_ctx_t *ctx, xmlDoc *doc,
                                     const parse_report_t *rep, int cut,
                                     long lines)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    feed_t f;
    int stop;

    memset(&f, 0, sizeof f);
    f.ctx = ctx;
    f.root = root;
    f.kind = root_kind(root->name, root->ns ? root->ns->href : NULL);
    if (f.kind == FEED_NONE) {
        reader_warn(ctx, 0, 1, "not a feed: the root element is <%.*s>",
                    chars_shown_len((const char *)root->name, SHOWN_MAX),
                    (const char *)root->name);
        return READ_FAILED;
    }
    f.core_ns = f.kind == FEED_RDF ? rdf_namespace(root)
                                   : root->ns ? root->ns->href : NULL;
    if (rep->controls)
        reader_warn(ctx, 0, 0, "control characters dropped");
    if (rep->repaired)
        reader_warn(ctx, 0, 0, "invalid UTF-8 decoded as Windows-1252");
    if (rep->unsupported)
        reader_warn(ctx, 0, 0, "unknown encoding \"%.*s\", read as UTF-8",
                    chars_shown_len(rep->encoding, SHOWN_MAX), rep->encoding);
    /* An error on the last line of a cut input is the cut, already told. */
    if (rep->errors && !(cut && rep->error_line >= lines))
        reader_warn(ctx, (unsigned long)(rep->error_line > 0 ? rep->error_line : 0), 1,
                    "malformed XML: %s%s", rep->error,
                    rep->stopped ? "; the rest of the file is not read"
                    : rep->errors > 1 ? " (and more errors after it)" : "");
    if (rep->entities)
        reader_warn(ctx, (unsigned long)rep->entity_line, 0,
                    "undeclared entity &%s; read as in HTML%s", rep->entity,
                    rep->entities > 1 ? " (and others after it)" : "");
    stop = read_items(&f);
    meta_free(&f);
    if (stop)
        return READ_STOPPED;
    if (f.emitted == 0 && f.lost == 0 && !rep->errors && !cut)
        reader_warn(ctx, 0, 0, "no %s in this feed", f.kind == FEED_ATOM ? "entries" : "items");
    if (f.emitted == 0 && (f.lost || rep->errors || cut))
        return READ_FAILED;
    return f.lost || rep->errors || cut ? READ_PARTIAL : READ_OK;
}

static reader_result_t feed_read(input_t *in, const reader_ctx_t *ctx)
{
    parse_report_t rep;
    reader_result_t result;
    char *raw = NULL;
    size_t len = 0;
    long lines;
    xmlDoc *doc;
    int cut = read_input(in, ctx, &raw, &len);

    if (cut < 0) {
        free(raw);
        return READ_FAILED;
    }
    if (len == 0) {
        if (!cut)
            reader_warn(ctx, 0, 1, "empty file");
        free(raw);
        return READ_FAILED;
    }
    doc = parse_feed(ctx, raw, &len, &rep);
    lines = count_lines(raw, len);
    free(raw);
    if (!doc || !xmlDocGetRootElement(doc)) {
        reader_warn(ctx, (unsigned long)(rep.error_line > 0 ? rep.error_line : 0), 1,
                    "not XML: %s", rep.errors ? rep.error : "no element");
        xmlFreeDoc(doc);
        return READ_FAILED;
    }
    result = read_document(ctx, doc, &rep, cut, lines);
    xmlFreeDoc(doc);
    return result;
}

/* ---- sniffing ---------------------------------------------------------- */

/* What the sniffing parser found. */
typedef struct sniff_state {
    int seen;            /* the first element was met */
    feed_kind_t kind;    /* what it starts */
} sniff_state_t;

static void sniff_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
                        const xmlChar *uri, int nns, const xmlChar **namespaces,
                        int nattrs, int ndefaulted, const xmlChar **attrs)
{
    xmlParserCtxtPtr ctxt = ctx;
    sniff_state_t *s = ctxt->_private;

    (void)prefix, (void)nns, (void)namespaces, (void)nattrs, (void)ndefaulted, (void)attrs;
    s->seen = 1;
    s->kind = root_kind(local, uri);
    xmlStopParser(ctxt);
}

static void sniff_error(void *data, xmlErrorPtr e)
{
    (void)data;
    (void)e;
}

/* The root start tag was cut off by the end of head: its name is at the
 * parser's position. */
static feed_kind_t sniff_cut_tag(const xmlParserCtxtPtr ctxt)
{
    static const char *const names[] = { "rss", "feed", "rdf:RDF" };
    static const feed_kind_t kinds[] = { FEED_RSS, FEED_ATOM, FEED_RDF };
    const xmlChar *p = ctxt->input ? ctxt->input->cur : NULL;
    const xmlChar *end = ctxt->input ? ctxt->input->end : NULL;

    if (!p || ctxt->instate != XML_PARSER_START_TAG || p >= end || *p != '<')
        return FEED_NONE;
    for (size_t i = 0; i < 3; i++) {
        size_t k = strlen(names[i]);
        if ((size_t)(end - p) > k + 1 && memcmp(p + 1, names[i], k) == 0 &&
            (chars_is_space((char)p[k + 1]) || p[k + 1] == '>' || p[k + 1] == '/'))
            return kinds[i];
    }
    return FEED_NONE;
}

/* An XML document whose first element is <rss>, Atom's <feed> or
 * <rdf:RDF>: the prolog (declaration, comments, doctype) is read by
 * libxml2's push parser, which stops at the first start tag. */
static int feed_sniff(const char *head, size_t n)
{
    xmlSAXHandler sax;
    xmlParserCtxtPtr ctxt;
    sniff_state_t s = { 0, FEED_NONE };
    xmlStructuredErrorFunc saved = xmlStructuredError;
    void *saved_ctx = xmlStructuredErrorContext;
    xmlGenericErrorFunc saved_generic = xmlGenericError;
    void *saved_generic_ctx = xmlGenericErrorContext;
    size_t i = 0;

    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && chars_is_space(head[i]))
        i++;
    if (i >= n || (head[i] != '<' && (unsigned char)head[0] != 0xFE &&
                   (unsigned char)head[0] != 0xFF))
        return 0;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = sniff_start;
    sax.serror = sniff_error;
    ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, NULL);
    if (!ctxt)
        return 0;
    ctxt->_private = &s;
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(NULL, sniff_error);
    xmlSetGenericErrorFunc(NULL, quiet_generic);
    xmlParseChunk(ctxt, head, (int)n, 0);
    xmlSetStructuredErrorFunc(saved_ctx, saved);
    xmlSetGenericErrorFunc(saved_generic_ctx, saved_generic);
    if (!s.seen)
        s.kind = sniff_cut_tag(ctxt);
    xmlFreeParserCtxt(ctxt);
    return s.kind != FEED_NONE;
}

static const char *const feed_extensions[] = { ".rss", ".atom", ".rdf", ".xml", NULL };

const reader_t reader_feed = { "feed", feed_extensions, feed_sniff, feed_read };
