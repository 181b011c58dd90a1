/* html_fragment.c - markup_text (html_fragment.h): a fragment of HTML
 * reduced to plain text with libxml2's HTML parser. The parsed tree is walked without
 * recursion (so deep nesting costs no stack): text nodes are copied with
 * runs of whitespace collapsed to one space (inside <pre> line breaks are
 * kept), block elements become line breaks or blank lines, and script,
 * style, noscript, template, head and embedded objects are dropped.
 * Entities are decoded by the parser. Called by the readers that meet HTML
 * inside another format (readers/feed.c, readers/mail.c) and by
 * parse/html_meta.c for the text of JSON-LD strings. */
#include "html_fragment.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "html_tree.h"
#include "morgue.h"

/* Longest input looked at: a fragment this large is no longer a
 * description, and libxml2 builds about 20 bytes of tree for every byte
 * of dense markup (as for HTML_MAX_BYTES in html_page.c), so this bounds its
 * memory. The rest is ignored. */
#define MARKUP_MAX_BYTES (8u << 20)

/* What separates the text before from the text after, strongest wins. */
typedef enum gap {
    GAP_NONE = 0,  /* nothing: the texts run together */
    GAP_SPACE,     /* one space */
    GAP_LINE,      /* a line break */
    GAP_PARA       /* a blank line */
} gap_t;

/* How an element shapes the text. */
typedef enum role {
    ROLE_INLINE = 0, /* its text runs on (a, b, span, unknown elements) */
    ROLE_SKIP,       /* dropped with everything inside */
    ROLE_CELL,       /* a table cell: a space around it */
    ROLE_LINE,       /* a line of its own */
    ROLE_PARA,       /* a paragraph: a blank line around it */
    ROLE_BREAK,      /* <br>: a line break; two in a row a blank line */
    ROLE_PRE         /* <pre>: a paragraph whose whitespace is kept */
} role_t;

/* The text being built. */
typedef struct out {
    char *buf;     /* the text so far, NUL-terminated when cap > 0 */
    size_t len;    /* bytes used */
    size_t cap;    /* bytes allocated */
    gap_t gap;     /* separator owed before the next text */
    int pre;       /* depth of <pre> elements around the walk */
    int failed;    /* out of memory: everything after is ignored */
} out_t;

static const struct {
    const char *name;
    role_t role;
} roles[] = {
    { "script", ROLE_SKIP }, { "style", ROLE_SKIP }, { "noscript", ROLE_SKIP },
    { "template", ROLE_SKIP }, { "head", ROLE_SKIP }, { "title", ROLE_SKIP },
    { "iframe", ROLE_SKIP }, { "object", ROLE_SKIP }, { "embed", ROLE_SKIP },
    { "applet", ROLE_SKIP }, { "svg", ROLE_SKIP }, { "math", ROLE_SKIP },
    { "canvas", ROLE_SKIP }, { "audio", ROLE_SKIP }, { "video", ROLE_SKIP },
    { "map", ROLE_SKIP }, { "select", ROLE_SKIP }, { "textarea", ROLE_SKIP },
    { "br", ROLE_BREAK }, { "pre", ROLE_PRE }, { "listing", ROLE_PRE },
    { "xmp", ROLE_PRE }, { "plaintext", ROLE_PRE },
    { "td", ROLE_CELL }, { "th", ROLE_CELL },
    { "div", ROLE_LINE }, { "li", ROLE_LINE }, { "dt", ROLE_LINE },
    { "dd", ROLE_LINE }, { "tr", ROLE_LINE }, { "caption", ROLE_LINE },
    { "figcaption", ROLE_LINE }, { "summary", ROLE_LINE },
    { "legend", ROLE_LINE }, { "option", ROLE_LINE }, { "body", ROLE_LINE },
    { "p", ROLE_PARA }, { "h1", ROLE_PARA }, { "h2", ROLE_PARA },
    { "h3", ROLE_PARA }, { "h4", ROLE_PARA }, { "h5", ROLE_PARA },
    { "h6", ROLE_PARA }, { "blockquote", ROLE_PARA }, { "ul", ROLE_PARA },
    { "ol", ROLE_PARA }, { "dl", ROLE_PARA }, { "table", ROLE_PARA },
    { "hr", ROLE_PARA }, { "figure", ROLE_PARA }, { "address", ROLE_PARA },
    { "section", ROLE_PARA }, { "article", ROLE_PARA },
    { "header", ROLE_PARA }, { "footer", ROLE_PARA }, { "aside", ROLE_PARA },
    { "nav", ROLE_PARA }, { "main", ROLE_PARA }, { "form", ROLE_PARA },
    { "fieldset", ROLE_PARA }, { "details", ROLE_PARA },
    { "center", ROLE_PARA }, { "menu", ROLE_PARA },
};

static role_t role_of(const xmlNode *node)
{
    if (node->type != XML_ELEMENT_NODE || node->name == NULL)
        return ROLE_INLINE;
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
        if (strcmp((const char *)node->name, roles[i].name) == 0)
            return roles[i].role;
    return ROLE_INLINE;
}

/* ---- the output ------------------------------------------------------ */

static void owe(out_t *o, gap_t gap)
{
    if (gap > o->gap)
        o->gap = gap;
}

static int reserve(out_t *o, size_t more)
{
    size_t cap = o->cap ? o->cap : 256;
    char *grown;

    if (o->failed)
        return -1;
    if (o->len + more + 1 <= o->cap)
        return 0;
    while (cap < o->len + more + 1)
        cap *= 2;
    grown = realloc(o->buf, cap);
    if (!grown) {
        o->failed = 1;
        return -1;
    }
    o->buf = grown;
    o->cap = cap;
    return 0;
}

/* Append n bytes, preceded by the separator owed (none at the start: the
 * result is trimmed). */
static void put(out_t *o, const char *s, size_t n)
{
    static const char *const seps[] = { "", " ", "\n", "\n\n" };
    const char *sep = o->len > 0 ? seps[o->gap] : "";
    size_t k = strlen(sep);

    if (reserve(o, k + n) < 0)
        return;
    memcpy(o->buf + o->len, sep, k);
    memcpy(o->buf + o->len + k, s, n);
    o->len += k + n;
    o->buf[o->len] = '\0';
    o->gap = GAP_NONE;
}

/* Length of the whitespace character at s (n bytes left), or 0. A
 * no-break space counts: feeds use it for layout. */
static size_t space_len(const unsigned char *s, size_t n)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' ||
        *s == '\v')
        return 1;
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    return 0;
}

/* Text outside <pre>: every run of whitespace becomes (at least) one
 * space; runs of other bytes are copied. */
static void put_text(out_t *o, const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        size_t k = space_len(s + i, n - i), start = i;
        if (k > 0) {
            owe(o, GAP_SPACE);
            i += k;
            continue;
        }
        while (i < n && space_len(s + i, n - i) == 0)
            i++;
        put(o, (const char *)s + start, i - start);
    }
}

/* Text inside <pre>: line breaks are kept (two or more as a blank line),
 * other whitespace is copied as it is except at the start of the text. */
static void put_pre_text(out_t *o, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r')
            continue;
        if (s[i] == '\n')
            owe(o, o->gap >= GAP_LINE ? GAP_PARA : GAP_LINE);
        else if (o->len > 0 || (s[i] != ' ' && s[i] != '\t'))
            put(o, (const char *)s + i, 1);
    }
}

/* ---- the walk -------------------------------------------------------- */

/* Entering node; returns nonzero when its children are to be walked. */
static int enter(out_t *o, const xmlNode *node)
{
    switch (node->type) {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
        if (node->content) {
            size_t n = strlen((const char *)node->content);
            if (o->pre)
                put_pre_text(o, node->content, n);
            else
                put_text(o, node->content, n);
        }
        return 0;
    case XML_ELEMENT_NODE:
        break;
    default:
        return 0;
    }
    switch (role_of(node)) {
    case ROLE_SKIP: return 0;
    case ROLE_CELL: owe(o, GAP_SPACE); break;
    case ROLE_LINE: owe(o, GAP_LINE); break;
    case ROLE_PARA: owe(o, GAP_PARA); break;
    case ROLE_BREAK: owe(o, o->gap >= GAP_LINE ? GAP_PARA : GAP_LINE); break;
    case ROLE_PRE: owe(o, GAP_PARA); o->pre++; break;
    case ROLE_INLINE: break;
    }
    return 1;
}

/* Leaving an element whose children were walked. */
static void leave(out_t *o, const xmlNode *node)
{
    switch (role_of(node)) {
    case ROLE_CELL: owe(o, GAP_SPACE); break;
    case ROLE_LINE: owe(o, GAP_LINE); break;
    case ROLE_PARA: owe(o, GAP_PARA); break;
    case ROLE_PRE: owe(o, GAP_PARA); o->pre--; break;
    default: break;
    }
}

/* Walk the children of top in document order, depth first, without
 * recursion. */
static void walk(out_t *o, xmlNode *top)
{
    xmlNode *node = top->children;

    while (node && !o->failed) {
        int descend = enter(o, node);
        if (descend && node->children) {
            node = node->children;
            continue;
        }
        if (descend)
            leave(o, node);
        while (node && node != top) {
            if (node->next) {
                node = node->next;
                break;
            }
            node = node->parent;
            if (node && node != top)
                leave(o, node);
        }
        if (node == top)
            break;
    }
}

/* ---- the entry point ------------------------------------------------- */

/* The first n bytes of s, n cut back to a character boundary. */
static size_t cut_utf8(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

char *markup_text(const char *html, size_t len)
{
    out_t o;
    char *clean = NULL;
    size_t clean_len = 0;
    htmlDocPtr doc;

    memset(&o, 0, sizeof o);
    if (html == NULL)
        html = "";
    if (len > MARKUP_MAX_BYTES)
        len = cut_utf8(html, MARKUP_MAX_BYTES);
    /* Valid UTF-8 without NUL bytes, so that the parser never guesses. */
    if (morgue_text_repair(html, len, &clean, &clean_len, NULL) != MORGUE_OK)
        return NULL;
    doc = clean_len > 0 ? htmlReadMemory(clean, (int)clean_len, NULL, "UTF-8",
                                         HTML_TREE_OPTIONS)
                        : NULL;
    free(clean);
    if (doc)
        walk(&o, (xmlNode *)doc);
    xmlFreeDoc(doc);
    if (o.failed) {
        free(o.buf);
        return NULL;
    }
    if (!o.buf)
        return strdup("");
    while (o.len > 0 && (o.buf[o.len - 1] == ' ' || o.buf[o.len - 1] == '\t'))
        o.buf[--o.len] = '\0';
    return o.buf;
}
