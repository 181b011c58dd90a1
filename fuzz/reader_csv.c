/* reader_csv.c - fuzzes reader_csv: CSV/TSV with separator detection, quoting, UTF-16 and --map (indexer/readers/csv.c). */
/* The input's size picks the variant, so that one corpus covers all three:
 * size % 3 == 0 a .csv file (separator detected), 1 a .tsv file (tab), 2 a
 * .csv file with --map options, one of each kind the reader must handle. */
#include "reader.h"

#define FUZZ_READER reader_csv
#define FUZZ_PATH_FOR(size) ((size) % 3 == 1 ? "/fuzz/input.tsv" : "/fuzz/input.csv")
static const reader_map_t fuzz_csv_map[] = {
    { "Headline", "title" }, { "Story", "body" }, { "When", "date" },
    { "Story", "keyword" }, { "nosuch", "author" }, { "Desk", "nosuchfield" },
};
#define FUZZ_MAP_FOR(size, n) \
    ((size) % 3 == 2 ? ((*(n) = sizeof fuzz_csv_map / sizeof fuzz_csv_map[0]), fuzz_csv_map) \
                     : ((*(n) = 0), (const reader_map_t *)NULL))
#include "reader_harness.h"
