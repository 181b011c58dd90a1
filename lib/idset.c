/* idset.c - open-addressing hash set of 64-bit ids (idset.h). The ids are
 * already well-mixed hashes, so they index the table directly. */
#include "idset.h"

#include <stdlib.h>
#include <string.h>

static int grow(idset_t *s)
{
    size_t cap = s->cap ? s->cap * 2 : 64;
    uint64_t *slots = calloc(cap, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < s->cap; i++) {
        uint64_t id = s->slots[i];
        if (id == 0)
            continue;
        size_t j = (size_t)id & (cap - 1);
        while (slots[j] != 0)
            j = (j + 1) & (cap - 1);
        slots[j] = id;
    }
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
    return 0;
}

int idset_has(const idset_t *s, uint64_t id)
{
    if (id == 0)
        return s->has_zero;
    if (s->cap == 0)
        return 0;
    for (size_t j = (size_t)id & (s->cap - 1);; j = (j + 1) & (s->cap - 1)) {
        if (s->slots[j] == id)
            return 1;
        if (s->slots[j] == 0)
            return 0;
    }
}

int idset_add(idset_t *s, uint64_t id)
{
    if (id == 0) {
        int added = !s->has_zero;
        s->has_zero = 1;
        return added;
    }
    if (idset_has(s, id))
        return 0;
    if ((s->count + 1) * 2 > s->cap && grow(s) != 0)
        return -1;
    size_t j = (size_t)id & (s->cap - 1);
    while (s->slots[j] != 0)
        j = (j + 1) & (s->cap - 1);
    s->slots[j] = id;
    s->count++;
    return 1;
}

size_t idset_count(const idset_t *s)
{
    return s->count + (s->has_zero ? 1 : 0);
}

void idset_clear(idset_t *s)
{
    if (s->slots != NULL)
        memset(s->slots, 0, s->cap * sizeof *s->slots);
    s->count = 0;
    s->has_zero = 0;
}

void idset_free(idset_t *s)
{
    free(s->slots);
    memset(s, 0, sizeof *s);
}
