/* search.c - morgue_search and the results it returns: prepares the query
 * (lib/query_prep.c), checks its ranking features (lib/rank.c), runs it
 * (lib/match.c), decodes the stored records of the hits and cuts their
 * snippets (lib/snippet.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "match.h"
#include "rank.h"
#include "record.h"
#include "schema.h"

#define MAX_LANGUAGES 16
#define MAX_WILDCARD 5000   /* terms the wildcards of one query may expand to, shared
                               among them (each gets its most frequent words) */

/* mg_rebuild_fn for an index without positions: the document of a stored
 * record, built again as the indexer built it, with positions. */
static xb_doc_t *rebuild_with_positions(void *ctx, const char *data, size_t len,
                                        const char *language, const xb_stems_t *only)
{
    morgue_db_t *db = ctx;
    mg_record_t *rec;
    xb_doc_t *doc = NULL;
    char xerr[XB_ERRLEN];
    if (mg_record_decode(data, len, &rec) != MORGUE_OK)
        return NULL;
    if (mg_doc_build_only(&rec->article, rec->sid, language != NULL ? language : db->language,
                          only, &doc, xerr) != MORGUE_OK)
        doc = NULL;
    mg_record_free(rec);
    return doc;
}

struct morgue_results {
    uint64_t total;           /* exact number of matches */
    uint64_t indexed;         /* articles searched */
    int complete;             /* 0: stopped at the time budget (partial) */
    size_t offset;            /* rank of the first hit is offset + 1 */
    size_t count;             /* hits held */
    double *weights;
    mg_record_t **records;
    char **snippets;
    morgue_span_t **spans;
    size_t *nspans;
};


void morgue_search_options_init(morgue_search_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->sort = MORGUE_SORT_RELEVANCE;
    o->limit = 10;
    o->snippet_bytes = 240;
    o->rank = MORGUE_RANK_DEFAULT;
    o->timeout = MORGUE_SEARCH_TIMEOUT;
}

/* "2024-09-03" -> "20240903"; NULL for NULL. -1 when malformed. */
static int ymd(const char *date, char out[9], const char **res)
{
    char check[11];
    *res = NULL;
    if (date == NULL)
        return 0;
    if (strlen(date) != 10 || morgue_date_parse(date, check) != MORGUE_OK ||
        strcmp(check, date) != 0)
        return -1;
    memcpy(out, date, 4);
    memcpy(out + 4, date + 5, 2);
    memcpy(out + 6, date + 8, 2);
    out[8] = '\0';
    *res = out;
    return 0;
}

/* The stemmers to parse with: the one the caller chose, else every one
 * the index used (its default when it used none yet). */
static size_t languages(const morgue_db_t *db, char *buf, size_t bufsize,
                        const char *list[MAX_LANGUAGES])
{
    size_t n = 0;
    if (db->language_forced || *db->languages == '\0') {
        list[n++] = db->language;
        return n;
    }
    snprintf(buf, bufsize, "%s", db->languages);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save);
         tok != NULL && n < MAX_LANGUAGES; tok = strtok_r(NULL, ",", &save))
        list[n++] = tok;
    return n;
}

static morgue_results_t *results_alloc(size_t n)
{
    morgue_results_t *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    size_t k = n ? n : 1;
    r->weights = calloc(k, sizeof *r->weights);
    r->records = calloc(k, sizeof *r->records);
    r->snippets = calloc(k, sizeof *r->snippets);
    r->spans = calloc(k, sizeof *r->spans);
    r->nspans = calloc(k, sizeof *r->nspans);
    if (!r->weights || !r->records || !r->snippets || !r->spans || !r->nspans) {
        morgue_results_free(r);
        return NULL;
    }
    return r;
}

/* Decode the hits of mset into r, with snippets when max_bytes > 0. */
static morgue_status_t fill(morgue_db_t *db, morgue_results_t *r,
                            const xb_mset_t *mset, mg_matcher_t *matcher,
                            size_t max_bytes)
{
    for (size_t i = 0; i < r->count; i++) {
        size_t len;
        const char *data = xb_mset_data(mset, i, &len);
        r->weights[i] = xb_mset_weight(mset, i);
        morgue_status_t st = mg_record_decode(data, len, &r->records[i]);
        if (st != MORGUE_OK)
            return mg_db_fail(db, st, "%s: a stored article cannot be decoded", db->name);
        if (max_bytes == 0)
            continue;
        const morgue_article_t *a = &r->records[i]->article;
        const char *text = a->body != NULL && *a->body ? a->body : a->title ? a->title : "";
        if (mg_snippet(matcher, text, max_bytes, &r->snippets[i], &r->spans[i],
                       &r->nspans[i]) != 0)
            return mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    }
    return MORGUE_OK;
}

/* One try of a search, for mg_db_retry. */
typedef struct search_try {
    const mg_search_spec_t *spec;  /* what to run */
    mg_found_t *found;             /* what it found */
} search_try_t;

static morgue_status_t search_once(morgue_db_t *db, void *ctx, char *xerr)
{
    search_try_t *t = ctx;
    return mg_match(db->xb, t->spec, t->found, xerr);
}

morgue_status_t morgue_search(morgue_db_t *db, const char *query,
                              const morgue_search_options_t *opts,
                              morgue_results_t **out)
{
    char xerr[XB_ERRLEN], since[9], until[9], langbuf[512];
    morgue_search_options_t defaults;
    const char *lang[MAX_LANGUAGES];
    if (db == NULL || out == NULL)
        return MORGUE_INVALID_ARGUMENT;
    *out = NULL;
    if (opts == NULL) {
        morgue_search_options_init(&defaults);
        opts = &defaults;
    }
    mg_search_spec_t spec = {
        .any = opts->any, .fields = mg_fields, .nfields = mg_nfields,
        .date_slot = SLOT_DATE, .date_prefix = "date:", .offset = opts->offset,
        .stemmer_prefix = PFX_STEMMER,
        .limit = opts->limit, .max_wildcard = MAX_WILDCARD,
        .sort = opts->sort == MORGUE_SORT_NEWEST || opts->sort == MORGUE_SORT_OLDEST
                    ? opts->sort : MORGUE_SORT_RELEVANCE,
        .sort_slot = opts->sort == MORGUE_SORT_OLDEST ? SLOT_OLDEST : SLOT_DATE,
        .rebuild = db->positions ? NULL : rebuild_with_positions, .rebuild_ctx = db,
        .rank = opts->rank,
    };
    if (ymd(opts->since, since, &spec.since) != 0)
        return mg_db_fail(db, MORGUE_BAD_INPUT, "since date '%s' is not YYYY-MM-DD", opts->since);
    if (ymd(opts->until, until, &spec.until) != 0)
        return mg_db_fail(db, MORGUE_BAD_INPUT, "until date '%s' is not YYYY-MM-DD", opts->until);

    mg_prepared_t prep;
    morgue_status_t st = mg_query_prepare(query != NULL ? query : "", &prep, db->err,
                                          sizeof db->err);
    if (st != MORGUE_OK)
        return st;
    spec.query = &prep;
    spec.nlanguages = languages(db, langbuf, sizeof langbuf, lang);
    spec.languages = lang;
    /* The query is parsed once per language and each parse expands every
     * wildcard: share MAX_WILDCARD among them all, so that a* a* ... costs
     * no more than one a*. */
    size_t expansions = (prep.nwildcards > 0 ? prep.nwildcards : 1) * spec.nlanguages;
    spec.max_wildcard = MAX_WILDCARD / (expansions > 0 ? expansions : 1);
    if (spec.max_wildcard == 0)
        spec.max_wildcard = 1;
    if (!(opts->timeout >= 0)) {
        mg_prepared_free(&prep);
        return mg_db_fail(db, MORGUE_INVALID_ARGUMENT, "timeout %g is not a number of seconds",
                          opts->timeout);
    }
    /* The budget starts now, before the index is settled and searched. */
    xb_deadline_t deadline = { xb_clock() + opts->timeout, 0 };
    if (opts->timeout > 0)
        spec.deadline = &deadline;
    if (mg_rank_check(opts->rank) != MORGUE_OK) {
        mg_prepared_free(&prep);
        return mg_db_fail(db, MORGUE_INVALID_ARGUMENT, "unknown ranking feature bits 0x%x",
                          opts->rank & ~mg_rank_all());
    }

    mg_found_t found = { 0 };
    /* A writable handle searches what was put (in a first build in shards:
     * what was merged). */
    st = mg_db_usable(db);
    if (st == MORGUE_OK)
        st = mg_db_settle(db);
    /* A writer's commits can overwrite the revision read (mg_db_retry). */
    search_try_t attempt = { &spec, &found };
    if (st == MORGUE_OK)
        st = mg_db_retry(db, search_once, &attempt, xerr);
    xb_mset_t *mset = found.hits;
    morgue_results_t *r = NULL;
    if (st == MORGUE_QUERY_SYNTAX)
        mg_db_fail(db, st, "syntax error: %s", xerr);
    else if (st != MORGUE_OK)
        mg_db_xfail(db, st, xerr);
    else if (deadline.hit && !opts->partial)
        st = mg_db_fail(db, MORGUE_TIMEOUT, "%s: the search was stopped at its time limit "
                        "of %g s", db->name, opts->timeout);
    else if ((r = results_alloc(xb_mset_size(mset))) == NULL)
        st = mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    if (st == MORGUE_OK) {
        r->total = found.total;
        r->complete = !deadline.hit;
        r->offset = opts->offset;
        r->count = xb_mset_size(mset);
        st = xb_doccount(db->xb, &r->indexed, xerr);
        if (st != MORGUE_OK)
            mg_db_xfail(db, st, xerr);
    }
    mg_matcher_t *matcher = NULL;
    if (st == MORGUE_OK && opts->snippet_bytes > 0 && r->count > 0) {
        matcher = mg_matcher_new(found.terms, found.nterms, prep.wildcards, prep.nwildcards,
                                 lang, spec.nlanguages);
        if (matcher == NULL)
            st = mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    }
    if (st == MORGUE_OK)
        st = fill(db, r, mset, matcher, opts->snippet_bytes);
    mg_matcher_free(matcher);
    mg_found_free(&found);
    mg_prepared_free(&prep);
    if (st != MORGUE_OK) {
        morgue_results_free(r);
        return st;
    }
    *out = r;
    return MORGUE_OK;
}

uint64_t morgue_results_total(const morgue_results_t *r) { return r ? r->total : 0; }
uint64_t morgue_results_indexed(const morgue_results_t *r) { return r ? r->indexed : 0; }
int morgue_results_complete(const morgue_results_t *r) { return r ? r->complete : 0; }
size_t morgue_results_count(const morgue_results_t *r) { return r ? r->count : 0; }

morgue_status_t morgue_results_hit(const morgue_results_t *r, size_t i, morgue_hit_t *hit)
{
    if (r == NULL || hit == NULL || i >= r->count)
        return MORGUE_INVALID_ARGUMENT;
    const mg_record_t *rec = r->records[i];
    const morgue_article_t *a = &rec->article;
    memset(hit, 0, sizeof *hit);
    hit->id = rec->sid;
    hit->rank = r->offset + i + 1;
    hit->score = r->weights[i];
    hit->date = a->date;
    hit->title = a->title;
    hit->source = a->source;
    hit->author = a->author;
    hit->place = a->place;
    hit->url = a->url;
    hit->path = a->path;
    hit->language = a->language;
    hit->snippet = r->snippets[i];
    hit->highlights = r->spans[i];
    hit->nhighlights = r->nspans[i];
    hit->article = a;
    return MORGUE_OK;
}

void morgue_results_free(morgue_results_t *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->count; i++) {
        mg_record_free(r->records[i]);
        free(r->snippets[i]);
        free(r->spans[i]);
    }
    free(r->weights);
    free(r->records);
    free(r->snippets);
    free(r->spans);
    free(r->nspans);
    free(r);
}
