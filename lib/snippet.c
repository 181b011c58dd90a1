/* snippet.c - find a query's words in an article's original text and cut
 * out the passage that holds most of them, with the matched words as byte
 * spans. Called by lib/search.c only. Words of the original are folded and
 * stemmed the way the indexer folded and stemmed them, so that "Nicolás"
 * lights up for the query nicolas and "sanctions" for sanction. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "text.h"

#define MAX_WORD 128          /* longer words are never highlighted */
#define CONTEXT_BYTES 60      /* lead-in shown before the first match */
/* The passage is chosen from the first SCAN_BYTES of the text: a few news
 * articles run to megabytes (transcripts, uuencoded Usenet posts), and
 * scanning all of them made the slowest searches ten times slower. */
#define SCAN_BYTES (64 * 1024)

/* Lead pairs: the first two characters of a word, each a lower-case
 * ASCII letter or digit (36), or the end of a one-letter word (37th). */
#define LEAD_CHARS 37
#define LEAD_PAIRS (LEAD_CHARS * LEAD_CHARS)

/* Byte classes of the scan's fast path (scan): 1 + the lead index of an
 * ASCII letter or digit, BYTE_SEP for the other ASCII characters that
 * always end a word, BYTE_JOIN for ' and . (they may join two words into
 * one), BYTE_HIGH for the bytes of multibyte characters. */
#define BYTE_SEP 0
#define BYTE_JOIN 64
#define BYTE_HIGH 128
#define BYTE_CLASS(c) ((c) >= 0x80 ? BYTE_HIGH \
    : (c) >= '0' && (c) <= '9' ? (c) - '0' + 1 \
    : (c) >= 'a' && (c) <= 'z' ? (c) - 'a' + 11 \
    : (c) >= 'A' && (c) <= 'Z' ? (c) - 'A' + 11 \
    : (c) == '\'' || (c) == '.' ? BYTE_JOIN : BYTE_SEP)
#define BYTE_CLASS4(c) BYTE_CLASS(c), BYTE_CLASS((c) + 1), BYTE_CLASS((c) + 2), \
                       BYTE_CLASS((c) + 3)
#define BYTE_CLASS16(c) BYTE_CLASS4(c), BYTE_CLASS4((c) + 4), BYTE_CLASS4((c) + 8), \
                        BYTE_CLASS4((c) + 12)
#define BYTE_CLASS64(c) BYTE_CLASS16(c), BYTE_CLASS16((c) + 16), BYTE_CLASS16((c) + 32), \
                        BYTE_CLASS16((c) + 48)
static const unsigned char byte_class[256] = {
    BYTE_CLASS64(0), BYTE_CLASS64(64), BYTE_CLASS64(128), BYTE_CLASS64(192)
};

typedef struct word {
    uint32_t start, len;      /* bytes in the original text (< SCAN_BYTES) */
    unsigned key;             /* 0: no match; else which query word (1-based) */
} word_t;

/* The keys of short folded words seen before: the words that pass the
 * lead-pair test recur ("the" for a query "theft"), and stemming them
 * again is the dearest part of finding their key. */
#define KEY_CACHE_SLOTS 64        /* a power of two */
typedef struct cached_key {
    unsigned char len;            /* 0: empty slot */
    char word[15];
    unsigned key;
} cached_key_t;

struct mg_matcher {
    char **stems;             /* stems that match any word stemming to them */
    size_t nstems;
    char **wild;              /* prefixes that match any word starting so */
    size_t nwild;
    xb_stem_t **stemmers;
    size_t nstemmers;
    /* Snowball stems keep the start of a word: a word whose lead pair
     * begins no stem or wildcard cannot match, and is passed over without
     * folding and stemming it. use_leads is 0 when a stem does not start
     * with ASCII, and every word takes the long way. */
    int use_leads;
    unsigned char leads[LEAD_PAIRS];
    /* Scratch reused from hit to hit, so that a snippet allocates only
     * its result. */
    word_t *words;            /* every word of the text scanned last */
    uint32_t *hits;           /* indexes in words of the matched ones */
    size_t cap;               /* entries allocated in words and in hits */
    cached_key_t key_cache[KEY_CACHE_SLOTS];
};

/* The lead index of an ASCII character (folded), or -1. */
static int lead_char(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (unsigned char)(c | 0x20);
    if (c >= 'a' && c <= 'z')
        return 10 + (c - 'a');
    return -1;
}

/* Mark the lead pair(s) of a stem or wildcard prefix; 0 if it has none. */
static int mark_leads(unsigned char *leads, const char *w)
{
    int a = lead_char((unsigned char)w[0]);
    if (a < 0 || (w[0] >= 'A' && w[0] <= 'Z'))
        return 0;
    if (w[1] == '\0') {            /* "a" or "a*": any second character */
        for (int b = 0; b < LEAD_CHARS; b++)
            leads[a * LEAD_CHARS + b] = 1;
        return 1;
    }
    int b = lead_char((unsigned char)w[1]);
    if (b < 0 || (w[1] >= 'A' && w[1] <= 'Z'))
        return 0;
    leads[a * LEAD_CHARS + b] = 1;
    return 1;
}

/* Whether word (len bytes of original text) may match at all. */
static int may_match(const mg_matcher_t *m, const char *word, size_t len)
{
    if (!m->use_leads)
        return 1;
    int a = lead_char((unsigned char)word[0]);
    int b = len > 1 ? lead_char((unsigned char)word[1]) : LEAD_CHARS - 1;
    if (a < 0 || b < 0)
        return 1;                 /* not plain ASCII: fold it to know */
    return m->leads[a * LEAD_CHARS + b];
}

static int push(char ***list, size_t *n, const char *s, size_t len)
{
    char **grown = realloc(*list, (*n + 1) * sizeof *grown);
    if (grown == NULL)
        return -1;
    *list = grown;
    if ((grown[*n] = strndup(s, len)) == NULL)
        return -1;
    (*n)++;
    return 0;
}

/* Split a Xapian term into its word: strip the upper-case field prefix.
 * Returns NULL for terms with no word. Every free-text term is a stem
 * (docs/schema.md). */
static const char *term_word(const char *term)
{
    while (*term >= 'A' && *term <= 'Z')
        term++;
    /* Xapian puts ':' between a prefix and a word starting with a capital. */
    if (*term == ':')
        term++;
    return *term != '\0' ? term : NULL;
}

mg_matcher_t *mg_matcher_new(char *const *terms, size_t nterms, char *const *wildcards,
                             size_t nwildcards, const char *const *languages,
                             size_t nlanguages)
{
    char xerr[XB_ERRLEN];
    mg_matcher_t *m = calloc(1, sizeof *m);
    int bad = m == NULL;
    for (size_t i = 0; !bad && i < nterms; i++) {
        const char *w = term_word(terms[i]);
        if (w != NULL)
            bad = push(&m->stems, &m->nstems, w, strlen(w));
    }
    for (size_t i = 0; !bad && i < nwildcards; i++)
        bad = push(&m->wild, &m->nwild, wildcards[i], strlen(wildcards[i]));
    if (!bad) {
        m->use_leads = 1;
        for (size_t i = 0; i < m->nstems && m->use_leads; i++)
            m->use_leads = mark_leads(m->leads, m->stems[i]);
        for (size_t i = 0; i < m->nwild && m->use_leads; i++)
            m->use_leads = mark_leads(m->leads, m->wild[i]);
    }
    if (!bad && m->nstems > 0) {
        m->stemmers = calloc(nlanguages, sizeof *m->stemmers);
        bad = m->stemmers == NULL;
        for (size_t i = 0; !bad && i < nlanguages; i++)
            if (xb_stem_new(languages[i], &m->stemmers[m->nstemmers], xerr) == MORGUE_OK)
                m->nstemmers++;
    }
    if (bad) {
        mg_matcher_free(m);
        return NULL;
    }
    return m;
}

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

void mg_matcher_free(mg_matcher_t *m)
{
    if (m == NULL)
        return;
    free_list(m->stems, m->nstems);
    free_list(m->wild, m->nwild);
    for (size_t i = 0; i < m->nstemmers; i++)
        xb_stem_free(m->stemmers[i]);
    free(m->stemmers);
    free(m->words);
    free(m->hits);
    free(m);
}

static unsigned find(char **list, size_t n, const char *w)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], w) == 0)
            return (unsigned)i + 1;
    return 0;
}

/* Which query word a folded word (k bytes, NUL-terminated) matches. */
static unsigned uncached_key(mg_matcher_t *m, const char *folded, size_t k)
{
    char stem[MAX_WORD * 4];
    unsigned key = find(m->stems, m->nstems, folded);   /* a word its own stem */
    if (key != 0)
        return m->nwild + key;
    for (size_t i = 0; i < m->nwild; i++)
        if (strncmp(folded, m->wild[i], strlen(m->wild[i])) == 0)
            return (unsigned)(i + 1);
    for (size_t i = 0; i < m->nstemmers; i++) {
        xb_stem(m->stemmers[i], folded, k, stem, sizeof stem);
        key = find(m->stems, m->nstems, stem);
        if (key != 0)
            return (unsigned)(m->nwild + key);
    }
    return 0;
}

/* uncached_key, remembered for words of 1 to 15 bytes. */
static unsigned folded_key(mg_matcher_t *m, const char *folded, size_t k)
{
    if (k == 0 || k > sizeof m->key_cache[0].word)
        return uncached_key(m, folded, k);
    unsigned hash = 2166136261u;  /* FNV-1a */
    for (size_t i = 0; i < k; i++)
        hash = (hash ^ (unsigned char)folded[i]) * 16777619u;
    cached_key_t *slot = &m->key_cache[(hash ^ (hash >> 16)) & (KEY_CACHE_SLOTS - 1)];
    if (slot->len == k && memcmp(slot->word, folded, k) == 0)
        return slot->key;
    slot->len = (unsigned char)k;
    memcpy(slot->word, folded, k);
    slot->key = uncached_key(m, folded, k);
    return slot->key;
}

/* Which query word the original word (len bytes) matches: 0 for none. */
static unsigned word_key(mg_matcher_t *m, const char *word, size_t len)
{
    char folded[MAX_WORD * 4];
    size_t n, k = 0, ascii = 0;
    if (len > MAX_WORD || !may_match(m, word, len))
        return 0;
    while (ascii < len && (unsigned char)word[ascii] < 0x80)
        ascii++;
    /* "U.S." was indexed as "us": drop the periods of acronyms. */
    if (ascii == len) {
        /* The ASCII of a word is letters, digits, ' and . (mg_next_word),
         * which mg_normalize only lower-cases: fold it here, unallocated. */
        for (size_t i = 0; i < len; i++)
            if (word[i] != '.')
                folded[k++] = (char)(word[i] >= 'A' && word[i] <= 'Z' ? word[i] + ('a' - 'A')
                                                                    : word[i]);
    } else {
        char *f = mg_normalize(word, len, &n);
        if (f == NULL)
            return 0;
        for (size_t i = 0; i < n && k + 1 < sizeof folded; i++)
            if (f[i] != '.')
                folded[k++] = f[i];
        free(f);
    }
    folded[k] = '\0';
    return folded_key(m, folded, k);
}

/* The key of an ASCII word of letters and digits (len bytes) that passed
 * the lead-pair test: word_key without its checks. */
static unsigned alnum_key(mg_matcher_t *m, const char *word, size_t len)
{
    char folded[MAX_WORD + 1];
    for (size_t i = 0; i < len; i++)
        folded[i] = (char)(word[i] >= 'A' && word[i] <= 'Z' ? word[i] + ('a' - 'A') : word[i]);
    folded[len] = '\0';
    return folded_key(m, folded, len);
}

/* Whether the run of ASCII letters and digits s[i, e) is a whole word by
 * mg_next_word's rules: what follows it cannot join it to more. */
static int ends_word(const unsigned char *cls, const unsigned char *s, size_t len,
                     size_t i, size_t e)
{
    if (e == len || cls[s[e]] == BYTE_SEP)
        return 1;
    if (s[e] == '.')              /* joins one letter to the next ("U.S") */
        return e - i > 1 || cls[s[i]] <= 10;
    if (s[e] == '\'')             /* joins when a word character follows */
        return e + 1 == len || (cls[s[e + 1]] & ~BYTE_JOIN) == 0;
    return 0;                     /* a multibyte character */
}

/* All words of text[0, len) into m->words with their match keys, the
 * indexes of the matched ones into m->hits. The words are mg_next_word's,
 * but most are found here without calling it: a run of ASCII letters and
 * digits that nothing can join to more is a whole word by its rules (see
 * ends_word). Words with multibyte characters or joiners take the call.
 * nul_at_len: text[len] is the text's NUL. Returns -1 when out of memory. */
static int scan(mg_matcher_t *m, const char *text, size_t len, int nul_at_len,
                size_t *nwords, size_t *nhits)
{
    /* A word is followed by a byte or the end: at most (len + 1) / 2. */
    size_t most = len / 2 + 1;
    if (m->cap < most) {          /* scratch: nothing to keep, no realloc */
        free(m->words);
        free(m->hits);
        m->words = malloc(most * sizeof *m->words);
        m->hits = malloc(most * sizeof *m->hits);
        m->cap = m->words != NULL && m->hits != NULL ? most : 0;
        if (m->cap == 0)
            return -1;
    }
    const unsigned char *s = (const unsigned char *)text;
    const unsigned char *cls = byte_class;
    size_t n = 0, nh = 0, pos = 0;
    for (;;) {
        size_t i = pos, start, wlen;
        unsigned key;
        while (i < len && (cls[s[i]] & ~BYTE_JOIN) == 0)
            i++;                  /* ASCII separators, as mg_next_word skips them */
        if (i >= len)
            break;
        size_t e = i;
        if (nul_at_len)           /* the NUL stops the run: no bound needed */
            while ((unsigned)(cls[s[e]] - 1) < LEAD_CHARS - 1)
                e++;
        else
            while (e < len && (unsigned)(cls[s[e]] - 1) < LEAD_CHARS - 1)
                e++;
        if (e > i && ends_word(cls, s, len, i, e)) {
            start = i;
            wlen = e - i;
            pos = e;
            size_t a = cls[s[i]] - 1u, b = wlen > 1 ? cls[s[i + 1]] - 1u : LEAD_CHARS - 1;
            if (wlen > MAX_WORD || (m->use_leads && !m->leads[a * LEAD_CHARS + b]))
                key = 0;
            else
                key = alnum_key(m, text + i, wlen);
        } else {
            pos = i;
            if (!mg_next_word(text, len, &pos, &start, &wlen))
                break;
            key = word_key(m, text + start, wlen);
        }
        m->words[n] = (word_t){ (uint32_t)start, (uint32_t)wlen, key };
        if (key != 0)
            m->hits[nh++] = (uint32_t)n;
        n++;
    }
    *nwords = n;
    *nhits = nh;
    return 0;
}

/* Score of the matched words hits[h, h_end): distinct query words count
 * most, then matches. */
static unsigned score(const word_t *w, const uint32_t *hits, size_t h, size_t h_end)
{
    unsigned s = 0;
    for (size_t a = h; a < h_end; a++) {
        int seen = 0;
        for (size_t b = h; b < a && !seen; b++)
            seen = w[hits[b]].key == w[hits[a]].key;
        s += seen ? 1 : 8;
    }
    return s;
}

/* Choose words [*from, *to) of at most max bytes with the best score.
 * Windows start at a matched word; only those (hits, nhits) are visited. */
static void best_window(const word_t *w, size_t n, const uint32_t *hits, size_t nhits,
                        size_t max, size_t *from, size_t *to)
{
    size_t best_i = 0, best_j = 0, j = 0, h_end = 0;
    unsigned best = 0;
    for (size_t h = 0; h < nhits; h++) {
        size_t i = hits[h];
        /* The window of a later word reaches at least as far. */
        if (j < i)
            j = i;
        while (j < n && w[j].start + w[j].len - w[i].start <= max)
            j++;
        if (h_end < h)
            h_end = h;
        while (h_end < nhits && hits[h_end] < j)
            h_end++;
        unsigned s = score(w, hits, h, h_end);
        if (s > best) {
            best = s;
            best_i = i;
            best_j = j;
        }
    }
    if (best == 0) {              /* no match in the text: its beginning */
        best_i = 0;
        while (best_j < n && w[best_j].start + w[best_j].len <= max)
            best_j++;
    }
    if (best_j <= best_i)         /* a first word longer than max */
        best_j = best_i + 1;
    /* Lead in with up to CONTEXT_BYTES of words before the first match,
     * giving up unmatched words at the end to make room. */
    size_t first = best_i;
    while (best_i > 0 && w[first].start - w[best_i - 1].start <= CONTEXT_BYTES) {
        size_t span = w[best_j - 1].start + w[best_j - 1].len - w[best_i - 1].start;
        if (span <= max) {
            best_i--;
            continue;
        }
        if (best_j - 1 <= first || w[best_j - 1].key != 0)
            break;
        best_j--;
    }
    *from = best_i;
    *to = best_j;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int mg_snippet(mg_matcher_t *m, const char *text, size_t max_bytes,
               char **snippet, morgue_span_t **spans, size_t *nspans)
{
    size_t full = strlen(text), len = full, n, from, to;
    if (len > SCAN_BYTES) {
        len = SCAN_BYTES;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;                /* not inside a character */
    }
    *snippet = NULL;
    *spans = NULL;
    *nspans = 0;
    size_t nhits;
    if (scan(m, text, len, len == full, &n, &nhits) != 0)
        return -1;
    const word_t *w = m->words;
    if (n == 0) {
        *snippet = strdup("");
        return *snippet != NULL ? 0 : -1;
    }
    best_window(w, n, m->hits, nhits, max_bytes, &from, &to);
    size_t begin = from == 0 ? 0 : w[from].start;
    size_t end = w[to - 1].start + w[to - 1].len;
    /* Keep the punctuation that closes the last word ("July.”"): up to
     * three whole characters. */
    for (int chars = 0; chars < 3 && end < len && !is_ws(text[end]); chars++) {
        end++;
        while (end < len && ((unsigned char)text[end] & 0xC0) == 0x80)
            end++;
    }
    if (to == n)
        end = len;

    char *out = malloc((end - begin) + 16);
    morgue_span_t *sp = malloc((to - from + 1) * sizeof *sp);
    if (out == NULL || sp == NULL) {
        free(out);
        free(sp);
        return -1;
    }
    size_t o = 0, k = from, count = 0;
    if (begin > 0)
        o += (size_t)sprintf(out, "\xE2\x80\xA6 ");
    int space = 0;
    for (size_t i = begin; i < end; i++) {
        if (is_ws(text[i])) {
            space = o > 0;
            continue;
        }
        if (space) {
            out[o++] = ' ';
            space = 0;
        }
        if (k < to && w[k].start == i) {   /* words start on no whitespace */
            if (w[k].key != 0) {
                sp[count].start = o;
                sp[count].length = w[k].len;
                count++;
            }
            k++;
        }
        out[o++] = text[i];
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    if (end < full)
        o += (size_t)sprintf(out + o, " \xE2\x80\xA6");
    out[o] = '\0';
    *snippet = out;
    *spans = sp;
    *nspans = count;
    return 0;
}
