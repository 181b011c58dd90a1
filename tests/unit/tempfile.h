/* tempfile.h - the temporary files the reader tests write their odd inputs
 * to: each a new file under /tmp, all removed at the end of the test.
 * Owned by tests/unit/tempfile.c; used by test_readers.c, test_feed.c,
 * test_sgml.c and test_warc_csv.c. */
#ifndef MORGUE_TEST_TEMPFILE_H
#define MORGUE_TEST_TEMPFILE_H

#include <stddef.h>

#define TEMP_MAX 128            /* temporary files one test program may make */

/* A new empty file /tmp/morgue-test-XXXXXX<suffix> (suffix "" for none).
 * The name stays valid until temp_remove_all. */
const char *temp_name(const char *suffix);

/* A new temporary file (as temp_name) holding the len bytes at bytes. */
const char *temp_write(const char *suffix, const void *bytes, size_t len);

/* Remove every file temp_name made. */
void temp_remove_all(void);

#endif
