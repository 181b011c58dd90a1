/* warc.c - reader_warc: web archives (ISO 28500, WARC/1.0 and WARC/1.1),
 * plain or gzip-compressed (one gzip member per record, or one for the
 * whole file: zlib reads on across members). Records are read as a stream:
 * each header, then exactly Content-Length bytes of block, so a file of any
 * size is never held whole. A "response" record holding a 2xx HTTP
 * response with an HTML payload (chunked transfer and gzip/deflate content
 * encodings undone with zlib), or a "resource" record of type text/html,
 * becomes one article through html_page_parse (indexer/parse/html_page.h);
 * every other record is skipped silently. A bad record is reported as
 * "path: record N (byte X): reason" and the records before and after it
 * are kept; a truncated record ends the file there.
 * Reached only through reader_warc (indexer/formats.c picks it by .warc or
 * by the "WARC/1." signature); it emits morgue_article_t values and knows
 * nothing of the index. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "parse/html_page.h"
#include "reader.h"

#define WARC_BLOCK (64 * 1024)       /* bytes read at a time */
#define WARC_LINE_MAX (32 * 1024)    /* longest header line */
#define WARC_HEADER_LINES 1000       /* most lines in one header */
#define WARC_PAGE_MAX (32u << 20)    /* largest HTML payload, before and after decoding */
#define SHOWN_MAX 40                 /* bytes of a bad line quoted in a warning */
#define NO_LIMIT UINT64_MAX

/* ---- the stream ---------------------------------------------------- */

/* The input's content with the offset of each byte, read by lines or by
 * counts, never past limit (the end of the block being read). */
typedef struct warc_stream {
    input_t *in;
    char *buf;          /* content read ahead (WARC_BLOCK) */
    size_t pos, end;    /* next byte of buf, end of the valid ones */
    uint64_t offset;    /* content bytes consumed */
    uint64_t limit;     /* no byte at or past this offset is read */
    int eof;            /* the input has no more content */
    int failed;         /* a read error (input_error) */
    char *line;         /* the line ws_getline returned last (WARC_LINE_MAX + 1) */
} warc_stream_t;

/* Bytes of buf that may be consumed now; refills an empty buf. Returns 0
 * at the end, the limit or on an error. */
static size_t ws_avail(warc_stream_t *ws)
{
    size_t have;
    long got;

    if (ws->offset >= ws->limit)
        return 0;
    if (ws->pos == ws->end && !ws->eof && !ws->failed) {
        got = input_read(ws->in, ws->buf, WARC_BLOCK);
        ws->pos = 0;
        ws->end = got > 0 ? (size_t)got : 0;
        ws->eof = got == 0;
        ws->failed = got < 0;
    }
    have = ws->end - ws->pos;
    if ((uint64_t)have > ws->limit - ws->offset)
        have = (size_t)(ws->limit - ws->offset);
    return have;
}

static void ws_consume(warc_stream_t *ws, size_t n)
{
    ws->pos += n;
    ws->offset += n;
}

/* Copy up to n bytes into dst (or drop them when dst is NULL). Returns how
 * many; fewer than n at the end, the limit or an error. */
static uint64_t ws_read(warc_stream_t *ws, char *dst, uint64_t n)
{
    uint64_t done = 0;
    size_t have;

    while (done < n && (have = ws_avail(ws)) > 0) {
        if ((uint64_t)have > n - done)
            have = (size_t)(n - done);
        if (dst)
            memcpy(dst + done, ws->buf + ws->pos, have);
        ws_consume(ws, have);
        done += have;
    }
    return done;
}

/* Read one line into ws->line, without its "\n" and a "\r" before it.
 * Returns 1 for a line, 0 when there is none (end or limit), -1 on a read
 * error, -2 for a line over WARC_LINE_MAX (consumed, cut to that length). */
static int ws_getline(warc_stream_t *ws, const char **line, size_t *len)
{
    size_t n = 0, have;
    int any = 0, nl = 0, longer = 0;

    while (!nl && (have = ws_avail(ws)) > 0) {
        const char *start = ws->buf + ws->pos;
        const char *end = memchr(start, '\n', have);
        size_t take = end ? (size_t)(end - start) : have;
        size_t keep = take < WARC_LINE_MAX - n ? take : WARC_LINE_MAX - n;
        memcpy(ws->line + n, start, keep);
        n += keep;
        longer |= keep < take;
        ws_consume(ws, end ? take + 1 : take);
        any = 1;
        nl = end != NULL;
    }
    if (!any)
        return ws->failed ? -1 : 0;
    if (!nl && ws->failed)
        return -1;
    if (n > 0 && ws->line[n - 1] == '\r')
        n--;
    ws->line[n] = '\0';
    *line = ws->line;
    *len = n;
    return longer ? -2 : 1;
}

/* ---- strings ------------------------------------------------------- */

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* A malloc'd copy of [s, s+n) with blanks around it trimmed, or NULL. */
static char *dup_trimmed(const char *s, size_t n)
{
    char *out;

    while (n > 0 && is_blank(*s)) {
        s++;
        n--;
    }
    while (n > 0 && is_blank(s[n - 1]))
        n--;
    out = malloc(n + 1);
    if (out) {
        memcpy(out, s, n);
        out[n] = '\0';
    }
    return out;
}

/* Does line start with "name:"? Sets *value to what follows. */
static int header_is(const char *line, size_t len, const char *name,
                     const char **value, size_t *vlen)
{
    size_t n = strlen(name);

    if (len <= n || line[n] != ':' || strncasecmp(line, name, n) != 0)
        return 0;
    *value = line + n + 1;
    *vlen = len - n - 1;
    return 1;
}

/* Replace *slot with a trimmed copy of the value (a repeated header: the
 * last one counts), repaired into UTF-8 like every text field: the target
 * URI becomes the article's url, id and source. */
static void set_value(char **slot, const char *value, size_t vlen)
{
    char *copy = dup_trimmed(value, vlen), *fixed = NULL;
    size_t n;

    if (copy && morgue_text_repair(copy, strlen(copy), &fixed, &n, NULL) == MORGUE_OK) {
        free(*slot);
        *slot = fixed;
    }
    free(copy);
}

/* The media type of a Content-Type value, lower case, in out. */
static void media_type(const char *ct, char *out, size_t size)
{
    size_t n = 0;

    while (ct && is_blank(*ct))
        ct++;
    for (; ct && *ct && *ct != ';' && !is_blank(*ct) && n + 1 < size; ct++)
        out[n++] = (char)tolower((unsigned char)*ct);
    out[n] = '\0';
}

static int is_html_type(const char *media)
{
    return strcmp(media, "text/html") == 0 ||
           strcmp(media, "application/xhtml+xml") == 0;
}

/* The charset parameter of a Content-Type value, in out ("" if none). */
static void charset_of(const char *ct, char *out, size_t size)
{
    const char *p = ct;
    size_t n = 0;

    out[0] = '\0';
    while (p && (p = strchr(p, ';')) != NULL) {
        p++;
        while (is_blank(*p))
            p++;
        if (strncasecmp(p, "charset=", 8) != 0)
            continue;
        p += 8;
        if (*p == '"')
            p++;
        while (*p && *p != '"' && *p != ';' && !is_blank(*p) && n + 1 < size)
            out[n++] = *p++;
        out[n] = '\0';
        return;
    }
}

/* Does the payload look like HTML: "<!doctype html", "<html" or "<head"
 * after space, a byte-order mark and comments? */
static int sniff_html(const char *p, size_t len)
{
    const char *end = p + len;

    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    for (;;) {
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            const char *close = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
            if (!close)
                return 0;
            p = close + 3;
            continue;
        }
        break;
    }
    return (end - p >= 14 && strncasecmp(p, "<!doctype html", 14) == 0) ||
           (end - p >= 5 && strncasecmp(p, "<html", 5) == 0) ||
           (end - p >= 5 && strncasecmp(p, "<head", 5) == 0);
}

/* ---- payload decoding ---------------------------------------------- */

/* Undo chunked transfer coding in place. Returns the decoded length, or
 * -1 when the data does not open with a chunk-size line (then it is taken
 * as it is: some archivers store the payload already de-chunked). Sets
 * *cut when the chunks end early. */
static long dechunk(char *data, size_t len, int *cut)
{
    size_t p = 0, out = 0;
    int first = 1;

    *cut = 0;
    for (;;) {
        uint64_t size = 0;
        size_t digits = 0;
        const char *nl;
        while (p + digits < len && isxdigit((unsigned char)data[p + digits]) &&
               size <= UINT32_MAX) {
            char c = data[p + digits];
            size = size * 16 + (uint64_t)(isdigit((unsigned char)c) ? c - '0'
                                          : tolower((unsigned char)c) - 'a' + 10);
            digits++;
        }
        nl = p + digits < len ? memchr(data + p + digits, '\n', len - p - digits) : NULL;
        if (digits == 0 || !nl) {
            if (first)
                return -1;
            *cut = 1;
            return (long)out;
        }
        first = 0;
        p = (size_t)(nl - data) + 1;
        if (size == 0)
            return (long)out;
        if (size > len - p) {
            size = len - p;
            *cut = 1;
        }
        memmove(data + out, data + p, (size_t)size);
        out += (size_t)size;
        p += (size_t)size;
        if (*cut)
            return (long)out;
        if (p < len && data[p] == '\r')
            p++;
        if (p < len && data[p] == '\n')
            p++;
    }
}

/* Inflate data as gzip or zlib (window_bits 15 + 32) or raw deflate (-15)
 * into a malloc'd *out of at most WARC_PAGE_MAX bytes. Concatenated gzip
 * members are read on. Returns 0 (with *cut set when the stream ends
 * early), or -1 with a reason in why. */
static int inflate_data(const char *data, size_t len, int window_bits,
                        char **out, size_t *out_len, int *cut,
                        char *why, size_t whylen)
{
    z_stream zs;
    size_t cap = 64 * 1024, n = 0;
    char *buf = malloc(cap + 1), *grown;
    int rc, ok = 0;

    *cut = 0;
    memset(&zs, 0, sizeof zs);
    if (!buf || inflateInit2(&zs, window_bits) != Z_OK) {
        free(buf);
        snprintf(why, whylen, "out of memory");
        return -1;
    }
    zs.next_in = (Bytef *)data;
    zs.avail_in = (uInt)len;
    for (;;) {
        if (n == cap) {
            if (cap >= WARC_PAGE_MAX) {
                snprintf(why, whylen, "over %u MiB once decompressed",
                         WARC_PAGE_MAX >> 20);
                break;
            }
            cap = cap * 2 < WARC_PAGE_MAX ? cap * 2 : WARC_PAGE_MAX;
            if (!(grown = realloc(buf, cap + 1))) {
                snprintf(why, whylen, "out of memory");
                break;
            }
            buf = grown;
        }
        zs.next_out = (Bytef *)buf + n;
        zs.avail_out = (uInt)(cap - n);
        rc = inflate(&zs, Z_NO_FLUSH);
        n = cap - zs.avail_out;
        if (rc == Z_STREAM_END && zs.avail_in >= 2 && zs.next_in[0] == 0x1f &&
            zs.next_in[1] == 0x8b && inflateReset(&zs) == Z_OK)
            continue;
        if (rc == Z_STREAM_END || (rc == Z_BUF_ERROR && zs.avail_in == 0)) {
            *cut = rc != Z_STREAM_END;
            ok = !*cut || n > 0;
            if (!ok)
                snprintf(why, whylen, "truncated");
            break;
        }
        if (rc != Z_OK) {
            snprintf(why, whylen, "%s", zs.msg ? zs.msg : "corrupt data");
            break;
        }
    }
    inflateEnd(&zs);
    if (!ok) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return 0;
}

/* ---- records ------------------------------------------------------- */

/* The header of one record. */
typedef struct warc_header {
    char *type;          /* WARC-Type */
    char *target;        /* WARC-Target-URI, without <...> */
    char *date;          /* WARC-Date */
    char *record_id;     /* WARC-Record-ID */
    char *content_type;  /* Content-Type of the block */
    uint64_t length;     /* Content-Length */
    int has_length;      /* Content-Length was a number */
} warc_header_t;

/* The HTTP response at the start of a response record's block. */
typedef struct http_head {
    int status;             /* 200, 404, ... or 0 */
    char *content_type;
    char *transfer_encoding;
    char *content_encoding;
} http_head_t;

/* One file being read. */
typedef struct warc_file {
    const reader_ctx_t *ctx;
    warc_stream_t ws;
    unsigned long number;   /* 1-based number of the record being read */
    uint64_t offset;        /* where it starts in the content */
    int skipped;            /* a record was lost */
    int resync;             /* looking for the next record after a bad one */
} warc_file_t;

static void header_free(warc_header_t *h)
{
    free(h->type);
    free(h->target);
    free(h->date);
    free(h->record_id);
    free(h->content_type);
    memset(h, 0, sizeof *h);
}

static void http_free(http_head_t *hh)
{
    free(hh->content_type);
    free(hh->transfer_encoding);
    free(hh->content_encoding);
    memset(hh, 0, sizeof *hh);
}

/* Warn about the current record: "record N (byte X): ...". */
static void record_warn(warc_file_t *f, int skipped, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void record_warn(warc_file_t *f, int skipped, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    reader_warn(f->ctx, 0, skipped, "record %lu (byte %llu): %s", f->number,
                (unsigned long long)f->offset, msg);
    f->skipped |= skipped;
}

static int is_version_line(const char *line, size_t len)
{
    return len >= 7 && memcmp(line, "WARC/1.", 7) == 0;
}

static void parse_header_line(warc_header_t *h, const char *line, size_t len)
{
    const char *v;
    size_t n;

    if (header_is(line, len, "WARC-Type", &v, &n))
        set_value(&h->type, v, n);
    else if (header_is(line, len, "WARC-Target-URI", &v, &n))
        set_value(&h->target, v, n);
    else if (header_is(line, len, "WARC-Date", &v, &n))
        set_value(&h->date, v, n);
    else if (header_is(line, len, "WARC-Record-ID", &v, &n))
        set_value(&h->record_id, v, n);
    else if (header_is(line, len, "Content-Type", &v, &n))
        set_value(&h->content_type, v, n);
    else if (header_is(line, len, "Content-Length", &v, &n)) {
        char *s = dup_trimmed(v, n), *end = NULL;
        unsigned long long value = s && isdigit((unsigned char)*s)
                                       ? strtoull(s, &end, 10) : 0;
        h->has_length = s && end && *end == '\0';
        h->length = value;
        free(s);
    }
}

/* Drop "<" and ">" around a target URI (as WARC/1.1's grammar has it). */
static void unbracket(char *uri)
{
    size_t n = uri ? strlen(uri) : 0;

    if (n >= 2 && uri[0] == '<' && uri[n - 1] == '>') {
        memmove(uri, uri + 1, n - 2);
        uri[n - 2] = '\0';
    }
}

/* Find the next record's version line: blank lines are passed over, and
 * anything else is reported and skipped up to a "WARC/1." line. Returns
 * 1 with f->number and f->offset set, 0 at the end, -1 on a read error. */
static int next_record(warc_file_t *f)
{
    const char *line;
    size_t len;
    int r, garbage = f->resync;
    uint64_t at = f->ws.offset;

    f->resync = 0;
    for (;;) {
        at = f->ws.offset;
        r = ws_getline(&f->ws, &line, &len);
        if (r == 0 || r == -1)
            break;
        if (r == 1 && is_version_line(line, len)) {
            f->number++;
            f->offset = at;
            return 1;
        }
        if (r == 1 && len == 0)
            continue;
        if (!garbage) {
            reader_warn(f->ctx, 0, 1, "byte %llu: not a WARC record header "
                        "(\"%.*s\"); skipped to the next record",
                        (unsigned long long)at,
                        len < SHOWN_MAX ? (int)len : SHOWN_MAX, line);
            f->skipped = garbage = 1;
        }
    }
    f->offset = at;
    return r;
}

/* Read the header lines after the version line. Returns 0, or -1 when
 * the record cannot be read (warned; the caller looks for the next one),
 * or -2 when the input ended inside it (warned). */
static int read_header(warc_file_t *f, warc_header_t *h)
{
    const char *line;
    size_t len;
    int r, lines = 0;
    for (;;) {
        r = ws_getline(&f->ws, &line, &len);
        if (r == 0 || r == -1) {
            record_warn(f, 1, "%s in its header",
                        r == -1 ? input_error(f->ws.in) : "truncated");
            return -2;
        }
        if (r == -2 || ++lines > WARC_HEADER_LINES) {
            record_warn(f, 1, "header %s; skipped",
                        r == -2 ? "line over 32 KiB" : "of over 1000 lines");
            return -1;
        }
        if (len == 0)
            break;
        if (!is_blank(line[0])) /* continuation lines are not needed */
            parse_header_line(h, line, len);
    }
    if (!h->has_length) {
        record_warn(f, 1, "no valid Content-Length; skipped to the next record");
        return -1;
    }
    unbracket(h->target);
    return 0;
}

/* Read the HTTP status line and headers at the start of the block.
 * Returns 0, 1 when the block is not an HTTP response (warned), or 2 when
 * the block ends before the headers do. */
static int read_http_head(warc_file_t *f, http_head_t *hh)
{
    const char *line, *v;
    size_t len, n;
    int r, lines = 0;

    r = ws_getline(&f->ws, &line, &len);
    if (r == 1 && len > 5 && strncmp(line, "HTTP/", 5) == 0) {
        const char *sp = memchr(line, ' ', len);
        hh->status = sp ? atoi(sp + 1) : 0;
    }
    if (hh->status < 100 || hh->status > 999) {
        if ((r == 0 || r == -1) && f->ws.offset < f->ws.limit)
            return 2;
        record_warn(f, 1, "no HTTP status line in the response; skipped");
        return 1;
    }
    for (;;) {
        r = ws_getline(&f->ws, &line, &len);
        if (r == 0 || r == -1)
            return 2;
        if (r == -2 || ++lines > WARC_HEADER_LINES) {
            record_warn(f, 1, "HTTP header %s; skipped",
                        r == -2 ? "line over 32 KiB" : "of over 1000 lines");
            return 1;
        }
        if (len == 0)
            return 0;
        if (header_is(line, len, "Content-Type", &v, &n))
            set_value(&hh->content_type, v, n);
        else if (header_is(line, len, "Transfer-Encoding", &v, &n))
            set_value(&hh->transfer_encoding, v, n);
        else if (header_is(line, len, "Content-Encoding", &v, &n))
            set_value(&hh->content_encoding, v, n);
    }
}

/* The rest of the block in a malloc'd buffer. Returns 0, 1 when it is over
 * the limit (skipped silently unless warn), 2 when the block is cut short,
 * or -1 when out of memory (warned). */
static int read_payload(warc_file_t *f, int warn, char **data, size_t *len)
{
    uint64_t n = f->ws.limit - f->ws.offset, got;
    char *buf;

    if (n > WARC_PAGE_MAX) {
        if (warn)
            record_warn(f, 1, "HTML payload of %llu bytes, over the %u MiB "
                        "limit; skipped", (unsigned long long)n,
                        WARC_PAGE_MAX >> 20);
        return 1;
    }
    buf = malloc((size_t)n + 1);
    if (!buf) {
        record_warn(f, 1, "out of memory");
        return -1;
    }
    got = ws_read(&f->ws, buf, n);
    if (got < n) {
        free(buf);
        return 2;
    }
    buf[n] = '\0';
    *data = buf;
    *len = (size_t)n;
    return 0;
}

/* Undo the payload's transfer and content codings. Returns 0 (*data may
 * be replaced), or 1 when it cannot be decoded (warned). */
static int decode_payload(warc_file_t *f, const http_head_t *hh, char **data,
                          size_t *len)
{
    const char *ce = hh->content_encoding ? hh->content_encoding : "";
    char why[160], *out;
    size_t out_len;
    long n;
    int cut = 0, gz;

    if (hh->transfer_encoding && strcasestr(hh->transfer_encoding, "chunked") &&
        (n = dechunk(*data, *len, &cut)) >= 0) {
        *len = (size_t)n;
        if (cut)
            record_warn(f, 0, "chunked payload cut short; indexed what there is");
    }
    if (*ce == '\0' || strcasecmp(ce, "identity") == 0)
        return 0;
    gz = strcasecmp(ce, "gzip") == 0 || strcasecmp(ce, "x-gzip") == 0;
    if (!gz && strcasecmp(ce, "deflate") != 0) {
        record_warn(f, 1, "content encoding \"%.*s\" not supported; skipped",
                    SHOWN_MAX, ce);
        return 1;
    }
    /* Some archivers store the payload decoded but keep the header. */
    if (gz && !(*len >= 2 && (unsigned char)(*data)[0] == 0x1f &&
                (unsigned char)(*data)[1] == 0x8b))
        return 0;
    if (inflate_data(*data, *len, 15 + 32, &out, &out_len, &cut, why, sizeof why) < 0 &&
        (gz || inflate_data(*data, *len, -15, &out, &out_len, &cut, why, sizeof why) < 0)) {
        record_warn(f, 1, "%s payload: %s; skipped", gz ? "gzip" : "deflate", why);
        return 1;
    }
    if (cut)
        record_warn(f, 0, "%s payload cut short; indexed what there is",
                    gz ? "gzip" : "deflate");
    free(*data);
    *data = out;
    *len = out_len;
    return 0;
}

/* The host of a URI ("https://user@www.example.org:8080/x" gives
 * "www.example.org"), lower case, in out; "" when there is none. */
static void host_of(const char *uri, char *out, size_t size)
{
    const char *p = uri ? strstr(uri, "://") : NULL, *end;
    size_t n = 0;

    out[0] = '\0';
    if (!p)
        return;
    p += 3;
    end = p + strcspn(p, "/?#");
    for (const char *q = p; q < end; q++)
        if (*q == '@')
            p = q + 1;
    while (p < end && *p != ':' && n + 1 < size)
        out[n++] = (char)tolower((unsigned char)*p++);
    /* A host cut short must not end inside a UTF-8 character. */
    if (p < end && ((unsigned char)*p & 0xC0) == 0x80) {
        while (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0x80)
            n--;
        if (n > 0)
            n--;   /* the lead byte of the cut character */
    }
    out[n] = '\0';
}

/* Parse an HTML payload into an article and emit it. Returns -1 when
 * emit asks to stop, 0 otherwise. */
static int emit_page(warc_file_t *f, const warc_header_t *h, const char *html,
                     size_t len, const char *charset)
{
    morgue_article_t a;
    html_page_t *page = NULL;
    char err[256], date[11], host[256], *id = NULL;
    const char *identity = h->target ? h->target : h->record_id;
    int rc;

    memset(&a, 0, sizeof a);
    if (html_page_parse(html, len, charset[0] ? charset : NULL, &page, &a, err,
                        sizeof err) != 0) {
        record_warn(f, 1, "%s", err);
        return 0;
    }
    a.path = f->ctx->path;
    a.line = 0;
    a.tags = NULL;
    a.ntags = 0;
    if (!a.url || !*a.url) {
        a.url = h->target;
        if (identity && (id = malloc(strlen(identity) + 6)) != NULL) {
            memcpy(id, "warc:", 5);
            strcpy(id + 5, identity);
        }
        a.id = id;
    } else {
        a.id = NULL; /* the canonical URL is the identity */
    }
    if (!a.date && h->date && morgue_date_parse(h->date, date) == MORGUE_OK)
        a.date = date;
    host_of(h->target, host, sizeof host);
    if ((!a.source || !*a.source) && host[0])
        a.source = host;
    rc = f->ctx->emit(f->ctx->sink, &a) ? -1 : 0;
    free(id);
    html_page_free(page);
    return rc;
}

/* Does a WARC Content-Type say the block is something other than HTTP? */
static int not_http(const char *content_type)
{
    char media[64];

    media_type(content_type, media, sizeof media);
    return media[0] && strcmp(media, "application/http") != 0;
}

/* A response record. Returns -1 to stop, 0 otherwise (a block cut short
 * is found by the caller). */
static int read_response(warc_file_t *f, const warc_header_t *h)
{
    http_head_t hh;
    char media[64], charset[64], *data = NULL;
    size_t len = 0;
    int rc = 0, r;

    memset(&hh, 0, sizeof hh);
    if (not_http(h->content_type))
        return 0;
    if (read_http_head(f, &hh) != 0 || hh.status / 100 != 2) {
        http_free(&hh);
        return 0;
    }
    media_type(hh.content_type, media, sizeof media);
    if (media[0] && !is_html_type(media)) {
        http_free(&hh);
        return 0;
    }
    r = read_payload(f, media[0] != '\0', &data, &len);
    if (r == 0 && decode_payload(f, &hh, &data, &len) == 0 &&
        (media[0] || sniff_html(data, len))) {
        charset_of(hh.content_type, charset, sizeof charset);
        rc = emit_page(f, h, data, len, charset);
    }
    free(data);
    http_free(&hh);
    return rc;
}

/* A resource record: an HTML page when its Content-Type says so. */
static int read_resource(warc_file_t *f, const warc_header_t *h)
{
    char media[64], charset[64], *data = NULL;
    size_t len = 0;
    int rc = 0;

    media_type(h->content_type, media, sizeof media);
    if (!is_html_type(media))
        return 0;
    if (read_payload(f, 1, &data, &len) == 0) {
        charset_of(h->content_type, charset, sizeof charset);
        rc = emit_page(f, h, data, len, charset);
    }
    free(data);
    return rc;
}

/* Read one record whose version line was just read. Returns 1 to go on,
 * 0 when the file ends here (warned), -1 when emit asks to stop. */
static int read_record(warc_file_t *f)
{
    warc_header_t h;
    uint64_t block_start, got;
    int r, rc = 0;

    memset(&h, 0, sizeof h);
    r = read_header(f, &h);
    if (r < 0) {
        header_free(&h);
        f->resync = 1; /* the lines up to the next record are not reported */
        return r == -1 ? 1 : 0;
    }
    block_start = f->ws.offset;
    f->ws.limit = block_start + h.length < block_start ? NO_LIMIT
                                                        : block_start + h.length;
    if (h.type && strcasecmp(h.type, "response") == 0)
        rc = read_response(f, &h);
    else if (h.type && strcasecmp(h.type, "resource") == 0)
        rc = read_resource(f, &h);
    got = f->ws.offset - block_start;
    got += ws_read(&f->ws, NULL, h.length - got);
    f->ws.limit = NO_LIMIT;
    if (rc == 0 && got < h.length) {
        if (f->ws.failed)
            record_warn(f, 1, "%s", input_error(f->ws.in));
        else
            record_warn(f, 1, "truncated: %llu of %llu bytes of its block",
                        (unsigned long long)got, (unsigned long long)h.length);
        header_free(&h);
        return 0;
    }
    header_free(&h);
    return rc < 0 ? -1 : 1;
}

static reader_result_t warc_read(input_t *in, const reader_ctx_t *ctx)
{
    warc_file_t f;
    const char *head;
    size_t n = input_peek(in, &head, 7);
    reader_result_t result = READ_OK;
    int r;

    memset(&f, 0, sizeof f);
    f.ctx = ctx;
    if (n < 7 || memcmp(head, "WARC/1.", 7) != 0) {
        if (n == 0 && input_error(in))
            reader_warn(ctx, 0, 1, "%s", input_error(in));
        else
            reader_warn(ctx, 0, 1, n == 0 ? "empty file"
                        : "not a WARC file: it does not open with \"WARC/1.\"");
        return READ_FAILED;
    }
    f.ws.in = in;
    f.ws.limit = NO_LIMIT;
    f.ws.buf = malloc(WARC_BLOCK);
    f.ws.line = malloc(WARC_LINE_MAX + 1);
    if (!f.ws.buf || !f.ws.line) {
        reader_warn(ctx, 0, 1, "out of memory");
        result = READ_FAILED;
    }
    while (result == READ_OK) {
        r = next_record(&f);
        if (r < 0) {
            f.number++;
            record_warn(&f, 1, "%s", input_error(in));
        }
        if (r <= 0)
            break;
        r = read_record(&f);
        if (r < 0)
            result = READ_STOPPED;
        else if (r == 0)
            break;
    }
    free(f.ws.buf);
    free(f.ws.line);
    if (result == READ_OK && f.skipped)
        result = READ_PARTIAL;
    return result;
}

/* A WARC file opens with its first record's version line. */
static int warc_sniff(const char *head, size_t n)
{
    return n >= 7 && memcmp(head, "WARC/1.", 7) == 0;
}

static const char *const warc_extensions[] = { ".warc", NULL };

const reader_t reader_warc = { "warc", warc_extensions, warc_sniff, warc_read };
