/* date.c - fuzzes date parsing: morgue_date_parse and morgue_date_resolve (lib/date.c) on the bytes as a string. */
#include <time.h>

#include "fuzz.h"

/* A date the parser gave: YYYY-MM-DD, and parsed again it stays itself. */
static void check_date(const char out[11])
{
    char again[11];
    FUZZ_ASSERT(strlen(out) == 10 && out[4] == '-' && out[7] == '-');
    for (int i = 0; i < 10; i++)
        FUZZ_ASSERT(i == 4 || i == 7 || (out[i] >= '0' && out[i] <= '9'));
    FUZZ_ASSERT(morgue_date_parse(out, again) == MORGUE_OK);
    FUZZ_ASSERT(strcmp(again, out) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* "now" for relative dates: ordinary days and the edges of time_t. */
    static const int64_t nows[] = { 1725357600, 0, -1, 253402300799, INT64_MAX,
                                    INT64_MIN, 67767976233316800 };
    char *text = fuzz_cstr(data, size), out[11];

    memset(out, 'x', sizeof out);
    if (morgue_date_parse(text, out) == MORGUE_OK)
        check_date(out);
    for (size_t i = 0; i < sizeof nows / sizeof nows[0]; i++) {
        memset(out, 'x', sizeof out);
        morgue_status_t st = morgue_date_resolve(text, nows[i], out);
        FUZZ_ASSERT(st == MORGUE_OK || st == MORGUE_BAD_INPUT || st == MORGUE_INVALID_ARGUMENT);
        if (st == MORGUE_OK)
            check_date(out);
    }
    free(text);
    return 0;
}
