/* html_charset.c - html_to_utf8 (html_charset.h): a page's character set
 * (byte-order mark, <meta charset> or http-equiv, the caller's HTTP
 * charset, else UTF-8), iconv for the legacy ones, morgue_text_repair when
 * the bytes are not what was declared, and html_note for the notes about
 * it. Called by indexer/parse/html_page.c only. */
#include "html_charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chars.h"
#include "html_tree.h"
#include "morgue.h"

/* How much of the page is looked at for a <meta> charset. */
#define CHARSET_SCAN_BYTES 65536u

/* ---- notes ---------------------------------------------------------- */

void html_note(html_notes_t *nt, const char *fmt, ...)
{
    size_t used;
    va_list ap;

    if (nt->buf == NULL || nt->size == 0)
        return;
    used = strlen(nt->buf);
    if (used > 0 && used + 2 < nt->size) {
        memcpy(nt->buf + used, "; ", 3);
        used += 2;
    }
    if (used + 1 >= nt->size)
        return;
    va_start(ap, fmt);
    vsnprintf(nt->buf + used, nt->size - used, fmt, ap);
    va_end(ap);
}

/* ---- the character set --------------------------------------------- */

/* The charset named in a Content-Type value ("text/html; charset=x"),
 * malloc'd, or NULL. */
static char *charset_of_content_type(const char *value)
{
    const char *p = value;
    size_t n;

    while (p != NULL && (p = strchr(p, '=')) != NULL) {
        const char *k = p;
        while (k > value && !chars_is_space((unsigned char)k[-1]) && k[-1] != ';')
            k--;
        p++;
        if ((size_t)(p - 1 - k) == 7 && strncasecmp(k, "charset", 7) == 0)
            break;
    }
    if (p == NULL)
        return NULL;
    while (chars_is_space((unsigned char)*p) || *p == '"' || *p == '\'')
        p++;
    for (n = 0; p[n] != '\0' && p[n] != ';' && p[n] != '"' && p[n] != '\'' &&
                !chars_is_space((unsigned char)p[n]); n++)
        ;
    return n > 0 ? strndup(p, n) : NULL;
}

/* The charset a <meta> element declares, malloc'd, or NULL. */
static char *meta_element_charset(xmlNodePtr n)
{
    char *v = html_attr(n, "charset"), *cs = NULL;

    if (v != NULL) {
        cs = html_collapse(v, 64);
        xmlFree(v);
        return cs;
    }
    v = html_attr(n, "http-equiv");
    if (v != NULL && strcasecmp(v, "content-type") == 0) {
        char *content = html_attr(n, "content");
        if (content != NULL)
            cs = charset_of_content_type(content);
        xmlFree(content);
    }
    xmlFree(v);
    return cs;
}

/* The charset the page's first <meta> declaring one names, malloc'd, or
 * NULL. The start of the page is parsed as Latin-1, which takes any byte
 * and leaves the ASCII of tags and names as it is. */
static char *meta_charset(const char *html, size_t len)
{
    size_t n = len < CHARSET_SCAN_BYTES ? len : CHARSET_SCAN_BYTES;
    htmlDocPtr doc = htmlReadMemory(html, (int)n, NULL, "ISO-8859-1", HTML_TREE_OPTIONS);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    char *cs = NULL;

    for (xmlNodePtr p = root; p != NULL && cs == NULL; p = html_walk_next(p, root, 1))
        if (html_is_element(p, "meta"))
            cs = meta_element_charset(p);
    xmlFreeDoc(doc);
    return cs;
}

/* The iconv name for a declared charset, as browsers read the labels:
 * Latin-1 and ASCII are Windows-1252, UTF-16 in a <meta> is UTF-8, and
 * some East Asian labels mean their Windows supersets. NULL for UTF-8. */
static const char *iconv_name(const char *label)
{
    static const struct { const char *label, *name; } aliases[] = {
        {"utf-8", NULL}, {"utf8", NULL}, {"unicode-1-1-utf-8", NULL},
        {"utf-16", NULL}, {"utf-16le", NULL}, {"utf-16be", NULL},
        {"iso-8859-1", "WINDOWS-1252"}, {"iso8859-1", "WINDOWS-1252"},
        {"latin1", "WINDOWS-1252"}, {"l1", "WINDOWS-1252"},
        {"us-ascii", "WINDOWS-1252"}, {"ascii", "WINDOWS-1252"},
        {"iso_8859-1", "WINDOWS-1252"}, {"cp1252", "WINDOWS-1252"},
        {"x-cp1252", "WINDOWS-1252"}, {"iso-8859-9", "WINDOWS-1254"},
        {"gb2312", "GB18030"}, {"gbk", "GB18030"}, {"x-gbk", "GB18030"},
        {"euc-kr", "CP949"}, {"ks_c_5601-1987", "CP949"},
        {"shift_jis", "CP932"}, {"sjis", "CP932"}, {"x-sjis", "CP932"},
        {"tis-620", "CP874"}, {"iso-8859-11", "CP874"},
    };
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        if (strcasecmp(label, aliases[i].label) == 0)
            return aliases[i].name;
    return label;
}

/* A growing output buffer for iconv. */
typedef struct growbuf {
    char *buf;
    size_t len, cap;
} growbuf_t;

static int grow(growbuf_t *g, size_t need)
{
    char *b;
    size_t cap = g->cap ? g->cap : 256;

    if (g->len + need <= g->cap)
        return 0;
    while (cap < g->len + need)
        cap *= 2;
    b = realloc(g->buf, cap);
    if (b == NULL)
        return -1;
    g->buf = b;
    g->cap = cap;
    return 0;
}

/* Convert len bytes from charset cd to UTF-8 into g; a byte the charset
 * does not define becomes U+FFFD and is counted in *bad. */
static int iconv_all(iconv_t cd, const char *in, size_t len, growbuf_t *g,
                     size_t *bad)
{
    char *src = (char *)in;
    size_t left = len;

    while (left > 0) {
        char *dst;
        size_t room, r;
        if (grow(g, left * 2 + 16) < 0)
            return -1;
        dst = g->buf + g->len;
        room = g->cap - g->len - 1;
        r = iconv(cd, &src, &left, &dst, &room);
        g->len = (size_t)(dst - g->buf);
        if (r != (size_t)-1 || errno == E2BIG)
            continue;
        if (grow(g, 4) < 0)
            return -1;
        memcpy(g->buf + g->len, "\xEF\xBF\xBD", 3);
        g->len += 3;
        src++;
        left--;
        (*bad)++;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    if (grow(g, 1) < 0)
        return -1;
    g->buf[g->len] = '\0';
    return 0;
}

/* Repair bytes meant as UTF-8 into *out; notes invalid ones. */
static int repair_utf8(const char *raw, size_t len, const char *declared,
                       char **out, size_t *out_len, html_notes_t *nt)
{
    int repaired = 0;

    if (morgue_text_repair(raw, len, out, out_len, &repaired) != MORGUE_OK)
        return -1;
    if (repaired & MORGUE_REPAIRED_DECODED) {
        if (declared != NULL)
            html_note(nt, "declared charset %s, but invalid UTF-8 decoded as Windows-1252",
                 declared);
        else
            html_note(nt, "invalid UTF-8 decoded as Windows-1252");
    }
    return 0;
}

/* Convert raw with cd (from the charset label declared) into *out. */
static int convert(const char *raw, size_t len, iconv_t cd, const char *label,
                   char **out, size_t *out_len, html_notes_t *nt)
{
    growbuf_t g = { NULL, 0, 0 };
    size_t bad = 0;
    int rc = iconv_all(cd, raw, len, &g, &bad);

    if (rc < 0) {
        free(g.buf);
        return -1;
    }
    if (bad > 0)
        html_note(nt, "%zu byte%s not valid in charset %s replaced", bad,
             bad == 1 ? "" : "s", label);
    rc = morgue_text_repair(g.buf, g.len, out, out_len, NULL) == MORGUE_OK ? 0 : -1;
    free(g.buf);
    return rc;
}

/* Bytes declared in the legacy charset label (iconv's name for it: name)
 * into UTF-8. */
static int from_legacy(const char *raw, size_t len, const char *name,
                       const char *label, char **out, size_t *out_len, html_notes_t *nt)
{
    iconv_t cd = iconv_open("UTF-8", name);
    int rc;

    if (cd == (iconv_t)-1) {
        html_note(nt, "unknown charset \"%.40s\", read as UTF-8", label);
        return repair_utf8(raw, len, NULL, out, out_len, nt);
    }
    if (chars_non_ascii(raw, len) && chars_valid_utf8(raw, len)) {
        /* Valid UTF-8 beyond ASCII is next to impossible by chance in a
         * legacy charset: the declaration is what lies. */
        html_note(nt, "declared charset %.40s, but the bytes are UTF-8", label);
        rc = repair_utf8(raw, len, NULL, out, out_len, nt);
    } else {
        rc = convert(raw, len, cd, label, out, out_len, nt);
    }
    iconv_close(cd);
    return rc;
}

/* Bytes after a UTF-16 byte-order mark (name: UTF-16LE or UTF-16BE). */
static int from_utf16(const char *raw, size_t len, const char *name, char **out,
                      size_t *out_len, html_notes_t *nt)
{
    iconv_t cd = iconv_open("UTF-8", name);
    int rc;

    if (cd == (iconv_t)-1)
        return -1;
    rc = convert(raw, len, cd, name, out, out_len, nt);
    iconv_close(cd);
    return rc;
}

int html_to_utf8(const char *raw, size_t len, const char *http_charset,
                 char **out, size_t *out_len, html_notes_t *nt)
{
    const unsigned char *u = (const unsigned char *)raw;
    char *label;
    const char *name;
    int rc;

    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        return repair_utf8(raw + 3, len - 3, "UTF-8", out, out_len, nt);
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return from_utf16(raw + 2, len - 2, u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE",
                          out, out_len, nt);
    label = meta_charset(raw, len);
    if (label == NULL && http_charset != NULL && *http_charset != '\0')
        label = strdup(http_charset);
    name = label != NULL ? iconv_name(label) : NULL;
    if (name == NULL)
        rc = repair_utf8(raw, len, label, out, out_len, nt);
    else
        rc = from_legacy(raw, len, name, label, out, out_len, nt);
    free(label);
    return rc;
}
