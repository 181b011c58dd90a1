/* reader_warc.c - fuzzes reader_warc: WARC web archives (indexer/readers/warc.c, then the HTML extraction). */
#define FUZZ_READER reader_warc
#include "reader_harness.h"
