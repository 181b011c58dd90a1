/* docbuild.c - turn one article into a Xapian document: which terms,
 * values and data make it, as docs/schema.md lays out (docbuild.h). Called
 * by the writers (lib/writer_direct.c, lib/shards.c) and, to check a
 * phrase on an index without positions, by lib/search.c and
 * lib/phrase_check.c. Every text is folded by mg_normalize first, the same
 * folding the query side applies, so accents and case never stand between
 * a query and an article. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "schema.h"
#include "text.h"

/* What of an article's free text is indexed: the body up to
 * MORGUE_INDEXED_TEXT_MAX bytes, every other field up to
 * MORGUE_INDEXED_FIELD_MAX, and the other fields together up to
 * MORGUE_INDEXED_FIELDS_MAX (morgue.h: the memory one document takes grows
 * with its distinct words). */

/* How many bytes of text (len bytes) fit in room: all of them, or up to
 * the last space within the room (a word is not cut in two) or, failing
 * one near its end, the last whole UTF-8 character. */
static size_t fitting(const char *text, size_t len, size_t room)
{
    if (len <= room)
        return len;
    size_t n = room, floor = room > 256 ? room - 256 : 0;
    while (n > floor && text[n] != ' ' && text[n] != '\n')
        n--;
    if (n == 0 || (text[n] != ' ' && text[n] != '\n'))
        for (n = room; n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80; n--)
            ;
    return n;
}

/* One field of free text, as far as it is indexed: text's first n bytes
 * (n of len), under prefix with wdf_inc per occurrence. */
typedef struct field_text {
    const char *text;
    size_t len, n;
    unsigned wdf_inc;
    const char *prefix;
    int gap_after;          /* the title's plain words: phrases do not run on into the body */
    int again;              /* the title a second time, under its field prefix */
} field_text_t;

/* Call each for every nonempty free-text field of a, in the order they
 * are indexed (title, body, then the fields searched only by name), each
 * cut to what is indexed of it, and for the title even when it is empty;
 * stops at the first nonzero return. */
static int each_field(const morgue_article_t *a, int (*each)(void *, const field_text_t *),
                      void *ctx)
{
    size_t rest = MORGUE_INDEXED_FIELDS_MAX;
    const char *texts[] = { a->title, a->body, a->title, a->source, a->author, a->place };
    const unsigned wdfs[] = { TITLE_WDF, 1, 1, 1, 1, 1 };
    const char *prefixes[] = { "", "", PFX_TITLE, PFX_SOURCE, PFX_AUTHOR, PFX_PLACE };
    size_t nfixed = sizeof texts / sizeof texts[0];
    for (size_t i = 0; i < nfixed + a->ntags; i++) {
        const char *text = i < nfixed ? texts[i] : a->tags[i - nfixed].value;
        const char *prefix = i < nfixed ? prefixes[i]
                           : a->tags[i - nfixed].field ? mg_field_prefix(a->tags[i - nfixed].field)
                                                       : NULL;
        /* An empty title still leaves its gap (positions as they always were). */
        if (i == 0 && text == NULL)
            text = "";
        else if (text == NULL || *text == '\0' || prefix == NULL)
            continue;
        field_text_t f = { text, strlen(text), 0, i < nfixed ? wdfs[i] : 1, prefix, i == 0,
                           i == 2 };
        /* The title's plain words are counted with the fields, not the body. */
        int body = i == 1;
        f.n = fitting(text, f.len, body ? MORGUE_INDEXED_TEXT_MAX
                                        : rest < MORGUE_INDEXED_FIELD_MAX
                                              ? rest : MORGUE_INDEXED_FIELD_MAX);
        if (!body)
            rest -= f.n;
        int r = each(ctx, &f);
        if (r != 0)
            return r;
    }
    return 0;
}

static int count_unindexed(void *ctx, const field_text_t *f)
{
    if (!f->again)
        *(size_t *)ctx += f->len - f->n;
    return 0;
}

size_t morgue_article_unindexed(const morgue_article_t *article)
{
    size_t left = 0;
    if (article != NULL)
        each_field(article, count_unindexed, &left);
    return left;
}

/* Index text's first len bytes under prefix with wdf_inc per occurrence. */
static morgue_status_t add_text(xb_doc_t *doc, const char *text, size_t len,
                                unsigned wdf_inc, const char *prefix, char *err)
{
    size_t n;
    char *norm = mg_normalize(text, len, &n);
    if (norm == NULL)
        return MORGUE_NO_MEMORY;
    morgue_status_t st = xb_doc_text(doc, norm, n, wdf_inc, prefix, err);
    free(norm);
    return st;
}

static morgue_status_t add_term(xb_doc_t *doc, const char *prefix,
                                const char *value, size_t len, char *err)
{
    char term[256];
    snprintf(term, sizeof term, "%s%.*s", prefix, (int)len, value);
    return xb_doc_term(doc, term, err);
}

/* Date terms and values; date is YYYY-MM-DD or NULL. */
static morgue_status_t add_date(xb_doc_t *doc, const char *date, char *err)
{
    char ymd[9];
    morgue_status_t st;
    if (date == NULL)
        return xb_doc_set_value(doc, SLOT_OLDEST, "99999999", 8, err);
    memcpy(ymd, date, 4);
    memcpy(ymd + 4, date + 5, 2);
    memcpy(ymd + 6, date + 8, 2);
    ymd[8] = '\0';
    if ((st = xb_doc_set_value(doc, SLOT_DATE, ymd, 8, err)) != MORGUE_OK)
        return st;
    return xb_doc_set_value(doc, SLOT_OLDEST, ymd, 8, err);
}

/* The lang: term: the base code of the language field ("es-ES" -> "es"). */
static morgue_status_t add_language(xb_doc_t *doc, const char *language, char *err)
{
    char code[32];
    size_t n = mg_language_code(language, code, sizeof code);
    if (n == 0)
        return MORGUE_OK;
    return add_term(doc, PFX_LANG, code, n, err);
}

/* What add_field shares with build. */
typedef struct free_text {
    xb_doc_t *doc;
    char *err;
    morgue_status_t status;
} free_text_t;

static int add_field(void *ctx, const field_text_t *f)
{
    free_text_t *ft = ctx;
    ft->status = f->n == 0 ? MORGUE_OK
                           : add_text(ft->doc, f->text, f->n, f->wdf_inc, f->prefix, ft->err);
    if (ft->status == MORGUE_OK && f->gap_after)
        xb_doc_gap(ft->doc, FIELD_GAP);
    return ft->status != MORGUE_OK;
}

static morgue_status_t build(const morgue_article_t *a, const char *sid,
                             const char *stored, size_t stored_len,
                             const char *fingerprint, const char *file_key,
                             const char *language, int positions, const xb_stems_t *only,
                             xb_doc_t **out, char *err)
{
    xb_doc_t *doc;
    morgue_status_t st = xb_doc_new_only(language, positions, only, &doc, err);
    if (st != MORGUE_OK)
        return st;
    /* Free text: the title counts more than the body; both are searched by
     * plain words, each also under its own field prefix. */
    free_text_t ft = { doc, err, MORGUE_OK };
    each_field(a, add_field, &ft);
    st = ft.status;
    xb_doc_done(doc);   /* from here the writer thread may take it */
    if (st == MORGUE_OK)
        st = add_term(doc, PFX_ID, sid, strlen(sid), err);
    if (st == MORGUE_OK)
        st = add_term(doc, PFX_FILE, file_key, strlen(file_key), err);
    if (st == MORGUE_OK)
        st = add_language(doc, a->language, err);
    /* Queries on an index of several languages are parsed once per
     * stemmer, each part applied to the articles stemmed that way. */
    if (st == MORGUE_OK)
        st = add_term(doc, PFX_STEMMER, language, strlen(language), err);
    if (st == MORGUE_OK)
        st = add_date(doc, a->date, err);
    if (st == MORGUE_OK)
        st = xb_doc_set_value(doc, SLOT_FINGERPRINT, fingerprint, strlen(fingerprint), err);
    if (st == MORGUE_OK)
        st = xb_doc_set_value(doc, SLOT_SID, sid, strlen(sid), err);
    if (st == MORGUE_OK)
        st = xb_doc_set_data(doc, stored, stored_len, err);
    if (st != MORGUE_OK) {
        xb_doc_free(doc);
        return st;
    }
    *out = doc;
    return MORGUE_OK;
}

morgue_status_t mg_doc_build(const morgue_article_t *a, const char *sid,
                             const char *stored, size_t stored_len,
                             const char *fingerprint, const char *file_key,
                             const char *language, int positions, xb_doc_t **out,
                             char *err)
{
    return build(a, sid, stored, stored_len, fingerprint, file_key, language, positions,
                 NULL, out, err);
}

morgue_status_t mg_doc_build_only(const morgue_article_t *a, const char *sid,
                                  const char *language, const xb_stems_t *only,
                                  xb_doc_t **out, char *err)
{
    return build(a, sid, "", 0, "", "", language, 1, only, out, err);
}
