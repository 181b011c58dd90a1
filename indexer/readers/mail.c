/* mail.c - reader_mail: Internet messages (RFC 5322 and its Usenet
 * ancestor RFC 1036): one post or .eml per file, or an mbox holding many,
 * split on "From " lines (">From " unquoted). The header fields give the
 * article's fields (From, Subject, Date, Newsgroups or List-Id,
 * Message-ID, Keywords), the text/plain parts its body (text/html ones
 * through markup_text when there is no plain part); attachments are
 * ignored. A post without Newsgroups in a folder named like a newsgroup
 * (comp.graphics/) gets the folder as its group. MIME decoding is
 * indexer/parse/mime.c's; this file only maps messages to articles.
 * Reached only through reader_mail (indexer/formats.c picks it); it emits
 * morgue_article_t values and knows nothing of the index. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chars.h"
#include "owned.h"
#include "parse/html_fragment.h"
#include "parse/mime.h"
#include "reader.h"

#define MAIL_MAX_BYTES (32u << 20) /* longest message read; the rest is cut (a
                                     bound on memory: morgue-index(1), LIMITS) */
#define MAIL_MAX_TAGS 64           /* most group and keyword tags kept */
#define SHOWN_MAX 60               /* bytes of a bad value quoted in a warning */
#define SNIFF_MIN_FIELDS 2         /* header fields a sniffed file must open with */

/* One message as read from the input. */
typedef struct mail_msg {
    char *text;            /* the message's lines, each ending in "\n" */
    size_t len;            /* bytes in text */
    size_t cap;            /* bytes allocated */
    unsigned long line;    /* its first line in an mbox, 0 in a file of one */
    char *envelope;        /* the mbox "From " line after "From ", or NULL */
    int cut;               /* longer than MAIL_MAX_BYTES: the rest dropped */
    int failed;            /* out of memory while reading it */
} mail_msg_t;

/* The article being built from one message; owns every string it uses. */
typedef struct mail_art {
    const reader_ctx_t *ctx;
    unsigned long line;        /* for reports: the message's line, or 0 */
    morgue_article_t art;
    char date[11];             /* art.date points here when set */
    morgue_tag_t tags[MAIL_MAX_TAGS];
    owned_t owned;             /* malloc'd strings the article uses */
    mime_notes_t notes;        /* encoding problems met on the way */
    int failed;                /* out of memory */
} mail_art_t;

/* ---- small helpers ------------------------------------------------- */

/* Keep s until the article is emitted; returns s, or NULL (marking the
 * article failed) when s is NULL or there is no room. */
static char *own(mail_art_t *m, char *s)
{
    s = owned_keep(&m->owned, s);
    if (!s)
        m->failed = 1;
    return s;
}

/* An owned copy of [s, s+n) with surrounding white space trimmed, or NULL
 * when nothing is left. Raw header bytes (Newsgroups, a List-Id, a folder
 * name) need not be UTF-8: the copy is repaired like every text field. */
static char *own_trimmed(mail_art_t *m, const char *s, size_t n)
{
    char *out = NULL;

    while (n > 0 && chars_is_space(*s)) {
        s++;
        n--;
    }
    while (n > 0 && chars_is_space(s[n - 1]))
        n--;
    if (n == 0)
        return NULL;
    if (morgue_text_repair(s, n, &out, &n, NULL) == MORGUE_OK && n == 0) {
        free(out);
        return NULL;
    }
    return own(m, out);
}

/* The raw (undecoded) value of a header field, owned, or NULL. */
static char *raw_field(mail_art_t *m, const char *head, size_t len,
                       const char *name)
{
    char *v = NULL;
    int rc = mime_header_get(head, len, name, &v);

    if (rc < 0)
        m->failed = 1;
    if (rc <= 0)
        return NULL;
    if (v[0] == '\0') {
        free(v);
        return NULL;
    }
    return own(m, v);
}

/* A header value decoded to UTF-8 (encoded-words, repair), owned, or NULL
 * when empty. */
static char *decoded(mail_art_t *m, const char *raw)
{
    char *s;

    if (!raw)
        return NULL;
    s = own(m, mime_decode_header(raw, strlen(raw), &m->notes));
    return s && *s ? s : NULL;
}

static void add_tag(mail_art_t *m, const char *field, const char *value)
{
    if (!value || m->art.ntags == MAIL_MAX_TAGS)
        return;
    for (size_t i = 0; i < m->art.ntags; i++)
        if (strcmp(m->tags[i].field, field) == 0 &&
            strcmp(m->tags[i].value, value) == 0)
            return;
    m->tags[m->art.ntags].field = field;
    m->tags[m->art.ntags].value = value;
    m->art.ntags++;
}

/* ---- fields -------------------------------------------------------- */

/* Append [s, s+n) to the growing string *out of *len bytes (sticky). */
static void append(char **out, size_t *len, const char *s, size_t n, int *failed)
{
    char *p;

    if (*failed)
        return;
    if ((p = realloc(*out, *len + n + 1)) == NULL) {
        *failed = 1;
        return;
    }
    memcpy(p + *len, s, n);
    *len += n;
    p[*len] = '\0';
    *out = p;
}

/* The parts of the first mailbox of an address field, split from the raw
 * value: the display phrase (quotes undone), the first comment, and the
 * address in angle brackets. Each is malloc'd (possibly NULL). */
typedef struct mailbox {
    char *phrase, *comment, *angle;
    size_t phrase_len, comment_len, angle_len;
    int failed;
} mailbox_t;

/* Read a comment starting at p ("("); its inner text (nested parens
 * kept) goes to mb->comment when it is the first one. Returns its end. */
static const char *read_comment(const char *p, mailbox_t *mb)
{
    int depth = 0, first = mb->comment == NULL;
    const char *start = p + 1;

    for (; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            continue;
        }
        if (*p == '(')
            depth++;
        else if (*p == ')' && --depth == 0)
            break;
    }
    if (first)
        append(&mb->comment, &mb->comment_len, start, (size_t)(p - start),
               &mb->failed);
    return *p ? p + 1 : p;
}

static void split_mailbox(const char *v, mailbox_t *mb)
{
    const char *p = v;

    while (*p) {
        if (*p == '"') {
            for (p++; *p && *p != '"'; p++) {
                if (*p == '\\' && p[1])
                    p++;
                append(&mb->phrase, &mb->phrase_len, p, 1, &mb->failed);
            }
            if (*p)
                p++;
        } else if (*p == '(') {
            p = read_comment(p, mb);
        } else if (*p == '<') {
            const char *close = strchr(p, '>');
            const char *stop = close ? close : p + strlen(p);
            append(&mb->angle, &mb->angle_len, p + 1, (size_t)(stop - p - 1),
                   &mb->failed);
            break; /* what follows the address is not the name */
        } else {
            append(&mb->phrase, &mb->phrase_len, p, 1, &mb->failed);
            p++;
        }
    }
}

static int has_text(const char *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (!chars_is_space(s[i]))
            return 1;
    return 0;
}

/* From: the display name (a phrase, else an old-style comment), else the
 * address; decoded. */
static const char *author_of(mail_art_t *m, const char *raw)
{
    mailbox_t mb;
    const char *pick;
    size_t n;
    char *name = NULL;

    if (!raw)
        return NULL;
    memset(&mb, 0, sizeof mb);
    split_mailbox(raw, &mb);
    if (has_text(mb.angle, mb.angle_len) && has_text(mb.phrase, mb.phrase_len))
        pick = mb.phrase, n = mb.phrase_len;
    else if (has_text(mb.comment, mb.comment_len))
        pick = mb.comment, n = mb.comment_len;
    else if (has_text(mb.angle, mb.angle_len))
        pick = mb.angle, n = mb.angle_len;
    else
        pick = mb.phrase, n = mb.phrase_len;
    if (mb.failed)
        m->failed = 1;
    else if (pick)
        name = own(m, mime_decode_header(pick, n, &m->notes));
    free(mb.phrase);
    free(mb.comment);
    free(mb.angle);
    return name && *name ? name : NULL;
}

/* List-Id: 'Phrase <list.id>': the phrase, else the id. */
static const char *list_of(mail_art_t *m, const char *raw)
{
    const char *lt = raw ? strchr(raw, '<') : NULL, *gt;
    char *phrase;

    if (!raw)
        return NULL;
    if (!lt)
        return decoded(m, raw);
    phrase = own_trimmed(m, raw, (size_t)(lt - raw));
    if (phrase && phrase[0] == '"') {
        size_t n = strlen(phrase);
        memmove(phrase, phrase + 1, n);
        if (n > 1 && phrase[n - 2] == '"')
            phrase[n - 2] = '\0';
    }
    if (phrase && *phrase)
        return decoded(m, phrase);
    gt = strchr(lt, '>');
    return own_trimmed(m, lt + 1, gt ? (size_t)(gt - lt - 1) : strlen(lt + 1));
}

/* Newsgroups: every group a "group" tag, the first the source. */
static const char *groups_of(mail_art_t *m, const char *raw)
{
    const char *p = raw, *first = NULL;

    while (p && *p) {
        size_t n = 0;
        while (*p == ',' || chars_is_space(*p))
            p++;
        while (p[n] && p[n] != ',' && !chars_is_space(p[n]))
            n++;
        if (n > 0) {
            char *g = own_trimmed(m, p, n);
            add_tag(m, "group", g);
            if (!first)
                first = g;
        }
        p += n;
    }
    return first;
}

/* A folder name that looks like a newsgroup: lower-case dotted words, the
 * first of letters only ("comp.os.ms-windows.misc"). */
static int newsgroup_like(const char *s, size_t n)
{
    size_t parts = 1, i = 0, word = 0;

    while (i < n && s[i] >= 'a' && s[i] <= 'z')
        i++;
    if (i == 0 || i == n || s[i] != '.')
        return 0;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '.') {
            if (word == 0 && i > 0 && s[i - 1] == '.')
                return 0;
            parts++;
            word = 0;
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '+' || c == '_') {
            word++;
        } else {
            return 0;
        }
    }
    return parts >= 2 && word > 0;
}

/* The parent folder of path when it is named like a newsgroup, owned. */
static const char *folder_group(mail_art_t *m, const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL, *start;

    if (!slash || slash == path)
        return NULL;
    for (start = slash; start > path && start[-1] != '/'; start--)
        ;
    if (!newsgroup_like(start, (size_t)(slash - start)))
        return NULL;
    return own_trimmed(m, start, (size_t)(slash - start));
}

/* Keywords: comma-separated, each a "keyword" tag (the whole value when
 * it has no comma). */
static void keywords_of(mail_art_t *m, const char *value)
{
    const char *p = value;

    while (p && *p) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        add_tag(m, "keyword", own_trimmed(m, p, n));
        p += n;
        if (*p == ',')
            p++;
    }
}

/* Message-ID without its angle brackets, as "msgid:ID". */
static const char *id_of(mail_art_t *m, const char *raw)
{
    const char *p = raw, *kept;
    size_t n;
    char *id;

    if (!raw)
        return NULL;
    if (*p == '<')
        p++;
    n = strcspn(p, "> \t");
    if (n == 0)
        return NULL;
    if ((id = malloc(n + sizeof "msgid:")) == NULL) {
        m->failed = 1;
        return NULL;
    }
    memcpy(id, "msgid:", 6);
    memcpy(id + 6, p, n);
    id[6 + n] = '\0';
    kept = own_trimmed(m, id, 6 + n);   /* repaired: raw bytes need not be UTF-8 */
    free(id);
    return kept;
}

/* morgue_date_parse, retried with the blanks after a colon dropped, as
 * some newsreaders folded "17: 49:34". Returns 0 when out is set. */
static int parse_date(const char *text, char out[11])
{
    char fixed[128];
    size_t n = 0;

    if (morgue_date_parse(text, out) == MORGUE_OK)
        return 0;
    for (const char *p = text; *p && n + 1 < sizeof fixed; p++) {
        fixed[n++] = *p;
        if (*p == ':')
            while (p[1] == ' ' || p[1] == '\t')
                p++;
    }
    fixed[n] = '\0';
    return morgue_date_parse(fixed, out) == MORGUE_OK ? 0 : -1;
}

/* The date: Date, else NNTP-Posting-Date, else X-XXDate, else the date of
 * the mbox "From " line. An unreadable one is reported. */
static const char *date_of(mail_art_t *m, const char *head, size_t len,
                           const char *envelope)
{
    static const char *const names[] = { "date", "nntp-posting-date",
                                         "x-xxdate", NULL };
    const char *bad = NULL;

    for (int i = 0; names[i]; i++) {
        const char *v = decoded(m, raw_field(m, head, len, names[i]));
        if (!v)
            continue;
        if (parse_date(v, m->date) == 0)
            return m->date;
        if (!bad)
            bad = v;
    }
    if (envelope) {
        /* "sender Tue Sep  3 10:00:00 2024": the date follows the sender */
        const char *d = envelope + strcspn(envelope, " \t");
        if (parse_date(d + strspn(d, " \t"), m->date) == 0)
            return m->date;
    }
    if (bad)
        reader_warn(m->ctx, m->line, 0,
                    "unrecognised date \"%.*s\", indexed without one",
                    chars_shown_len(bad, SHOWN_MAX), bad);
    return NULL;
}

/* ---- the body ------------------------------------------------------ */

/* Append text (trimmed of blank lines before and space after) to the
 * body, a blank line between parts. */
static void body_add(char **body, size_t *len, const char *text, int *failed)
{
    size_t n = strlen(text), start = 0, line = 0;

    while (start < n && chars_is_space(text[start])) {
        if (text[start] == '\n')
            line = start + 1;
        start++;
    }
    start = start == n ? n : line;
    while (n > start && chars_is_space(text[n - 1]))
        n--;
    if (n == start)
        return;
    if (*len > 0)
        append(body, len, "\n\n", 2, failed);
    append(body, len, text + start, n - start, failed);
}

/* The body: the plain-text parts, else the HTML ones reduced to text. */
static const char *body_of(mail_art_t *m, const mime_texts_t *t)
{
    char *body = NULL;
    size_t len = 0;
    int plain = 0, failed = 0;

    for (size_t i = 0; i < t->n; i++)
        plain |= !t->items[i].html;
    for (size_t i = 0; i < t->n; i++) {
        if (plain && !t->items[i].html) {
            body_add(&body, &len, t->items[i].text, &failed);
        } else if (!plain) {
            char *text = markup_text(t->items[i].text, t->items[i].len);
            if (!text)
                failed = 1;
            else
                body_add(&body, &len, text, &failed);
            free(text);
        }
    }
    if (failed) {
        free(body);
        m->failed = 1;
        return NULL;
    }
    return body ? own(m, body) : "";
}

/* ---- one message --------------------------------------------------- */

/* Does the header block hold at least one field? */
static int has_field(const char *head, size_t len)
{
    const char *p = head, *end = head + len;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        if (mime_field_name_len(p, n) > 0)
            return 1;
        p = nl ? nl + 1 : end;
    }
    return 0;
}

/* Report what the decoding met. */
static void warn_notes(const mail_art_t *m)
{
    unsigned f = m->notes.flags;
    const reader_ctx_t *ctx = m->ctx;

    if (f & MIME_NOTE_BAD_UTF8)
        reader_warn(ctx, m->line, 0, "invalid UTF-8 decoded as Windows-1252");
    if (f & MIME_NOTE_BAD_CHARSET)
        reader_warn(ctx, m->line, 0, "bytes invalid in %s decoded as Windows-1252",
                    m->notes.charset);
    if (f & MIME_NOTE_UNKNOWN_CHARSET)
        reader_warn(ctx, m->line, 0, "unknown charset \"%s\" read as UTF-8 or "
                    "Windows-1252", m->notes.charset);
    if (f & MIME_NOTE_BAD_BASE64)
        reader_warn(ctx, m->line, 0, "invalid base64 characters skipped");
    if (f & MIME_NOTE_NO_END_BOUNDARY)
        reader_warn(ctx, m->line, 0, "multipart without its closing boundary: "
                    "the last part runs to the end");
    if (f & MIME_NOTE_NO_BOUNDARY)
        reader_warn(ctx, m->line, 0, "multipart without a boundary found in it: "
                    "read as plain text");
    if (f & MIME_NOTE_TOO_DEEP)
        reader_warn(ctx, m->line, 0, "MIME parts nested deeper than %d levels "
                    "ignored", MIME_MAX_DEPTH);
    if (f & MIME_NOTE_TOO_MANY_PARTS)
        reader_warn(ctx, m->line, 0, "more than %d MIME parts: the rest ignored",
                    MIME_MAX_PARTS);
}

/* Fill m->art from the message's header block and body. */
static void read_fields(mail_art_t *m, const mail_msg_t *msg, const char *head,
                        size_t hlen, const mime_texts_t *texts)
{
    morgue_article_t *a = &m->art;
    const char *list;

    a->tags = m->tags;
    a->path = m->ctx->path;
    a->line = msg->line;
    a->author = author_of(m, raw_field(m, head, hlen, "from"));
    a->title = decoded(m, raw_field(m, head, hlen, "subject"));
    a->date = date_of(m, head, hlen, msg->envelope);
    a->id = id_of(m, raw_field(m, head, hlen, "message-id"));
    a->source = groups_of(m, raw_field(m, head, hlen, "newsgroups"));
    list = list_of(m, raw_field(m, head, hlen, "list-id"));
    if (!a->source && list)
        a->source = list;
    if (!a->source && (a->source = folder_group(m, m->ctx->path)) != NULL)
        add_tag(m, "group", a->source);
    keywords_of(m, decoded(m, raw_field(m, head, hlen, "keywords")));
    a->body = body_of(m, texts);
}

/* Turn one message into an article and emit it. Returns -1 when emit
 * asks to stop, 1 when the message was skipped, 0 otherwise. */
static int emit_message(const reader_ctx_t *ctx, mail_msg_t *msg)
{
    mail_art_t m;
    mime_texts_t texts = {0};
    size_t body, hlen;
    int rc = 0;

    if (msg->failed) {
        reader_warn(ctx, msg->line, 1, "out of memory");
        return 1;
    }
    hlen = mime_header_split(msg->text ? msg->text : "", msg->len, &body);
    if (!has_field(msg->text, hlen)) {
        reader_warn(ctx, msg->line, 1, msg->envelope
                    ? "no mail header after the \"From \" line"
                    : "no mail header at the start");
        return 1;
    }
    memset(&m, 0, sizeof m);
    m.ctx = ctx;
    m.line = msg->line;
    if (msg->cut)
        reader_warn(ctx, msg->line, 0, "message longer than %u MiB: the rest "
                    "is ignored", MAIL_MAX_BYTES >> 20);
    if (mime_text_parts(msg->text, hlen, msg->text + body, msg->len - body,
                        &texts, &m.notes) < 0)
        m.failed = 1;
    else
        read_fields(&m, msg, msg->text, hlen, &texts);
    mime_texts_free(&texts);
    if (m.failed) {
        reader_warn(ctx, msg->line, 1, "out of memory");
        rc = 1;
    } else if (!m.art.title && (!m.art.body || !*m.art.body)) {
        warn_notes(&m);
        reader_warn(ctx, msg->line, 1, "no subject and no text");
        rc = 1;
    } else {
        warn_notes(&m);
        rc = ctx->emit(ctx->sink, &m.art) ? -1 : 0;
    }
    owned_free(&m.owned);
    return rc;
}

/* ---- reading ------------------------------------------------------- */

static void msg_add(mail_msg_t *msg, const char *s, size_t n)
{
    if (msg->failed || msg->cut)
        return;
    if (msg->len + n + 1 > MAIL_MAX_BYTES) {
        msg->cut = 1;
        return;
    }
    if (msg->len + n + 1 > msg->cap) {
        size_t cap = msg->cap ? msg->cap : 4096;
        char *p;
        while (cap < msg->len + n + 1)
            cap *= 2;
        if ((p = realloc(msg->text, cap)) == NULL) {
            msg->failed = 1;
            return;
        }
        msg->text = p;
        msg->cap = cap;
    }
    memcpy(msg->text + msg->len, s, n);
    msg->len += n;
    msg->text[msg->len] = '\0';
}

/* Start a message at line number; envelope is the "From " line or NULL. */
static void msg_start(mail_msg_t *msg, unsigned long number, const char *line,
                      size_t len)
{
    msg->len = 0;
    msg->cut = 0;
    msg->failed = 0;
    msg->line = number;
    free(msg->envelope);
    msg->envelope = NULL;
    if (line) {
        if ((msg->envelope = malloc(len - 4)) == NULL) {
            msg->failed = 1;
            return;
        }
        memcpy(msg->envelope, line + 5, len - 5);
        msg->envelope[len - 5] = '\0';
    }
    msg_add(msg, "", 0);
}

/* An mbox body line: ">From ", ">>From ", ... lose one ">". */
static void msg_line(mail_msg_t *msg, const char *line, size_t len, int mbox)
{
    size_t q = 0;

    while (mbox && q < len && line[q] == '>')
        q++;
    if (q > 0 && len - q >= 5 && memcmp(line + q, "From ", 5) == 0) {
        line++;
        len--;
    }
    msg_add(msg, line, len);
    msg_add(msg, "\n", 1);
}

static int is_envelope(const char *line, size_t len)
{
    return len >= 5 && memcmp(line, "From ", 5) == 0;
}

static reader_result_t mail_read(input_t *in, const reader_ctx_t *ctx)
{
    const char *head, *line;
    size_t n = input_peek(in, &head, 5), len;
    int mbox = n == 5 && is_envelope(head, 5);
    int got = 0, rc = 0, skipped = 0, emitted = 0, blank = 1, open;
    unsigned long number = 0;
    mail_msg_t msg;

    memset(&msg, 0, sizeof msg);
    if (!mbox)
        msg_start(&msg, 0, NULL, 0);
    open = !mbox;
    while (rc >= 0 && (got = input_getline(in, &line, &len)) > 0) {
        number++;
        if (input_line_cut(in))
            reader_warn(ctx, number, 0, "line longer than %u MiB, the rest of it dropped",
                        INPUT_LINE_MAX >> 20);
        if (mbox && blank && is_envelope(line, len)) {
            if (open && (rc = emit_message(ctx, &msg)) >= 0) {
                skipped |= rc;
                emitted += rc == 0;
            }
            msg_start(&msg, number, line, len);
            open = 1;
            blank = 0;
            continue;
        }
        msg_line(&msg, line, len, mbox);
        blank = len == 0;
    }
    if (rc < 0) {
        free(msg.text);
        free(msg.envelope);
        return READ_STOPPED;
    }
    if (number == 0 && got == 0) {
        free(msg.text);
        free(msg.envelope);
        reader_warn(ctx, 0, 1, "empty file");
        return READ_FAILED;
    }
    if (open && (msg.len > 0 || msg.envelope) &&
        (rc = emit_message(ctx, &msg)) >= 0) {
        skipped |= rc;
        emitted += rc == 0;
    }
    free(msg.text);
    free(msg.envelope);
    if (rc < 0)
        return READ_STOPPED;
    if (got < 0) {
        reader_warn(ctx, 0, 1, "%s after line %lu", input_error(in), number);
        skipped = 1;
    }
    if (!skipped)
        return READ_OK;
    return emitted ? READ_PARTIAL : READ_FAILED;
}

/* ---- sniffing ------------------------------------------------------ */

/* Header fields that only mail and news open with (Date alone is not
 * enough: other "Key: value" texts have one). */
static int known_field(const char *name, size_t n)
{
    static const char *const known[] = { "from", "newsgroups", "path",
        "subject", "received", "return-path", "message-id", "xref",
        "mime-version", "delivered-to", "article-i.d.", NULL };
    for (int i = 0; known[i]; i++)
        if (strlen(known[i]) == n && strncasecmp(name, known[i], n) == 0)
            return 1;
    return 0;
}

/* A header block at the start: an mbox "From " line followed by a field,
 * or header fields (after any stray continuation lines, as in posts whose
 * Path was cut) up to a blank line or the end of what is seen, at least
 * two of them and one a mail or news field. */
static int mail_sniff(const char *head, size_t n)
{
    const char *p = head, *end = head + n;
    int fields = 0, known = 0;

    if (n >= 5 && is_envelope(head, 5)) {
        const char *nl = memchr(head, '\n', n), *stop;
        if (!nl)
            return 0;
        p = nl + 1;
        stop = memchr(p, '\n', (size_t)(end - p));
        return mime_field_name_len(p, (size_t)((stop ? stop : end) - p)) > 0;
    }
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = (size_t)((nl ? nl : end) - p), k;
        if (len > 0 && p[len - 1] == '\r')
            len--;
        if (len == 0 && nl)
            break;
        if (*p == ' ' || *p == '\t') {
            p = nl ? nl + 1 : end;
            continue;
        }
        k = mime_field_name_len(p, len);
        if (k == 0)
            return !nl && fields >= SNIFF_MIN_FIELDS && known > 0;
        fields++;
        known += known_field(p, k);
        p = nl ? nl + 1 : end;
    }
    return fields >= SNIFF_MIN_FIELDS && known > 0;
}

static const char *const mail_extensions[] = { ".eml", ".mbox", ".mbx", NULL };

const reader_t reader_mail = { "mail", mail_extensions, mail_sniff, mail_read };
