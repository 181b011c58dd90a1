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

/* Index text (may be NULL) under prefix with wdf_inc per occurrence. */
static morgue_status_t add_text(xb_doc_t *doc, const char *text,
                                unsigned wdf_inc, const char *prefix, char *err)
{
    if (text == NULL || *text == '\0')
        return MORGUE_OK;
    size_t n;
    char *norm = mg_normalize(text, strlen(text), &n);
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
    if ((st = add_text(doc, a->title, TITLE_WDF, "", err)) == MORGUE_OK) {
        xb_doc_gap(doc, FIELD_GAP);
        st = add_text(doc, a->body, 1, "", err);
    }
    if (st == MORGUE_OK)
        st = add_text(doc, a->title, 1, PFX_TITLE, err);
    if (st == MORGUE_OK)
        st = add_text(doc, a->source, 1, PFX_SOURCE, err);
    if (st == MORGUE_OK)
        st = add_text(doc, a->author, 1, PFX_AUTHOR, err);
    if (st == MORGUE_OK)
        st = add_text(doc, a->place, 1, PFX_PLACE, err);
    for (size_t i = 0; st == MORGUE_OK && i < a->ntags; i++) {
        const char *prefix = a->tags[i].field ? mg_field_prefix(a->tags[i].field) : NULL;
        if (prefix != NULL)
            st = add_text(doc, a->tags[i].value, 1, prefix, err);
    }
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
