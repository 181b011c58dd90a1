/* reader_jsonl.c - fuzzes reader_jsonl: one JSON article a line (indexer/readers/jsonl.c). */
#define FUZZ_READER reader_jsonl
#include "reader_harness.h"
