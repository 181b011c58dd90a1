/* words.c - mg_next_word: find words in UTF-8 text (lib/text.h).
 * Owns the word rules: runs of letters (L*), digits (Nd, Nl, No) and marks
 * (M*); a single ' or U+2019 between two word characters joins them
 * ("Venezuela's"); a period joins single letters ("U.S.A." -> "U.S.A").
 * Everything else, invalid UTF-8 bytes included, separates words. Offsets
 * are bytes of the text given, so it works on original text (snippets) as
 * well as on folded text. Called by lib/snippet.c only (the TermGenerator
 * splits the words of indexed text and queries). */
#include "text.h"

#include <stdint.h>
#include <utf8proc.h>

typedef enum wd_class {
    WD_SEP = 0,  /* separates words */
    WD_LETTER,   /* L*: counts as a letter for the period rule */
    WD_OTHER,    /* digits (Nd, Nl, No) */
    WD_MARK,     /* M*: belongs to the letter before it */
    WD_APOS,     /* ' or U+2019 */
    WD_PERIOD    /* . */
} wd_class_t;

static wd_class_t wd_ascii_class(unsigned char c)
{
    if ((unsigned)((c | 0x20) - 'a') < 26u)
        return WD_LETTER;
    if ((unsigned)(c - '0') < 10u)
        return WD_OTHER;
    if (c == '\'')
        return WD_APOS;
    if (c == '.')
        return WD_PERIOD;
    return WD_SEP;
}

/* ASCII letters and digits: the common case, taken without a lookup. */
static int wd_ascii_alnum(unsigned char c)
{
    return (unsigned)((c | 0x20) - 'a') < 26u || (unsigned)(c - '0') < 10u;
}

static wd_class_t wd_unicode_class(int32_t cp)
{
    if (cp == 0x2019)
        return WD_APOS;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return WD_LETTER;
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return WD_OTHER;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return WD_MARK;
    default:
        return WD_SEP;
    }
}

/* Class of the character at byte i (i < len); *n gets its byte length. */
static wd_class_t wd_class_at(const unsigned char *s, size_t len, size_t i, size_t *n)
{
    if (s[i] < 0x80) {
        *n = 1;
        return wd_ascii_class(s[i]);
    }
    int32_t cp;
    *n = mg_utf8_decode(s + i, len - i, &cp);
    if (*n == 0) {
        *n = 1;     /* an invalid byte separates */
        return WD_SEP;
    }
    return wd_unicode_class(cp);
}

static int wd_is_word(wd_class_t c)
{
    return c == WD_LETTER || c == WD_OTHER || c == WD_MARK;
}

/* Class of the character at i, or WD_SEP at the end of the text. */
static wd_class_t wd_peek(const unsigned char *s, size_t len, size_t i, size_t *n)
{
    if (i >= len) {
        *n = 0;
        return WD_SEP;
    }
    return wd_class_at(s, len, i, n);
}

/* Nonzero when one letter (with its marks) starts at i and no further word
 * character follows it: the next segment of an abbreviation like "U.S.". */
static int wd_single_letter_at(const unsigned char *s, size_t len, size_t i)
{
    size_t n;
    if (wd_peek(s, len, i, &n) != WD_LETTER)
        return 0;
    wd_class_t c;
    do {
        i += n;
        c = wd_peek(s, len, i, &n);
    } while (c == WD_MARK);
    return !wd_is_word(c);
}

int mg_next_word(const char *text, size_t len, size_t *pos, size_t *start,
                 size_t *length)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = *pos, n = 0;
    wd_class_t c = WD_SEP;
    if (!text)
        len = 0;
    while (i < len && s[i] < 0x80 && !wd_ascii_alnum(s[i]))
        i++;                    /* ASCII separators, fast */
    while (i < len && !wd_is_word(c = wd_class_at(s, len, i, &n)))
        i += n;
    if (i >= len) {
        *pos = len;
        return 0;
    }
    size_t first = i;
    int seg_letters = 0;   /* letters in the segment since the last joiner */
    int seg_other = 0;     /* digits or leading marks in that segment */
    int abbrev = 1;        /* every segment so far was one letter, joined by '.' */
    for (;;) {
        if (c == WD_LETTER)
            seg_letters++;
        else if (c == WD_OTHER || (c == WD_MARK && seg_letters == 0))
            seg_other++;
        i += n;
        for (; i < len && wd_ascii_alnum(s[i]); i++) {   /* fast: same counts */
            if (s[i] >= 'A')
                seg_letters++;
            else
                seg_other++;
        }
        c = wd_peek(s, len, i, &n);
        if (wd_is_word(c))
            continue;
        size_t jn;
        wd_class_t next = wd_peek(s, len, i + n, &jn);
        int single = seg_letters == 1 && seg_other == 0;
        if (c == WD_APOS && wd_is_word(next)) {
            abbrev = 0;
        } else if (c == WD_PERIOD && abbrev && single &&
                   wd_single_letter_at(s, len, i + n)) {
            /* joined: "U.S" */
        } else {
            break;
        }
        i += n;                 /* step over the joiner */
        c = next;
        n = jn;
        seg_letters = seg_other = 0;
    }
    *start = first;
    *length = i - first;
    *pos = i;
    return 1;
}
