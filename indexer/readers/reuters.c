/* reuters.c - reader_reuters: the SGML of Reuters-21578 (reut2-NNN.sgm),
 * one article per <REUTERS> element. indexer/parse/sgml.c cuts the file
 * into elements and parses each with libxml2; this file maps an element's parts to the
 * article: NEWID to the id, DATE, TITLE, DATELINE (the place), AUTHOR,
 * BODY (or, for TYPE="BRIEF" and "UNPROC" stories, the title or the raw
 * text), and the <D> codes of TOPICS, PLACES, PEOPLE, ORGS, EXCHANGES and
 * COMPANIES as tags. See docs/formats.md.
 * Reached only through reader_reuters (indexer/formats.c picks it); it
 * emits morgue_article_t values and knows nothing of the index. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reader.h"
#include "parse/sgml.h"
#include "parse/sgml_fields.h"

#define ID_PREFIX "reuters-21578:"  /* NEWIDs are unique in the collection only */
#define TITLE_MAX 200               /* longest title cut from raw text */
#define SHOWN_MAX 60                /* bytes of a bad value quoted in a warning */
#define ELLIPSIS "\xE2\x80\xA6"
#define NO_TEXT "(no text)"         /* title of a story without any text */

/* The category lists and the tag field of their <D> codes. */
static const struct {
    const char *element;
    const char *field;
} code_lists[] = {
    { "TOPICS", "topic" }, { "PLACES", "place" }, { "PEOPLE", "person" },
    { "ORGS", "org" }, { "EXCHANGES", "exchange" }, { "COMPANIES", "company" },
};

/* One <REUTERS> element being turned into an article. */
typedef struct story {
    const reader_ctx_t *ctx;
    unsigned long line;     /* line of the <REUTERS> start tag */
    morgue_article_t art;   /* the article built */
    char date[11];          /* art.date points here when set */
    morgue_tag_t *tags;     /* art.tags: malloc'd */
    size_t cap;             /* room in tags */
    owned_t owned;          /* the strings the article uses */
} story_t;

static void add_tag(story_t *st, const char *field, const char *value)
{
    if (!value)
        return;
    if (st->art.ntags == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 8;
        morgue_tag_t *t = realloc(st->tags, cap * sizeof *t);
        if (!t) {
            st->owned.failed = 1;
            return;
        }
        st->tags = t;
        st->cap = cap;
    }
    st->tags[st->art.ntags].field = field;
    st->tags[st->art.ntags].value = value;
    st->art.ntags++;
}

/* The <D> codes of every category list, as tags. */
static void read_codes(story_t *st, xmlNode *root)
{
    xmlNode *codes[256];

    for (size_t i = 0; i < sizeof code_lists / sizeof *code_lists; i++) {
        xmlNode *list = sgml_find(root, code_lists[i].element, "TEXT");
        size_t n = sgml_find_all(list, "D", NULL, codes, 256);
        if (n > 256) {
            reader_warn(st->ctx, st->line, 0, "more than 256 %s codes; "
                        "the rest ignored", code_lists[i].element);
            n = 256;
        }
        for (size_t k = 0; k < n; k++)
            add_tag(st, code_lists[i].field,
                    sgml_keep(&st->owned, sgml_text(codes[k], 1)));
    }
}

static void read_id(story_t *st, xmlNode *root)
{
    char *newid = sgml_attr(root, "NEWID"), *id;
    const char *v = newid;

    while (v && (*v == ' ' || *v == '\t'))
        v++;
    if (!v || !*v) {
        reader_warn(st->ctx, st->line, 0, "no NEWID attribute; the article "
                    "is identified by its line");
        free(newid);
        return;
    }
    id = malloc(strlen(ID_PREFIX) + strlen(v) + 1);
    if (id) {
        strcpy(id, ID_PREFIX);
        strcat(id, v);
    }
    free(newid);
    st->art.id = sgml_keep(&st->owned, id);
}

static void read_date(story_t *st, xmlNode *root)
{
    xmlNode *node = sgml_find(root, "DATE", "TEXT");
    const char *text;
    int n;

    if (!node)
        return;
    text = sgml_keep(&st->owned, sgml_text(node, 1));
    if (!text)
        return;
    if (sgml_date(text, st->date) == 0) {
        st->art.date = st->date;
        return;
    }
    for (n = 0; n < SHOWN_MAX && text[n]; n++)
        ;
    reader_warn(st->ctx, st->line, 0, "unrecognised date \"%.*s\", indexed "
                "without one", n, text);
}

/* A title cut from the first non-blank line of raw text, before a
 * dateline run into it ("SHULTZ SAYS U.S. ECONOMY IS STRONG LONDON, Oct
 * 20 - U.S."), whose place then goes to *place (malloc'd) when it is
 * NULL. */
static char *first_line_title(const char *raw, owned_t *owned, const char **place)
{
    size_t n = strcspn(raw, "\n"), cut, at, plen;
    char *t;

    if (sgml_runin_dateline(raw, n, raw[n] ? raw + n + 1 : NULL, &at, &plen)) {
        if (!*place)
            *place = sgml_keep(owned, strndup(raw + at, plen));
        n = at;
    }
    if (!(t = malloc(n + sizeof ELLIPSIS)))
        return NULL;
    while (n > 0 && (raw[n - 1] == ' ' || raw[n - 1] == '\t' || raw[n - 1] == '\r'))
        n--;
    memcpy(t, raw, n);
    t[n] = '\0';
    if (n <= TITLE_MAX)
        return t;
    for (cut = TITLE_MAX; cut > 0 && t[cut] != ' '; cut--)
        ;
    if (cut == 0)
        for (cut = TITLE_MAX; cut > 0 && ((unsigned char)t[cut] & 0xC0) == 0x80;)
            cut--;
    memcpy(t + cut, ELLIPSIS, sizeof ELLIPSIS);
    return t;
}

/* Title, place, author and body from <TEXT>. Stories without a <BODY>
 * take their title as the body (TYPE="BRIEF"), or their raw text, with
 * its first line as the title (TYPE="UNPROC"). A story without any text
 * is left without a body (reuters_element decides). */
static void read_text(story_t *st, xmlNode *root)
{
    morgue_article_t *a = &st->art;
    xmlNode *text = sgml_find(root, "TEXT", NULL);
    char *type = sgml_attr(text, "TYPE");
    const char *dateline;

    a->title = sgml_keep(&st->owned, sgml_text(sgml_find(text, "TITLE", NULL), 1));
    dateline = sgml_keep(&st->owned, sgml_text(sgml_find(text, "DATELINE", NULL), 1));
    if (dateline)
        a->place = sgml_keep(&st->owned, sgml_place(dateline));
    a->author = sgml_keep(&st->owned,
                          sgml_byline(sgml_keep(&st->owned, sgml_text(
                              sgml_find(text, "AUTHOR", NULL), 1))));
    a->body = sgml_keep(&st->owned, sgml_text(sgml_find(text, "BODY", NULL), 0));
    if (!a->body && a->title && !(type && strcasecmp(type, "UNPROC") == 0))
        a->body = a->title;
    if (!a->body && text) {
        a->body = sgml_keep(&st->owned, sgml_text(text, 0));
        if (a->body && !a->title)
            a->title = sgml_keep(&st->owned, first_line_title(a->body, &st->owned,
                                                           &a->place));
    }
    if (!a->body)
        a->body = a->title;
    free(type);
}

static int reuters_element(const reader_ctx_t *ctx, xmlNode *root,
                           unsigned long line, int well_formed, void *arg)
{
    story_t st;
    int rc = 0;

    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    st.line = line;
    read_id(&st, root);
    read_date(&st, root);
    read_codes(&st, root);
    read_text(&st, root);
    st.art.source = "Reuters";
    st.art.language = "en";
    st.art.path = ctx->path;
    st.art.line = line;
    st.art.tags = st.tags;
    if (st.owned.failed) {
        reader_warn(ctx, line, 1, "out of memory");
        rc = 1;
    } else if (!st.art.body && !well_formed) {
        reader_warn(ctx, line, 1, "no TITLE, BODY or text left after "
                    "recovery; skipped");
        rc = 1;
    } else {
        if (!st.art.body) {   /* kept for its date, codes and id */
            reader_warn(ctx, line, 0, "no TITLE, BODY or text; indexed as "
                        "\"" NO_TEXT "\"");
            st.art.title = st.art.body = NO_TEXT;
        }
        rc = ctx->emit(ctx->sink, &st.art) ? -1 : 0;
    }
    free(st.tags);
    owned_free(&st.owned);
    return rc;
}

static reader_result_t reuters_read(input_t *in, const reader_ctx_t *ctx)
{
    return sgml_read(in, ctx, "REUTERS", reuters_element, NULL);
}

/* "<!DOCTYPE lewis" or "<REUTERS " in the first bytes. */
static int reuters_sniff(const char *head, size_t n)
{
    return memmem(head, n, "<!DOCTYPE lewis", 15) != NULL ||
           memmem(head, n, "<REUTERS ", 9) != NULL;
}

static const char *const reuters_extensions[] = { ".sgm", NULL };

const reader_t reader_reuters = { "reuters", reuters_extensions, reuters_sniff,
                                  reuters_read };
