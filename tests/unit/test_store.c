/* test_store.c - unit tests of the stored form of articles and of its
 * helpers: lib/record.c (serialize, seal, decode, and decoding damaged
 * bytes, which must give MORGUE_INDEX_CORRUPT and never crash), lib/hash.c
 * (stable ids) and lib/idset.c (the set of ids seen in one file).
 * Run by tests/run.sh; needs no files. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "check.h"
#include "hash.h"
#include "idset.h"
#include "record.h"

#define SID "0123456789abcdef"

/* ---- helpers -------------------------------------------------------- */

/* Nonzero when two optional strings are equal (both NULL, or same bytes). */
static int same_str(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Store a (serialize + seal) into *stored; returns 0 or -1. */
static int store(const morgue_article_t *a, const char *sid, char **stored,
                 size_t *stored_len)
{
    char *raw;
    size_t raw_len;
    if (mg_record_serialize(a, sid, &raw, &raw_len) != 0)
        return -1;
    int rc = mg_record_seal(raw, raw_len, stored, stored_len);
    free(raw);
    return rc;
}

/* Round-trip a through the stored form and check every field. Returns the
 * number of fields that differ (0 on success); checks are counted. */
static int round_trip(const morgue_article_t *a, const char *what)
{
    char *stored = NULL;
    size_t stored_len = 0;
    mg_record_t *r = NULL;
    int bad = 0;

    CHECK_INT(store(a, SID, &stored, &stored_len), 0);
    if (stored == NULL)
        return 1;
    CHECK_INT(mg_record_decode(stored, stored_len, &r), MORGUE_OK);
    free(stored);
    if (r == NULL) {
        fprintf(stderr, "round trip %s: not decoded\n", what);
        return 1;
    }
    const morgue_article_t *b = &r->article;
    const char *names[] = { "id", "url", "title", "date", "source", "author",
                            "place", "language", "body", "path" };
    const char *want[] = { a->id, a->url, a->title, a->date, a->source, a->author,
                           a->place, a->language, a->body, a->path };
    const char *got[] = { b->id, b->url, b->title, b->date, b->source, b->author,
                          b->place, b->language, b->body, b->path };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (!same_str(want[i], got[i])) {
            fprintf(stderr, "round trip %s: field %s differs\n", what, names[i]);
            bad++;
        }
    }
    if (b->line != a->line) {
        fprintf(stderr, "round trip %s: line %lu, want %lu\n", what, b->line, a->line);
        bad++;
    }
    /* Tags: those with a field and a value come back, in order. */
    size_t k = 0;
    for (size_t i = 0; i < a->ntags; i++) {
        if (a->tags[i].field == NULL || a->tags[i].value == NULL)
            continue;
        if (k >= b->ntags || !same_str(a->tags[i].field, b->tags[k].field) ||
            !same_str(a->tags[i].value, b->tags[k].value)) {
            fprintf(stderr, "round trip %s: tag %zu differs\n", what, i);
            bad++;
        }
        k++;
    }
    if (b->ntags != k || (k == 0 && b->tags != NULL && b->ntags != 0)) {
        fprintf(stderr, "round trip %s: %zu tags, want %zu\n", what, b->ntags, k);
        bad++;
    }
    CHECK_STR(r->sid, SID);
    CHECK_INT(bad, 0);
    mg_record_free(r);
    return bad;
}

/* Decode len bytes of data; the status (the record is freed). */
static morgue_status_t decode_status(const char *data, size_t len)
{
    mg_record_t *r = (mg_record_t *)1; /* must be reset to NULL on failure */
    morgue_status_t st = mg_record_decode(data, len, &r);
    if (st != MORGUE_OK && r != NULL) {
        fprintf(stderr, "decode failed but left a record pointer\n");
        check_failed++;
    }
    if (st == MORGUE_OK)
        mg_record_free(r);
    return st;
}

/* A malloc'd copy of len bytes (so ASan sees reads past the end). */
static char *copy(const char *data, size_t len)
{
    char *c = malloc(len ? len : 1);
    if (c != NULL && len > 0)
        memcpy(c, data, len);
    return c;
}

/* Append v as a varint to out; returns the bytes written. */
static size_t put_varint(unsigned char *out, uint64_t v)
{
    size_t n = 0;
    do {
        out[n] = (unsigned char)(v & 0x7f);
        v >>= 7;
        if (v)
            out[n] |= 0x80;
        n++;
    } while (v);
    return n;
}

/* Build a stored record by hand: header with raw_len_claimed, the CRC-32
 * of raw, then raw. malloc'd into *out. */
static size_t handmade(const unsigned char *raw, size_t raw_len, uint64_t raw_len_claimed,
                       char **out)
{
    unsigned char *buf = malloc(2 + 10 + 4 + raw_len);
    size_t n = 0;
    buf[n++] = 'M';
    buf[n++] = 2;
    n += put_varint(buf + n, raw_len_claimed);
    uLong crc = crc32(0L, raw, (uInt)raw_len);
    for (int i = 0; i < 4; i++)
        buf[n++] = (unsigned char)(crc >> (8 * i));
    memcpy(buf + n, raw, raw_len);
    *out = (char *)buf;
    return n + raw_len;
}

/* ---- round trips --------------------------------------------------- */

static const morgue_tag_t full_tags[] = {
    { "topic", "crude" },
    { "person", "Gonz\xC3\xA1lez" },
    { NULL, "no field: not kept" },
    { "keyword", NULL },
    { "unknown-field", "stored anyway" },
    { "org", "" },
};

static const morgue_article_t full = {
    .id = "wire-2024-0711",
    .url = "https://example.org/news/port-strike-ends?x=1&y=2",
    .title = "Edmundo Gonz\xC3\xA1lez tours the Andes",
    .date = "2024-09-03",
    .source = "Morgue Test Wire",
    .author = "Ana Ruiz; Luis Mora",
    .place = "M\xC3\x89RIDA, Venezuela",
    .language = "es",
    .body = "The first paragraph.\n\nThe second one, with \"quotes\" and a tab\there.",
    .path = "/archive/2024/09/wire.jsonl",
    .line = 42,
    .tags = full_tags,
    .ntags = sizeof full_tags / sizeof *full_tags,
};

static void test_round_trip_full(void)
{
    round_trip(&full, "every field");

    /* The largest line number survives. */
    morgue_article_t a = full;
    a.line = ULONG_MAX;
    round_trip(&a, "line ULONG_MAX");

    /* Serializing is deterministic (the content fingerprint is taken of it),
     * and any changed field changes the raw bytes. */
    char *r1, *r2, *r3;
    size_t n1, n2, n3;
    CHECK_INT(mg_record_serialize(&full, SID, &r1, &n1), 0);
    CHECK_INT(mg_record_serialize(&full, SID, &r2, &n2), 0);
    CHECK(n1 == n2 && memcmp(r1, r2, n1) == 0);
    a = full;
    a.body = "The first paragraph.\n\nThe second one, changed.";
    CHECK_INT(mg_record_serialize(&a, SID, &r3, &n3), 0);
    CHECK(n3 != n1 || memcmp(r1, r3, n1) != 0);
    free(r3);
    a = full;
    a.ntags = 1;
    CHECK_INT(mg_record_serialize(&a, SID, &r3, &n3), 0);
    CHECK(n3 != n1 || memcmp(r1, r3, n1) != 0);
    free(r3);
    free(r2);
    /* Moving a value from one field to the next is a different record. */
    morgue_article_t x = { .title = "ab", .source = NULL, .body = "b" };
    morgue_article_t y = { .title = NULL, .source = "ab", .body = "b" };
    CHECK_INT(mg_record_serialize(&x, SID, &r3, &n3), 0);
    CHECK_INT(mg_record_serialize(&y, SID, &r2, &n2), 0);
    CHECK(n2 != n3 || memcmp(r2, r3, n2) != 0);
    free(r1);
    free(r2);
    free(r3);
}

static void test_round_trip_null_and_empty(void)
{
    /* Every optional field absent: they come back NULL, not "". */
    morgue_article_t a = { .body = "only a body" };
    round_trip(&a, "NULL fields");

    /* Absent body too (title only). */
    morgue_article_t t = { .title = "only a title" };
    round_trip(&t, "title only");

    /* Empty strings stay empty strings, distinct from NULL. */
    morgue_article_t e = { .id = "", .url = "", .title = "", .date = NULL, .source = "",
                           .author = "", .place = "", .language = "", .body = "",
                           .path = "", .line = 0 };
    round_trip(&e, "empty strings");

    char *stored;
    size_t len;
    mg_record_t *r = NULL;
    CHECK_INT(store(&e, SID, &stored, &len), 0);
    CHECK_INT(mg_record_decode(stored, len, &r), MORGUE_OK);
    if (r != NULL) {
        CHECK(r->article.body != NULL && r->article.body[0] == '\0');
        CHECK(r->article.title != NULL && r->article.title[0] == '\0');
        CHECK(r->article.date == NULL);
    }
    mg_record_free(r);
    free(stored);
}

static void test_round_trip_big(void)
{
    /* A 1 MB body of words comes back byte for byte. */
    size_t n = 1024 * 1024;
    char *body = malloc(n + 1);
    static const char *const words[] = { "sanctions ", "Maduro ", "elecciones ",
                                         "Gonz\xC3\xA1lez ", "harbour ", "ferry\n" };
    uint32_t x = 12345;
    size_t at = 0;
    while (at < n) {
        x = x * 1103515245u + 12345u;
        const char *w = words[(x >> 16) % 6];
        size_t k = strlen(w);
        if (at + k > n)
            k = n - at;
        memcpy(body + at, w, k);
        at += k;
    }
    body[n] = '\0';
    /* Do not end inside a multibyte character: the record does not care,
     * but keep the text honest UTF-8. */
    morgue_article_t a = full;
    a.body = body;
    round_trip(&a, "1 MB body");

    char *stored;
    size_t len;
    CHECK_INT(store(&a, SID, &stored, &len), 0);
    CHECK(len > n && len < n + 4096);   /* stored as it is: Xapian deflates */
    /* Its last byte cut off: corrupt, not a crash. */
    char *cut = copy(stored, len - 1);
    CHECK_INT(decode_status(cut, len - 1), MORGUE_INDEX_CORRUPT);
    free(cut);
    free(stored);
    free(body);
}

static void test_round_trip_binaryish(void)
{
    /* Every byte value but NUL, then UTF-8 of every length (2, 3 and 4
     * bytes), U+FFFD, a BOM, control characters, and bytes that are not
     * UTF-8: a record stores bytes, not text. */
    char body[600];
    size_t n = 0;
    for (int c = 1; c < 256; c++)
        body[n++] = (char)c;
    const char *tail = "\xC3\xA9\xE2\x80\x93\xF0\x9F\x93\xB0\xEF\xBF\xBD\xEF\xBB\xBF"
                       "\x01\x07\x1b[1m\r\n\t\xFF\xFE\xC0\x80";
    memcpy(body + n, tail, strlen(tail));
    n += strlen(tail);
    body[n] = '\0';
    morgue_article_t a = full;
    a.body = body;
    a.title = "\xF0\x9F\x93\xB0 \xE2\x80\x9Cquoted\xE2\x80\x9D";
    a.author = "\x7f\x01";
    round_trip(&a, "binary-ish body");

    char *stored;
    size_t len;
    mg_record_t *r = NULL;
    CHECK_INT(store(&a, SID, &stored, &len), 0);
    CHECK_INT(mg_record_decode(stored, len, &r), MORGUE_OK);
    if (r != NULL) {
        CHECK_INT(strlen(r->article.body), n);
        CHECK(memcmp(r->article.body, body, n + 1) == 0);
    }
    mg_record_free(r);
    free(stored);
}

/* ---- corrupted stored bytes ---------------------------------------- */

static void test_corrupt_header(void)
{
    char *stored;
    size_t len;
    CHECK_INT(store(&full, SID, &stored, &len), 0);
    CHECK_INT(decode_status(stored, len), MORGUE_OK);

    /* Wrong magic, wrong format byte. */
    char *c = copy(stored, len);
    c[0] = 'X';
    CHECK_INT(decode_status(c, len), MORGUE_INDEX_CORRUPT);
    c[0] = 'm';
    CHECK_INT(decode_status(c, len), MORGUE_INDEX_CORRUPT);
    c[0] = 'M';
    c[1] = 1;   /* format 1 (deflated here) is not read */
    CHECK_INT(decode_status(c, len), MORGUE_INDEX_CORRUPT);
    c[1] = 3;
    CHECK_INT(decode_status(c, len), MORGUE_INDEX_CORRUPT);
    c[1] = 0;
    CHECK_INT(decode_status(c, len), MORGUE_INDEX_CORRUPT);
    free(c);

    /* Not a record at all: empty, tiny, text, a record without its header. */
    char empty[1] = { 0 };
    CHECK_INT(decode_status(empty, 0), MORGUE_INDEX_CORRUPT);
    CHECK_INT(decode_status("M", 1), MORGUE_INDEX_CORRUPT);
    CHECK_INT(decode_status("M\001", 2), MORGUE_INDEX_CORRUPT);
    CHECK_INT(decode_status("M\001\000", 3), MORGUE_INDEX_CORRUPT);
    CHECK_INT(decode_status("M\002\000\000\000\000\000", 7), MORGUE_INDEX_CORRUPT);
    const char *text = "{\"title\": \"a JSON document, not a record\"}";
    CHECK_INT(decode_status(text, strlen(text)), MORGUE_INDEX_CORRUPT);
    char *bare = copy(stored + 3, len - 3);
    CHECK_INT(decode_status(bare, len - 3), MORGUE_INDEX_CORRUPT);
    free(bare);
    free(stored);
}

static void test_corrupt_truncated(void)
{
    /* Every proper prefix of a stored record is corrupt. */
    char *stored;
    size_t len;
    CHECK_INT(store(&full, SID, &stored, &len), 0);
    int wrong = 0;
    for (size_t cut = 0; cut < len; cut++) {
        char *c = copy(stored, cut);
        if (decode_status(c, cut) != MORGUE_INDEX_CORRUPT) {
            fprintf(stderr, "prefix of %zu of %zu bytes not refused\n", cut, len);
            wrong++;
        }
        free(c);
    }
    CHECK_INT(wrong, 0);
    free(stored);
}

static void test_corrupt_flipped(void)
{
    /* Each byte after the header flipped in turn (and then each single
     * bit of its first bytes): the CRC-32 or the record layout catches
     * it. Whatever happens, nothing crashes and nothing half-decoded is
     * returned as OK. */
    char *stored;
    size_t len;
    CHECK_INT(store(&full, SID, &stored, &len), 0);
    size_t head = 3; /* 'M', format, a one-byte varint (the raw form is small) */
    int wrong = 0;
    for (size_t i = head; i < len; i++) {
        char *c = copy(stored, len);
        c[i] = (char)(c[i] ^ 0xff);
        if (decode_status(c, len) != MORGUE_INDEX_CORRUPT) {
            fprintf(stderr, "byte %zu flipped: not refused\n", i);
            wrong++;
        }
        free(c);
    }
    for (size_t i = head; i < head + 8 && i < len; i++)
        for (int bit = 0; bit < 8; bit++) {
            char *c = copy(stored, len);
            c[i] = (char)(c[i] ^ (1 << bit));
            if (decode_status(c, len) != MORGUE_INDEX_CORRUPT) {
                fprintf(stderr, "byte %zu bit %d flipped: not refused\n", i, bit);
                wrong++;
            }
            free(c);
        }
    CHECK_INT(wrong, 0);
    free(stored);
}

static void test_corrupt_raw_length(void)
{
    char *raw;
    size_t raw_len;
    CHECK_INT(mg_record_serialize(&full, SID, &raw, &raw_len), 0);
    const unsigned char *u = (const unsigned char *)raw;
    char *c;
    size_t n;

    /* The truth works (the hand-made form is the real one). */
    n = handmade(u, raw_len, raw_len, &c);
    CHECK_INT(decode_status(c, n), MORGUE_OK);
    free(c);
    /* A raw length that lies, either way. */
    uint64_t lies[] = { raw_len + 1, raw_len - 1, raw_len * 2, raw_len / 2, 0, 1,
                        UINT64_C(1) << 30, (UINT64_C(1) << 30) + 1,
                        UINT64_C(1) << 40, UINT64_MAX };
    for (size_t i = 0; i < sizeof lies / sizeof *lies; i++) {
        n = handmade(u, raw_len, lies[i], &c);
        morgue_status_t st = decode_status(c, n);
        if (st != MORGUE_INDEX_CORRUPT)
            fprintf(stderr, "raw length %llu for %zu bytes: status %d\n",
                    (unsigned long long)lies[i], raw_len, (int)st);
        CHECK_INT(st, MORGUE_INDEX_CORRUPT);
        free(c);
    }
    /* A varint that never ends (all continuation bits). */
    char endless[16] = { 'M', 1 };
    memset(endless + 2, 0x80, sizeof endless - 2);
    CHECK_INT(decode_status(endless, sizeof endless), MORGUE_INDEX_CORRUPT);
    free(raw);
}

static void test_corrupt_raw_layout(void)
{
    /* Well-sealed raw bytes that are not a record. */
    unsigned char raw[256] = { 0 };
    size_t n;
    char *c;
    size_t len;

    /* Nothing at all. */
    len = handmade(raw, 0, 0, &c);
    CHECK_INT(decode_status(c, len), MORGUE_INDEX_CORRUPT);
    free(c);

    /* A field length running past the end. */
    n = 0;
    raw[n++] = 17;  /* sid: 16 bytes + NUL */
    memcpy(raw + n, SID, 17);
    n += 17;
    raw[n++] = 100; /* id claims 99 bytes; there are 3 */
    memcpy(raw + n, "abc", 3);
    n += 3;
    len = handmade(raw, n, n, &c);
    CHECK_INT(decode_status(c, len), MORGUE_INDEX_CORRUPT);
    free(c);

    /* A field without its NUL. */
    n = 0;
    raw[n++] = 17;
    memcpy(raw + n, SID "X", 17);  /* 17 bytes, the last one not NUL */
    n += 17;
    for (int i = 1; i < 11; i++)
        raw[n++] = 0;
    raw[n++] = 0; /* line */
    raw[n++] = 0; /* no tags */
    len = handmade(raw, n, n, &c);
    CHECK_INT(decode_status(c, len), MORGUE_INDEX_CORRUPT);
    free(c);

    /* Well formed, but the stable id is missing or not 16 digits. */
    n = 0;
    for (int i = 0; i < 11; i++)
        raw[n++] = 0;
    raw[n++] = 0;
    raw[n++] = 0;
    len = handmade(raw, n, n, &c);
    CHECK_INT(decode_status(c, len), MORGUE_INDEX_CORRUPT);
    free(c);
    n = 0;
    raw[n++] = 4;
    memcpy(raw + n, "abc", 4);
    n += 4;
    for (int i = 1; i < 11; i++)
        raw[n++] = 0;
    raw[n++] = 0;
    raw[n++] = 0;
    len = handmade(raw, n, n, &c);
    CHECK_INT(decode_status(c, len), MORGUE_INDEX_CORRUPT);
    free(c);

    /* Well formed but the line number is missing. */
    n = 0;
    raw[n++] = 17;
    memcpy(raw + n, SID, 17);
    n += 17;
    for (int i = 1; i < 11; i++)
        raw[n++] = 0;
    len = handmade(raw, n, n, &c);
    CHECK_INT(decode_status(c, len), MORGUE_INDEX_CORRUPT);
    free(c);

    /* The line, then a count of tags that are not there. */
    raw[n++] = 7;
    size_t at_tags = n;
    raw[n++] = 3;
    len = handmade(raw, n, n, &c);
    CHECK_INT(decode_status(c, len), MORGUE_INDEX_CORRUPT);
    free(c);
    /* One tag with an absent (0) name, which a record never holds. */
    n = at_tags;
    raw[n++] = 1;
    raw[n++] = 0;
    raw[n++] = 2;
    raw[n++] = 'v';
    raw[n++] = 0;
    len = handmade(raw, n, n, &c);
    CHECK_INT(decode_status(c, len), MORGUE_INDEX_CORRUPT);
    free(c);
    /* One tag whose value runs past the end. */
    n = at_tags;
    raw[n++] = 1;
    raw[n++] = 2;
    raw[n++] = 'f';
    raw[n++] = 0;
    raw[n++] = 50;
    raw[n++] = 'v';
    len = handmade(raw, n, n, &c);
    CHECK_INT(decode_status(c, len), MORGUE_INDEX_CORRUPT);
    free(c);

    /* With one good tag: a real (minimal) record. */
    n = at_tags;
    raw[n++] = 1;
    raw[n++] = 6;
    memcpy(raw + n, "topic", 6);
    n += 6;
    raw[n++] = 6;
    memcpy(raw + n, "crude", 6);
    n += 6;
    len = handmade(raw, n, n, &c);
    mg_record_t *r = NULL;
    CHECK_INT(mg_record_decode(c, len, &r), MORGUE_OK);
    if (r != NULL) {
        CHECK_STR(r->sid, SID);
        CHECK(r->article.body == NULL && r->article.title == NULL);
        CHECK_INT(r->article.line, 7);
        CHECK_INT(r->article.ntags, 1);
        if (r->article.ntags == 1) {
            CHECK_STR(r->article.tags[0].field, "topic");
            CHECK_STR(r->article.tags[0].value, "crude");
        }
    }
    mg_record_free(r);
    free(c);
    mg_record_free(NULL);
}

/* ---- hash ---------------------------------------------------------- */

static void test_hash(void)
{
    /* Deterministic, and sensitive to every byte, the length and the seed. */
    uint64_t a = mg_hash("wire-0001", 9, MG_HASH_SEED);
    CHECK(a == mg_hash("wire-0001", 9, MG_HASH_SEED));
    CHECK(a != mg_hash("wire-0002", 9, MG_HASH_SEED));
    CHECK(a != mg_hash("wire-0001", 8, MG_HASH_SEED));
    CHECK(a != mg_hash("wire-0001", 9, MG_HASH_SEED + 1));
    CHECK(mg_hash("", 0, MG_HASH_SEED) != mg_hash("", 0, 0));
    CHECK(mg_hash("a\0b", 3, MG_HASH_SEED) != mg_hash("a\0c", 3, MG_HASH_SEED));
    /* Golden values: stable ids must survive a rebuild of morgue itself,
     * so the hash may never change (docs/schema.md). */
    char hex[17];
    mg_hash_hex(mg_hash("", 0, MG_HASH_SEED), hex);
    CHECK_STR(hex, "f52a15e9a9b5e89b");
    mg_hash_hex(mg_hash("wire-0001", 9, MG_HASH_SEED), hex);
    CHECK_STR(hex, "3abf884a9ecac5da");

    /* 100000 consecutive ids give 100000 distinct hashes whose low bits
     * spread (the idset indexes its table with them directly). */
    idset_t seen = { 0 };
    size_t buckets[16] = { 0 };
    int dup = 0;
    for (unsigned i = 0; i < 100000; i++) {
        char key[16];
        int k = snprintf(key, sizeof key, "%u", i);
        uint64_t h = mg_hash(key, (size_t)k, MG_HASH_SEED);
        if (idset_add(&seen, h) != 1)
            dup++;
        buckets[h & 15]++;
    }
    CHECK_INT(dup, 0);
    int spread = 1;
    for (int i = 0; i < 16; i++)
        if (buckets[i] < 100000 / 16 * 9 / 10 || buckets[i] > 100000 / 16 * 11 / 10)
            spread = 0;
    CHECK(spread);
    idset_free(&seen);
}

static void test_hash_hex_parse(void)
{
    char hex[17];
    uint64_t h = 0;
    memset(hex, 'x', sizeof hex);
    mg_hash_hex(0, hex);
    CHECK_STR(hex, "0000000000000000");
    mg_hash_hex(UINT64_MAX, hex);
    CHECK_STR(hex, "ffffffffffffffff");
    mg_hash_hex(UINT64_C(0x0123456789abcdef), hex);
    CHECK_STR(hex, "0123456789abcdef");
    mg_hash_hex(UINT64_C(0xfedcba9876543210), hex);
    CHECK_STR(hex, "fedcba9876543210");

    CHECK_INT(mg_hash_parse("0123456789abcdef", &h), 0);
    CHECK(h == UINT64_C(0x0123456789abcdef));
    CHECK_INT(mg_hash_parse("FEDCBA9876543210", &h), 0);
    CHECK(h == UINT64_C(0xfedcba9876543210));
    CHECK_INT(mg_hash_parse("FedcBA9876543210", &h), 0);
    CHECK(h == UINT64_C(0xfedcba9876543210));
    CHECK_INT(mg_hash_parse("ffffffffffffffff", &h), 0);
    CHECK(h == UINT64_MAX);
    CHECK_INT(mg_hash_parse("0000000000000000", &h), 0);
    CHECK(h == 0);

    /* Round trips, hex -> value -> hex. */
    int wrong = 0;
    uint64_t v = 1;
    for (int i = 0; i < 1000; i++) {
        v = v * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
        uint64_t back;
        mg_hash_hex(v, hex);
        if (strlen(hex) != 16 || mg_hash_parse(hex, &back) != 0 || back != v)
            wrong++;
    }
    CHECK_INT(wrong, 0);

    /* Refused, and *h left alone. */
    const char *bad[] = { "", "0123456789abcde", "0123456789abcdef0", "0123456789abcdeg",
                          "0x23456789abcdef", " 123456789abcdef", "0123456789abcde ",
                          "-123456789abcdef", "0123456789ABCDE\xC3", "ghijklmnopqrstuv" };
    h = 77;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (mg_hash_parse(bad[i], &h) != -1) {
            fprintf(stderr, "mg_hash_parse accepted \"%s\"\n", bad[i]);
            check_failed++;
        } else {
            check_passed++;
        }
    }
    CHECK(h == 77);
    CHECK_INT(mg_hash_parse(NULL, &h), -1);
    CHECK(h == 77);
}

/* ---- idset ---------------------------------------------------------- */

static void test_idset_basic(void)
{
    idset_t s = { 0 };
    CHECK_INT(idset_count(&s), 0);
    CHECK_INT(idset_has(&s, 0), 0);
    CHECK_INT(idset_has(&s, 1), 0);
    CHECK_INT(idset_has(&s, UINT64_MAX), 0);

    /* Id 0 (the empty-slot marker) is a member like any other. */
    CHECK_INT(idset_add(&s, 0), 1);
    CHECK_INT(idset_has(&s, 0), 1);
    CHECK_INT(idset_count(&s), 1);
    CHECK_INT(idset_add(&s, 0), 0);
    CHECK_INT(idset_count(&s), 1);
    CHECK_INT(idset_has(&s, 1), 0);

    CHECK_INT(idset_add(&s, 1), 1);
    CHECK_INT(idset_add(&s, UINT64_MAX), 1);
    CHECK_INT(idset_add(&s, 1), 0);
    CHECK_INT(idset_count(&s), 3);
    CHECK_INT(idset_has(&s, 1), 1);
    CHECK_INT(idset_has(&s, UINT64_MAX), 1);
    CHECK_INT(idset_has(&s, 2), 0);

    /* Clear empties it, id 0 included, and it can be filled again. */
    idset_clear(&s);
    CHECK_INT(idset_count(&s), 0);
    CHECK_INT(idset_has(&s, 0), 0);
    CHECK_INT(idset_has(&s, 1), 0);
    CHECK_INT(idset_has(&s, UINT64_MAX), 0);
    CHECK_INT(idset_add(&s, 1), 1);
    CHECK_INT(idset_add(&s, 0), 1);
    CHECK_INT(idset_count(&s), 2);
    idset_free(&s);
    CHECK_INT(idset_count(&s), 0);
    CHECK_INT(idset_has(&s, 1), 0);
    /* Usable again after free. */
    CHECK_INT(idset_add(&s, 5), 1);
    CHECK_INT(idset_has(&s, 5), 1);
    idset_free(&s);
    idset_free(&s);

    /* A cleared empty set is fine too. */
    idset_t e = { 0 };
    idset_clear(&e);
    CHECK_INT(idset_count(&e), 0);
    idset_free(&e);
}

static void test_idset_growth(void)
{
    /* Past 100000 ids: sequential ids (neighbours in the table), then
     * hashed ones, then ids that all share their low 32 bits (one long
     * probe chain). Every id is found and no other. */
    idset_t s = { 0 };
    const uint64_t n = 150000;
    int wrong = 0;
    for (uint64_t i = 1; i <= n; i++)
        if (idset_add(&s, i) != 1)
            wrong++;
    CHECK_INT(wrong, 0);
    CHECK_INT(idset_count(&s), n);
    wrong = 0;
    for (uint64_t i = 1; i <= n; i++)
        if (!idset_has(&s, i) || idset_add(&s, i) != 0)
            wrong++;
    for (uint64_t i = n + 1; i <= n + 1000; i++)
        if (idset_has(&s, i))
            wrong++;
    CHECK_INT(wrong, 0);
    CHECK_INT(idset_count(&s), n);
    CHECK_INT(idset_has(&s, 0), 0);

    idset_clear(&s);
    CHECK_INT(idset_count(&s), 0);
    wrong = 0;
    for (uint64_t i = 1; i <= n; i += 997)
        if (idset_has(&s, i))
            wrong++;
    CHECK_INT(wrong, 0);

    /* Hashed ids, with 0 among them. */
    wrong = 0;
    CHECK_INT(idset_add(&s, 0), 1);
    for (uint64_t i = 0; i < 120000; i++)
        if (idset_add(&s, mg_hash(&i, sizeof i, MG_HASH_SEED)) != 1)
            wrong++;
    CHECK_INT(wrong, 0);
    CHECK_INT(idset_count(&s), 120001);
    wrong = 0;
    for (uint64_t i = 0; i < 120000; i++)
        if (!idset_has(&s, mg_hash(&i, sizeof i, MG_HASH_SEED)))
            wrong++;
    for (uint64_t i = 120000; i < 121000; i++)
        if (idset_has(&s, mg_hash(&i, sizeof i, MG_HASH_SEED)))
            wrong++;
    CHECK_INT(wrong, 0);
    CHECK_INT(idset_has(&s, 0), 1);
    idset_clear(&s);

    /* Colliding low bits. */
    wrong = 0;
    for (uint64_t i = 1; i <= 3000; i++)
        if (idset_add(&s, i << 32) != 1)
            wrong++;
    for (uint64_t i = 1; i <= 3000; i++)
        if (!idset_has(&s, i << 32) || idset_has(&s, (i << 32) | 1))
            wrong++;
    CHECK_INT(wrong, 0);
    CHECK_INT(idset_count(&s), 3000);
    idset_free(&s);
}

int main(void)
{
    test_round_trip_full();
    test_round_trip_null_and_empty();
    test_round_trip_big();
    test_round_trip_binaryish();
    test_corrupt_header();
    test_corrupt_truncated();
    test_corrupt_flipped();
    test_corrupt_raw_length();
    test_corrupt_raw_layout();
    test_hash();
    test_hash_hex_parse();
    test_idset_basic();
    test_idset_growth();
    return check_report();
}
