/* reader_trec.c - fuzzes reader_trec: TREC SGML collections (indexer/readers/trec.c, indexer/parse/sgml.c). */
#define FUZZ_READER reader_trec
#include "reader_harness.h"
