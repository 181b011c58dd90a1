/* rank_stopwords.c - the ranking feature "stopwords"
 * (MORGUE_RANK_STOPWORDS): with any, the parser leaves out common English
 * words (not in phrases nor with +); and the list itself, which proximity
 * (lib/rank_proximity.c) leaves out too. Registered in lib/rank.c; called
 * through it by lib/match.c only. */
#include <string.h>

#include "rank.h"

/* The Snowball project's English stop list (as PostgreSQL and NLTK ship
 * it): function words that say nothing about a question's subject. */
static const char *const stopwords[] = {
    "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your",
    "yours", "yourself", "yourselves", "he", "him", "his", "himself", "she",
    "her", "hers", "herself", "it", "its", "itself", "they", "them", "their",
    "theirs", "themselves", "what", "which", "who", "whom", "this", "that",
    "these", "those", "am", "is", "are", "was", "were", "be", "been", "being",
    "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an",
    "the", "and", "but", "if", "or", "because", "as", "until", "while", "of",
    "at", "by", "for", "with", "about", "against", "between", "into",
    "through", "during", "before", "after", "above", "below", "to", "from",
    "up", "down", "in", "out", "on", "off", "over", "under", "again",
    "further", "then", "once", "here", "there", "when", "where", "why", "how",
    "all", "any", "both", "each", "few", "more", "most", "other", "some",
    "such", "no", "nor", "not", "only", "own", "same", "so", "than", "too",
    "very", "s", "t", "can", "will", "just", "don", "should", "now",
};
#define NSTOPWORDS (sizeof stopwords / sizeof *stopwords)

int mg_rank_is_stopword(const char *w)
{
    for (size_t i = 0; i < NSTOPWORDS; i++)
        if (strcmp(stopwords[i], w) == 0)
            return 1;
    return 0;
}

static morgue_status_t apply(mg_rank_run_t *run, int *acted, char *err)
{
    (void)err;
    *acted = run->spec->any != 0;
    if (*acted) {
        run->stopwords = stopwords;
        run->nstopwords = NSTOPWORDS;
    }
    return MORGUE_OK;
}

const mg_rank_feature_t mg_rank_stopwords = {
    .name = "stopwords", .bit = MORGUE_RANK_STOPWORDS, .stage = MG_RANK_PARSE, .apply = apply,
};
