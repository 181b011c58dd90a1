/* html_meta.c - html_meta_read (html_meta.h): a parsed page's metadata.
 * Every candidate value is collected into a slot that says where it was
 * found (<meta> names and properties, microdata, <link rel>, <time>,
 * <title>, <h1>, JSON-LD read with jansson), and precedence then picks
 * each field from the best slot that has one. Called by
 * indexer/parse/html_page.c only. */
#include "html_meta.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>
#include <libxml/uri.h>

#include "chars.h"
#include "html_fragment.h"
#include "html_tree.h"
#include "morgue.h"

/* How deep the JSON-LD objects are searched for the article. */
#define LD_MAX_DEPTH 8
/* Longest text taken from an element as a name (author, headline). */
#define NAME_MAX_BYTES 300
/* How far up an element's ancestors are looked at. */
#define ANCESTOR_LOOKUP 64

/* Where each piece of metadata was found; the first of a kind is kept. */
typedef enum slot {
    S_OG_TITLE, S_TW_TITLE, S_LD_HEADLINE, S_TITLE, S_H1,
    S_OG_SITE, S_LD_PUBLISHER, S_APP_NAME,
    S_DATE_ARTICLE, S_LD_DATE, S_ITEMPROP_DATE, S_META_DATE, S_TIME_PUB,
    S_TIME,
    S_AUTHOR_META, S_AUTHOR_ARTICLE, S_LD_AUTHOR, S_ITEMPROP_AUTHOR,
    S_REL_AUTHOR,
    S_CANONICAL, S_OG_URL,
    S_HTML_LANG, S_OG_LOCALE, S_CONTENT_LANG, S_LD_LANG,
    S_LD_BODY,
    S_COUNT
} slot_t;

/* The metadata of one page as found, before precedence is applied. */
typedef struct meta {
    char *slot[S_COUNT];   /* malloc'd, whitespace collapsed, or NULL */
    int rank[S_COUNT];     /* how good the value in slot is: lower wins */
    int failed;            /* out of memory */
} meta_t;

/* ---- strings and elements ------------------------------------------ */

static int starts_with_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Does attribute name hold token (space-separated, any case)? */
static int attr_has_token(xmlNodePtr n, const char *name, const char *token)
{
    char *v = html_attr(n, name);
    size_t k = strlen(token);
    int found = 0;

    for (const char *p = v; p != NULL && *p != '\0' && !found;) {
        size_t w;
        while (chars_is_space((unsigned char)*p))
            p++;
        for (w = 0; p[w] != '\0' && !chars_is_space((unsigned char)p[w]); w++)
            ;
        found = w == k && strncasecmp(p, token, k) == 0;
        p += w;
    }
    xmlFree(v);
    return found;
}

static int inside(xmlNodePtr n, const char *name)
{
    int k = 0;
    for (xmlNodePtr p = n->parent; p != NULL && k < ANCESTOR_LOOKUP; p = p->parent, k++)
        if (html_is_element(p, name))
            return 1;
    return 0;
}

/* ---- metadata: collecting ------------------------------------------- */

/* Keep value (not yet collapsed) in slot s unless a value of the same or
 * a better rank is already there. */
static void put(meta_t *m, slot_t s, const char *value, int rank, size_t max)
{
    char *v;

    if (value == NULL || (m->slot[s] != NULL && m->rank[s] <= rank))
        return;
    v = html_collapse(value, max);
    if (v == NULL)
        return;
    free(m->slot[s]);
    m->slot[s] = v;
    m->rank[s] = rank;
}

/* Keep the text of element n in slot s (as put does). */
static void put_text(meta_t *m, slot_t s, xmlNodePtr n, int rank)
{
    xmlChar *t;

    if (m->slot[s] != NULL && m->rank[s] <= rank)
        return;
    t = xmlNodeGetContent(n);
    put(m, s, (const char *)t, rank, NAME_MAX_BYTES);
    xmlFree(t);
}

/* Meta names that carry the publication date, best first. */
static const char *const date_names[] = {
    "date", "pubdate", "publishdate", "publish-date", "publish_date",
    "published_time", "article.published", "article_date_original",
    "pdate", "dc.date", "dc.date.issued", "dc.date.created", "dcterms.date",
    "dcterms.issued", "dcterms.created", "citation_publication_date",
    "sailthru.date", "parsely-pub-date", "original-publish-date",
    "og:published_time", "datepublished", "date.published", "cxenseparse:recs:publishtime",
    NULL
};

/* Meta names that carry the author. */
static const char *const author_names[] = {
    "author", "dc.creator", "dcterms.creator", "byl", "sailthru.author",
    "parsely-author", "citation_author", NULL
};

static int name_rank(const char *const *names, const char *key)
{
    for (int i = 0; names[i] != NULL; i++)
        if (strcasecmp(names[i], key) == 0)
            return i;
    return -1;
}

/* One <meta> element: name, property, itemprop or http-equiv, and content. */
static void collect_meta(meta_t *m, xmlNodePtr n)
{
    static const char *const keys[] = { "property", "name", "itemprop", "http-equiv" };
    char *content = html_attr(n, "content");
    int r;

    if (content == NULL)
        return;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        char *key = html_attr(n, keys[i]);
        if (key == NULL)
            continue;
        if (strcasecmp(key, "og:title") == 0)
            put(m, S_OG_TITLE, content, 0, 0);
        else if (strcasecmp(key, "twitter:title") == 0)
            put(m, S_TW_TITLE, content, 0, 0);
        else if (strcasecmp(key, "og:site_name") == 0)
            put(m, S_OG_SITE, content, 0, NAME_MAX_BYTES);
        else if (strcasecmp(key, "application-name") == 0)
            put(m, S_APP_NAME, content, 0, NAME_MAX_BYTES);
        else if (strcasecmp(key, "article:published_time") == 0 ||
                 strcasecmp(key, "og:article:published_time") == 0 ||
                 strcasecmp(key, "article:published") == 0)
            put(m, S_DATE_ARTICLE, content, 0, 64);
        else if (strcasecmp(keys[i], "itemprop") == 0 &&
                 attr_has_token(n, "itemprop", "datePublished"))
            put(m, S_ITEMPROP_DATE, content, 0, 64);
        else if ((r = name_rank(date_names, key)) >= 0)
            put(m, S_META_DATE, content, r, 64);
        else if (strcasecmp(key, "article:author") == 0 && !starts_with_ci(content, "http"))
            put(m, S_AUTHOR_ARTICLE, content, 0, NAME_MAX_BYTES);
        else if ((r = name_rank(author_names, key)) >= 0 && !starts_with_ci(content, "http"))
            put(m, S_AUTHOR_META, content, r, NAME_MAX_BYTES);
        else if (strcasecmp(key, "og:url") == 0)
            put(m, S_OG_URL, content, 0, 2000);
        else if (strcasecmp(key, "og:locale") == 0)
            put(m, S_OG_LOCALE, content, 0, 32);
        else if (strcasecmp(key, "content-language") == 0 ||
                 strcasecmp(key, "language") == 0 || strcasecmp(key, "dc.language") == 0)
            put(m, S_CONTENT_LANG, content, 0, 32);
        xmlFree(key);
    }
    xmlFree(content);
}

/* An element with itemprop="datePublished" or "author" outside <meta>. */
static void collect_itemprop(meta_t *m, xmlNodePtr n)
{
    char *v;

    if (attr_has_token(n, "itemprop", "datePublished")) {
        v = html_attr(n, "datetime");
        if (v == NULL)
            v = html_attr(n, "content");
        put(m, S_ITEMPROP_DATE, v, 0, 64);
        xmlFree(v);
    }
    if (attr_has_token(n, "itemprop", "author") && !html_is_element(n, "meta") &&
        !html_is_element(n, "link"))
        put_text(m, S_ITEMPROP_AUTHOR, n, 1);
    if (attr_has_token(n, "itemprop", "name") && n->parent != NULL &&
        attr_has_token(n->parent, "itemprop", "author"))
        put_text(m, S_ITEMPROP_AUTHOR, n, 0);
}

static void collect_link(meta_t *m, xmlNodePtr n)
{
    char *href;

    if (!attr_has_token(n, "rel", "canonical"))
        return;
    href = html_attr(n, "href");
    put(m, S_CANONICAL, href, 0, 2000);
    xmlFree(href);
}

static void collect_time(meta_t *m, xmlNodePtr n)
{
    char *v = html_attr(n, "datetime");
    char *pub = html_attr(n, "pubdate");

    put(m, pub != NULL ? S_TIME_PUB : S_TIME, v, 0, 64);
    xmlFree(pub);
    xmlFree(v);
}

static void collect_jsonld(meta_t *m, xmlNodePtr n);

/* Look at one element for metadata. */
static void collect_element(meta_t *m, xmlNodePtr n)
{
    const char *name = (const char *)n->name;
    char *v;

    if (strcmp(name, "meta") == 0)
        collect_meta(m, n);
    else if (strcmp(name, "link") == 0)
        collect_link(m, n);
    else if (strcmp(name, "time") == 0)
        collect_time(m, n);
    else if (strcmp(name, "title") == 0 && !inside(n, "svg"))
        put_text(m, S_TITLE, n, 0);
    else if (strcmp(name, "h1") == 0)
        put_text(m, S_H1, n, 0);
    else if (strcmp(name, "a") == 0 && attr_has_token(n, "rel", "author"))
        put_text(m, S_REL_AUTHOR, n, 0);
    else if (strcmp(name, "script") == 0 && (v = html_attr(n, "type")) != NULL) {
        if (strcasecmp(v, "application/ld+json") == 0)
            collect_jsonld(m, n);
        xmlFree(v);
    } else if (strcmp(name, "html") == 0 && (v = html_attr(n, "lang")) != NULL) {
        put(m, S_HTML_LANG, v, 0, 32);
        xmlFree(v);
    }
    if (n->properties != NULL && strcmp(name, "meta") != 0)
        collect_itemprop(m, n);
}

static void collect(meta_t *m, htmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);

    for (xmlNodePtr n = root; n != NULL; n = html_walk_next(n, root, 1))
        if (n->type == XML_ELEMENT_NODE)
            collect_element(m, n);
}

/* ---- metadata: JSON-LD ----------------------------------------------- */

/* How a JSON-LD @type string ranks: 0 an article, 1 another kind of page
 * that may carry dates and authors, -1 neither. */
static int type_kind(const char *s)
{
    static const char *const articles[] = { "Article", "BlogPosting", "Posting",
                                            "Report", NULL };
    for (int k = 0; s != NULL && articles[k] != NULL; k++)
        if (strstr(s, articles[k]) != NULL)
            return 0;
    if (s != NULL && (strstr(s, "Page") != NULL || strcmp(s, "CreativeWork") == 0))
        return 1;
    return -1;
}

/* How an object ranks: by its @type (the best of an array of them), and
 * an object of another type ranks 1 when it has a datePublished. */
static int ld_kind(const json_t *obj)
{
    const json_t *type = json_object_get(obj, "@type"), *t;
    size_t i;
    int kind = type_kind(json_string_value(type));

    json_array_foreach(type, i, t) {
        int k = type_kind(json_string_value(t));
        if (k >= 0 && (kind < 0 || k < kind))
            kind = k;
    }
    if (kind < 0 && json_object_get(obj, "datePublished") != NULL)
        kind = 1;
    return kind;
}

/* A JSON-LD string that may hold markup or entities, as plain text. */
static void put_ld_text(meta_t *m, slot_t s, const json_t *v, int rank, size_t max)
{
    const char *str = json_string_value(v);
    char *plain;

    if (str == NULL || (m->slot[s] != NULL && m->rank[s] <= rank))
        return;
    if (strchr(str, '<') == NULL && strchr(str, '&') == NULL) {
        put(m, s, str, rank, max);
        return;
    }
    plain = markup_text(str, strlen(str));
    if (plain == NULL) {
        m->failed = 1;
        return;
    }
    put(m, s, plain, rank, max);
    free(plain);
}

/* The name of a person or organisation: a string or {"name": ...}. */
static const char *ld_name(const json_t *v)
{
    if (json_is_object(v))
        v = json_object_get(v, "name");
    return json_string_value(v);
}

/* Authors: one or an array of names, joined with "; " without repeats. */
static void put_ld_authors(meta_t *m, const json_t *v, int rank)
{
    char joined[NAME_MAX_BYTES + 1] = "";
    size_t n = 0, count = json_is_array(v) ? json_array_size(v) : 1;

    for (size_t i = 0; i < count; i++) {
        const char *name = ld_name(json_is_array(v) ? json_array_get(v, i) : v);
        char *clean = name ? html_collapse(name, 100) : NULL;
        if (clean != NULL && strstr(joined, clean) == NULL &&
            n + strlen(clean) + 3 < sizeof joined && !starts_with_ci(clean, "http"))
            n += (size_t)snprintf(joined + n, sizeof joined - n, "%s%s",
                                  n ? "; " : "", clean);
        free(clean);
    }
    if (n > 0)
        put(m, S_LD_AUTHOR, joined, rank, NAME_MAX_BYTES);
}

static void ld_visit(meta_t *m, const json_t *v, int depth);

static void ld_object(meta_t *m, const json_t *obj, int depth)
{
    int kind = ld_kind(obj);
    const json_t *v;

    if ((v = json_object_get(obj, "@graph")) != NULL)
        ld_visit(m, v, depth + 1);
    if ((v = json_object_get(obj, "mainEntity")) != NULL)
        ld_visit(m, v, depth + 1);
    if (kind < 0)
        return;
    put_ld_text(m, S_LD_HEADLINE, json_object_get(obj, "headline"), kind, 0);
    put(m, S_LD_DATE, json_string_value(json_object_get(obj, "datePublished")), kind, 64);
    put(m, S_LD_DATE, json_string_value(json_object_get(obj, "dateCreated")), kind + 2, 64);
    if ((v = json_object_get(obj, "author")) != NULL)
        put_ld_authors(m, v, kind);
    put(m, S_LD_PUBLISHER, ld_name(json_object_get(obj, "publisher")), kind,
        NAME_MAX_BYTES);
    put(m, S_LD_LANG, json_string_value(json_object_get(obj, "inLanguage")), kind, 32);
    if (kind == 0)
        put_ld_text(m, S_LD_BODY, json_object_get(obj, "articleBody"), kind, 0);
}

static void ld_visit(meta_t *m, const json_t *v, int depth)
{
    size_t i;
    const json_t *item;

    if (depth > LD_MAX_DEPTH)
        return;
    if (json_is_object(v))
        ld_object(m, v, depth);
    else if (json_is_array(v))
        json_array_foreach(v, i, item)
            ld_visit(m, item, depth + 1);
}

/* A <script type="application/ld+json">: JSON that does not parse is
 * ignored (it is only metadata). */
static void collect_jsonld(meta_t *m, xmlNodePtr n)
{
    xmlChar *text = xmlNodeGetContent(n);
    json_t *root;

    if (text == NULL)
        return;
    root = json_loads((const char *)text, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    xmlFree(text);
    if (root == NULL)
        return;
    ld_visit(m, root, 0);
    json_decref(root);
}

/* ---- metadata: precedence ------------------------------------------- */

/* The first filled of slots (ending with S_COUNT), or NULL. */
static const char *first(const meta_t *m, const slot_t *slots)
{
    for (; *slots != S_COUNT; slots++)
        if (m->slot[*slots] != NULL)
            return m->slot[*slots];
    return NULL;
}

/* Move a slot's string to the page. */
static char *take(meta_t *m, const char *value)
{
    for (int s = 0; s < S_COUNT; s++)
        if (m->slot[s] == value && value != NULL) {
            m->slot[s] = NULL;
            return (char *)value;
        }
    return NULL;
}

static int is_absolute_url(const char *u)
{
    return u != NULL && (starts_with_ci(u, "http://") || starts_with_ci(u, "https://"));
}

/* The canonical URL: <link rel=canonical> (resolved against og:url when
 * relative), else og:url; absolute http(s) addresses only. */
static char *page_url(meta_t *m)
{
    const char *canon = m->slot[S_CANONICAL], *og = m->slot[S_OG_URL];

    if (is_absolute_url(canon))
        return take(m, canon);
    if (canon != NULL && is_absolute_url(og)) {
        xmlChar *u = xmlBuildURI((const xmlChar *)canon, (const xmlChar *)og);
        char *s = u ? strdup((const char *)u) : NULL;
        xmlFree(u);
        if (s != NULL && is_absolute_url(s))
            return s;
        free(s);
    }
    return is_absolute_url(og) ? take(m, og) : NULL;
}

/* The host of an absolute URL without "www.", into out. */
static void url_host(const char *url, char *out, size_t size)
{
    const char *p = url ? strstr(url, "://") : NULL;
    size_t n = 0;

    out[0] = '\0';
    if (p == NULL)
        return;
    p += 3;
    if (starts_with_ci(p, "www."))
        p += 4;
    while (p[n] != '\0' && p[n] != '/' && p[n] != ':' && p[n] != '?' && n + 1 < size)
        n++;
    memcpy(out, p, n);
    out[n] = '\0';
}

/* The letters and digits of [s, s+n) in lower case (ASCII folded only),
 * into out: "The Hill" and "TheHill" and "thehill" all give "thehill". */
static void name_key(const char *s, size_t n, char *out, size_t size)
{
    size_t k = 0;

    for (size_t i = 0; i < n && k + 1 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
            out[k++] = (char)c;
        else if (c >= 'A' && c <= 'Z')
            out[k++] = (char)(c - 'A' + 'a');
    }
    out[k] = '\0';
}

/* Is the text [s, s+n) the site's name, its host ("digg.com") or the
 * host's name ("Digg")? Letters and digits are compared, in any case. */
static int names_site(const char *s, size_t n, const char *site, const char *host)
{
    char key[256], other[256];
    const char *dot = strchr(host, '.');

    name_key(s, n, key, sizeof key);
    if (key[0] == '\0')
        return 0;
    if (site != NULL) {
        name_key(site, strlen(site), other, sizeof other);
        if (strcmp(key, other) == 0)
            return 1;
    }
    name_key(host, strlen(host), other, sizeof other);
    if (host[0] != '\0' && strcmp(key, other) == 0)
        return 1;
    name_key(host, dot ? (size_t)(dot - host) : strlen(host), other, sizeof other);
    return host[0] != '\0' && strcmp(key, other) == 0;
}

/* Cut a " | Site" suffix (or a "Site | " prefix) off title when it names
 * the site. */
static void strip_site(char *title, const char *site, const char *host)
{
    static const char *const seps[] = { " | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                        " :: ", " \xC2\xB7 ", " \xC2\xBB ", " : ", NULL };
    for (int i = 0; seps[i] != NULL; i++) {
        size_t k = strlen(seps[i]);
        char *last = NULL, *firstsep = strstr(title, seps[i]);
        for (char *p = firstsep; p != NULL; p = strstr(p + 1, seps[i]))
            last = p;
        if (last != NULL && names_site(last + k, strlen(last + k), site, host)) {
            *last = '\0';
            return;
        }
        if (firstsep != NULL && names_site(title, (size_t)(firstsep - title), site, host)) {
            memmove(title, firstsep + k, strlen(firstsep + k) + 1);
            return;
        }
    }
}

/* The headline: og:title, twitter:title, the JSON-LD headline, <title>,
 * else the first <h1>; a site name added to it is cut off. */
static char *page_title(meta_t *m, const char *site, const char *url)
{
    static const slot_t order[] = { S_OG_TITLE, S_TW_TITLE, S_LD_HEADLINE,
                                    S_TITLE, S_H1, S_COUNT };
    char host[256];
    char *t = take(m, first(m, order));

    url_host(url, host, sizeof host);
    if (t != NULL)
        strip_site(t, site, host);
    return t;
}

/* A date with something after it ("November 19, 2019, 07:47 PM EST",
 * "2019-11-19 12:00 EST"): the longest start of v, cut before a space or
 * a comma, that morgue_date_parse takes. */
static int parse_date_start(const char *v, char out[11])
{
    char buf[65];
    size_t n = strlen(v);

    if (morgue_date_parse(v, out) == MORGUE_OK)
        return 0;
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, v, n);
    buf[n] = '\0';
    if (n > 10 && buf[4] == '-' && buf[7] == '-') {
        buf[10] = '\0';
        return morgue_date_parse(buf, out) == MORGUE_OK ? 0 : -1;
    }
    while (n > 0) {
        while (n > 0 && buf[n - 1] != ' ' && buf[n - 1] != ',')
            n--;
        while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == ','))
            n--;
        buf[n] = '\0';
        if (n > 0 && morgue_date_parse(buf, out) == MORGUE_OK)
            return 0;
    }
    return -1;
}

/* Parse the first date among slots that parses. */
static void page_date(const meta_t *m, char out[11])
{
    static const slot_t order[] = { S_DATE_ARTICLE, S_LD_DATE, S_ITEMPROP_DATE,
                                    S_META_DATE, S_TIME_PUB, S_TIME, S_COUNT };
    for (const slot_t *s = order; *s != S_COUNT; s++)
        if (m->slot[*s] != NULL && parse_date_start(m->slot[*s], out) == 0)
            return;
    out[0] = '\0';
}

/* The primary language subtag ("en-US" -> "en"), malloc'd, or NULL. */
static char *page_language(const meta_t *m)
{
    static const slot_t order[] = { S_HTML_LANG, S_OG_LOCALE, S_CONTENT_LANG,
                                    S_LD_LANG, S_COUNT };
    for (const slot_t *s = order; *s != S_COUNT; s++) {
        const char *v = m->slot[*s];
        char code[4];
        size_t n = 0;
        if (v == NULL)
            continue;
        while (n < 4 && ((v[n] >= 'a' && v[n] <= 'z') || (v[n] >= 'A' && v[n] <= 'Z'))) {
            if (n < 3)
                code[n] = (char)(v[n] | 0x20);
            n++;
        }
        if ((n == 2 || n == 3) && (v[n] == '\0' || v[n] == '-' || v[n] == '_')) {
            code[n] = '\0';
            return strdup(code);
        }
    }
    return NULL;
}

/* An author that is a name and not a URL or a bare "By". */
static char *page_author(meta_t *m)
{
    static const slot_t order[] = { S_AUTHOR_META, S_AUTHOR_ARTICLE, S_LD_AUTHOR,
                                    S_ITEMPROP_AUTHOR, S_REL_AUTHOR, S_COUNT };
    char *a = take(m, first(m, order));

    if (a != NULL && starts_with_ci(a, "by ") && a[3] != '\0')
        memmove(a, a + 3, strlen(a + 3) + 1);
    return a;
}

static void meta_free(meta_t *m)
{
    for (int s = 0; s < S_COUNT; s++)
        free(m->slot[s]);
}

/* ---- the result ----------------------------------------------------- */

int html_meta_read(htmlDocPtr doc, html_meta_t *meta)
{
    static const slot_t site_order[] = { S_OG_SITE, S_LD_PUBLISHER, S_COUNT };
    meta_t m;

    memset(&m, 0, sizeof m);
    collect(&m, doc);
    if (is_absolute_url(m.slot[S_OG_SITE])) {   /* an address, not a name */
        free(m.slot[S_OG_SITE]);
        m.slot[S_OG_SITE] = NULL;
    }
    meta->source = take(&m, first(&m, site_order));
    meta->url = page_url(&m);
    meta->title = page_title(&m, meta->source, meta->url);
    meta->author = page_author(&m);
    meta->language = page_language(&m);
    page_date(&m, meta->date);
    meta->ld_body = take(&m, m.slot[S_LD_BODY]);
    meta_free(&m);
    return m.failed ? -1 : 0;
}
