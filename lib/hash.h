/* hash.h - 64-bit hashing for stable article ids, file keys and content
 * fingerprints. Owned by lib/hash.c; used by lib/put.c, files.c, get.c and
 * writer_sharded.c. Not cryptographic: ids only need to be stable and
 * unlikely to collide within an archive. */
#ifndef MORGUE_HASH_H
#define MORGUE_HASH_H

#include <stddef.h>
#include <stdint.h>

/* Hash len bytes, continuing from seed (use MG_HASH_SEED to start). */
#define MG_HASH_SEED UINT64_C(0xcbf29ce484222325)
uint64_t mg_hash(const void *data, size_t len, uint64_t seed);

/* Write h as 16 lowercase hex digits and a NUL into out. */
void mg_hash_hex(uint64_t h, char out[17]);

/* Parse 16 hex digits (either case); returns 0 on success, -1 otherwise. */
int mg_hash_parse(const char *hex, uint64_t *h);

#endif
