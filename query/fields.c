/* fields.c - the table of an article's printed fields and the walk over
 * it (fields.h). Used by query/print_json.c, print_text.c, print_tsv.c;
 * knows nothing of formats. */
#include "fields.h"

#include <stddef.h>

#define AT(member) offsetof(morgue_article_t, member)

static const print_field_t fields[] = {
    { "date", "Date:", FIELD_SHOW | FIELD_HIT, AT(date) },
    { "title", "Title:", FIELD_SHOW | FIELD_HIT | FIELD_HEADLINE, AT(title) },
    { "source", "Source:", FIELD_SHOW | FIELD_HIT, AT(source) },
    { "author", "Author:", FIELD_SHOW | FIELD_HIT, AT(author) },
    { "place", "Place:", FIELD_SHOW | FIELD_HIT, AT(place) },
    { "url", "URL:", FIELD_SHOW | FIELD_HIT, AT(url) },
    { "path", "Path:", FIELD_SHOW | FIELD_HIT | FIELD_PATH, AT(path) },
    /* the id the source gave (JSON id, CSV id column, NEWID, DOCNO,
     * Message-ID, feed guid), for scripts to map hits to their own records */
    { "source_id", "Source id:", FIELD_SHOW | FIELD_HIT, AT(id) },
    { "language", "Language:", FIELD_SHOW, AT(language) },
    { "body", NULL, FIELD_SHOW | FIELD_BODY, AT(body) },
};

void put_article(const morgue_article_t *a, unsigned include, unsigned exclude,
                 put_field_fn put, void *state)
{
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if ((fields[i].flags & include) && !(fields[i].flags & exclude))
            put(state, &fields[i], *(const char *const *)((const char *)a + fields[i].offset));
}
