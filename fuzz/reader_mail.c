/* reader_mail.c - fuzzes reader_mail: mbox, single messages and news spools, MIME (indexer/readers/mail.c, indexer/parse/mime.c). */
/* The file sits in a newsgroup-like folder, so the group-from-path code runs too. */
#define FUZZ_READER reader_mail
#define FUZZ_PATH_FOR(size) "/fuzz/rec.boats.paddle/1234"
#include "reader_harness.h"
