/* reader_html.c - fuzzes reader_html: one HTML page a file (indexer/readers/html.c, indexer/html.c, extract.c, markup.c). */
#define FUZZ_READER reader_html
#include "reader_harness.h"
