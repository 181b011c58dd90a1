/* formats.h - the table of readers and the choice of one for a file: by
 * --format, else by the file's extension (a .gz suffix looked through),
 * else by sniffing its first bytes. Owned by indexer/formats.c; used by
 * indexer/ingest.c and indexer/main.c. */
#ifndef MORGUE_FORMATS_H
#define MORGUE_FORMATS_H

#include "reader.h"

/* The reader called name, or NULL. */
const reader_t *format_by_name(const char *name);

/* The names of all readers, separated by ", " (static). */
const char *format_names(void);

/* The reader for the file named path whose content starts with head
 * (n bytes, decompressed). Never NULL: text is the fallback, and the text
 * reader reports binary content. */
const reader_t *format_pick(const char *path, const char *head, size_t n);

#endif
