/* mime.c - the byte-level encodings of Internet mail (mime.h): header
 * blocks and fields, RFC 2047 encoded-words, Content-Type parameters,
 * quoted-printable and base64, character sets through iconv, and the walk
 * of a MIME tree to its text parts. Called by indexer/readers/mail.c and
 * the unit tests; knows nothing of articles or of the index. */
#include "mime.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chars.h"
#include "morgue.h"

#define CHARSET_MAX 48   /* longest charset name looked up */

/* A growing byte buffer with a sticky failure: after an allocation fails,
 * further additions do nothing and failed stays set. */
typedef struct buf {
    char *p;       /* the bytes, NUL-terminated when cap > 0 */
    size_t len;    /* bytes used */
    size_t cap;    /* bytes allocated */
    int failed;    /* out of memory */
} buf_t;

static void buf_add(buf_t *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        char *p;
        while (cap < b->len + n + 1)
            cap *= 2;
        if ((p = realloc(b->p, cap)) == NULL) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    if (n > 0)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void buf_byte(buf_t *b, char c)
{
    buf_add(b, &c, 1);
}

/* The buffer's bytes (an empty string when nothing was added), or NULL
 * when it failed; the buffer is given away. */
static char *buf_take(buf_t *b, size_t *len)
{
    buf_add(b, "", 0);
    if (b->failed) {
        free(b->p);
        return NULL;
    }
    if (len)
        *len = b->len;
    return b->p;
}

static int is_wsp(char c)
{
    return c == ' ' || c == '\t';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* The byte written as two hex digits at s[i+1], s[i+2] (i + 2 < n), or -1. */
static int hex_pair(const char *s, size_t i, size_t n)
{
    int hi, lo;

    if (i + 2 >= n || (hi = hex_value(s[i + 1])) < 0 ||
        (lo = hex_value(s[i + 2])) < 0)
        return -1;
    return hi * 16 + lo;
}

/* The line at p: its length without the line break in *n, and the start
 * of the next line as the result. */
static const char *line_at(const char *p, const char *end, size_t *n)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *stop = nl ? nl : end;

    if (stop > p && stop[-1] == '\r')
        stop--;
    *n = (size_t)(stop - p);
    return nl ? nl + 1 : end;
}

static int blank_line(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!chars_is_space(p[i]))
            return 0;
    return 1;
}

/* ---- header blocks ------------------------------------------------- */

size_t mime_field_name_len(const char *line, size_t len)
{
    size_t i = 0;

    while (i < len && line[i] > ' ' && line[i] < 0x7f && line[i] != ':')
        i++;
    return i > 0 && i < len && line[i] == ':' ? i : 0;
}

size_t mime_header_split(const char *msg, size_t len, size_t *body)
{
    const char *p = msg, *end = msg + len;

    while (p < end) {
        size_t n;
        const char *next = line_at(p, end, &n);
        if (blank_line(p, n)) {
            *body = (size_t)(next - msg);
            return (size_t)(p - msg);
        }
        if (!is_wsp(*p) && mime_field_name_len(p, n) == 0)
            break;
        p = next;
    }
    *body = (size_t)(p - msg);
    return (size_t)(p - msg);
}

static char *trimmed_copy(const char *s, size_t n)
{
    char *out;

    while (n > 0 && chars_is_space(*s)) {
        s++;
        n--;
    }
    while (n > 0 && chars_is_space(s[n - 1]))
        n--;
    if ((out = malloc(n + 1)) == NULL)
        return NULL;
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

int mime_header_get(const char *head, size_t len, const char *name,
                    char **value)
{
    const char *p = head, *end = head + len;
    size_t want = strlen(name);

    while (p < end) {
        size_t n, k;
        const char *next = line_at(p, end, &n);
        buf_t b = {0};
        k = is_wsp(*p) ? 0 : mime_field_name_len(p, n);
        if (k != want || strncasecmp(p, name, k) != 0) {
            p = next;
            continue;
        }
        buf_add(&b, p + k + 1, n - k - 1);
        /* Unfolding: a continuation line joins with its leading blank. */
        for (p = next; p < end && is_wsp(*p); p = next) {
            next = line_at(p, end, &n);
            buf_add(&b, p, n);
        }
        if (b.failed) {
            free(b.p);
            return -1;
        }
        *value = trimmed_copy(b.p ? b.p : "", b.len);
        free(b.p);
        return *value ? 1 : -1;
    }
    return 0;
}

/* ---- character sets ------------------------------------------------ */

/* Does the charset (lower case) start with one of prefixes? */
static int has_prefix(const char *cs, const char *const *prefixes)
{
    for (int i = 0; prefixes[i]; i++)
        if (strncmp(cs, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    return 0;
}

/* Charsets in which pure ASCII bytes may still mean something else. */
static int not_ascii_compatible(const char *cs)
{
    static const char *const p[] = { "utf-16", "utf16", "utf-32", "utf32",
        "ucs-", "ucs2", "ucs4", "unicode", "utf-7", "utf7", "iso-2022",
        "iso2022", "hz", NULL };
    return has_prefix(cs, p);
}

static int single_byte(const char *cs)
{
    static const char *const p[] = { "iso-8859", "iso8859", "iso_8859",
        "windows-125", "cp125", "latin", "l1", "koi8", "cp8", "ibm8",
        "mac", "x-mac", NULL };
    return has_prefix(cs, p);
}

/* Labels that declare nothing: read as undeclared. */
static int undeclared(const char *cs)
{
    static const char *const names[] = { "", "us-ascii", "ascii", "us",
        "iso646-us", "ansi_x3.4-1968", "unknown-8bit", "x-unknown",
        "unknown", "x-user-defined", "default", "none", "8bit", NULL };
    for (int i = 0; names[i]; i++)
        if (strcmp(cs, names[i]) == 0)
            return 1;
    return 0;
}

/* The name to give iconv for a declared (lower-case) charset. */
static const char *iconv_name(const char *cs)
{
    static const struct { const char *label, *name; } aliases[] = {
        { "iso-8859-1", "WINDOWS-1252" }, { "iso8859-1", "WINDOWS-1252" },
        { "iso_8859-1", "WINDOWS-1252" }, { "latin1", "WINDOWS-1252" },
        { "latin-1", "WINDOWS-1252" }, { "l1", "WINDOWS-1252" },
        { "cp819", "WINDOWS-1252" }, { "iso-ir-100", "WINDOWS-1252" },
        { "iso_8859-1:1987", "WINDOWS-1252" },
        { "gb2312", "GB18030" }, { "gbk", "GB18030" }, { "x-gbk", "GB18030" },
        { "euc-cn", "GB18030" }, { "ks_c_5601-1987", "CP949" },
        { "euc-kr", "CP949" }, { "shift_jis", "CP932" }, { "x-sjis", "CP932" },
        { "big5", "BIG5-HKSCS" }, { "x-mac-roman", "MACINTOSH" },
        { NULL, NULL }
    };
    for (int i = 0; aliases[i].label; i++)
        if (strcmp(cs, aliases[i].label) == 0)
            return aliases[i].name;
    return cs;
}

/* Lower-case, unquoted, trimmed charset label (RFC 2231 "*lang" cut). */
static void normalize_charset(const char *charset, char *out, size_t size)
{
    size_t n = 0;

    if (charset == NULL) {
        out[0] = '\0';
        return;
    }
    while (*charset && (chars_is_space(*charset) || *charset == '"' || *charset == '\''))
        charset++;
    for (; *charset && n + 1 < size; charset++) {
        char c = *charset;
        if (chars_is_space(c) || c == '"' || c == '\'' || c == '*' || c == ';')
            break;
        out[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    out[n] = '\0';
}

static void note(mime_notes_t *notes, unsigned flag, const char *charset)
{
    if (!notes)
        return;
    if ((flag & (MIME_NOTE_BAD_CHARSET | MIME_NOTE_UNKNOWN_CHARSET)) &&
        !(notes->flags & (MIME_NOTE_BAD_CHARSET | MIME_NOTE_UNKNOWN_CHARSET))) {
        strncpy(notes->charset, charset, sizeof notes->charset - 1);
        notes->charset[sizeof notes->charset - 1] = '\0';
    }
    notes->flags |= flag;
}

/* UTF-8 (repaired as Windows-1252 where invalid) with controls dropped. */
static char *repair(const char *bytes, size_t len, size_t *out_len,
                    int *repaired)
{
    char *out = NULL;
    size_t n = 0;

    if (morgue_text_repair(bytes, len, &out, &n, repaired) != MORGUE_OK)
        return NULL;
    if (out_len)
        *out_len = n;
    return out;
}

/* Convert with cd, decoding each invalid byte as Windows-1252. Returns
 * the raw UTF-8 (not yet free of controls), or NULL when out of memory. */
static char *convert(iconv_t cd, const char *bytes, size_t len, size_t *out_len,
                     int *invalid)
{
    buf_t b = {0};
    char chunk[4096];
    char *in = (char *)bytes;
    size_t left = len;

    while (left > 0 && !b.failed) {
        char *o = chunk;
        size_t room = sizeof chunk;
        size_t rc = iconv(cd, &in, &left, &o, &room);
        buf_add(&b, chunk, (size_t)(o - chunk));
        if (rc == (size_t)-1 && (errno == EILSEQ || errno == EINVAL)) {
            char *one = repair(in, 1, NULL, NULL);
            if (!one) {
                b.failed = 1;
                break;
            }
            buf_add(&b, one, strlen(one));
            free(one);
            *invalid = 1;
            in++;
            left--;
            iconv(cd, NULL, NULL, NULL, NULL);
        } else if (rc == (size_t)-1 && errno != E2BIG) {
            break;
        }
    }
    {   /* flush a stateful encoding's shift back */
        char *o = chunk;
        size_t room = sizeof chunk;
        iconv(cd, NULL, NULL, &o, &room);
        buf_add(&b, chunk, (size_t)(o - chunk));
    }
    return buf_take(&b, out_len);
}

char *mime_to_utf8(const char *bytes, size_t len, const char *charset,
                   size_t *out_len, mime_notes_t *notes)
{
    char cs[CHARSET_MAX];
    int nonascii = 0, valid, repaired = 0, invalid = 0;
    iconv_t cd;
    char *raw, *out;
    size_t raw_len;

    normalize_charset(charset, cs, sizeof cs);
    valid = chars_valid_utf8(bytes, len);
    nonascii = chars_non_ascii(bytes, len);
    if (undeclared(cs) || strcmp(cs, "utf-8") == 0 || strcmp(cs, "utf8") == 0 ||
        (!nonascii && !not_ascii_compatible(cs)) || (valid && single_byte(cs))) {
        out = repair(bytes, len, out_len, &repaired);
        if (out && !valid)
            note(notes, undeclared(cs) ? MIME_NOTE_BAD_UTF8 : MIME_NOTE_BAD_CHARSET, cs);
        return out;
    }
    cd = iconv_open("UTF-8", iconv_name(cs));
    if (cd == (iconv_t)-1) {
        out = repair(bytes, len, out_len, &repaired);
        if (out)
            note(notes, MIME_NOTE_UNKNOWN_CHARSET, cs);
        return out;
    }
    raw = convert(cd, bytes, len, &raw_len, &invalid);
    iconv_close(cd);
    if (!raw)
        return NULL;
    if (invalid)
        note(notes, MIME_NOTE_BAD_CHARSET, cs);
    out = repair(raw, raw_len, out_len, &repaired);
    free(raw);
    return out;
}

/* ---- transfer encodings ------------------------------------------ */

char *mime_decode_qp(const char *in, size_t len, size_t *out_len)
{
    const char *p = in, *end = in + len;
    buf_t b = {0};

    while (p < end) {
        size_t n;
        const char *next = line_at(p, end, &n);
        int soft = 0;
        while (n > 0 && is_wsp(p[n - 1]))
            n--;
        if (n > 0 && p[n - 1] == '=') {
            soft = 1;
            n--;
        }
        for (size_t i = 0; i < n; i++) {
            int byte = p[i] == '=' ? hex_pair(p, i, n) : -1;
            if (byte >= 0) {
                buf_byte(&b, (char)byte);
                i += 2;
            } else {
                buf_byte(&b, p[i]);
            }
        }
        if (!soft && next[-1] == '\n')
            buf_byte(&b, '\n');
        p = next;
    }
    return buf_take(&b, out_len);
}

static int base64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Output the bytes of a group of n (2..4) sextets; n == 1 is bad. */
static void base64_group(buf_t *b, const int *v, int n, int *bad)
{
    if (n == 1 && bad)
        *bad = 1;
    if (n >= 2)
        buf_byte(b, (char)((v[0] << 2) | (v[1] >> 4)));
    if (n >= 3)
        buf_byte(b, (char)(((v[1] & 0x0F) << 4) | (v[2] >> 2)));
    if (n >= 4)
        buf_byte(b, (char)(((v[2] & 0x03) << 6) | v[3]));
}

char *mime_decode_base64(const char *in, size_t len, size_t *out_len, int *bad)
{
    buf_t b = {0};
    int v[4], n = 0;

    for (size_t i = 0; i < len; i++) {
        int x = base64_value(in[i]);
        if (x >= 0) {
            v[n++] = x;
            if (n == 4) {
                base64_group(&b, v, 4, bad);
                n = 0;
            }
        } else if (in[i] == '=') {
            /* padding ends a group; another may follow (joined parts) */
            if (n > 0)
                base64_group(&b, v, n, bad);
            n = 0;
        } else if (!chars_is_space(in[i]) && bad) {
            *bad = 1;
        }
    }
    if (n > 0)
        base64_group(&b, v, n, bad);
    return buf_take(&b, out_len);
}

/* ---- RFC 2047 encoded-words ---------------------------------------- */

/* An encoded-word at p: "=?charset?B|Q?text?=" with no white space. On
 * success sets the parts and returns its end; else NULL. */
static const char *encoded_word(const char *p, const char *end,
                                const char **cs, size_t *cs_len, char *enc,
                                const char **text, size_t *text_len)
{
    const char *q = p + 2, *t;

    if (end - p < 8 || p[0] != '=' || p[1] != '?')
        return NULL;
    *cs = q;
    while (q < end && *q != '?' && !chars_is_space(*q))
        q++;
    if (q == *cs || end - q < 4 || *q != '?' || q[2] != '?')
        return NULL;
    *cs_len = (size_t)(q - *cs);
    *enc = q[1];
    if (*enc != 'B' && *enc != 'b' && *enc != 'Q' && *enc != 'q')
        return NULL;
    t = q + 3;
    for (q = t; q + 1 < end && !(q[0] == '?' && q[1] == '='); q++)
        if (chars_is_space(*q))
            return NULL;
    if (q + 1 >= end)
        return NULL;
    *text = t;
    *text_len = (size_t)(q - t);
    return q + 2;
}

/* The bytes an encoded-word's text stands for, added to b. */
static void decode_word_text(buf_t *b, char enc, const char *text, size_t len,
                             mime_notes_t *notes)
{
    if (enc == 'B' || enc == 'b') {
        int bad = 0;
        size_t n;
        char *bytes = mime_decode_base64(text, len, &n, &bad);
        if (!bytes) {
            b->failed = 1;
            return;
        }
        if (bad)
            note(notes, MIME_NOTE_BAD_BASE64, "");
        buf_add(b, bytes, n);
        free(bytes);
        return;
    }
    for (size_t i = 0; i < len; i++) {
        int byte = text[i] == '=' ? hex_pair(text, i, len) : -1;
        if (text[i] == '_') {
            buf_byte(b, ' ');
        } else if (byte >= 0) {
            buf_byte(b, (char)byte);
            i += 2;
        } else {
            buf_byte(b, text[i]);
        }
    }
}

/* Decoded bytes of adjacent encoded-words in one charset, converted
 * together so that a character split between two words survives. */
typedef struct pending {
    buf_t bytes;
    char charset[CHARSET_MAX];
} pending_t;

static void flush_pending(pending_t *pd, buf_t *out, mime_notes_t *notes)
{
    char *s;
    size_t n;

    if (pd->bytes.len == 0 || out->failed)
        return;
    s = mime_to_utf8(pd->bytes.p, pd->bytes.len, pd->charset, &n, notes);
    if (!s)
        out->failed = 1;
    else
        buf_add(out, s, n);
    free(s);
    pd->bytes.len = 0;
}

/* Plain header text: UTF-8, else Windows-1252. */
static void add_plain(buf_t *out, const char *s, size_t n, mime_notes_t *notes)
{
    char *u;
    size_t un;

    if (n == 0)
        return;
    u = mime_to_utf8(s, n, NULL, &un, notes);
    if (!u)
        out->failed = 1;
    else
        buf_add(out, u, un);
    free(u);
}

char *mime_decode_header(const char *value, size_t len, mime_notes_t *notes)
{
    const char *p = value, *end = value + len, *plain = value;
    buf_t out = {0};
    pending_t pd;
    int after_word = 0;     /* the last thing seen was an encoded-word */
    char *s;

    memset(&pd, 0, sizeof pd);
    while (p < end) {
        const char *cs, *text, *stop;
        size_t cs_len, text_len;
        char enc, name[CHARSET_MAX];
        if (*p != '=' ||
            !(stop = encoded_word(p, end, &cs, &cs_len, &enc, &text, &text_len))) {
            p++;
            continue;
        }
        /* White space alone between two encoded-words is dropped. */
        if (!(after_word && blank_line(plain, (size_t)(p - plain)))) {
            flush_pending(&pd, &out, notes);
            add_plain(&out, plain, (size_t)(p - plain), notes);
        }
        memcpy(name, cs, cs_len < sizeof name ? cs_len : sizeof name - 1);
        name[cs_len < sizeof name ? cs_len : sizeof name - 1] = '\0';
        normalize_charset(name, name, sizeof name);
        if (pd.bytes.len > 0 && strcmp(name, pd.charset) != 0)
            flush_pending(&pd, &out, notes);
        strcpy(pd.charset, name);
        decode_word_text(&pd.bytes, enc, text, text_len, notes);
        if (pd.bytes.failed)
            out.failed = 1;
        after_word = 1;
        p = plain = stop;
    }
    flush_pending(&pd, &out, notes);
    add_plain(&out, plain, (size_t)(end - plain), notes);
    free(pd.bytes.p);
    s = buf_take(&out, NULL);
    if (s)
        chars_collapse_space(s);
    return s;
}

/* ---- Content-Type and friends ------------------------------------ */

static int token_char(char c)
{
    return c > ' ' && c < 0x7f && !strchr("()<>@,;:\\\"/[]?=", c);
}

void mime_content_type(const char *value, char *out, size_t size)
{
    const char *p = value, *slash, *q;
    size_t n;

    if (size < sizeof "text/plain")
        return;
    strcpy(out, "text/plain");
    if (!p)
        return;
    while (chars_is_space(*p))
        p++;
    for (q = p; token_char(*q); q++)
        ;
    if (*q != '/' || q == p)
        return;
    slash = q;
    for (q = slash + 1; token_char(*q); q++)
        ;
    if (q == slash + 1 || (size_t)(q - p) >= size)
        return;
    n = (size_t)(q - p);
    for (size_t i = 0; i < n; i++)
        out[i] = (p[i] >= 'A' && p[i] <= 'Z') ? (char)(p[i] - 'A' + 'a') : p[i];
    out[n] = '\0';
}

/* Percent-decode an RFC 2231 value "charset'lang'text" (charset ignored:
 * the values used here are ASCII). */
static char *decode_2231(const char *s, size_t n)
{
    const char *q = memchr(s, '\'', n), *r;
    buf_t b = {0};

    if (q && (r = memchr(q + 1, '\'', (size_t)(s + n - q - 1))) != NULL) {
        n -= (size_t)(r + 1 - s);
        s = r + 1;
    }
    for (size_t i = 0; i < n; i++) {
        int byte = s[i] == '%' ? hex_pair(s, i, n) : -1;
        if (byte >= 0) {
            buf_byte(&b, (char)byte);
            i += 2;
        } else {
            buf_byte(&b, s[i]);
        }
    }
    return buf_take(&b, NULL);
}

/* Read one parameter value at p (quoted string or token) into b; returns
 * what follows it. */
static const char *param_value(const char *p, buf_t *b)
{
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++) {
            if (*p == '\\' && p[1])
                p++;
            buf_byte(b, *p);
        }
        return *p == '"' ? p + 1 : p;
    }
    while (*p && *p != ';' && !chars_is_space(*p))
        buf_byte(b, *p++);
    return p;
}

int mime_param(const char *value, const char *name, char **out)
{
    const char *p = value ? strchr(value, ';') : NULL;
    size_t want = strlen(name);

    while (p && *p) {
        const char *attr;
        size_t n;
        buf_t b = {0};
        int ext;
        while (*p == ';' || chars_is_space(*p))
            p++;
        attr = p;
        while (*p && *p != '=' && *p != ';')
            p++;
        n = (size_t)(p - attr);
        while (n > 0 && chars_is_space(attr[n - 1]))
            n--;
        if (*p != '=')
            continue;
        p++;
        while (chars_is_space(*p))
            p++;
        p = param_value(p, &b);
        ext = n == want + 1 && attr[want] == '*';
        if ((n == want || ext) && strncasecmp(attr, name, want) == 0) {
            char *v = buf_take(&b, &n);
            if (!v)
                return -1;
            *out = ext ? decode_2231(v, n) : v;
            if (ext)
                free(v);
            return *out ? 1 : -1;
        }
        free(b.p);
        while (*p && *p != ';')
            p++;
    }
    return 0;
}

/* ---- the MIME tree ------------------------------------------------- */

/* State of one walk. */
typedef struct walk {
    mime_notes_t *notes;
    size_t parts;       /* leaves seen so far */
    int failed;         /* out of memory */
} walk_t;

static int walk_entity(walk_t *w, const char *head, size_t head_len,
                       const char *body, size_t body_len, int depth, int top,
                       mime_texts_t *out);

static int texts_add(mime_texts_t *t, int html, char *text, size_t len)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 4;
        mime_text_t *items = realloc(t->items, cap * sizeof *items);
        if (!items) {
            free(text);
            return -1;
        }
        t->items = items;
        t->cap = cap;
    }
    t->items[t->n].html = html;
    t->items[t->n].text = text;
    t->items[t->n].len = len;
    t->n++;
    return 0;
}

void mime_texts_free(mime_texts_t *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->items[i].text);
    free(t->items);
    memset(t, 0, sizeof *t);
}

/* Move every item of from to the end of to. */
static int texts_move(mime_texts_t *to, mime_texts_t *from)
{
    int rc = 0;

    for (size_t i = 0; i < from->n; i++) {
        if (rc == 0)
            rc = texts_add(to, from->items[i].html, from->items[i].text,
                           from->items[i].len);
        else
            free(from->items[i].text);
    }
    from->n = 0;
    mime_texts_free(from);
    return rc;
}

static int first_word_is(const char *value, const char *word)
{
    size_t n = strlen(word);

    while (value && chars_is_space(*value))
        value++;
    return value && strncasecmp(value, word, n) == 0 &&
           (value[n] == '\0' || value[n] == ';' || chars_is_space(value[n]));
}

/* Types whose leaves are not text. */
static int is_text_type(const char *type)
{
    static const char *const binary[] = { "image/", "audio/", "video/",
        "application/", "font/", "model/", "message/", NULL };
    for (int i = 0; binary[i]; i++)
        if (strncmp(type, binary[i], strlen(binary[i])) == 0)
            return 0;
    return 1;
}

/* The body undone of its Content-Transfer-Encoding. */
static char *transfer_decode(walk_t *w, const char *head, size_t head_len,
                             const char *body, size_t len, size_t *out_len)
{
    char *cte = NULL, *out;
    int bad = 0;

    if (mime_header_get(head, head_len, "content-transfer-encoding", &cte) < 0)
        return NULL;
    if (first_word_is(cte, "base64")) {
        out = mime_decode_base64(body, len, out_len, &bad);
        if (bad)
            note(w->notes, MIME_NOTE_BAD_BASE64, "");
    } else if (first_word_is(cte, "quoted-printable")) {
        out = mime_decode_qp(body, len, out_len);
    } else if ((out = malloc(len + 1)) != NULL) {
        memcpy(out, body, len);
        out[len] = '\0';
        *out_len = len;
    }
    free(cte);
    return out;
}

/* A leaf: its text when it is text and not an attachment. type overrides
 * the declared one (a multipart read as plain text). */
static int walk_leaf(walk_t *w, const char *head, size_t head_len,
                     const char *ct, const char *type, const char *body,
                     size_t body_len, int top, mime_texts_t *out)
{
    char *disp = NULL, *charset = NULL, *bytes, *text;
    size_t n, text_len;
    int rc;

    if (++w->parts > MIME_MAX_PARTS) {
        note(w->notes, MIME_NOTE_TOO_MANY_PARTS, "");
        return 0;
    }
    if (!is_text_type(type))
        return 0;
    if (!top) {
        if (mime_header_get(head, head_len, "content-disposition", &disp) < 0)
            return -1;
        rc = first_word_is(disp, "attachment");
        free(disp);
        if (rc)
            return 0;
    }
    if (mime_param(ct, "charset", &charset) < 0)
        return -1;
    bytes = transfer_decode(w, head, head_len, body, body_len, &n);
    if (!bytes) {
        free(charset);
        return -1;
    }
    text = mime_to_utf8(bytes, n, charset, &text_len, w->notes);
    free(bytes);
    free(charset);
    if (!text)
        return -1;
    return texts_add(out, strcmp(type, "text/html") == 0, text, text_len);
}

/* Is the line [p, p+n) a delimiter of boundary? 1: a delimiter, 2: the
 * closing one, 0: neither. */
static int delimiter(const char *p, size_t n, const char *boundary, size_t blen)
{
    size_t i;
    int close = 0;

    if (n < blen + 2 || p[0] != '-' || p[1] != '-' ||
        memcmp(p + 2, boundary, blen) != 0)
        return 0;
    i = blen + 2;
    if (n - i >= 2 && p[i] == '-' && p[i + 1] == '-') {
        close = 1;
        i += 2;
    }
    for (; i < n; i++)
        if (!chars_is_space(p[i]))
            return 0;
    return close ? 2 : 1;
}

/* Walk one part of a multipart (the bytes between two delimiters). */
static int walk_part(walk_t *w, const char *part, size_t len, int depth,
                     mime_texts_t *out)
{
    size_t body, head_len = mime_header_split(part, len, &body);

    return walk_entity(w, part, head_len, part + body, len - body, depth, 0, out);
}

/* The end of a part before a delimiter line at p: the line break before
 * the delimiter belongs to it. */
static const char *part_end(const char *start, const char *p)
{
    if (p > start && p[-1] == '\n')
        p--;
    if (p > start && p[-1] == '\r')
        p--;
    return p;
}

/* What a multipart's parts give: all their texts, or for an alternative
 * the texts of one part (the first with plain text, else the first with
 * any). */
typedef struct parts_out {
    mime_texts_t *out;     /* where every text goes (not an alternative) */
    int alternative;       /* nonzero: multipart/alternative */
    mime_texts_t chosen;   /* the alternative chosen so far */
    int chosen_plain;      /* it has plain text: look no further */
} parts_out_t;

/* Walk one part (len bytes from start) into po. */
static int take_part(walk_t *w, parts_out_t *po, const char *start,
                     size_t len, int depth)
{
    mime_texts_t one = {0};
    int rc, plain = 0;

    if (!po->alternative)
        return walk_part(w, start, len, depth, po->out);
    if (po->chosen_plain)
        return 0;
    rc = walk_part(w, start, len, depth, &one);
    for (size_t i = 0; i < one.n; i++)
        plain |= !one.items[i].html;
    if (rc == 0 && (plain || (po->chosen.n == 0 && one.n > 0))) {
        mime_texts_free(&po->chosen);
        po->chosen = one;
        po->chosen_plain = plain;
        return 0;
    }
    mime_texts_free(&one);
    return rc;
}

/* Split body at the delimiters of boundary and walk each part. Sets
 * *found when there was at least one delimiter. */
static int walk_parts(walk_t *w, const char *boundary, int alternative,
                      const char *body, size_t len, int depth,
                      mime_texts_t *out, int *found)
{
    const char *p = body, *end = body + len, *start = NULL;
    size_t blen = strlen(boundary);
    parts_out_t po = { out, alternative, {0}, 0 };
    int rc = 0, kind = 0;

    while (p < end && rc == 0) {
        size_t n;
        const char *next = line_at(p, end, &n);
        kind = delimiter(p, n, boundary, blen);
        if (kind && start)
            rc = take_part(w, &po, start, (size_t)(part_end(start, p) - start), depth);
        if (kind) {
            *found = 1;
            start = next;
        }
        if (kind == 2)
            break;
        p = next;
    }
    if (rc == 0 && kind != 2 && start) {
        note(w->notes, MIME_NOTE_NO_END_BOUNDARY, "");
        if (start < end)
            rc = take_part(w, &po, start, (size_t)(end - start), depth);
    }
    if (rc == 0 && alternative)
        rc = texts_move(out, &po.chosen);
    mime_texts_free(&po.chosen);
    return rc;
}

static int walk_multipart(walk_t *w, const char *head, size_t head_len,
                          const char *ct, const char *type, const char *body,
                          size_t body_len, int depth, mime_texts_t *out)
{
    char *boundary = NULL;
    int rc, found = 0;

    if (depth >= MIME_MAX_DEPTH) {
        note(w->notes, MIME_NOTE_TOO_DEEP, "");
        return 0;
    }
    rc = mime_param(ct, "boundary", &boundary);
    if (rc < 0)
        return -1;
    if (rc == 0 || boundary[0] == '\0') {
        free(boundary);
        note(w->notes, MIME_NOTE_NO_BOUNDARY, "");
        return walk_leaf(w, head, head_len, ct, "text/plain", body, body_len, 1, out);
    }
    rc = walk_parts(w, boundary, strcmp(type, "multipart/alternative") == 0,
                    body, body_len, depth + 1, out, &found);
    free(boundary);
    if (rc == 0 && !found) {
        note(w->notes, MIME_NOTE_NO_BOUNDARY, "");
        rc = walk_leaf(w, head, head_len, ct, "text/plain", body, body_len, 1, out);
    }
    return rc;
}

static int walk_entity(walk_t *w, const char *head, size_t head_len,
                       const char *body, size_t body_len, int depth, int top,
                       mime_texts_t *out)
{
    char *ct = NULL, type[128];
    int rc;

    if (mime_header_get(head, head_len, "content-type", &ct) < 0)
        return -1;
    mime_content_type(ct, type, sizeof type);
    if (strncmp(type, "multipart/", 10) == 0)
        rc = walk_multipart(w, head, head_len, ct, type, body, body_len, depth, out);
    else
        rc = walk_leaf(w, head, head_len, ct, type, body, body_len, top, out);
    free(ct);
    return rc;
}

int mime_text_parts(const char *head, size_t head_len, const char *body,
                    size_t body_len, mime_texts_t *out, mime_notes_t *notes)
{
    walk_t w = { notes, 0, 0 };

    return walk_entity(&w, head, head_len, body, body_len, 0, 1, out);
}
