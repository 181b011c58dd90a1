/* utf8.c - strict UTF-8 decoding of one character, shared by the text
 * layer (lib/repair.c, lib/normalize.c, lib/words.c) so that all three
 * agree on what is valid. */
#include "text.h"

size_t mg_utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned char b = s[0], lo = 0x80, hi = 0xBF;
    size_t need;
    if (b >= 0xC2 && b <= 0xDF)
        need = 2;
    else if (b >= 0xE0 && b <= 0xEF)
        need = 3;
    else if (b >= 0xF0 && b <= 0xF4)
        need = 4;
    else
        return 0;
    if (b == 0xE0)
        lo = 0xA0;      /* overlong */
    else if (b == 0xED)
        hi = 0x9F;      /* surrogates */
    else if (b == 0xF0)
        lo = 0x90;      /* overlong */
    else if (b == 0xF4)
        hi = 0x8F;      /* beyond U+10FFFF */
    if (n < need || s[1] < lo || s[1] > hi)
        return 0;
    int32_t c = b & (0x7F >> need);
    for (size_t k = 1; k < need; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[k] & 0x3F);
    }
    *cp = c;
    return need;
}
