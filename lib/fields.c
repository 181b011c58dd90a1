/* fields.c - the table of query fields and their term prefixes, shared
 * by the indexing side (lib/docbuild.c) and the query side (lib/search.c),
 * so that a field can never be indexed under one prefix and searched under
 * another. See docs/schema.md. */
#include <string.h>

#include "schema.h"

const xb_field_t mg_fields[] = {
    { "title", PFX_TITLE, 0 },
    { "source", PFX_SOURCE, 0 },
    { "author", PFX_AUTHOR, 0 },
    { "place", PFX_PLACE, 0 },
    { "topic", "XT", 0 },
    { "person", "XN", 0 },
    { "org", "XO", 0 },
    { "company", "XC", 0 },
    { "exchange", "XX", 0 },
    { "category", "XK", 0 },
    { "group", "XG", 0 },
    { "keyword", "K", 0 },
    { "lang", PFX_LANG, 1 },
    { "id", PFX_ID, 1 },
};
const size_t mg_nfields = sizeof mg_fields / sizeof *mg_fields;

const char *mg_field_prefix(const char *name)
{
    for (size_t i = 0; i < mg_nfields; i++)
        if (!mg_fields[i].boolean && strcmp(mg_fields[i].name, name) == 0)
            return mg_fields[i].prefix;
    return NULL;
}
