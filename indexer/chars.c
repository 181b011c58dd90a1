/* chars.c - the byte and string helpers of chars.h, shared by the readers
 * (indexer/readers/) and the format parsers (indexer/parse/) so that each
 * is written once. UTF-8 validity is utf8proc's. */
#include "chars.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int chars_is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

int chars_valid_utf8(const char *s, size_t len)
{
    const char *end = s + len;

    while (s < end) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n;
        if ((unsigned char)*s < 0x80) {
            s++;
            continue;
        }
        n = utf8proc_iterate((const utf8proc_uint8_t *)s, end - s, &cp);
        if (n <= 0)
            return 0;
        s += n;
    }
    return 1;
}

int chars_non_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 1;
    return 0;
}

void chars_collapse_space(char *s)
{
    size_t n = 0;

    for (size_t i = 0; s[i]; i++) {
        if (chars_is_space(s[i])) {
            if (n > 0 && s[n - 1] != ' ')
                s[n++] = ' ';
        } else {
            s[n++] = s[i];
        }
    }
    while (n > 0 && s[n - 1] == ' ')
        n--;
    s[n] = '\0';
}

char *chars_trim(char *s)
{
    size_t n, start = 0;

    if (!s)
        return NULL;
    n = strlen(s);
    while (start < n && chars_is_space(s[start]))
        start++;
    while (n > start && chars_is_space(s[n - 1]))
        n--;
    if (n == start) {
        free(s);
        return NULL;
    }
    memmove(s, s + start, n - start);
    s[n - start] = '\0';
    return s;
}

int chars_shown_len(const char *s, size_t max)
{
    size_t n = strlen(s);

    if (n <= max)
        return (int)n;
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}
