/* owned.h - the strings an article being built owns: a reader keeps here
 * each malloc'd string it points a morgue_article_t field at, and frees
 * them all once the article has been handed over. Owned by
 * indexer/owned.c; used by readers/feed.c, readers/jsonl.c,
 * readers/mail.c and, for the Reuters and TREC readers, parse/sgml.c.
 * Knows nothing of articles or of the index. */
#ifndef MORGUE_OWNED_H
#define MORGUE_OWNED_H

#include <stddef.h>

typedef struct owned {
    char **v;        /* the malloc'd strings kept */
    size_t n;        /* how many */
    size_t cap;      /* room in v */
    size_t max;      /* keep at most this many; 0: no bound */
    int failed;      /* a string was lost (NULL given, no room, no memory) */
} owned_t;

/* Keep s (malloc'd; NULL stands for an allocation that failed) until
 * owned_free. Returns s, or NULL, with o->failed set, when s is NULL or
 * could not be kept (s is then freed). */
char *owned_keep(owned_t *o, char *s);

/* Free every string kept and empty o; o->max stays. Accepts an o that
 * never kept anything. */
void owned_free(owned_t *o);

#endif
