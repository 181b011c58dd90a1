/* query.c - fuzzes the whole query path, morgue_search (lib/search.c, query_prep.c, rank.c, the Xapian parse in xbind.cc, snippet.c), on a small index. */
/* The index is written once in LLVMFuzzerInitialize (fuzz_make_index).
 * Each input is a query, run twice: with the default options, and with
 * the options size picks (any, sort, date bounds, offset, every ranking
 * feature, snippet length). */
#include "fuzz.h"

static morgue_db_t *db;
static const char *db_path;

static void cleanup(void)
{
    morgue_db_close(db);
    fuzz_remove_index(db_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char *error = NULL;
    (void)argc; (void)argv;
    db_path = fuzz_make_index();
    FUZZ_ASSERT(morgue_db_open(db_path, MORGUE_READ, 0, NULL, &db, &error) == MORGUE_OK);
    atexit(cleanup);
    return 0;
}

/* A snippet and its highlights: UTF-8, spans inside it, in order, each
 * on whole characters. */
static void check_snippet(const morgue_hit_t *h)
{
    size_t len, last = 0;
    if (h->snippet == NULL) {
        FUZZ_ASSERT(h->nhighlights == 0);
        return;
    }
    len = strlen(h->snippet);
    fuzz_check_string(h->snippet);
    FUZZ_ASSERT(h->nhighlights == 0 || h->highlights != NULL);
    for (size_t i = 0; i < h->nhighlights; i++) {
        const morgue_span_t *s = &h->highlights[i];
        FUZZ_ASSERT(s->length > 0 && s->start >= last && s->start + s->length <= len);
        FUZZ_ASSERT(fuzz_utf8_valid(h->snippet + s->start, s->length));
        last = s->start + s->length;
    }
}

static void search(const char *query, const morgue_search_options_t *opts)
{
    morgue_results_t *r = NULL;
    morgue_status_t st = morgue_search(db, query, opts, &r);
    if (st != MORGUE_OK) {
        FUZZ_ASSERT(r == NULL);
        FUZZ_ASSERT(st == MORGUE_QUERY_SYNTAX || st == MORGUE_BAD_INPUT);
        FUZZ_ASSERT(strlen(morgue_db_error(db)) > 0);
        return;
    }
    size_t n = morgue_results_count(r);
    FUZZ_ASSERT(n <= opts->limit && morgue_results_total(r) <= morgue_results_indexed(r));
    for (size_t i = 0; i < n; i++) {
        morgue_hit_t h;
        FUZZ_ASSERT(morgue_results_hit(r, i, &h) == MORGUE_OK);
        FUZZ_ASSERT(h.id != NULL && strlen(h.id) == 16);
        FUZZ_ASSERT(h.rank == opts->offset + i + 1);
        fuzz_check_string(h.date);
        fuzz_check_string(h.title);
        fuzz_check_string(h.source);
        fuzz_check_string(h.author);
        fuzz_check_string(h.place);
        fuzz_check_string(h.url);
        fuzz_check_string(h.path);
        fuzz_check_string(h.language);
        check_snippet(&h);
    }
    morgue_results_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const dates[] = { NULL, "2000-01-01", "2024-09-03", "1999-12-31" };
    char *query = fuzz_cstr(data, size);
    morgue_search_options_t opts;

    morgue_search_options_init(&opts);
    search(query, &opts);
    opts.any = (size & 1) != 0;
    opts.sort = (morgue_sort_t)(size / 2 % 3);
    opts.since = dates[size / 6 % 4];
    opts.until = dates[size / 24 % 4];
    opts.offset = size / 96 % 3;
    opts.limit = 1 + size % 5;
    opts.snippet_bytes = size % 7 == 0 ? 0 : (size * 13) % 300;
    opts.rank = (unsigned)(size % 64);
    search(query, &opts);
    free(query);
    return 0;
}
