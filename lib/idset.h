/* idset.h - a set of 64-bit ids: the articles put from the current file;
 * in a first build, the articles and files put in the run. Owned by
 * lib/idset.c; used by lib/put.c, lib/files.c and lib/writer_sharded.c. */
#ifndef MORGUE_IDSET_H
#define MORGUE_IDSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct idset {
    uint64_t *slots;  /* open addressing; 0 marks an empty slot */
    size_t cap;       /* a power of two, or 0 */
    size_t count;     /* ids held (an id of 0 is kept in has_zero) */
    int has_zero;
} idset_t;

/* Add id. Returns 1 if it was new, 0 if already there, -1 out of memory. */
int idset_add(idset_t *set, uint64_t id);
int idset_has(const idset_t *set, uint64_t id);
size_t idset_count(const idset_t *set);
/* Empty the set, keeping its memory. */
void idset_clear(idset_t *set);
void idset_free(idset_t *set);

#endif
