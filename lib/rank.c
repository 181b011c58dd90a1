/* rank.c - the ranking features of a search (MORGUE_RANK_* in
 * include/morgue.h) turned into an xb_rank_t for the binding: the BM25
 * parameters, the English stopword list, the words that proximity pairs
 * up, the feedback sizes and the short-query tiers. Called by
 * lib/search.c only. What each feature does to the eval collections is in
 * bench/README-eval.md; the user's view is morgue-query(1), RANKING.
 *
 * Every number here is a value from the literature or a plain design
 * choice, not one fitted to the evaluation collections. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rank.h"

/* BM25 as Robertson and Zaragoza recommend (The Probabilistic Relevance
 * Framework, 2009): k1 in 1.2..2, b 0.75; the same as SQLite FTS5 uses. */
#define BM25_K1 1.2
#define BM25_B 0.75
/* Proximity: two consecutive query words within 8 positions (the
 * unordered window of Metzler and Croft's sequential dependence model),
 * worth a fifth of the two words' weight. */
#define NEAR_WINDOW 8
#define NEAR_SCALE 0.2
/* Feedback: the 20 best terms of the top 10 hits (Okapi at TREC), each in
 * proportion to its expand weight, the best at half the weight it would
 * have as a query word (RM3's usual mix of 0.5); only when the top 10 are
 * at most a tenth of the matches, since what they share then sets them
 * apart from the other matches rather than merely being the query. */
#define FB_DOCS 10
#define FB_TERMS 20
#define FB_SCALE 0.5
#define FB_MIN_MATCHES (10 * FB_DOCS)
/* A short query has at most this many words. */
#define SHORT_WORDS 3

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

static int is_stopword(const char *w)
{
    for (size_t i = 0; i < NSTOPWORDS; i++)
        if (strcmp(stopwords[i], w) == 0)
            return 1;
    return 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A letter or digit of folded text: lower-case ASCII, a digit, or any
 * byte of a multi-byte UTF-8 character. */
static int is_wordchar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Whether the n bytes at w are a plain word: they start with a letter or
 * digit and hold only those and ' . - & (as in "o'neill", "u.s.").
 * Operators are in upper case (lib/query_prep.c folds only words), so they
 * are not plain, nor is anything with a field, quote, bracket, wildcard
 * or a leading + or -. *simple is set when the word is letters and digits
 * only (a single indexed term). */
static int is_plain(const char *w, size_t n, int *simple)
{
    *simple = 1;
    if (n == 0 || !is_wordchar((unsigned char)w[0]))
        return 0;
    for (size_t i = 1; i < n; i++) {
        if (is_wordchar((unsigned char)w[i]))
            continue;
        if (w[i] != '\'' && w[i] != '.' && w[i] != '-' && w[i] != '&')
            return 0;
        *simple = 0;
    }
    return 1;
}

/* Split text into keep->words, NUL-separated. Returns the number of
 * words, 0 when the query is not made of plain words only, -1 when out of
 * memory. (*simple_flags)[i] is nonzero when word i is simple. */
static long split_words(const char *text, mg_rank_t *keep, char **simple_flags)
{
    size_t len = strlen(text);
    long n = 0;
    keep->words = malloc(len + 1);
    *simple_flags = malloc(len + 1);
    if (keep->words == NULL || *simple_flags == NULL)
        return -1;
    char *out = keep->words;
    for (size_t i = 0; i < len;) {
        if (is_space(text[i])) {
            i++;
            continue;
        }
        size_t w = 0;
        int simple;
        while (i + w < len && !is_space(text[i + w]))
            w++;
        if (!is_plain(text + i, w, &simple))
            return 0;
        memcpy(out, text + i, w);
        out[w] = '\0';
        out += w + 1;
        (*simple_flags)[n++] = (char)simple;
        i += w;
    }
    return n;
}

/* keep->tier_title and keep->tier_phrase for the n words. */
static int make_tiers(mg_rank_t *keep, long n, xb_rank_t *out)
{
    size_t len = 0;
    const char *w = keep->words;
    for (long i = 0; i < n; i++, w += strlen(w) + 1)
        len += strlen(w) + 8;
    keep->tier_title = malloc(len + 1);
    keep->tier_phrase = malloc(len + 3);
    if (keep->tier_title == NULL || keep->tier_phrase == NULL)
        return -1;
    char *t = keep->tier_title, *p = keep->tier_phrase;
    *p++ = '"';
    w = keep->words;
    for (long i = 0; i < n; i++, w += strlen(w) + 1) {
        t += sprintf(t, "%stitle:%s", i ? " " : "", w);
        p += sprintf(p, "%s%s", i ? " " : "", w);
    }
    strcpy(p, "\"");
    keep->tiers[out->ntiers++] = keep->tier_title;
    if (n > 1)  /* one word: every match has the "phrase" */
        keep->tiers[out->ntiers++] = keep->tier_phrase;
    out->tiers = keep->tiers;
    return 0;
}

/* keep->near: the simple words that are not stopwords, in query order. */
static int make_near(mg_rank_t *keep, long n, const char *simple, xb_rank_t *out)
{
    keep->near = malloc((size_t)n * sizeof *keep->near);
    if (keep->near == NULL)
        return -1;
    const char *w = keep->words;
    for (long i = 0; i < n; i++, w += strlen(w) + 1)
        if (simple[i] && !is_stopword(w))
            keep->near[out->nnear++] = w;
    if (out->nnear < 2) {
        out->nnear = 0;
        return 0;
    }
    out->near = keep->near;
    out->near_window = NEAR_WINDOW;
    out->near_scale = NEAR_SCALE;
    return 0;
}

morgue_status_t mg_rank_prepare(unsigned features, int any, int by_relevance,
                                const char *text, xb_rank_t *out, mg_rank_t *keep)
{
    memset(out, 0, sizeof *out);
    memset(keep, 0, sizeof *keep);
    if (features & ~(unsigned)MG_RANK_ALL)
        return MORGUE_INVALID_ARGUMENT;
    if (!by_relevance || text[strspn(text, " \t\r\n")] == '\0')
        return MORGUE_OK;  /* an empty query: every article, unranked */
    if (features & MORGUE_RANK_TUNED) {
        out->k1 = BM25_K1;
        out->b = BM25_B;
    }
    if ((features & MORGUE_RANK_STOPWORDS) && any) {
        out->stopwords = stopwords;
        out->nstopwords = NSTOPWORDS;
    }
    if ((features & MORGUE_RANK_FEEDBACK) && any) {
        out->fb_docs = FB_DOCS;
        out->fb_terms = FB_TERMS;
        out->fb_scale = FB_SCALE;
        out->fb_min_matches = FB_MIN_MATCHES;
    }
    out->ties_newest = (features & MORGUE_RANK_RECENT) != 0;
    if (!(features & (MORGUE_RANK_PROXIMITY | MORGUE_RANK_SHORT)))
        return MORGUE_OK;
    char *simple = NULL;
    long n = split_words(text, keep, &simple);
    int failed = n < 0;
    if (!failed && n > 0 && (features & MORGUE_RANK_PROXIMITY))
        failed = make_near(keep, n, simple, out) != 0;
    if (!failed && n > 0 && n <= SHORT_WORDS && !any && (features & MORGUE_RANK_SHORT))
        failed = make_tiers(keep, n, out) != 0;
    free(simple);
    if (failed) {
        mg_rank_free(keep);
        memset(out, 0, sizeof *out);
        return MORGUE_NO_MEMORY;
    }
    return MORGUE_OK;
}

void mg_rank_free(mg_rank_t *keep)
{
    if (keep == NULL)
        return;
    free(keep->words);
    free(keep->near);
    free(keep->tier_title);
    free(keep->tier_phrase);
    memset(keep, 0, sizeof *keep);
}
