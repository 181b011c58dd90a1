/* snippet.c - fuzzes snippets, mg_matcher_new and mg_snippet (lib/snippet.c), on a fuzzed query (first line) and text (the rest). */
/* The query is prepared (mg_query_prepare) and run (mg_match) on a small
 * index, as lib/search.c does, to get the terms the matcher highlights;
 * the text is repaired first, as every reader does before indexing. The
 * snippet length is picked by the input's size. */
#include "fuzz.h"
#include "match.h"
#include "schema.h"

static xb_db_t *xdb;
static const char *db_path;

static void cleanup(void)
{
    xb_close(xdb);
    fuzz_remove_index(db_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[XB_ERRLEN];
    (void)argc; (void)argv;
    db_path = fuzz_make_index();
    FUZZ_ASSERT(xb_open_read(&db_path, 1, &xdb, err) == MORGUE_OK);
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const languages[] = { "english", "spanish", "german", "none" };
    static const size_t lengths[] = { 240, 1, 0, 60, 17, 1000 };
    const uint8_t *nl = memchr(data, '\n', size);
    size_t qlen = nl ? (size_t)(nl - data) : size;
    const char *text = nl ? (const char *)nl + 1 : "";
    size_t tlen = nl ? size - qlen - 1 : 0;
    char *query = fuzz_cstr(data, qlen), *fixed, err[XB_ERRLEN];
    size_t flen;
    mg_prepared_t prep;

    FUZZ_ASSERT(morgue_text_repair(text, tlen, &fixed, &flen, NULL) == MORGUE_OK);
    if (mg_query_prepare(query, &prep, err, sizeof err) != MORGUE_OK) {
        free(query);
        free(fixed);
        return 0;
    }
    mg_search_spec_t spec = {
        .query = &prep, .any = (int)(size & 1), .languages = languages,
        .nlanguages = 1 + size % 4, .stemmer_prefix = PFX_STEMMER,
        .fields = mg_fields, .nfields = mg_nfields, .date_slot = SLOT_DATE,
        .date_prefix = "date:", .limit = 0, .max_wildcard = 5000,
    };
    mg_found_t found;
    morgue_status_t st = mg_match(xdb, &spec, &found, err);
    FUZZ_ASSERT(st == MORGUE_OK || st == MORGUE_QUERY_SYNTAX);
    if (st == MORGUE_OK) {
        mg_matcher_t *m = mg_matcher_new(found.terms, found.nterms, prep.wildcards,
                                         prep.nwildcards, languages, spec.nlanguages);
        char *snippet = NULL;
        morgue_span_t *spans = NULL;
        size_t nspans = 0, len, last = 0;
        FUZZ_ASSERT(m != NULL);
        FUZZ_ASSERT(mg_snippet(m, fixed, lengths[size % 6], &snippet, &spans, &nspans) == 0);
        FUZZ_ASSERT(snippet != NULL);
        len = strlen(snippet);
        FUZZ_ASSERT(fuzz_utf8_valid(snippet, len));
        for (size_t i = 0; i < nspans; i++) {
            FUZZ_ASSERT(spans[i].length > 0 && spans[i].start >= last);
            FUZZ_ASSERT(spans[i].start + spans[i].length <= len);
            FUZZ_ASSERT(fuzz_utf8_valid(snippet + spans[i].start, spans[i].length));
            last = spans[i].start + spans[i].length;
        }
        free(snippet);
        free(spans);
        mg_matcher_free(m);
        mg_found_free(&found);
    }
    mg_prepared_free(&prep);
    free(query);
    free(fixed);
    return 0;
}
