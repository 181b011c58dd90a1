/* reader_html.c - fuzzes reader_html: one HTML page a file (indexer/readers/html.c, indexer/parse/html_page.c, main_text.c, html_fragment.c). */
#define FUZZ_READER reader_html
#include "reader_harness.h"
