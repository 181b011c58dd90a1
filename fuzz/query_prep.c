/* query_prep.c - fuzzes the query syntax check and folding, mg_query_prepare (lib/query_prep.c), on the bytes as a query. */
#include "fuzz.h"
#include "query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *query = fuzz_cstr(data, size), err[256];
    mg_prepared_t prep;

    memset(err, 'x', sizeof err);
    err[sizeof err - 1] = '\0';
    morgue_status_t st = mg_query_prepare(query, &prep, err, sizeof err);
    FUZZ_ASSERT(st == MORGUE_OK || st == MORGUE_QUERY_SYNTAX);
    if (st == MORGUE_OK) {
        FUZZ_ASSERT(prep.text != NULL);
        fuzz_check_string(prep.text);
        FUZZ_ASSERT(prep.nwildcards == 0 || prep.wildcards != NULL);
        for (size_t i = 0; i < prep.nwildcards; i++) {
            FUZZ_ASSERT(prep.wildcards[i] != NULL);
            fuzz_check_string(prep.wildcards[i]);
        }
        /* The words of a plain query: non-empty, in the text, no spaces. */
        FUZZ_ASSERT(prep.plain || prep.nwords == 0);
        for (size_t i = 0; i < prep.nwords; i++) {
            FUZZ_ASSERT(prep.words[i].text[0] != '\0');
            FUZZ_ASSERT(strstr(prep.text, prep.words[i].text) != NULL);
            FUZZ_ASSERT(strpbrk(prep.words[i].text, " \t\r\n") == NULL);
        }
        mg_prepared_free(&prep);
    } else {
        /* The message names a column. */
        FUZZ_ASSERT(strlen(err) > 0 && strlen(err) < sizeof err);
    }
    free(query);
    return 0;
}
