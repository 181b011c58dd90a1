/* sgml.c - newswire SGML read with libxml2 (sgml.h): the input cut into
 * its top-level elements by their literal start and end markers (markup
 * inside them is never looked at here), each element made into XML by
 * rewriting its references, parsed by libxml2's XML parser in recover
 * mode, and the element and text helpers the Reuters and TREC readers
 * share (their dates, datelines and bylines are sgml_fields.c's). Called
 * by readers/reuters.c and readers/trec.c. */
#include "sgml.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "chars.h"

#define NAME_MAX_BYTES 32      /* longest entity name looked up */
#define REF_MAX_DIGITS 8       /* longest number in a character reference */
#define XML_OPTIONS (XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | \
                     XML_PARSE_NOWARNING)

/* A growing string. */
typedef struct sbuf {
    char *p;       /* the bytes, NUL-terminated when cap > 0 */
    size_t len;    /* bytes used */
    size_t cap;    /* bytes allocated */
    int failed;    /* an allocation failed: further puts do nothing */
} sbuf_t;

static int sbuf_reserve(sbuf_t *b, size_t more)
{
    size_t cap;
    char *p;

    if (b->failed)
        return -1;
    if (b->len + more + 1 <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 64;
    while (cap < b->len + more + 1)
        cap *= 2;
    p = realloc(b->p, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

static void sbuf_put(sbuf_t *b, const char *s, size_t n)
{
    if (sbuf_reserve(b, n) < 0)
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* The string built, or NULL when an allocation failed. */
static char *sbuf_take(sbuf_t *b)
{
    if (b->failed || sbuf_reserve(b, 0) < 0) {
        free(b->p);
        return NULL;
    }
    return b->p;
}

/* ---- SGML references to XML ---------------------------------------- */

/* ISO 8879 entities that TREC's SGML uses and HTML 4 does not define. */
static const struct {
    const char *name;
    unsigned value;
} iso_entities[] = {
    { "hyph", '-' }, { "blank", ' ' }, { "space", ' ' }, { "lsqb", '[' },
    { "rsqb", ']' }, { "lcub", '{' }, { "rcub", '}' }, { "dollar", '$' },
    { "percnt", '%' }, { "num", '#' }, { "commat", '@' }, { "ast", '*' },
    { "sol", '/' }, { "bsol", '\\' }, { "verbar", '|' }, { "lowbar", '_' },
    { "equals", '=' }, { "plus", '+' }, { "excl", '!' }, { "quest", '?' },
    { "colon", ':' }, { "semi", ';' }, { "lpar", '(' }, { "rpar", ')' },
    { "comma", ',' }, { "period", '.' }, { "apos", '\'' }, { "grave", '`' },
};

/* The character an entity name stands for, or 0 when unknown. */
static unsigned entity_value(const char *name)
{
    static const char *const xml_names[] = { "lt", "gt", "amp", "quot", NULL };
    static const unsigned xml_values[] = { '<', '>', '&', '"' };
    const htmlEntityDesc *html;

    for (int i = 0; xml_names[i]; i++)
        if (strcasecmp(name, xml_names[i]) == 0)
            return xml_values[i];
    html = htmlEntityLookup((const xmlChar *)name);
    if (html)
        return html->value;
    for (size_t i = 0; i < sizeof iso_entities / sizeof *iso_entities; i++)
        if (strcmp(name, iso_entities[i].name) == 0)
            return iso_entities[i].value;
    return 0;
}

/* May a character reference to v appear in XML 1.0? */
static int xml_char_ok(unsigned long v)
{
    return v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
           (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF);
}

/* A character reference "&#N;" or "&#xH;" at p: its length (and value in
 * *v), or 0 when p starts none. */
static size_t char_ref(const char *p, const char *end, unsigned long *v)
{
    const char *q = p + 2;
    int hex = 0, digits = 0;

    *v = 0;
    if (end - p < 4 || p[1] != '#')
        return 0;
    if (*q == 'x' || *q == 'X') {
        hex = 1;
        q++;
    }
    for (; q < end && digits <= REF_MAX_DIGITS; q++, digits++) {
        int d;
        if (isdigit((unsigned char)*q))
            d = *q - '0';
        else if (hex && isxdigit((unsigned char)*q))
            d = tolower((unsigned char)*q) - 'a' + 10;
        else
            break;
        *v = *v * (hex ? 16 : 10) + (unsigned long)d;
    }
    if (digits == 0 || digits > REF_MAX_DIGITS || q >= end || *q != ';')
        return 0;
    return (size_t)(q + 1 - p);
}

/* An entity reference "&name;" at p: its length (and the name in name),
 * or 0 when p starts none. */
static size_t entity_ref(const char *p, const char *end, char name[NAME_MAX_BYTES + 1])
{
    const char *q = p + 1;
    size_t n = 0;

    if (q >= end || !isalpha((unsigned char)*q))
        return 0;
    while (q < end && n < NAME_MAX_BYTES &&
           (isalnum((unsigned char)*q) || *q == '.' || *q == '-' || *q == '_'))
        name[n++] = *q++;
    name[n] = '\0';
    if (q >= end || *q != ';')
        return 0;
    return (size_t)(q + 1 - p);
}

/* Rewrite the '&' at p; returns the bytes used. */
static size_t put_reference(sbuf_t *b, const char *p, const char *end)
{
    char name[NAME_MAX_BYTES + 1], ref[24];
    unsigned long v;
    size_t n;

    if ((n = char_ref(p, end, &v)) > 0) {
        if (xml_char_ok(v))
            sbuf_put(b, p, n);
        else
            sbuf_put(b, "&#127;", 6);  /* a control character: dropped later */
        return n;
    }
    if ((n = entity_ref(p, end, name)) > 0 && (v = entity_value(name)) != 0) {
        snprintf(ref, sizeof ref, "&#%lu;", v);
        sbuf_put(b, ref, strlen(ref));
        return n;
    }
    sbuf_put(b, "&#38;", 5);  /* an unknown entity or a bare '&': text */
    return 1;
}

/* Can the byte after a '<' start markup (a tag, an end tag, a comment or
 * declaration, a processing instruction)? */
static int starts_markup(const char *q, const char *end)
{
    return q < end && (isalpha((unsigned char)*q) || *q == '/' || *q == '!' ||
                       *q == '?' || *q == '_');
}

char *sgml_to_xml(const char *sgml, size_t len, size_t *out_len, int *repaired)
{
    char *text = NULL;
    size_t text_len = 0;
    int changed = 0;
    sbuf_t b = { NULL, 0, 0, 0 };

    *repaired = 0;
    if (morgue_text_repair(sgml, len, &text, &text_len, &changed) != MORGUE_OK)
        return NULL;
    *repaired = (changed & MORGUE_REPAIRED_DECODED) != 0;
    sbuf_reserve(&b, text_len + text_len / 8);
    for (const char *p = text, *end = text + text_len; p < end && !b.failed;) {
        const char *q = p;
        while (q < end && *q != '&' && *q != '<')
            q++;
        sbuf_put(&b, p, (size_t)(q - p));
        if (q >= end)
            break;
        if (*q == '&') {
            p = q + put_reference(&b, q, end);
        } else {
            if (starts_markup(q + 1, end))
                sbuf_put(&b, "<", 1);
            else
                sbuf_put(&b, "&#60;", 5);
            p = q + 1;
        }
    }
    free(text);
    *out_len = b.len;
    return sbuf_take(&b);
}

/* ---- cutting the input into elements ------------------------------- */

static unsigned long count_lines(const char *p, const char *end)
{
    unsigned long n = 0;

    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        n++;
        p++;
    }
    return n;
}

/* The next "<name" followed by '>', '/' or whitespace, or NULL. */
static const char *find_start(const char *p, const char *end, const char *name)
{
    size_t n = strlen(name);

    while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        if ((size_t)(end - p) > n + 1 && strncasecmp(p + 1, name, n) == 0 &&
            (p[n + 1] == '>' || p[n + 1] == '/' || chars_is_space(p[n + 1])))
            return p;
        p++;
    }
    return NULL;
}

/* The next "</name>" (space allowed before '>'), or NULL; *after is set
 * past it. */
static const char *find_end(const char *p, const char *end, const char *name,
                            const char **after)
{
    size_t n = strlen(name);

    while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        if ((size_t)(end - p) > n + 2 && p[1] == '/' &&
            strncasecmp(p + 2, name, n) == 0) {
            const char *q = p + 2 + n;
            while (q < end && chars_is_space(*q))
                q++;
            if (q < end && *q == '>') {
                *after = q + 1;
                return p;
            }
        }
        p++;
    }
    return NULL;
}

/* ---- parsing one element ------------------------------------------- */

/* The first libxml2 error met while parsing one element. */
typedef struct parse_errors {
    char first[256];     /* its message, without the newline */
    int line;            /* its line in the file */
    int count;           /* how many errors */
} parse_errors_t;

static void on_error(void *user, xmlErrorPtr err)
{
    xmlParserCtxtPtr pc = user;
    parse_errors_t *e = pc ? pc->_private : NULL;
    size_t n;

    if (!e || !err || err->level < XML_ERR_ERROR)
        return;
    if (e->count++ > 0)
        return;
    if (err->message && strncmp(err->message, "Excessive depth", 15) == 0)
        snprintf(e->first, sizeof e->first, "elements nested deeper than "
                 "libxml2's limit of %u; the rest of the element is lost",
                 xmlParserMaxDepth);
    else
        snprintf(e->first, sizeof e->first, "%s",
                 err->message ? err->message : "unknown error");
    n = strlen(e->first);
    while (n > 0 && chars_is_space(e->first[n - 1]))
        e->first[--n] = '\0';
    e->line = err->line;
}

/* Parse xml (line breaks as in the file, the first at line) into a
 * document; NULL when libxml2 gives none. */
static xmlDocPtr parse_xml(const char *xml, size_t len, unsigned long line,
                           parse_errors_t *errs, int *well_formed)
{
    xmlParserCtxtPtr pc;
    xmlDocPtr doc;

    *well_formed = 0;
    if (len > INT_MAX) {
        snprintf(errs->first, sizeof errs->first, "element larger than 2 GiB");
        return NULL;
    }
    pc = xmlCreateMemoryParserCtxt(xml, (int)len);
    if (!pc) {
        snprintf(errs->first, sizeof errs->first, "out of memory");
        return NULL;
    }
    xmlCtxtUseOptions(pc, XML_OPTIONS);
    pc->_private = errs;
    pc->userData = pc;
    pc->sax->serror = on_error;
    if (pc->input && line <= INT_MAX)
        pc->input->line = (int)line;
    xmlParseDocument(pc);
    doc = pc->myDoc;
    pc->myDoc = NULL;
    *well_formed = pc->wellFormed;
    xmlFreeParserCtxt(pc);
    return doc;
}

/* Parse the element [s, s+n) that starts at line and hand it to fn.
 * Returns fn's answer, or 1 when the element was skipped here. */
static int read_element(const reader_ctx_t *ctx, const char *s, size_t n,
                        unsigned long line, const char *name,
                        sgml_element_fn fn, void *arg)
{
    parse_errors_t errs;
    int repaired = 0, well_formed = 0, rc;
    size_t xml_len = 0;
    char *xml = sgml_to_xml(s, n, &xml_len, &repaired);
    xmlDocPtr doc;
    xmlNode *root;

    if (!xml) {
        reader_warn(ctx, line, 1, "out of memory");
        return 1;
    }
    if (repaired)
        reader_warn(ctx, line, 0, "invalid UTF-8 decoded as Windows-1252");
    memset(&errs, 0, sizeof errs);
    doc = parse_xml(xml, xml_len, line, &errs, &well_formed);
    free(xml);
    root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root || !sgml_is(root, name) || (!well_formed && !root->children)) {
        reader_warn(ctx, line, 1, "<%s> element could not be parsed: %s; skipped",
                    name, errs.first[0] ? errs.first : "no element");
        xmlFreeDoc(doc);
        return 1;
    }
    if (!well_formed)
        reader_warn(ctx, errs.line > 0 ? (unsigned long)errs.line : line, 0,
                    "not well-formed: %s; the <%s> element of line %lu is "
                    "read as libxml2 recovered it", errs.first, name, line);
    rc = fn(ctx, root, line, well_formed, arg);
    xmlFreeDoc(doc);
    return rc;
}

/* Slurp in, warning about a read error. Returns -1 when nothing came. */
static int slurp(input_t *in, const reader_ctx_t *ctx, char **buf, size_t *len)
{
    if (input_slurp(in, buf, len) == 0)
        return 0;
    if (*len == 0) {
        reader_warn(ctx, 0, 1, "%s", input_error(in));
        return -1;
    }
    reader_warn(ctx, 0, 1, "%s after line %lu", input_error(in),
                count_lines(*buf, *buf + *len));
    return 0;
}

reader_result_t sgml_read(input_t *in, const reader_ctx_t *ctx,
                          const char *name, sgml_element_fn fn, void *arg)
{
    char *buf = NULL;
    size_t len = 0, found = 0;
    const char *p, *end, *counted, *s, *close = NULL, *after = NULL;
    unsigned long line = 1;
    int skipped, rc = 0, no_close = 0;

    xmlInitParser();
    if (slurp(in, ctx, &buf, &len) < 0) {
        free(buf);
        return READ_FAILED;
    }
    skipped = input_error(in) != NULL;
    p = counted = buf;
    end = buf + len;
    while (rc >= 0 && (s = find_start(p, end, name)) != NULL) {
        const char *next = find_start(s + 1, end, name);
        line += count_lines(counted, s);
        counted = s;
        found++;
        if (!no_close && (!close || close < s))
            close = find_end(s, end, name, &after);
        no_close = close == NULL;
        if (!close || (next && next < close)) {
            if (next)
                reader_warn(ctx, line, 1, "<%s> element not closed before the "
                            "next one (line %lu); skipped", name,
                            line + count_lines(s, next));
            else
                reader_warn(ctx, line, 1, "<%s> element not closed before the "
                            "end of the %s; skipped", name,
                            input_error(in) ? "data read" : "file");
            skipped = 1;
            p = next ? next : end;
            continue;
        }
        rc = read_element(ctx, s, (size_t)(after - s), line, name, fn, arg);
        skipped |= rc > 0;
        p = after;
    }
    free(buf);
    if (rc < 0)
        return READ_STOPPED;
    if (found == 0) {
        if (!skipped)
            reader_warn(ctx, 0, 1, "no <%s> element", name);
        return READ_FAILED;
    }
    return skipped ? READ_PARTIAL : READ_OK;
}

/* ---- finding elements ---------------------------------------------- */

int sgml_is(const xmlNode *node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE && node->name &&
           strcasecmp((const char *)node->name, name) == 0;
}

/* Depth-first search below node for elements called name, not entering
 * skip elements nor the matches; each match is stored in out (up to max).
 * Returns the number of matches, stopping at stop_at. */
static size_t find_below(xmlNode *node, const char *name, const char *skip,
                         xmlNode **out, size_t max, size_t found, size_t stop_at)
{
    for (xmlNode *c = node->children; c && found < stop_at; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (sgml_is(c, name)) {
            if (found < max)
                out[found] = c;
            found++;
        } else if (!(skip && sgml_is(c, skip))) {
            found = find_below(c, name, skip, out, max, found, stop_at);
        }
    }
    return found;
}

xmlNode *sgml_find(xmlNode *root, const char *name, const char *skip)
{
    xmlNode *hit = NULL;

    if (!root)
        return NULL;
    if (sgml_is(root, name))
        return root;
    find_below(root, name, skip, &hit, 1, 0, 1);
    return hit;
}

size_t sgml_find_all(xmlNode *root, const char *name, const char *skip,
                     xmlNode **out, size_t max)
{
    if (!root)
        return 0;
    return find_below(root, name, skip, out, max, 0, (size_t)-1);
}

char *sgml_attr(const xmlNode *node, const char *name)
{
    if (!node || node->type != XML_ELEMENT_NODE)
        return NULL;
    for (const xmlAttr *a = node->properties; a; a = a->next) {
        if (a->name && strcasecmp((const char *)a->name, name) == 0) {
            xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
            char *s = v ? strdup((const char *)v) : NULL;
            xmlFree(v);
            return s;
        }
    }
    return NULL;
}

/* ---- text ---------------------------------------------------------- */

/* The text being gathered from a subtree. */
typedef struct gather {
    sbuf_t b;       /* the text so far */
    int gap;        /* a paragraph break is owed before the next text */
} gather_t;

static void gather_text(gather_t *g, const char *s, size_t n)
{
    if (g->gap) {
        while (n > 0 && chars_is_space(*s)) {
            s++;
            n--;
        }
        if (n == 0)
            return;
        while (g->b.len > 0 && chars_is_space(g->b.p[g->b.len - 1]))
            g->b.len--;
        if (g->b.len > 0)
            sbuf_put(&g->b, "\n\n", 2);
        g->gap = 0;
    }
    sbuf_put(&g->b, s, n);
}

/* libxml2 limits the depth of the tree, so recursion is bounded. */
static void gather(gather_t *g, const xmlNode *node)
{
    for (const xmlNode *c = node->children; c; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
            c->content) {
            gather_text(g, (const char *)c->content, strlen((const char *)c->content));
        } else if (c->type == XML_ELEMENT_NODE) {
            int para = sgml_is(c, "P");
            g->gap |= para;
            gather(g, c);
            g->gap |= para;
        }
    }
}

/* Drop control characters (morgue_text_repair) and trim, in a new
 * string; with collapse, runs of whitespace become one space. */
static char *clean(const char *s, size_t len, int collapse)
{
    char *out = NULL;
    size_t n = 0, start = 0;

    if (morgue_text_repair(s, len, &out, &n, NULL) != MORGUE_OK)
        return NULL;
    if (collapse) {
        chars_collapse_space(out);
        return out;
    }
    while (n > 0 && chars_is_space(out[n - 1]))
        n--;
    while (start < n && chars_is_space(out[start]))
        start++;
    memmove(out, out + start, n - start);
    out[n - start] = '\0';
    return out;
}

char *sgml_text(const xmlNode *node, int collapse)
{
    gather_t g;
    char *out;

    memset(&g, 0, sizeof g);
    sbuf_reserve(&g.b, 0);
    if (node)
        gather(&g, node);
    if (g.b.failed) {
        free(g.b.p);
        return NULL;
    }
    out = clean(g.b.p, g.b.len, collapse);
    free(g.b.p);
    return out;
}

/* ---- owned strings ------------------------------------------------- */

const char *sgml_keep(owned_t *o, char *s)
{
    s = owned_keep(o, s);
    return s && *s ? s : NULL;
}
