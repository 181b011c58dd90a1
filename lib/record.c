/* record.c - serialize, seal and decode stored articles (record.h).
 *
 * Stored form: 'M', a format byte (2), the raw length as a varint, the
 * CRC-32 of the raw bytes (4 bytes, little-endian), then the raw bytes.
 * Raw form: for each field in field_order a varint (0 for an absent field,
 * else length + 1), the bytes and a NUL (so decoded fields can be used in
 * place), then the line number as a varint, the number of tags as a varint,
 * and each tag as two fields (name, value). Compression is Xapian's: its
 * document-data table deflates every record (format 1 deflated here first,
 * and Xapian then spent as long again failing to shrink the result). */
#include "record.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define RECORD_MAGIC 'M'
#define RECORD_FORMAT 2
#define RAW_MAX (1u << 30) /* refuse a record claiming more */

enum { F_SID, F_ID, F_URL, F_TITLE, F_DATE, F_SOURCE, F_AUTHOR, F_PLACE,
       F_LANGUAGE, F_PATH, F_BODY, NFIELDS };

/* Growing byte buffer with a sticky failure flag. */
typedef struct buf {
    char *p;
    size_t len, cap;
    int failed;
} buf_t;

/* Make room for n more bytes; returns 0, or -1 (and sets failed). */
static int buf_room(buf_t *b, size_t n)
{
    if (b->failed)
        return -1;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (p == NULL) {
            b->failed = 1;
            return -1;
        }
        b->p = p;
        b->cap = cap;
    }
    return 0;
}

static void buf_put(buf_t *b, const void *data, size_t n)
{
    if (buf_room(b, n) != 0)
        return;
    memcpy(b->p + b->len, data, n);
    b->len += n;
}

static void buf_varint(buf_t *b, uint64_t v)
{
    unsigned char tmp[10];
    size_t n = 0;
    do {
        tmp[n] = (unsigned char)(v & 0x7f);
        v >>= 7;
        if (v)
            tmp[n] |= 0x80;
        n++;
    } while (v);
    buf_put(b, tmp, n);
}

/* Read a varint from [*p, end); returns -1 when truncated or too long. */
static int get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
    uint64_t r = 0;
    for (int shift = 0; shift < 64 && *p < end; shift += 7) {
        unsigned char c = *(*p)++;
        r |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *v = r;
            return 0;
        }
    }
    return -1;
}

static void field_put(buf_t *b, const char *s)
{
    if (s == NULL) {
        buf_varint(b, 0);
        return;
    }
    size_t n = strlen(s);
    buf_varint(b, (uint64_t)n + 1);
    buf_put(b, s, n + 1);
}

int mg_record_serialize(const morgue_article_t *a, const char *sid,
                        char **raw, size_t *raw_len)
{
    buf_t b = {0};
    const char *fields[NFIELDS] = {
        [F_SID] = sid, [F_ID] = a->id, [F_URL] = a->url, [F_TITLE] = a->title,
        [F_DATE] = a->date, [F_SOURCE] = a->source, [F_AUTHOR] = a->author,
        [F_PLACE] = a->place, [F_LANGUAGE] = a->language, [F_PATH] = a->path,
        [F_BODY] = a->body,
    };
    for (int i = 0; i < NFIELDS; i++)
        field_put(&b, fields[i]);
    buf_varint(&b, a->line);
    size_t ntags = 0;  /* tags lacking a name or a value are not kept */
    for (size_t i = 0; i < a->ntags; i++)
        ntags += a->tags[i].field != NULL && a->tags[i].value != NULL;
    buf_varint(&b, ntags);
    for (size_t i = 0; i < a->ntags; i++) {
        if (a->tags[i].field == NULL || a->tags[i].value == NULL)
            continue;
        field_put(&b, a->tags[i].field);
        field_put(&b, a->tags[i].value);
    }
    if (b.failed) {
        free(b.p);
        return -1;
    }
    *raw = b.p;
    *raw_len = b.len;
    return 0;
}

int mg_record_seal(const char *raw, size_t raw_len, char **out, size_t *out_len)
{
    buf_t b = {0};
    unsigned char head[2] = { RECORD_MAGIC, RECORD_FORMAT };
    buf_put(&b, head, 2);
    buf_varint(&b, raw_len);
    uLong crc = crc32(0L, (const Bytef *)raw, (uInt)raw_len);
    unsigned char sum[4] = { (unsigned char)crc, (unsigned char)(crc >> 8),
                             (unsigned char)(crc >> 16), (unsigned char)(crc >> 24) };
    buf_put(&b, sum, 4);
    buf_put(&b, raw, raw_len);
    if (b.failed) {
        free(b.p);
        return -1;
    }
    *out = b.p;
    *out_len = b.len;
    return 0;
}

morgue_status_t mg_record_decode(const char *data, size_t len,
                                 mg_record_t **record)
{
    const unsigned char *p = (const unsigned char *)data, *end = p + len;
    uint64_t raw_len;
    *record = NULL;
    if (len < 7 || p[0] != RECORD_MAGIC || p[1] != RECORD_FORMAT)
        return MORGUE_INDEX_CORRUPT;
    p += 2;
    if (get_varint(&p, end, &raw_len) != 0 || raw_len > RAW_MAX ||
        (uint64_t)(end - p) != 4 + raw_len)
        return MORGUE_INDEX_CORRUPT;
    uLong want = (uLong)p[0] | (uLong)p[1] << 8 | (uLong)p[2] << 16 | (uLong)p[3] << 24;
    p += 4;
    if (crc32(0L, p, (uInt)raw_len) != want)
        return MORGUE_INDEX_CORRUPT;
    mg_record_t *r = calloc(1, sizeof *r);
    char *raw = malloc(raw_len + 1);
    if (r == NULL || raw == NULL) {
        free(r);
        free(raw);
        return MORGUE_NO_MEMORY;
    }
    r->buf = raw;
    memcpy(raw, p, (size_t)raw_len);
    const unsigned char *q = (const unsigned char *)raw, *qend = q + raw_len;
    const char *fields[NFIELDS];
    for (int i = 0; i < NFIELDS; i++) {
        uint64_t n;
        if (get_varint(&q, qend, &n) != 0 || n > (uint64_t)(qend - q)) {
            mg_record_free(r);
            return MORGUE_INDEX_CORRUPT;
        }
        if (n == 0) {
            fields[i] = NULL;
            continue;
        }
        if (q[n - 1] != '\0') {
            mg_record_free(r);
            return MORGUE_INDEX_CORRUPT;
        }
        fields[i] = (const char *)q;
        q += n;
    }
    uint64_t line, ntags;
    if (get_varint(&q, qend, &line) != 0 || fields[F_SID] == NULL ||
        strlen(fields[F_SID]) != 16 || get_varint(&q, qend, &ntags) != 0 ||
        ntags > (uint64_t)(qend - q) / 2) {
        mg_record_free(r);
        return MORGUE_INDEX_CORRUPT;
    }
    if (ntags > 0 && (r->tags = calloc((size_t)ntags, sizeof *r->tags)) == NULL) {
        mg_record_free(r);
        return MORGUE_NO_MEMORY;
    }
    for (uint64_t i = 0; i < ntags; i++) {
        const char *pair[2];
        for (int k = 0; k < 2; k++) {
            uint64_t n;
            if (get_varint(&q, qend, &n) != 0 || n == 0 || n > (uint64_t)(qend - q) ||
                q[n - 1] != '\0') {
                mg_record_free(r);
                return MORGUE_INDEX_CORRUPT;
            }
            pair[k] = (const char *)q;
            q += n;
        }
        r->tags[i].field = pair[0];
        r->tags[i].value = pair[1];
    }
    memcpy(r->sid, fields[F_SID], 17);
    morgue_article_t *a = &r->article;
    a->id = fields[F_ID];
    a->url = fields[F_URL];
    a->title = fields[F_TITLE];
    a->date = fields[F_DATE];
    a->source = fields[F_SOURCE];
    a->author = fields[F_AUTHOR];
    a->place = fields[F_PLACE];
    a->language = fields[F_LANGUAGE];
    a->path = fields[F_PATH];
    a->body = fields[F_BODY];
    a->line = (unsigned long)line;
    a->tags = r->tags;
    a->ntags = (size_t)ntags;
    *record = r;
    return MORGUE_OK;
}

void mg_record_free(mg_record_t *r)
{
    if (r == NULL)
        return;
    free(r->buf);
    free(r->tags);
    free(r);
}
