/* reader_feed.c - fuzzes reader_feed: RSS, Atom and RDF feeds (indexer/readers/feed.c). */
#define FUZZ_READER reader_feed
#include "reader_harness.h"
