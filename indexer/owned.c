/* owned.c - the list of strings an article owns (owned.h): a growing
 * array of malloc'd strings, bounded when the reader asks, freed at once. */
#include "owned.h"

#include <stdlib.h>

char *owned_keep(owned_t *o, char *s)
{
    if (!s || (o->max && o->n == o->max)) {
        free(s);
        o->failed = 1;
        return NULL;
    }
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 16;
        char **v = realloc(o->v, cap * sizeof *v);
        if (!v) {
            free(s);
            o->failed = 1;
            return NULL;
        }
        o->v = v;
        o->cap = cap;
    }
    o->v[o->n++] = s;
    return s;
}

void owned_free(owned_t *o)
{
    size_t max = o->max;

    for (size_t i = 0; i < o->n; i++)
        free(o->v[i]);
    free(o->v);
    *o = (owned_t){ .max = max };
}
