/* main_text.c - extract_main_text (main_text.h): the main text of an HTML
 * page. Called by indexer/parse/html_page.c only.
 *
 * The method, in passes over libxml2's tree (none recursive: deep markup
 * costs no stack); each element's notes hang on node->_private:
 *  1. mark: elements that never hold article text are dropped (scripts,
 *     styles, form controls, embedded media, figure captions, navigation,
 *     hidden elements), and so are those whose class or id names
 *     boilerplate (comments, sidebars, related links, social widgets...).
 *  2. measure: bottom-up, each element's text length, the part inside
 *     links, its own text (not inside a nested block), its commas, and
 *     its paragraphs, images, list items and controls.
 *  3. score: every block with enough text of its own is a paragraph; its
 *     score (one point, one a comma, one per 100 characters up to three)
 *     is credited to its container and, less and less, to the container's
 *     ancestors. Tags and class/id hints (article, content, story... vs
 *     comment, footer, sidebar...) give containers a start and
 *     itemprop=articleBody a strong one; link density scales the result.
 *  4. choose: the best container, moved up when a parent holds more of
 *     the text or when several good containers share it, with its
 *     siblings that score nearly as well and the elements of its own
 *     class elsewhere (an article split around pictures and quotes).
 *  5. clean: inside what was chosen, blocks that look like boilerplate
 *     (mostly links, more images or list items than paragraphs, form
 *     controls, no text), paragraphs that are a link (headlines of other
 *     stories), short elements whose class names a byline, caption,
 *     share or newsletter box, microdata (date, author) and a heading that
 *     repeats the title are dropped.
 *  6. write: the text of what is left, in document order, each block a
 *     paragraph ("\n\n" between them), <br> a line break.
 * When that gives little text, it is tried again with the class/id rules
 * relaxed, and the longest result wins. This is the approach of
 * Readability (Arc90, Mozilla) with additions measured on the Zyte
 * article-extraction benchmark (bench/extract.c). */
#include "main_text.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "html_tree.h"

#define MIN_PARAGRAPH 25        /* characters of own text a paragraph needs */
#define SCORE_LEVELS 5          /* how many ancestors a paragraph credits */
#define TOP_CANDIDATES 5        /* how many best containers are compared */
#define RETRY_BELOW 500         /* characters under which rules are relaxed */
#define HINT_MAX 512            /* bytes of class and id looked at */
#define ASIDE_MAX 300           /* most text of a byline, caption, widget */
#define SIBLING_FACTOR 0.2      /* share of the best score a sibling needs */
#define LINK_PARAGRAPH 0.8      /* share of links that makes a block a link */

/* What an element is for the text. */
typedef enum kind {
    K_BLOCK = 0,   /* a block: its text is a paragraph of its own */
    K_INLINE,      /* its text runs on in its block */
    K_SKIP         /* never article text: dropped with everything inside */
} kind_t;

/* The passes' notes on one element, reached through node->_private. */
typedef struct ex_info {
    double text;        /* characters of text inside (spaces collapsed) */
    double link;        /* of which inside links */
    double own;         /* of which not inside a nested block */
    double heading;     /* of which inside headings */
    double score;       /* content score, once a candidate */
    unsigned commas;    /* commas in all its text */
    unsigned own_commas;/* commas in its own text */
    unsigned paras;     /* <p> elements inside */
    unsigned imgs;      /* images inside */
    unsigned lis;       /* list items inside */
    unsigned inputs;    /* form controls inside (dropped, but counted) */
    unsigned embeds;    /* embedded objects and frames inside (dropped, but counted) */
    int weight;         /* class/id hint: positive for content */
    unsigned char kind; /* kind_t */
    unsigned char drop; /* not article text */
    unsigned char boiler;    /* inside header, footer, aside */
    unsigned char has_block; /* holds a block element */
    unsigned char candidate; /* score is set */
    unsigned char chosen;    /* part of the article */
} ex_info_t;

/* Rules that can be relaxed when they leave too little. */
enum {
    F_STRIP_UNLIKELY = 1,   /* drop elements whose class/id names boilerplate */
    F_WEIGHT_CLASSES = 2,   /* let class/id hints weigh */
    F_CLEAN = 4             /* drop boilerplate-looking blocks in the article */
};

/* One extraction attempt. */
typedef struct ex {
    xmlNodePtr root;        /* <html> */
    xmlNodePtr body;        /* <body>, or root */
    ex_info_t *info;        /* one per element */
    size_t ninfo;
    int flags;
    const extract_hints_t *hints;
} ex_t;

/* ---- element names and hints --------------------------------------- */

static const char *const skip_tags[] = {
    "script", "style", "noscript", "template", "svg", "math", "iframe",
    "frame", "frameset", "object", "embed", "applet", "canvas", "video",
    "audio", "map", "select", "textarea", "button", "input", "option",
    "datalist", "head", "title", "meta", "link", "base", "nav", "dialog",
    "menu", "figcaption", "picture", "source", NULL
};

static const char *const inline_tags[] = {
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code",
    "data", "dfn", "em", "font", "i", "img", "ins", "del", "kbd", "label",
    "mark", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike",
    "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "nobr", NULL
};

/* Words in class or id: boilerplate and content. */
static const char *const unlikely_hints[] = {
    "-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment", "community",
    "cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends",
    "menu", "related", "remark", "replies", "rss", "shoutbox", "sidebar",
    "skyscraper", "social", "sponsor", "supplemental", "ad-break", "agegate",
    "pagination", "pager", "popup", "yom-remote", NULL
};
static const char *const maybe_hints[] = {
    "and", "article", "body", "column", "content", "main", "shadow", NULL
};
static const char *const negative_hints[] = {
    "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "foot",
    "footer", "footnote", "gdpr", "masthead", "media", "meta", "outbrain",
    "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper",
    "sponsor", "shopping", "tags", "tool", "widget", NULL
};
/* Words in class or id of the small pieces around an article's text:
 * dropped from inside the article when they hold little text. */
static const char *const aside_hints[] = {
    "byline", "author", "dateline", "timestamp", "pubdate", "published",
    "caption", "credit", "newsletter", "subscribe", "signup", "sign-up",
    "social", "share", "related", "promo", "advert", "sponsor", "recommend",
    "read-more", "readmore", "more-stories", "tags", "breadcrumb", "comment",
    "popup", "tooltip", "sr-only", "visually-hidden", "screen-reader", NULL
};
static const char *const positive_hints[] = {
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
    "pagination", "post", "text", "blog", "story", NULL
};

static int in_list(const char *const *list, const char *s)
{
    for (; *list != NULL; list++)
        if (strcmp(*list, s) == 0)
            return 1;
    return 0;
}

static int has_any(const char *const *list, const char *s)
{
    for (; *list != NULL; list++)
        if (strstr(s, *list) != NULL)
            return 1;
    return 0;
}

static int is_heading(xmlNodePtr n)
{
    const char *s = (const char *)n->name;
    return n->type == XML_ELEMENT_NODE && s[0] == 'h' && s[1] >= '1' &&
           s[1] <= '6' && s[2] == '\0';
}

/* class and id of n, lower case, into out ("" when none). */
static void class_and_id(xmlNodePtr n, char *out, size_t size)
{
    xmlChar *c = xmlGetProp(n, (const xmlChar *)"class");
    xmlChar *i = xmlGetProp(n, (const xmlChar *)"id");
    size_t k;

    snprintf(out, size, "%s %s", c ? (const char *)c : "", i ? (const char *)i : "");
    for (k = 0; out[k] != '\0'; k++)
        if (out[k] >= 'A' && out[k] <= 'Z')
            out[k] = (char)(out[k] - 'A' + 'a');
    xmlFree(c);
    xmlFree(i);
}

static int attr_is(xmlNodePtr n, const char *name, const char *value)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    int same = v != NULL && strcasecmp((const char *)v, value) == 0;
    xmlFree(v);
    return same;
}

static int attr_contains(xmlNodePtr n, const char *name, const char *needle)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    int found = 0;

    if (v != NULL) {
        for (xmlChar *p = v; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (xmlChar)(*p - 'A' + 'a');
        found = strstr((const char *)v, needle) != NULL;
    }
    xmlFree(v);
    return found;
}

/* Hidden from readers: the hidden attribute, display:none and
 * visibility:hidden. (aria-hidden is not: it hides decoration from screen
 * readers, and some pages put it on text they show.) */
static int is_hidden(xmlNodePtr n)
{
    xmlChar *style;
    int hidden;

    if (n->properties == NULL)
        return 0;
    if (xmlHasProp(n, (const xmlChar *)"hidden") != NULL)
        return 1;
    style = xmlGetProp(n, (const xmlChar *)"style");
    if (style == NULL)
        return 0;
    for (xmlChar *p = style, *q = style;; p++) {
        if (*p != ' ')
            *q++ = (xmlChar)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        if (*p == '\0')
            break;
    }
    hidden = strstr((const char *)style, "display:none") != NULL ||
             strstr((const char *)style, "visibility:hidden") != NULL;
    xmlFree(style);
    return hidden;
}

/* The class/id weight: -25 for a boilerplate word, +25 for a content one. */
static int class_weight(const char *hints)
{
    int w = 0;

    if (hints[0] == ' ' && hints[1] == '\0')
        return 0;
    if (has_any(negative_hints, hints))
        w -= 25;
    if (has_any(positive_hints, hints))
        w += 25;
    return w;
}

/* ---- the walk and the notes ---------------------------------------- */

static ex_info_t *info_of(xmlNodePtr n)
{
    return n != NULL && n->type == XML_ELEMENT_NODE ? (ex_info_t *)n->_private : NULL;
}

/* Give every element below root a cleared note. */
static int attach(ex_t *ex)
{
    size_t count = 0, i = 0;

    for (xmlNodePtr n = ex->root; n != NULL; n = html_walk_next(n, ex->root, 1))
        if (n->type == XML_ELEMENT_NODE)
            count++;
    ex->info = calloc(count ? count : 1, sizeof *ex->info);
    if (ex->info == NULL)
        return -1;
    ex->ninfo = count;
    for (xmlNodePtr n = ex->root; n != NULL; n = html_walk_next(n, ex->root, 1))
        if (n->type == XML_ELEMENT_NODE)
            n->_private = &ex->info[i++];
    return 0;
}

static void detach(ex_t *ex)
{
    for (xmlNodePtr n = ex->root; n != NULL; n = html_walk_next(n, ex->root, 1))
        if (n->type == XML_ELEMENT_NODE)
            n->_private = NULL;
    free(ex->info);
    ex->info = NULL;
}

static void reset(ex_t *ex)
{
    memset(ex->info, 0, ex->ninfo * sizeof *ex->info);
}

/* ---- 1. mark ------------------------------------------------------- */

static int is_embed(xmlNodePtr n)
{
    return html_is_element(n, "iframe") || html_is_element(n, "embed") || html_is_element(n, "object") ||
           html_is_element(n, "video") || html_is_element(n, "audio");
}

static int is_control(xmlNodePtr n)
{
    return html_is_element(n, "input") || html_is_element(n, "select") || html_is_element(n, "textarea") ||
           html_is_element(n, "button");
}

/* Mark one element: its kind, whether it is dropped, its weight. */
static void mark_element(ex_t *ex, xmlNodePtr n, ex_info_t *in)
{
    const char *name = (const char *)n->name;
    ex_info_t *parent = info_of(n->parent);
    char hints[HINT_MAX];

    in->kind = in_list(skip_tags, name) ? K_SKIP
             : in_list(inline_tags, name) ? K_INLINE : K_BLOCK;
    in->boiler = (parent && parent->boiler) || strcmp(name, "aside") == 0 ||
                 strcmp(name, "footer") == 0 || strcmp(name, "header") == 0;
    /* <html> and <body> may be hidden until scripts have run: not them */
    if (in->kind == K_SKIP || (n != ex->body && n != ex->root && is_hidden(n))) {
        in->drop = 1;
        return;
    }
    class_and_id(n, hints, sizeof hints);
    if (ex->flags & F_WEIGHT_CLASSES)
        in->weight = class_weight(hints);
    if ((ex->flags & F_STRIP_UNLIKELY) && n != ex->body && strcmp(name, "a") != 0 &&
        strcmp(name, "article") != 0 && strcmp(name, "main") != 0 &&
        strcmp(name, "html") != 0 && has_any(unlikely_hints, hints) &&
        !has_any(maybe_hints, hints))
        in->drop = 1;
}

static void mark(ex_t *ex)
{
    xmlNodePtr n = ex->root;

    while (n != NULL) {
        ex_info_t *in = info_of(n);
        if (in != NULL) {
            mark_element(ex, n, in);
            if (in->drop) {
                ex_info_t *p = info_of(n->parent);
                if (p != NULL && is_embed(n))
                    p->embeds++;
                if (p != NULL && is_control(n))
                    p->inputs++;
                n = html_walk_next(n, ex->root, 0);
                continue;
            }
        }
        n = html_walk_next(n, ex->root, 1);
    }
}

/* ---- 2. measure ---------------------------------------------------- */

static int is_space_cp(utf8proc_int32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v' || c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x3000;
}

/* Characters of s with each run of whitespace counted as one, trimmed;
 * commas in *commas. */
static double text_length(const char *s, unsigned *commas)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    double n = 0;
    int space = 1;

    *commas = 0;
    while (*p != '\0') {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
        if (k <= 0) {
            p++;
            continue;
        }
        p += k;
        if (is_space_cp(c)) {
            space = 1;
            continue;
        }
        n += space && n > 0 ? 2 : 1;
        space = 0;
        if (c == ',' || c == 0xFF0C || c == 0x3001 || c == 0x060C)
            (*commas)++;
    }
    return n;
}

/* Add what child (a text node or a measured element) holds to its
 * parent's note. */
static void add_to_parent(xmlNodePtr child, ex_info_t *p)
{
    ex_info_t *c = info_of(child);

    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
        unsigned commas = 0;
        double len = child->content ? text_length((const char *)child->content, &commas) : 0;
        p->text += len;
        p->own += len;
        p->commas += commas;
        p->own_commas += commas;
        return;
    }
    if (c == NULL || c->drop)
        return;
    p->text += c->text;
    p->link += c->link;
    p->heading += c->heading;
    p->commas += c->commas;
    p->paras += c->paras;
    p->imgs += c->imgs;
    p->lis += c->lis;
    p->inputs += c->inputs;
    p->embeds += c->embeds;
    if (c->kind == K_INLINE) {
        p->own += c->own;
        p->own_commas += c->own_commas;
    } else {
        p->has_block = 1;
    }
}

/* Finish an element's note once its children are added. */
static void close_element(xmlNodePtr n, ex_info_t *in)
{
    if (html_is_element(n, "a"))
        in->link = in->text;
    if (is_heading(n))
        in->heading = in->text;
    if (html_is_element(n, "p") && in->text > 0)
        in->paras++;
    if (html_is_element(n, "img"))
        in->imgs++;
    if (html_is_element(n, "li"))
        in->lis++;
}

/* Bottom-up: each node is added to its parent when the walk leaves it. */
static void measure(ex_t *ex)
{
    xmlNodePtr n = ex->root;

    while (n != NULL) {
        ex_info_t *in = info_of(n);
        int descend = in != NULL && !in->drop && n->children != NULL;
        if (descend) {
            n = n->children;
            continue;
        }
        for (;;) {
            ex_info_t *self = info_of(n);
            if (self != NULL && !self->drop)
                close_element(n, self);
            if (n == ex->root) {
                n = NULL;
                break;
            }
            if (info_of(n->parent) != NULL)
                add_to_parent(n, info_of(n->parent));
            if (n->next != NULL) {
                n = n->next;
                break;
            }
            n = n->parent;
        }
    }
}

/* ---- 3. score ------------------------------------------------------ */

static double link_density(const ex_info_t *in)
{
    return in->text > 0 ? in->link / in->text : 0;
}

/* A container's score before any paragraph is credited. */
static void init_candidate(xmlNodePtr n, ex_info_t *in)
{
    const char *name = (const char *)n->name;
    double s = 0;

    if (strcmp(name, "div") == 0 || strcmp(name, "article") == 0)
        s = 5;
    else if (strcmp(name, "pre") == 0 || strcmp(name, "td") == 0 ||
             strcmp(name, "blockquote") == 0)
        s = 3;
    else if (strcmp(name, "address") == 0 || strcmp(name, "ol") == 0 ||
             strcmp(name, "ul") == 0 || strcmp(name, "dl") == 0 ||
             strcmp(name, "dd") == 0 || strcmp(name, "dt") == 0 ||
             strcmp(name, "li") == 0 || strcmp(name, "form") == 0)
        s = -3;
    else if (is_heading(n) || strcmp(name, "th") == 0)
        s = -5;
    if (attr_contains(n, "itemprop", "articlebody"))
        s += 50;
    in->score = s + in->weight;
    in->candidate = 1;
}

/* Is n a paragraph to score: a block with enough text of its own? */
static int is_paragraph(xmlNodePtr n, const ex_info_t *in)
{
    const char *name = (const char *)n->name;

    if (in->kind != K_BLOCK || in->drop || in->boiler || in->own < MIN_PARAGRAPH)
        return 0;
    return strcmp(name, "li") != 0 && strcmp(name, "dt") != 0 &&
           strcmp(name, "th") != 0 && strcmp(name, "body") != 0 &&
           strcmp(name, "html") != 0;
}

static void credit(ex_t *ex, xmlNodePtr n, const ex_info_t *in)
{
    double s = 1 + in->own_commas + fmin(floor(in->own / 100), 3);
    xmlNodePtr a = in->has_block ? n : n->parent;

    for (int level = 0; a != NULL && level < SCORE_LEVELS; level++, a = a->parent) {
        ex_info_t *ai = info_of(a);
        if (ai == NULL || a == ex->root)
            break;
        if (!ai->candidate)
            init_candidate(a, ai);
        ai->score += level == 0 ? s : level == 1 ? s / 2 : s / (level * 3);
    }
}

static void score(ex_t *ex)
{
    for (xmlNodePtr n = ex->body; n != NULL;) {
        ex_info_t *in = info_of(n);
        if (in != NULL && in->drop) {
            n = html_walk_next(n, ex->body, 0);
            continue;
        }
        if (in != NULL && is_paragraph(n, in))
            credit(ex, n, in);
        n = html_walk_next(n, ex->body, 1);
    }
    for (size_t i = 0; i < ex->ninfo; i++)
        if (ex->info[i].candidate)
            ex->info[i].score *= 1 - link_density(&ex->info[i]);
}

/* ---- 4. choose ----------------------------------------------------- */

/* The best candidates, best first, into top (NULL-padded). */
static void best_candidates(ex_t *ex, xmlNodePtr top[TOP_CANDIDATES])
{
    for (int i = 0; i < TOP_CANDIDATES; i++)
        top[i] = NULL;
    for (xmlNodePtr n = ex->body; n != NULL;) {
        ex_info_t *in = info_of(n);
        if (in != NULL && in->drop) {
            n = html_walk_next(n, ex->body, 0);
            continue;
        }
        if (in != NULL && in->candidate) {
            for (int i = 0; i < TOP_CANDIDATES; i++) {
                if (top[i] == NULL || in->score > info_of(top[i])->score) {
                    memmove(top + i + 1, top + i, (TOP_CANDIDATES - 1 - i) * sizeof *top);
                    top[i] = n;
                    break;
                }
            }
        }
        n = html_walk_next(n, ex->body, 1);
    }
}

static int is_ancestor(xmlNodePtr a, xmlNodePtr n)
{
    for (n = n->parent; n != NULL; n = n->parent)
        if (n == a)
            return 1;
    return 0;
}

/* When several near-best candidates share an ancestor of the best, the
 * article is that ancestor. */
static xmlNodePtr common_ancestor(ex_t *ex, xmlNodePtr top[TOP_CANDIDATES])
{
    double best = info_of(top[0])->score;
    int close = 0;

    for (int i = 1; i < TOP_CANDIDATES && top[i] != NULL; i++)
        close += info_of(top[i])->score >= best * 0.75;
    if (close < 3 || best <= 0)
        return top[0];
    for (xmlNodePtr p = top[0]->parent; p != NULL && p != ex->body; p = p->parent) {
        int containing = 0;
        for (int i = 1; i < TOP_CANDIDATES && top[i] != NULL; i++)
            if (info_of(top[i])->score >= best * 0.75 && is_ancestor(p, top[i]))
                containing++;
        if (containing >= 3)
            return p;
    }
    return top[0];
}

/* Move up while the parent scores better, or is a mere wrapper. */
static xmlNodePtr climb(ex_t *ex, xmlNodePtr top)
{
    double last = info_of(top)->score, threshold = last / 3;

    for (xmlNodePtr p = top->parent; p != NULL && p != ex->body && p != ex->root;
         p = p->parent) {
        ex_info_t *pi = info_of(p);
        if (pi == NULL || !pi->candidate)
            continue;
        if (pi->score < threshold)
            break;
        if (pi->score > last) {
            top = p;
            break;
        }
        last = pi->score;
    }
    /* ... never past the root element (top may be it, when the body was
     * a candidate): the document node above it has no info. */
    while (info_of(top->parent) != NULL && top->parent != ex->body && top->parent != ex->root &&
           xmlChildElementCount(top->parent) == 1)
        top = top->parent;
    return top;
}

static int ends_sentence(xmlNodePtr n)
{
    xmlChar *t = xmlNodeGetContent(n);
    int found = 0;

    for (const char *p = (const char *)t; p != NULL && (p = strchr(p, '.')) != NULL; p++)
        if (p[1] == '\0' || p[1] == ' ') {
            found = 1;
            break;
        }
    xmlFree(t);
    return found;
}

/* Mark top and the siblings that belong with it as chosen. */
static void choose_siblings(ex_t *ex, xmlNodePtr top)
{
    ex_info_t *ti = info_of(top);
    double threshold = fmax(10, ti->score * SIBLING_FACTOR);
    xmlChar *cls = xmlGetProp(top, (const xmlChar *)"class");

    ti->chosen = 1;
    for (xmlNodePtr s = top->parent ? top->parent->children : NULL; s != NULL; s = s->next) {
        ex_info_t *si = info_of(s);
        double bonus = 0;
        if (si == NULL || s == top || si->drop)
            continue;
        if (cls != NULL && cls[0] != '\0' && attr_is(s, "class", (const char *)cls))
            bonus = ti->score * SIBLING_FACTOR;
        if (si->candidate && si->score + bonus >= threshold)
            si->chosen = 1;
        else if (html_is_element(s, "p") && si->text > 80 && link_density(si) < 0.25)
            si->chosen = 1;
        else if (html_is_element(s, "p") && si->text > 0 && si->text <= 80 &&
                 si->link == 0 && ends_sentence(s))
            si->chosen = 1;
    }
    xmlFree(cls);
}

/* The class attribute of n, or "" (xmlFree it). */
static xmlChar *class_of(xmlNodePtr n)
{
    xmlChar *c = xmlGetProp(n, (const xmlChar *)"class");
    return c != NULL ? c : xmlStrdup((const xmlChar *)"");
}

/* An article split into parts (around a picture, a quote, an ad) has
 * them in elements of the same class as the best one: those that score
 * nearly as well are chosen too, wherever they are. */
static void choose_alike(ex_t *ex, xmlNodePtr top, xmlNodePtr best)
{
    xmlChar *cls = class_of(top);
    double threshold = fmax(10, info_of(top)->score * SIBLING_FACTOR);

    for (xmlNodePtr n = ex->body; cls[0] != '\0' && n != NULL;) {
        ex_info_t *in = info_of(n);
        if (in != NULL && (in->drop || in->chosen)) {
            n = html_walk_next(n, ex->body, 0);
            continue;
        }
        if (in != NULL && in->candidate && n != top && in->score >= threshold &&
            !is_ancestor(n, best) && attr_is(n, "class", (const char *)cls)) {
            in->chosen = 1;
            n = html_walk_next(n, ex->body, 0);
            continue;
        }
        n = html_walk_next(n, ex->body, 1);
    }
    xmlFree(cls);
}

/* ---- 5. clean ------------------------------------------------------ */

static int has_ancestor_tag(xmlNodePtr n, const char *name, int max)
{
    for (n = n->parent; n != NULL && max-- > 0; n = n->parent)
        if (html_is_element(n, name))
            return 1;
    return 0;
}

/* Does a block inside the article look like boilerplate? */
static int looks_like_boilerplate(xmlNodePtr n, const ex_info_t *in)
{
    const char *name = (const char *)n->name;
    int is_list = strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0;
    double ld = link_density(in);
    double hd = in->text > 0 ? in->heading / in->text : 0;
    double score = in->candidate ? in->score : 0;

    if (in->weight + score < 0)
        return 1;
    if (in->commas >= 10)
        return 0;
    if (in->imgs > 1 && (double)in->paras / in->imgs < 0.5 && !has_ancestor_tag(n, "figure", 8))
        return 1;
    if (!is_list && in->lis > in->paras && in->lis > 0)
        return 1;
    if (in->inputs > in->paras / 3)
        return 1;
    if (!is_list && hd < 0.9 && in->text < MIN_PARAGRAPH && (in->imgs == 0 || in->imgs > 2) &&
        !has_ancestor_tag(n, "figure", 8))
        return 1;
    if (!is_list && in->weight < 25 && ld > 0.2)
        return 1;
    if (in->weight >= 25 && ld > 0.5)
        return 1;
    return (in->embeds == 1 && in->text < 75) || in->embeds > 1;
}

static int cleaned_tag(const char *name)
{
    static const char *const tags[] = { "div", "section", "table", "ul", "ol",
                                        "form", "fieldset", "aside", "dl", NULL };
    return in_list(tags, name);
}

/* Microdata of the article rather than its text: the date, the author,
 * the publisher, the keywords. */
static int is_metadata(xmlNodePtr n)
{
    static const char *const props[] = { "date", "author", "creator", "publisher",
                                         "keywords", NULL };
    xmlChar *v;
    int found;

    if (n->properties == NULL || (v = xmlGetProp(n, (const xmlChar *)"itemprop")) == NULL)
        return 0;
    for (xmlChar *p = v; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (xmlChar)(*p - 'A' + 'a');
    found = has_any(props, (const char *)v);
    xmlFree(v);
    return found;
}

/* Is heading n the page's title again? */
static int repeats_title(ex_t *ex, xmlNodePtr n)
{
    xmlChar *t;
    int same = 0;

    if (ex->hints == NULL || ex->hints->title == NULL)
        return 0;
    t = xmlNodeGetContent(n);
    if (t != NULL) {
        const char *a = (const char *)t, *b = ex->hints->title;
        /* compare ignoring whitespace */
        for (;;) {
            while (*a == ' ' || *a == '\n' || *a == '\t' || *a == '\r')
                a++;
            while (*b == ' ')
                b++;
            if (*a == '\0' || *b == '\0' || *a != *b)
                break;
            a++, b++;
        }
        same = *a == '\0' && *b == '\0';
    }
    xmlFree(t);
    return same;
}

static void clean_element(ex_t *ex, xmlNodePtr n, ex_info_t *in)
{
    char hints[HINT_MAX];

    if (is_heading(n)) {
        if (repeats_title(ex, n) || ((ex->flags & F_WEIGHT_CLASSES) && in->weight < 0 &&
                                     (n->name[1] == '1' || n->name[1] == '2')))
            in->drop = 1;
        return;
    }
    if (in->boiler && !html_is_element(n, "header") && !html_is_element(n, "footer") && !html_is_element(n, "aside"))
        return;
    if (html_is_element(n, "header") || html_is_element(n, "footer") || html_is_element(n, "aside")) {
        in->drop = 1;
        return;
    }
    class_and_id(n, hints, sizeof hints);
    if ((ex->flags & F_WEIGHT_CLASSES) && in->text < ASIDE_MAX &&
        (has_any(aside_hints, hints) || is_metadata(n))) {
        in->drop = 1;
        return;
    }
    if ((ex->flags & F_CLEAN) && cleaned_tag((const char *)n->name) &&
        looks_like_boilerplate(n, in))
        in->drop = 1;
    else if ((ex->flags & F_CLEAN) && in->kind == K_BLOCK && in->text > 0 &&
             in->link >= LINK_PARAGRAPH * in->text)
        in->drop = 1;   /* a paragraph that is a link: a headline elsewhere */
}

/* Clean the inside of one chosen element. */
static void clean(ex_t *ex, xmlNodePtr top)
{
    xmlNodePtr n = top->children ? top->children : NULL;

    while (n != NULL) {
        ex_info_t *in = info_of(n);
        if (in != NULL && !in->drop)
            clean_element(ex, n, in);
        if (in != NULL && in->drop) {
            n = html_walk_next(n, top, 0);
            continue;
        }
        n = html_walk_next(n, top, 1);
    }
}

/* ---- 6. write ------------------------------------------------------ */

typedef enum gap { GAP_NONE, GAP_SPACE, GAP_LINE, GAP_PARA } gap_t;

typedef struct out {
    char *buf;
    size_t len, cap;
    gap_t gap;        /* separator owed before the next text */
    int failed;
} out_t;

static void out_put(out_t *o, const char *s, size_t n)
{
    if (o->failed)
        return;
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 1024;
        char *b;
        while (cap < o->len + n + 1)
            cap *= 2;
        b = realloc(o->buf, cap);
        if (b == NULL) {
            o->failed = 1;
            return;
        }
        o->buf = b;
        o->cap = cap;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void out_gap(out_t *o, gap_t g)
{
    if (g > o->gap)
        o->gap = g;
}

/* Text of a text node, whitespace collapsed, the owed separator first. */
static void out_text(out_t *o, const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;

    while (*p != '\0') {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
        if (k <= 0) {
            p++;
            continue;
        }
        if (is_space_cp(c)) {
            out_gap(o, GAP_SPACE);
        } else {
            if (o->len > 0 && o->gap != GAP_NONE)
                out_put(o, o->gap == GAP_PARA ? "\n\n" : o->gap == GAP_LINE ? "\n" : " ",
                        o->gap == GAP_PARA ? 2 : 1);
            o->gap = GAP_NONE;
            out_put(o, (const char *)p, (size_t)k);
        }
        p += k;
    }
}

static void write_tree(out_t *o, xmlNodePtr top)
{
    xmlNodePtr n = top;

    while (n != NULL) {
        ex_info_t *in = info_of(n);
        int descend = 1;
        if (in != NULL && in->drop) {
            descend = 0;
        } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content != NULL)
                out_text(o, (const char *)n->content);
        } else if (in != NULL && html_is_element(n, "br")) {
            out_gap(o, GAP_LINE);
        } else if (in != NULL && in->kind == K_BLOCK) {
            out_gap(o, GAP_PARA);
        }
        /* leaving blocks: a paragraph break after them */
        if (descend && n->children != NULL && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        for (;;) {
            ex_info_t *li = info_of(n);
            if (li != NULL && li->kind == K_BLOCK)
                out_gap(o, GAP_PARA);
            if (n == top) {
                n = NULL;
                break;
            }
            if (n->next != NULL) {
                n = n->next;
                break;
            }
            n = n->parent;
        }
    }
}

/* Clean and write every chosen element, in document order. */
static void write_chosen(ex_t *ex, out_t *o)
{
    for (xmlNodePtr n = ex->body; n != NULL;) {
        ex_info_t *in = info_of(n);
        if (in != NULL && in->chosen && !in->drop) {
            clean(ex, n);
            write_tree(o, n);
            out_gap(o, GAP_PARA);
            n = html_walk_next(n, ex->body, 0);
            continue;
        }
        n = html_walk_next(n, ex->body, in == NULL || !in->drop);
    }
}

/* ---- attempts ------------------------------------------------------ */

static xmlNodePtr find_body(xmlNodePtr root)
{
    for (xmlNodePtr n = root; n != NULL; n = html_walk_next(n, root, 1))
        if (html_is_element(n, "body"))
            return n;
    return root;
}

/* One attempt with ex->flags: the text, malloc'd, or NULL (no memory). */
static char *attempt(ex_t *ex)
{
    xmlNodePtr top[TOP_CANDIDATES], best;
    out_t o = { NULL, 0, 0, GAP_NONE, 0 };

    reset(ex);
    mark(ex);
    measure(ex);
    score(ex);
    best_candidates(ex, top);
    if (top[0] == NULL) {
        best = ex->body;
        info_of(best)->chosen = 1;
        clean(ex, best);
        write_tree(&o, best);
    } else {
        best = climb(ex, common_ancestor(ex, top));
        choose_siblings(ex, best);
        choose_alike(ex, top[0], best);
        write_chosen(ex, &o);
    }
    if (o.failed) {
        free(o.buf);
        return NULL;
    }
    return o.buf ? o.buf : strdup("");
}

char *extract_main_text(xmlDocPtr doc, const extract_hints_t *hints)
{
    static const int tries[] = { F_STRIP_UNLIKELY | F_WEIGHT_CLASSES | F_CLEAN,
                                 F_WEIGHT_CLASSES | F_CLEAN, F_CLEAN, 0 };
    ex_t ex;
    char *best = NULL;

    memset(&ex, 0, sizeof ex);
    ex.root = xmlDocGetRootElement(doc);
    if (ex.root == NULL)
        return strdup("");
    ex.body = find_body(ex.root);
    ex.hints = hints;
    if (attach(&ex) < 0)
        return NULL;
    for (size_t i = 0; i < sizeof tries / sizeof *tries; i++) {
        char *text;
        ex.flags = tries[i];
        text = attempt(&ex);
        if (text == NULL) {
            free(best);
            best = NULL;
            break;
        }
        if (best == NULL || strlen(text) > strlen(best)) {
            free(best);
            best = text;
        } else {
            free(text);
        }
        if (strlen(best) >= RETRY_BELOW)
            break;
    }
    detach(&ex);
    return best;
}
