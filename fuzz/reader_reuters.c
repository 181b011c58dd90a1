/* reader_reuters.c - fuzzes reader_reuters: Reuters-21578 SGML (indexer/readers/reuters.c, indexer/parse/sgml.c). */
#define FUZZ_READER reader_reuters
#include "reader_harness.h"
