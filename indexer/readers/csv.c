/* csv.c - reader_csv: comma-, semicolon- or tab-separated values (RFC 4180:
 * quoted fields with "" escapes, line breaks inside quotes, CRLF), one
 * article per row under a header row. Columns are matched to article fields
 * by their header names (the JSON Lines names, in any case) or by --map
 * COLUMN=FIELD, which wins; other columns are ignored. A bad row is
 * reported as "path:line: reason" and the rows around it are kept: a quote
 * that is never closed costs only the line it opens on, whose following
 * lines are split again as rows; a row short of trailing cells is read
 * with them empty (one warning a file). UTF-16 input (with a byte-order mark) is
 * decoded with iconv; other bytes are repaired as UTF-8/Windows-1252.
 * Reached only through reader_csv (indexer/formats.c picks it for .csv and
 * .tsv); it emits morgue_article_t values and knows nothing of the index. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chars.h"
#include "reader.h"

#define CSV_BLOCK (64 * 1024)     /* bytes read or decoded at a time */
#define CSV_ROW_MAX (16u << 20)   /* bytes of one row kept; a longer row is skipped */
#define CSV_HEAD_MAX (64 * 1024)  /* bytes of the first row looked at for its separator */
#define SHOWN_MAX 60              /* bytes of a bad value quoted in a warning */
#define NAMES_SHOWN 160           /* bytes of the header listed in a warning */

#define CSV_EOF (-1)              /* src_get: no more bytes */
#define CSV_ERROR (-2)            /* src_get: a read error or out of memory */

/* ---- fields and the header names that go to them ------------------- */

static const char *const keys_id[] = {"id", NULL};
static const char *const keys_url[] = {"url", "link", NULL};
static const char *const keys_title[] = {"title", "headline", NULL};
static const char *const keys_date[] = {"date", "published", "published_at",
                                        "date_publish", NULL};
static const char *const keys_source[] = {"source", "site", "site_name",
                                          "publisher", NULL};
static const char *const keys_author[] = {"author", "byline", "authors", NULL};
static const char *const keys_place[] = {"place", "dateline", "location", NULL};
static const char *const keys_language[] = {"language", "lang", NULL};
static const char *const keys_body[] = {"body", "text", "content", "maintext",
                                        "article", NULL};
static const char *const keys_topic[] = {"topic", "topics", NULL};
static const char *const keys_person[] = {"person", NULL};
static const char *const keys_org[] = {"org", NULL};
static const char *const keys_company[] = {"company", NULL};
static const char *const keys_exchange[] = {"exchange", NULL};
static const char *const keys_category[] = {"category", "section", NULL};
static const char *const keys_group[] = {"group", NULL};
static const char *const keys_keyword[] = {"keyword", "keywords", "tags", NULL};

enum { F_ID, F_URL, F_TITLE, F_DATE, F_SOURCE, F_AUTHOR, F_PLACE,
       F_LANGUAGE, F_BODY, F_TAGS /* first tag field */ };

typedef struct csv_field {
    const char *name;            /* what --map takes; a tag's query field */
    const char *const *keys;     /* header names mapped to it automatically */
} csv_field_t;

static const csv_field_t fields[] = {
    {"id", keys_id}, {"url", keys_url}, {"title", keys_title},
    {"date", keys_date}, {"source", keys_source}, {"author", keys_author},
    {"place", keys_place}, {"language", keys_language}, {"body", keys_body},
    {"topic", keys_topic}, {"person", keys_person}, {"org", keys_org},
    {"company", keys_company}, {"exchange", keys_exchange},
    {"category", keys_category}, {"group", keys_group},
    {"keyword", keys_keyword},
};
#define NFIELDS (sizeof fields / sizeof *fields)

/* ---- the byte source ----------------------------------------------- */

/* The input's bytes as UTF-8 (UTF-16 decoded, a byte-order mark dropped),
 * after any bytes given back to be split again. */
typedef struct csv_source {
    input_t *in;
    iconv_t cd;          /* UTF-16 to UTF-8, or (iconv_t)-1 */
    char *wide;          /* undecoded UTF-16 bytes (CSV_BLOCK) */
    size_t wide_len;     /* how many are in wide */
    int in_eof;          /* in has given all its bytes */
    char *buf;           /* bytes ready (CSV_BLOCK) */
    size_t pos, end;     /* next byte of buf, end of the ready ones */
    char *again;         /* bytes to give again before buf's, or NULL */
    size_t again_pos, again_len;
    int eof;             /* nothing more from in */
    int failed;          /* a read error (input_error) or out of memory */
    int bad_utf16;       /* invalid UTF-16 was replaced by U+FFFD */
} csv_source_t;

/* Decode more UTF-16 into buf. Returns 1, 0 at the end, -1 on an error. */
static int src_fill_utf16(csv_source_t *s)
{
    for (;;) {
        char *inp = s->wide, *outp = s->buf;
        size_t inleft, outleft = CSV_BLOCK;

        if (!s->in_eof && s->wide_len < CSV_BLOCK) {
            long got = input_read(s->in, s->wide + s->wide_len,
                                  CSV_BLOCK - s->wide_len);
            if (got < 0)
                return -1;
            s->in_eof = got == 0;
            s->wide_len += (size_t)got;
        }
        if (s->wide_len == 0)
            return 0;
        inleft = s->wide_len;
        if (iconv(s->cd, &inp, &inleft, &outp, &outleft) == (size_t)-1) {
            if (errno == EILSEQ && outleft >= 3 && inleft >= 2) {
                memcpy(outp, "\xEF\xBF\xBD", 3);
                outp += 3;
                inp += 2;
                inleft -= 2;
                s->bad_utf16 = 1;
            } else if (errno == EINVAL && s->in_eof) {
                inleft = 0; /* an odd last byte */
                s->bad_utf16 = 1;
            }
        }
        memmove(s->wide, inp, inleft);
        s->wide_len = inleft;
        if (outp > s->buf) {
            s->pos = 0;
            s->end = (size_t)(outp - s->buf);
            return 1;
        }
    }
}

/* Refill buf. Returns 1, 0 at the end, -1 on an error. */
static int src_fill(csv_source_t *s)
{
    long got;
    int r;

    if (s->failed)
        return -1;
    if (s->eof)
        return 0;
    if (s->cd != (iconv_t)-1) {
        r = src_fill_utf16(s);
    } else {
        got = input_read(s->in, s->buf, CSV_BLOCK);
        r = got < 0 ? -1 : got > 0;
        if (got > 0) {
            s->pos = 0;
            s->end = (size_t)got;
        }
    }
    s->failed = r < 0;
    s->eof = r == 0;
    return r;
}

/* The next byte (0-255), CSV_EOF or CSV_ERROR. */
static inline int src_get(csv_source_t *s)
{
    int r;

    if (s->again_pos < s->again_len)
        return (unsigned char)s->again[s->again_pos++];
    if (s->pos == s->end && (r = src_fill(s)) <= 0)
        return r == 0 ? CSV_EOF : CSV_ERROR;
    return (unsigned char)s->buf[s->pos++];
}

/* Give n bytes back: they come again before anything not yet read.
 * Returns 0, or -1 when out of memory. */
static int src_again(csv_source_t *s, const char *bytes, size_t n)
{
    size_t rest = s->again_len - s->again_pos;
    char *joined;

    if (n == 0)
        return 0;
    joined = malloc(n + rest);
    if (!joined) {
        s->failed = 1;
        return -1;
    }
    memcpy(joined, bytes, n);
    if (rest > 0)
        memcpy(joined + n, s->again + s->again_pos, rest);
    free(s->again);
    s->again = joined;
    s->again_pos = 0;
    s->again_len = n + rest;
    return 0;
}

/* Start reading in: drop a UTF-8 byte-order mark, or set up UTF-16
 * decoding after a UTF-16 one. Returns 0, or -1 when out of memory. */
static int src_open(csv_source_t *s, input_t *in)
{
    const char *head;
    size_t n = input_peek(in, &head, 3);
    char skip[3];
    int le = n >= 2 && memcmp(head, "\xFF\xFE", 2) == 0;
    int be = n >= 2 && memcmp(head, "\xFE\xFF", 2) == 0;

    memset(s, 0, sizeof *s);
    s->in = in;
    s->cd = (iconv_t)-1;
    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        input_read(in, skip, 3);
    if (le || be) {
        input_read(in, skip, 2);
        s->cd = iconv_open("UTF-8", le ? "UTF-16LE" : "UTF-16BE");
        s->wide = malloc(CSV_BLOCK);
        if (s->cd == (iconv_t)-1 || !s->wide)
            return -1;
    }
    s->buf = malloc(CSV_BLOCK);
    return s->buf ? 0 : -1;
}

static void src_close(csv_source_t *s)
{
    if (s->cd != (iconv_t)-1)
        iconv_close(s->cd);
    free(s->wide);
    free(s->buf);
    free(s->again);
}

/* ---- the splitter -------------------------------------------------- */

enum split_state {
    ST_START,      /* at the start of a field */
    ST_PLAIN,      /* in an unquoted field */
    ST_QUOTED,     /* inside quotes */
    ST_QUOTE_END   /* a quote seen inside quotes: "" or the closing one */
};

/* A growable byte buffer. */
typedef struct csv_buf {
    char *data;
    size_t len, cap;
} csv_buf_t;

/* Splits the source into rows of fields; holds the row split last. */
typedef struct csv_split {
    csv_source_t src;
    int sep;                /* ',', ';' or '\t' */
    unsigned long line;     /* line of the next byte */
    enum split_state state; /* where the row being split is */
    csv_buf_t text;         /* the row's fields, each followed by a NUL */
    csv_buf_t raw;          /* the row's bytes as read (to split again) */
    size_t *starts;         /* where each field starts in text */
    size_t *lens;           /* its length */
    size_t nfields, fields_cap;
    const char **field;     /* the fields, after split_row (fields_cap) */
    unsigned long row_line; /* line the row starts on */
    unsigned long row_last; /* line it ends on */
    int open_quote;         /* the input ended inside quotes */
    int overlong;           /* over CSV_ROW_MAX: its text was dropped */
    int runaway;            /* overlong inside quotes: cut there */
    int multiline;          /* a quoted field holds a line break */
    int quoted;             /* some field of the row was quoted */
    int stray_quote;        /* 1-based field with text after its closing quote, or 0 */
    int oom;                /* out of memory */
} csv_split_t;

static void buf_put(csv_split_t *sp, csv_buf_t *b, char c)
{
    if (b->len == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        char *grown = realloc(b->data, cap);
        if (!grown) {
            sp->oom = 1;
            return;
        }
        b->data = grown;
        b->cap = cap;
    }
    b->data[b->len++] = c;
}

/* End the field being split. */
static void end_field(csv_split_t *sp, size_t *field_start)
{
    if (sp->nfields == sp->fields_cap) {
        size_t cap = sp->fields_cap ? sp->fields_cap * 2 : 16;
        size_t *starts = realloc(sp->starts, cap * sizeof *starts);
        size_t *lens = starts ? realloc(sp->lens, cap * sizeof *lens) : NULL;
        const char **field = lens ? realloc(sp->field, cap * sizeof *field) : NULL;
        if (starts)
            sp->starts = starts;
        if (lens)
            sp->lens = lens;
        if (!field) {
            sp->oom = 1;
            return;
        }
        sp->field = field;
        sp->fields_cap = cap;
    }
    sp->starts[sp->nfields] = *field_start;
    sp->lens[sp->nfields] = sp->text.len - *field_start;
    sp->nfields++;
    buf_put(sp, &sp->text, '\0');
    *field_start = sp->text.len;
}

/* Take one byte of the row. Returns 1 when it ends the row. */
static int feed(csv_split_t *sp, int c, size_t *field_start)
{
    switch (sp->state) {
    case ST_START:
        if (c == '"') {
            sp->state = ST_QUOTED;
            sp->quoted = 1;
            return 0;
        }
        /* fall through */
    case ST_PLAIN:
        if (c == sp->sep || c == '\n') {
            end_field(sp, field_start);
            sp->state = ST_START;
            return c == '\n';
        }
        sp->state = ST_PLAIN;
        break;
    case ST_QUOTED:
        if (c == '"') {
            sp->state = ST_QUOTE_END;
            return 0;
        }
        sp->multiline |= c == '\n';
        break;
    case ST_QUOTE_END:
        if (c == '"') {
            sp->state = ST_QUOTED;
            break;
        }
        if (c == sp->sep || c == '\n') {
            end_field(sp, field_start);
            sp->state = ST_START;
            return c == '\n';
        }
        if (!sp->stray_quote)
            sp->stray_quote = (int)sp->nfields + 1;
        sp->state = ST_PLAIN;
        break;
    }
    if (!sp->overlong)
        buf_put(sp, &sp->text, (char)c);
    return 0;
}

/* Split the next row into sp's fields. A "\r" before "\n" is dropped
 * (inside quotes too). Returns 1 for a row, 0 at the end, -1 on a read
 * error or when out of memory. */
static int split_row(csv_split_t *sp)
{
    size_t field_start = 0, got = 0;
    int cr = 0, c;

    sp->text.len = sp->raw.len = sp->nfields = 0;
    sp->open_quote = sp->overlong = sp->runaway = sp->multiline = 0;
    sp->quoted = 0;
    sp->stray_quote = 0;
    sp->state = ST_START;
    sp->row_line = sp->row_last = sp->line;
    for (;;) {
        c = src_get(&sp->src);
        if (c == CSV_ERROR || sp->oom)
            return -1;
        if (c == CSV_EOF) {
            if (got == 0)
                return 0;
            sp->open_quote = sp->state == ST_QUOTED;
            end_field(sp, &field_start);
            break;
        }
        got++;
        sp->row_last = sp->line;
        sp->line += c == '\n';
        if (!sp->overlong)
            buf_put(sp, &sp->raw, (char)c);
        if (sp->raw.len >= CSV_ROW_MAX && !sp->overlong) {
            sp->overlong = 1;
            if (sp->state == ST_QUOTED) {
                sp->runaway = 1;
                end_field(sp, &field_start);
                break;
            }
        }
        if (c == '\r') {
            if (cr)
                feed(sp, '\r', &field_start);
            cr = 1;
            continue;
        }
        if (cr && c != '\n')
            feed(sp, '\r', &field_start);
        cr = 0;
        if (feed(sp, c, &field_start))
            break;
    }
    if (sp->oom)
        return -1;
    for (size_t i = 0; i < sp->nfields; i++)
        sp->field[i] = sp->text.data + sp->starts[i];
    return 1;
}

/* Choose the separator from the first row that is not blank: the most
 * frequent of ',' '\t' ';' outside quotes (ties in that order; ',' when
 * there is none). The bytes looked at are given back (a read error stays
 * for split_row to meet after them). Returns 0, or -1 when out of memory. */
static int detect_separator(csv_split_t *sp)
{
    static const char candidates[] = {',', '\t', ';'};
    size_t count[3] = {0, 0, 0}, n = 0;
    char *head = malloc(CSV_HEAD_MAX);
    int quoted = 0, seen = 0, c, best = 0, rc;

    if (!head)
        return -1;
    while (n < CSV_HEAD_MAX && (c = src_get(&sp->src)) >= 0) {
        head[n++] = (char)c;
        if (c == '"')
            quoted = !quoted;
        if (c == '\n' && !quoted && seen)
            break;
        seen |= !chars_is_space((char)c);
        for (int i = 0; i < 3 && !quoted; i++)
            count[i] += c == candidates[i];
    }
    for (int i = 1; i < 3; i++)
        if (count[i] > count[best])
            best = i;
    sp->sep = candidates[best];
    rc = src_again(&sp->src, head, n);
    free(head);
    return rc;
}

/* Split the lines after the first line of the current row again. */
static int split_again(csv_split_t *sp)
{
    const char *nl = memchr(sp->raw.data, '\n', sp->raw.len);
    size_t skip;

    if (!nl)
        return 0;
    skip = (size_t)(nl - sp->raw.data) + 1;
    sp->line = sp->row_line + 1;
    return src_again(&sp->src, nl + 1, sp->raw.len - skip);
}

static void split_free(csv_split_t *sp)
{
    src_close(&sp->src);
    free(sp->text.data);
    free(sp->raw.data);
    free(sp->starts);
    free(sp->lens);
    free(sp->field);
}

/* ---- one file ------------------------------------------------------ */

typedef struct csv_file {
    const reader_ctx_t *ctx;
    csv_split_t sp;
    size_t ncolumns;        /* fields of the header row */
    char **names;           /* the header's names, repaired and trimmed */
    unsigned long header_line;
    int *cols;              /* NFIELDS lists of ncolumns column numbers */
    size_t ncols[NFIELDS];  /* how many columns each field reads */
    char **owned;           /* strings of the row being built (nowned_cap) */
    size_t nowned, nowned_cap;
    morgue_tag_t *tags;     /* the row's tags (nowned_cap) */
    char date[11];
    int warned_utf8;        /* invalid UTF-8 was reported for this file */
    unsigned long short_line; /* the first row with fewer fields than the header */
    size_t short_fields;    /* its fields */
    unsigned long nshort;   /* rows with fewer fields, read with empty cells */
    int skipped;            /* a row was lost */
    int failed;             /* out of memory */
} csv_file_t;

/* A field repaired into UTF-8 and trimmed, as a malloc'd string, or NULL
 * when nothing is left (or out of memory: f->failed). Invalid UTF-8 is
 * reported once a file, on the first line that has it. */
static char *clean(csv_file_t *f, const char *s, size_t len)
{
    char *out = NULL;
    int repaired = 0;

    if (morgue_text_repair(s, len, &out, NULL, &repaired) != MORGUE_OK) {
        f->failed = 1;
        return NULL;
    }
    if ((repaired & MORGUE_REPAIRED_DECODED) && !f->warned_utf8) {
        reader_warn(f->ctx, f->sp.row_line, 0,
                    "invalid UTF-8 decoded as Windows-1252 (reported once a file)");
        f->warned_utf8 = 1;
    }
    return chars_trim(out);
}

/* ---- the header ---------------------------------------------------- */

static int field_by_name(const char *name)
{
    for (size_t i = 0; i < NFIELDS; i++)
        if (strcasecmp(fields[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* The first column called name (any case, spaces around ignored), or -1. */
static long column_by_name(const csv_file_t *f, const char *name)
{
    size_t len;

    while (chars_is_space(*name))
        name++;
    len = strlen(name);
    while (len > 0 && chars_is_space(name[len - 1]))
        len--;
    for (size_t i = 0; i < f->ncolumns; i++)
        if (f->names[i] && strlen(f->names[i]) == len &&
            strncasecmp(f->names[i], name, len) == 0)
            return (long)i;
    return -1;
}

static void add_column(csv_file_t *f, size_t field, size_t col)
{
    f->cols[field * f->ncolumns + f->ncols[field]++] = (int)col;
}

/* Apply the --map options; sets by_map[field] and taken[column]. */
static void apply_map(csv_file_t *f, int *by_map, char *taken)
{
    const reader_ctx_t *ctx = f->ctx;

    for (size_t i = 0; i < ctx->nmap; i++) {
        const reader_map_t *m = &ctx->map[i];
        int field = field_by_name(m->field);
        long col = column_by_name(f, m->column);
        if (field < 0) {
            reader_warn(ctx, f->header_line, 0,
                        "--map %s=%s: unknown field \"%s\" (id, url, title, "
                        "date, source, author, place, language, body, topic, "
                        "person, org, company, exchange, category, group, "
                        "keyword); ignored", m->column, m->field, m->field);
        } else if (col < 0) {
            reader_warn(ctx, f->header_line, 0,
                        "--map %s=%s: no column \"%s\" in the header; ignored",
                        m->column, m->field, m->column);
        } else if (f->ncols[field] < f->ncolumns) {
            add_column(f, (size_t)field, (size_t)col);
            by_map[field] = 1;
            taken[col] = 1;
        }
    }
}

/* Map the columns no --map option took, by their names. */
static void apply_names(csv_file_t *f, const int *by_map, char *taken)
{
    for (size_t field = 0; field < NFIELDS; field++) {
        if (by_map[field])
            continue;
        for (const char *const *key = fields[field].keys; *key; key++)
            for (size_t col = 0; col < f->ncolumns; col++)
                if (!taken[col] && f->names[col] &&
                    strcasecmp(f->names[col], *key) == 0) {
                    add_column(f, field, col);
                    taken[col] = 1;
                }
    }
}

/* The header's names, for a message: "a, b, c" cut to NAMES_SHOWN. */
static void list_names(const csv_file_t *f, char *out, size_t size)
{
    size_t n = 0;

    out[0] = '\0';
    for (size_t i = 0; i < f->ncolumns && n + 1 < size; i++) {
        const char *name = f->names[i] ? f->names[i] : "";
        int w = snprintf(out + n, size - n, "%s\"%.*s\"", i ? ", " : "",
                         chars_shown_len(name, SHOWN_MAX), name);
        if (w < 0 || (size_t)w >= size - n) {
            out[n] = '\0';
            snprintf(out + n, size - n, "%s", n + 5 < size ? ", ..." : "");
            break;
        }
        n += (size_t)w;
    }
}

/* Read the header row just split. Returns 0, or -1 (warned) when the
 * file cannot be read as articles. */
static int read_header(csv_file_t *f)
{
    csv_split_t *sp = &f->sp;
    int by_map[NFIELDS] = {0};
    size_t ntags = 0;
    char *taken, shown[NAMES_SHOWN + 8];

    f->header_line = sp->row_line;
    if (sp->open_quote || sp->overlong) {
        reader_warn(f->ctx, sp->row_line, 1, "%s in the header row",
                    sp->overlong ? "over 16 MiB" : "unterminated quote");
        return -1;
    }
    f->ncolumns = sp->nfields;
    f->names = calloc(f->ncolumns, sizeof *f->names);
    f->cols = malloc(NFIELDS * f->ncolumns * sizeof *f->cols);
    taken = calloc(f->ncolumns, 1);
    if (!f->names || !f->cols || !taken) {
        free(taken);
        reader_warn(f->ctx, 0, 1, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < f->ncolumns; i++)
        f->names[i] = clean(f, sp->field[i], sp->lens[i]);
    apply_map(f, by_map, taken);
    apply_names(f, by_map, taken);
    free(taken);
    if (f->ncols[F_TITLE] == 0 && f->ncols[F_BODY] == 0) {
        list_names(f, shown, sizeof shown);
        reader_warn(f->ctx, f->header_line, 1,
                    "no title or body column in the header (%s); name one "
                    "with --map COLUMN=body", shown);
        return -1;
    }
    for (size_t i = F_TAGS; i < NFIELDS; i++)
        ntags += f->ncols[i];
    f->nowned_cap = F_TAGS + ntags;
    f->owned = calloc(f->nowned_cap, sizeof *f->owned);
    f->tags = calloc(ntags ? ntags : 1, sizeof *f->tags);
    if (!f->owned || !f->tags) {
        reader_warn(f->ctx, 0, 1, "out of memory");
        return -1;
    }
    return 0;
}

/* ---- rows ---------------------------------------------------------- */

/* The first non-empty value of the columns of field, owned, or NULL. */
static const char *value_of(csv_file_t *f, size_t field)
{
    const csv_split_t *sp = &f->sp;

    for (size_t i = 0; i < f->ncols[field]; i++) {
        int col = f->cols[field * f->ncolumns + i];
        char *s;
        if ((size_t)col >= sp->nfields)
            continue;   /* a missing trailing cell: empty */
        s = clean(f, sp->field[col], sp->lens[col]);
        if (s) {
            f->owned[f->nowned++] = s;
            return s;
        }
    }
    return NULL;
}

/* The row's tags: one a non-empty tag column. */
static size_t tags_of(csv_file_t *f)
{
    const csv_split_t *sp = &f->sp;
    size_t n = 0;

    for (size_t field = F_TAGS; field < NFIELDS; field++)
        for (size_t i = 0; i < f->ncols[field]; i++) {
            int col = f->cols[field * f->ncolumns + i];
            char *s;
            if ((size_t)col >= sp->nfields)
                continue;
            s = clean(f, sp->field[col], sp->lens[col]);
            if (!s)
                continue;
            f->owned[f->nowned++] = s;
            f->tags[n].field = fields[field].name;
            f->tags[n++].value = s;
        }
    return n;
}

static const char *date_of(csv_file_t *f)
{
    const char *s = value_of(f, F_DATE);

    if (!s)
        return NULL;
    if (morgue_date_parse(s, f->date) == MORGUE_OK)
        return f->date;
    reader_warn(f->ctx, f->sp.row_line, 0,
                "unrecognised date \"%.*s\", indexed without one",
                chars_shown_len(s, SHOWN_MAX), s);
    return NULL;
}

/* Turn the row just split into an article and emit it. Returns -1 when
 * emit asks to stop, 1 when the row was skipped, 0 otherwise. */
static int emit_row(csv_file_t *f)
{
    const csv_split_t *sp = &f->sp;
    morgue_article_t a;
    int rc = 0;

    memset(&a, 0, sizeof a);
    f->nowned = 0;
    a.id = value_of(f, F_ID);
    a.url = value_of(f, F_URL);
    a.title = value_of(f, F_TITLE);
    a.date = date_of(f);
    a.source = value_of(f, F_SOURCE);
    a.author = value_of(f, F_AUTHOR);
    a.place = value_of(f, F_PLACE);
    a.language = value_of(f, F_LANGUAGE);
    a.body = value_of(f, F_BODY);
    a.ntags = tags_of(f);
    a.tags = a.ntags ? f->tags : NULL;
    a.path = f->ctx->path;
    a.line = sp->row_line;
    if (f->failed) {
        reader_warn(f->ctx, sp->row_line, 1, "out of memory");
        rc = 1;
    } else if (!a.title && !a.body) {
        reader_warn(f->ctx, sp->row_line, 1, "no title or body");
        rc = 1;
    } else {
        if (!a.body)
            a.body = a.title; /* a headline-only row */
        rc = f->ctx->emit(f->ctx->sink, &a) ? -1 : 0;
    }
    for (size_t i = 0; i < f->nowned; i++)
        free(f->owned[i]);
    return rc;
}

/* A row holding only empty fields beyond the header's count is taken as
 * having the header's count (spreadsheets pad rows with separators). */
static size_t fields_used(const csv_file_t *f)
{
    size_t n = f->sp.nfields;

    while (n > f->ncolumns && f->sp.lens[n - 1] == 0)
        n--;
    return n;
}

/* Skip the row after a quote that never closed: only its first line is
 * lost, the lines after it are split again. Returns 1, or -1 on an error. */
static int skip_first_line(csv_file_t *f, const char *why)
{
    csv_split_t *sp = &f->sp;

    reader_warn(f->ctx, sp->row_line, 1,
                "%s; this line skipped, the lines after it read again", why);
    return split_again(sp) < 0 ? -1 : 1;
}

/* Check and emit one row. Returns -1 to stop (emit or an error), 1 when
 * the row was skipped, 0 otherwise. */
static int read_row(csv_file_t *f)
{
    csv_split_t *sp = &f->sp;
    size_t n = fields_used(f);
    char why[160];
    int rc;

    if (sp->runaway)
        return skip_first_line(f, "quoted field over 16 MiB, taken as a "
                                  "quote never closed");
    if (sp->overlong) {
        reader_warn(f->ctx, sp->row_line, 1, "row over 16 MiB; skipped");
        return 1;
    }
    if (sp->open_quote)
        return skip_first_line(f, "unterminated quote in the row starting here");
    if (n != f->ncolumns && sp->multiline) {
        snprintf(why, sizeof why,
                 "stray quote: the row starting here runs to line %lu with "
                 "%zu fields, the header has %zu",
                 sp->row_last, n, f->ncolumns);
        return skip_first_line(f, why);
    }
    if (n > f->ncolumns) {
        reader_warn(f->ctx, sp->row_line, 1,
                    "%zu fields, the header has %zu; row skipped", n,
                    f->ncolumns);
        return 1;
    }
    if (sp->stray_quote)
        reader_warn(f->ctx, sp->row_line, 0,
                    "text after the closing quote of field %d, kept",
                    sp->stray_quote);
    rc = emit_row(f);
    /* a short row read is reported once, at the end of the file; one
     * skipped for its own reason ("no title or body") has said so */
    if (rc == 0 && n < f->ncolumns && f->nshort++ == 0) {
        f->short_line = sp->row_line;
        f->short_fields = n;
    }
    return rc;
}

static int blank_row(const csv_split_t *sp)
{
    return sp->nfields == 1 && sp->lens[0] == 0 && !sp->quoted;
}

/* Is the file named path a .tsv (perhaps .tsv.gz)? */
static int tsv_name(const char *path)
{
    size_t n = path ? strlen(path) : 0;

    if (n >= 3 && strcasecmp(path + n - 3, ".gz") == 0)
        n -= 3;
    return n >= 4 && strncasecmp(path + n - 4, ".tsv", 4) == 0;
}

/* Split the header and emit every row after it. */
static reader_result_t split_rows(csv_file_t *f, input_t *in)
{
    csv_split_t *sp = &f->sp;
    int got, have_header = 0;
    unsigned long last = 0; /* the last line of the last whole row */

    while ((got = split_row(sp)) > 0) {
        int rc;
        if (blank_row(sp)) {
            last = sp->row_last;
            continue;
        }
        if (!have_header) {
            if (read_header(f) < 0)
                return READ_FAILED;
            have_header = 1;
            last = sp->row_last;
            continue;
        }
        rc = read_row(f);
        if (rc < 0 && !sp->src.failed)
            return READ_STOPPED;
        if (rc < 0)
            break;
        f->skipped |= rc;
        last = sp->row_last;
    }
    if (sp->src.failed || got < 0) {
        const char *why = input_error(in) ? input_error(in) : "out of memory";
        reader_warn(f->ctx, 0, 1, "%s after line %lu", why, last);
        return have_header ? READ_PARTIAL : READ_FAILED;
    }
    if (!have_header) {
        reader_warn(f->ctx, 0, 1, "empty file");
        return READ_FAILED;
    }
    return f->skipped ? READ_PARTIAL : READ_OK;
}

/* Rows short of trailing cells were read with them empty: one warning a
 * file, on the first such row, saying how many more there were. */
static void report_short_rows(csv_file_t *f)
{
    if (f->nshort == 0)
        return;
    if (f->nshort == 1)
        reader_warn(f->ctx, f->short_line, 0, "%zu fields, the header has %zu; "
                    "the missing trailing cells read as empty",
                    f->short_fields, f->ncolumns);
    else
        reader_warn(f->ctx, f->short_line, 0, "%zu fields, the header has %zu; "
                    "the missing trailing cells read as empty (and %lu more "
                    "rows like it)", f->short_fields, f->ncolumns,
                    f->nshort - 1);
}

/* Split and emit every row after the header. */
static reader_result_t read_rows(csv_file_t *f, input_t *in)
{
    reader_result_t result = split_rows(f, in);

    report_short_rows(f);
    return result;
}

static reader_result_t csv_read(input_t *in, const reader_ctx_t *ctx)
{
    csv_file_t f;
    reader_result_t result;

    memset(&f, 0, sizeof f);
    f.ctx = ctx;
    f.sp.line = 1;
    if (src_open(&f.sp.src, in) < 0) {
        reader_warn(ctx, 0, 1, "out of memory");
        result = READ_FAILED;
    } else if (tsv_name(ctx->path)) {
        f.sp.sep = '\t';
        result = read_rows(&f, in);
    } else if (detect_separator(&f.sp) < 0) {
        reader_warn(ctx, 0, 1, "out of memory");
        result = READ_FAILED;
    } else {
        result = read_rows(&f, in);
    }
    if (f.sp.src.bad_utf16 && result != READ_FAILED) {
        reader_warn(ctx, 0, 0, "invalid UTF-16 replaced by U+FFFD");
    }
    for (size_t i = 0; i < f.ncolumns && f.names; i++)
        free(f.names[i]);
    free(f.names);
    free(f.cols);
    free(f.owned);
    free(f.tags);
    split_free(&f.sp);
    return result;
}

static const char *const csv_extensions[] = { ".csv", ".tsv", NULL };

/* CSV has no signature that text lacks: no sniff (.csv, .tsv, or
 * --format csv). */
const reader_t reader_csv = { "csv", csv_extensions, NULL, csv_read };
