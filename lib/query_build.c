/* query_build.c - the Xapian query of a search: the prepared text parsed
 * by Xapian's QueryParser once per stemmer the index used, and the date
 * bounds of the search as a value range. Called by lib/match.c, and by the
 * ranking features that parse queries of their own (lib/rank_short.c). */
#include <stdio.h>
#include <string.h>

#include "match.h"

const xb_query_t *mg_parse_all(xb_qb_t *qb, xb_db_t *db, const mg_search_spec_t *spec,
                               const char *text, int any, const char *const *stopwords,
                               size_t nstopwords)
{
    /* Parse text once per stemmer, each parse for the documents stemmed
     * that way, so that NOT and -word hold whatever a document's language. */
    const xb_query_t *parts[spec->nlanguages > 0 ? spec->nlanguages : 1];
    for (size_t i = 0; i < spec->nlanguages; i++) {
        xb_parser_t p = {
            .language = spec->languages[i], .any = any, .stopwords = stopwords,
            .nstopwords = nstopwords, .fields = spec->fields, .nfields = spec->nfields,
            .date_slot = spec->date_slot, .date_prefix = spec->date_prefix,
            .max_wildcard = spec->max_wildcard,
        };
        parts[i] = xb_q_parse(qb, db, &p, text);
        if (spec->nlanguages > 1) {
            char term[256];
            snprintf(term, sizeof term, "%s%s", spec->stemmer_prefix, spec->languages[i]);
            const xb_query_t *two[2] = { parts[i], xb_q_term(qb, term) };
            parts[i] = xb_q_combine(qb, XB_OP_FILTER, two, 2, 0);
        }
    }
    return spec->nlanguages == 1 ? parts[0]
                                 : xb_q_combine(qb, XB_OP_OR, parts, spec->nlanguages, 0);
}

const xb_query_t *mg_query_build(xb_qb_t *qb, xb_db_t *db, const mg_search_spec_t *spec,
                                 const char *const *stopwords, size_t nstopwords)
{
    const char *text = spec->query->text;
    const xb_query_t *q;
    if (text[strspn(text, " \t\r\n")] == '\0')
        q = xb_q_all(qb);
    else
        q = mg_parse_all(qb, db, spec, text, spec->any, stopwords, nstopwords);
    if (q == NULL)
        return NULL;
    const char *since = spec->since, *until = spec->until;
    if (since != NULL && until != NULL && strcmp(since, until) > 0)
        return xb_q_nothing(qb);  /* Xapian would drop such a range */
    const xb_query_t *range = NULL;
    if (since != NULL && until != NULL)
        range = xb_q_value(qb, XB_OP_VALUE_RANGE, spec->date_slot, since, until);
    else if (since != NULL)
        range = xb_q_value(qb, XB_OP_VALUE_GE, spec->date_slot, since, NULL);
    else if (until != NULL)
        range = xb_q_value(qb, XB_OP_VALUE_LE, spec->date_slot, NULL, until);
    else
        return q;
    const xb_query_t *two[2] = { q, range };
    return xb_q_combine(qb, XB_OP_FILTER, two, 2, 0);
}
