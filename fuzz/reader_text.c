/* reader_text.c - fuzzes reader_text: plain-text articles (indexer/readers/text.c): title line, header lines, body, encodings. */
#define FUZZ_READER reader_text
#include "reader_harness.h"
