/* normalize.c - fuzzes text repair and folding: morgue_text_repair (lib/repair.c), mg_normalize (lib/normalize.c), mg_next_word (lib/words.c). */
#include "fuzz.h"

/* No control characters but tab, newline and carriage return; no BOM first. */
static int clean_controls(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
            return 0;
    }
    return 1;
}

/* Every word lies in the text, is not empty, and they come in order. */
static void check_words(const char *text, size_t len)
{
    size_t pos = 0, start, length, last_end = 0, count = 0;
    while (mg_next_word(text, len, &pos, &start, &length)) {
        FUZZ_ASSERT(length > 0 && start >= last_end && start + length <= len);
        FUZZ_ASSERT(pos >= start + length && pos <= len);
        FUZZ_ASSERT(fuzz_utf8_valid(text + start, length) || !fuzz_utf8_valid(text, len));
        last_end = start + length;
        FUZZ_ASSERT(++count <= len);
    }
}

static void check_normalized(const char *in, size_t in_len)
{
    size_t len = (size_t)-1;
    char *out = mg_normalize(in, in_len, &len);
    FUZZ_ASSERT(out != NULL);
    FUZZ_ASSERT(out[len] == '\0' && strlen(out) == len);
    FUZZ_ASSERT(fuzz_utf8_valid(out, len));
    FUZZ_ASSERT(clean_controls(out, len));
    check_words(out, len);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *raw = (const char *)data;
    char *fixed = NULL, *again = NULL;
    size_t len = 0, len2 = 0;
    int repaired = -1, repaired2 = -1;

    /* Repair: valid UTF-8 without controls, and repairing it again changes
     * nothing. */
    FUZZ_ASSERT(morgue_text_repair(raw, size, &fixed, &len, &repaired) == MORGUE_OK);
    FUZZ_ASSERT(fixed[len] == '\0' && strlen(fixed) == len);
    FUZZ_ASSERT(fuzz_utf8_valid(fixed, len));
    FUZZ_ASSERT(clean_controls(fixed, len));
    if (!repaired)
        FUZZ_ASSERT(len == size && memcmp(fixed, raw, size) == 0);
    FUZZ_ASSERT(morgue_text_repair(fixed, len, &again, &len2, &repaired2) == MORGUE_OK);
    FUZZ_ASSERT(!repaired2 && len2 == len && memcmp(again, fixed, len) == 0);
    free(again);

    /* Folding the raw bytes (invalid ones are dropped) and the repaired
     * text; word scanning on the raw bytes too. */
    check_normalized(raw, size);
    check_normalized(fixed, len);
    check_words(raw, size);
    check_words(fixed, len);
    free(fixed);
    return 0;
}
