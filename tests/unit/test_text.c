/* test_text.c - unit tests of the text layer: morgue_text_repair
 * (lib/repair.c), mg_normalize (lib/normalize.c) and mg_next_word
 * (lib/words.c). Run by tests/run.sh; prints failures and a count. */
#include "morgue.h"
#include "text.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* ---- helpers ---------------------------------------------------------- */

/* Repair s (n bytes); returns a static copy of the result ("(error)" on a
 * failure) and sets *repaired. */
static const char *repair(const char *s, size_t n, int *repaired)
{
    static char result[4096];
    char *out = NULL;
    size_t out_len = 0;
    *repaired = -1;
    if (morgue_text_repair(s, n, &out, &out_len, repaired) != MORGUE_OK)
        return "(error)";
    if (out_len != strlen(out) || out_len >= sizeof result) {
        free(out);
        return "(bad length)";
    }
    memcpy(result, out, out_len + 1);
    free(out);
    return result;
}

/* Normalize the NUL-terminated s; returns a static copy of the result. */
static const char *norm(const char *s)
{
    static char result[4096];
    size_t n = 0;
    char *out = mg_normalize(s, strlen(s), &n);
    if (!out)
        return "(null)";
    if (n != strlen(out) || n >= sizeof result) {
        free(out);
        return "(bad length)";
    }
    memcpy(result, out, n + 1);
    free(out);
    return result;
}

/* The words of s (n bytes) joined with '|', as a static string. */
static const char *words_n(const char *s, size_t n)
{
    static char result[4096];
    size_t pos = 0, start, length, used = 0;
    result[0] = '\0';
    while (mg_next_word(s, n, &pos, &start, &length)) {
        if (used + length + 2 >= sizeof result)
            return "(overflow)";
        if (used)
            result[used++] = '|';
        memcpy(result + used, s + start, length);
        used += length;
        result[used] = '\0';
    }
    return result;
}

static const char *words(const char *s)
{
    return words_n(s, strlen(s));
}

/* ---- morgue_text_repair ------------------------------------------------ */

static void test_repair_valid(void)
{
    int r;
    const char *s = "Nicolás Maduro “obstructed” the re‑election – 選挙 \xF0\x9F\x98\x80\n\ttab\r\n";
    CHECK_STR(repair(s, strlen(s), &r), s);
    CHECK_INT(r, 0);
    CHECK_STR(repair("", 0, &r), "");
    CHECK_INT(r, 0);
    /* the edges of the valid ranges */
    s = "\xC2\xA0 \xDF\xBF \xE0\xA0\x80 \xED\x9F\xBF \xEE\x80\x80 \xEF\xBF\xBF "
        "\xF0\x90\x80\x80 \xF4\x8F\xBF\xBF";
    CHECK_STR(repair(s, strlen(s), &r), s);
    CHECK_INT(r, 0);
    /* a long ASCII text goes through the 8-byte fast path */
    s = "The Treasury Department is close to announcing 15 individual sanctions.";
    CHECK_STR(repair(s, strlen(s), &r), s);
    CHECK_INT(r, 0);
}

static void test_repair_latin1(void)
{
    int r;
    CHECK_STR(repair("Nicol\xE1s Gonz\xE1lez, caf\xE9", 22, &r), "Nicolás González, café");
    CHECK_INT(r, MORGUE_REPAIRED_DECODED);
    CHECK_STR(repair("caf\xE9 ", 5, &r), "café ");
    CHECK_INT(r, MORGUE_REPAIRED_DECODED);
    /* Windows-1252 smart quotes, dash, euro, ellipsis */
    CHECK_STR(repair("\x93" "free and fair\x94", 15, &r), "\xE2\x80\x9C" "free and fair\xE2\x80\x9D");
    CHECK_INT(r, MORGUE_REPAIRED_DECODED);
    CHECK_STR(repair("it\x92s \x96 \x80" "5\x85", 10, &r), "it’s – €5…");
    /* the bytes 1252 leaves undefined become C1 controls and are dropped */
    CHECK_STR(repair("a\x81\x8D\x8F\x90\x9D" "b", 7, &r), "ab");
    CHECK_INT(r, MORGUE_REPAIRED_DECODED | MORGUE_REPAIRED_DROPPED);
    /* an invalid byte before a valid sequence: only the invalid byte changes */
    CHECK_STR(repair("\xE9\xC3\xA9", 3, &r), "éé");
}

static void test_repair_invalid_sequences(void)
{
    int r;
    /* a truncated multibyte sequence at the end */
    CHECK_STR(repair("abc\xE2\x80", 5, &r), "abcâ€");
    CHECK_INT(r, MORGUE_REPAIRED_DECODED);
    CHECK_STR(repair("abc\xC3", 4, &r), "abcÃ");
    CHECK_STR(repair("x\xF0\x9F\x98", 4, &r), "xðŸ˜");
    /* overlong encodings */
    CHECK_STR(repair("a\xC0\xAF" "b", 4, &r), "aÀ¯b");
    CHECK_INT(r, MORGUE_REPAIRED_DECODED);
    CHECK_STR(repair("\xE0\x80\xAF", 3, &r), "à€¯");
    CHECK_STR(repair("\xF0\x80\x80\xAF", 4, &r), "ð€€¯");
    /* a UTF-16 surrogate and a code point beyond U+10FFFF */
    CHECK_STR(repair("\xED\xA0\x80", 3, &r), "í\xC2\xA0€");
    CHECK_STR(repair("\xF4\x90\x80\x80", 4, &r), "ô€€");
    /* stray continuation bytes and bytes never valid */
    CHECK_STR(repair("\xBF\xFE\xFF", 3, &r), "¿þÿ");
}

static void test_repair_controls(void)
{
    int r;
    CHECK_STR(repair("a\0b\x07" "c\nd\te\r\n", 11, &r), "abc\nd\te\r\n");
    CHECK_INT(r, MORGUE_REPAIRED_DROPPED);
    CHECK_STR(repair("x\x7Fy\x1B[0m", 7, &r), "xy[0m");
    /* C1 controls written as valid UTF-8 are dropped too */
    CHECK_STR(repair("a\xC2\x85" "b\xC2\x9F", 6, &r), "ab");
    CHECK_INT(r, MORGUE_REPAIRED_DROPPED);
    /* a leading BOM is removed, a later one kept */
    CHECK_STR(repair("\xEF\xBB\xBFhi\xEF\xBB\xBF", 8, &r), "hi\xEF\xBB\xBF");
    CHECK_INT(r, MORGUE_REPAIRED_BOM);
    CHECK_STR(repair("\xEF\xBB\xBF", 3, &r), "");
    /* controls inside an otherwise long ASCII run */
    CHECK_STR(repair("0123456789\x01" "0123456789", 21, &r), "01234567890123456789");
    CHECK_INT(r, MORGUE_REPAIRED_DROPPED);
    /* each repair has its bit, and they add up */
    CHECK_STR(repair("\xEF\xBB\xBF" "caf\xE9\x07", 8, &r), "café");
    CHECK_INT(r, MORGUE_REPAIRED_BOM | MORGUE_REPAIRED_DECODED | MORGUE_REPAIRED_DROPPED);
    CHECK_STR(repair("\xEF\xBB\xBF" "caf\xC3\xA9", 8, &r), "café");
    CHECK_INT(r, MORGUE_REPAIRED_BOM);
}

static void test_repair_arguments(void)
{
    char *out = (char *)"untouched";
    size_t n = 0;
    CHECK_INT(morgue_text_repair(NULL, 0, &out, &n, NULL), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_text_repair("x", 1, NULL, &n, NULL), MORGUE_INVALID_ARGUMENT);
    CHECK_INT(morgue_text_repair("x\xE9", 2, &out, &n, NULL), MORGUE_OK);
    CHECK_STR(out, "xé");
    CHECK_INT(n, 3);
    free(out);
}

/* ---- mg_normalize ------------------------------------------------------ */

static void test_normalize_names(void)
{
    CHECK_STR(norm("González"), "gonzalez");
    CHECK_STR(norm("GONZALEZ"), "gonzalez");
    CHECK_STR(norm("Gonzalez"), "gonzalez");
    CHECK_STR(norm("GONZÁLEZ"), "gonzalez");
    CHECK_STR(norm("Gonza\xCC\x81lez"), "gonzalez");   /* decomposed accent */
    CHECK_STR(norm("Nicolás"), "nicolas");
    CHECK_STR(norm("Nicolás Maduro"), "nicolas maduro");
    CHECK_STR(norm("Venezuela’s"), "venezuela's");
    CHECK_STR(norm("Venezuelaʼs"), "venezuela's");            /* U+02BC */
    CHECK_STR(norm("São Paulo, Zürich, Ærø, Łódź"), "sao paulo, zurich, ærø, łodz");
}

static void test_normalize_punctuation(void)
{
    CHECK_STR(norm("re\xE2\x80\x91" "election"), "re-election");   /* U+2011 */
    CHECK_STR(norm("re\xE2\x80\x93" "election"), "re-election");   /* U+2013 */
    CHECK_STR(norm("a\xE2\x80\x94" "b\xE2\x88\x92" "c\xEF\xB9\x98" "d\xEF\xBC\x8D" "e"),
              "a-b-c-d-e");                                         /* — − ﹘ － */
    CHECK_STR(norm("“free and fair”"), "\"free and fair\"");
    CHECK_STR(norm("«hola» „so“ ‘yes’ ‚x‛"), "\"hola\" \"so\" 'yes' 'x'");
    CHECK_STR(norm("5′ 11″"), "5' 11\"");
    CHECK_STR(norm("a\xC2\xA0" "b\xE2\x80\x89" "c\xE2\x80\xAF" "d\xE3\x80\x80" "e"), "a b c d e");
    CHECK_STR(norm("zero\xE2\x80\x8Bwidth\xE2\x81\xA0join\xEF\xBB\xBF" "er\xE2\x80\x8D"),
              "zerowidthjoiner");
    CHECK_STR(norm("soft\xC2\xADhyphen"), "softhyphen");
}

static void test_normalize_unicode(void)
{
    CHECK_STR(norm("Straße"), "strasse");
    CHECK_STR(norm("STRASSE"), "strasse");
    CHECK_STR(norm("\xEF\xAC\x81" "nance"), "finance");               /* ﬁ ligature */
    CHECK_STR(norm("ＡＢＣ１２３"), "abc123");                          /* full width */
    CHECK_STR(norm("İstanbul"), "istanbul");                          /* dotted I */
    CHECK_STR(norm("ΑΘΉΝΑ Ελλάδα"), "αθηνα ελλαδα");
    CHECK_STR(norm("ΣΟΦΟΣ"), "σοφοσ");                                 /* casefold: σ */
    CHECK_STR(norm("Москва Йошкар-Ола"), "москва иошкар-ола");
    CHECK_STR(norm("東京 選挙 ｶﾀｶﾅ"), "東京 選挙 カタカナ");
    CHECK_STR(norm("한국어"), "한국어");
    CHECK_STR(norm("x²½"), "x21⁄2");
}

static void test_normalize_bytes(void)
{
    size_t n = 99;
    char *out = mg_normalize("A\0B\x07" "C\n\tD\r", 9, &n);
    CHECK(out != NULL);
    CHECK_STR(out, "abc\n\td\r");
    CHECK_INT(n, 7);
    free(out);
    CHECK_STR(norm("a\xC2\x85" "b\x7F" "c"), "abc");              /* C1, DEL */
    CHECK_STR(norm("a\xE9" "b\xC0\xAF" "c\xE2\x80"), "abc");      /* invalid bytes */
    CHECK_STR(norm("\xED\xA0\x80" "x\xF4\x90\x80\x80"), "x");
    CHECK_STR(norm(""), "");
    out = mg_normalize("", 0, NULL);
    CHECK(out != NULL && out[0] == '\0');
    free(out);
}

/* The ASCII fast path must give what the Unicode path gives: the same
 * letters reached through full-width forms and combining marks. */
static void test_normalize_fast_path(void)
{
    CHECK_STR(norm("Hello, World! 123 ~{}"), "hello, world! 123 ~{}");
    CHECK_STR(norm("ＨＥＬＬＯ"), norm("HELLO"));
    CHECK_STR(norm("E\xCC\x81" "E"), "ee");
    CHECK_STR(norm("=\xCC\xB8"), "=");       /* = + combining solidus: mark stripped */
    CHECK_STR(norm("\xE2\x89\xA0"), "=");    /* ≠ decomposes the same way */
}

/* ---- mg_next_word ------------------------------------------------------- */

static void test_words_basic(void)
{
    CHECK_STR(words("The United States is laying"), "The|United|States|is|laying");
    CHECK_STR(words("  lead, trail.  "), "lead|trail");
    CHECK_STR(words(""), "");
    CHECK_STR(words(" .,;- "), "");
    CHECK_STR(words("15 individual sanctions"), "15|individual|sanctions");
    CHECK_STR(words("re-election re‑election re–election"), "re|election|re|election|re|election");
    CHECK_STR(words("Nicolás Maduro"), "Nicolás|Maduro");
    CHECK_STR(words("Gonza\xCC\x81lez"), "Gonza\xCC\x81lez");
    CHECK_STR(words("東京 Москва Ελλάδα"), "東京|Москва|Ελλάδα");
    CHECK_STR(words("x²½ Ⅻ"), "x²½|Ⅻ");
}

static void test_words_joiners(void)
{
    CHECK_STR(words("Venezuela’s"), "Venezuela’s");
    CHECK_STR(words("Venezuela's president"), "Venezuela's|president");
    CHECK_STR(words("students' union"), "students|union");
    CHECK_STR(words("'quoted' ‘also’"), "quoted|also");
    CHECK_STR(words("rock''n"), "rock|n");
    CHECK_STR(words("O'Neill's"), "O'Neill's");
    CHECK_STR(words("the U.S. and"), "the|U.S|and");
    CHECK_STR(words("U.S.A."), "U.S.A");
    CHECK_STR(words("e.g. this"), "e.g|this");
    CHECK_STR(words("July. The"), "July|The");
    CHECK_STR(words("A.Smith"), "A|Smith");
    CHECK_STR(words("Ph.D."), "Ph|D");
    CHECK_STR(words("3.5 1,000"), "3|5|1|000");
    CHECK_STR(words("U.S's"), "U.S's");
}

static void test_words_offsets(void)
{
    const char *s = "– Nicolás “Maduro”";
    size_t pos = 0, start = 0, length = 0;
    CHECK_INT(mg_next_word(s, strlen(s), &pos, &start, &length), 1);
    CHECK_INT(start, 4);
    CHECK_INT(length, 8);
    CHECK_INT(pos, 12);
    CHECK_INT(mg_next_word(s, strlen(s), &pos, &start, &length), 1);
    CHECK_INT(start, 16);
    CHECK_INT(length, 6);
    CHECK_INT(mg_next_word(s, strlen(s), &pos, &start, &length), 0);
    CHECK_INT(pos, strlen(s));
    /* invalid bytes separate words; the length limit is respected */
    CHECK_STR(words_n("ab\xE9" "cd\xC0\xAF" "ef", 9), "ab|cd|ef");
    CHECK_STR(words_n("abc\xC3", 4), "abc");
    CHECK_STR(words_n("abcdef", 3), "abc");
    CHECK_STR(words_n("U.S.", 3), "U.S");
    CHECK_STR(words_n("it's", 3), "it");
}

int main(void)
{
    test_repair_valid();
    test_repair_latin1();
    test_repair_invalid_sequences();
    test_repair_controls();
    test_repair_arguments();
    test_normalize_names();
    test_normalize_punctuation();
    test_normalize_unicode();
    test_normalize_bytes();
    test_normalize_fast_path();
    test_words_basic();
    test_words_joiners();
    test_words_offsets();
    return check_report();
}
