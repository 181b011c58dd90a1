/* mime.h - the byte-level encodings of Internet mail and Usenet posts:
 * header blocks (RFC 5322: fields, folding), RFC 2047 encoded-words,
 * Content-Type parameters, the quoted-printable and base64 transfer
 * encodings, declared character sets converted to UTF-8 with iconv, and
 * the walk of a MIME tree (multipart bodies split by their boundary) down
 * to its text parts. These are encodings of bytes, not markup: HTML parts
 * are handed back as HTML for the caller to reduce.
 * Owned by indexer/parse/mime.c; used by indexer/readers/mail.c and by
 * tests/unit/test_mail.c. Knows nothing of articles or of the index. */
#ifndef MORGUE_MIME_H
#define MORGUE_MIME_H

#include <stddef.h>

/* Deepest nesting of multiparts followed; deeper ones are ignored. */
#define MIME_MAX_DEPTH 16
/* Most leaf parts looked at in one message; the rest are ignored. */
#define MIME_MAX_PARTS 1000

/* Problems met while decoding, or'ed into mime_notes_t.flags. None is
 * fatal: each says what was done instead. */
enum {
    MIME_NOTE_BAD_UTF8 = 1 << 0,        /* 8-bit text with no charset was not
                                           UTF-8: decoded as Windows-1252 */
    MIME_NOTE_BAD_CHARSET = 1 << 1,     /* bytes invalid in their declared
                                           charset: decoded as Windows-1252 */
    MIME_NOTE_UNKNOWN_CHARSET = 1 << 2, /* a charset iconv does not know:
                                           read as UTF-8, else Windows-1252 */
    MIME_NOTE_BAD_BASE64 = 1 << 3,      /* characters outside base64 (or a
                                           cut final group) skipped */
    MIME_NOTE_NO_END_BOUNDARY = 1 << 4, /* a multipart without its closing
                                           boundary: its last part runs to
                                           the end */
    MIME_NOTE_NO_BOUNDARY = 1 << 5,     /* a multipart without a boundary, or
                                           whose boundary never occurs: read
                                           as plain text */
    MIME_NOTE_TOO_DEEP = 1 << 6,        /* multiparts nested deeper than
                                           MIME_MAX_DEPTH: inner ones ignored */
    MIME_NOTE_TOO_MANY_PARTS = 1 << 7   /* more than MIME_MAX_PARTS parts:
                                           the rest ignored */
};

/* What went wrong while decoding one message (start zeroed). */
typedef struct mime_notes {
    unsigned flags;      /* MIME_NOTE_* */
    char charset[48];    /* the first unknown or badly encoded charset */
} mime_notes_t;

/* ---- header blocks ------------------------------------------------- */

/* Length of the field name when line (len bytes, no line break) is a
 * header field "Name: value" (printable ASCII without space or colon,
 * then a colon), else 0. */
size_t mime_field_name_len(const char *line, size_t len);

/* Split msg into its header block and body. The header block is the run
 * of header fields (and their folded continuation lines) at the start;
 * continuation lines before the first field are part of it and ignored.
 * It ends at a blank line (which belongs to neither part) or at the first
 * line that is not a field, where the body then starts. Lines end in LF or
 * CRLF. Returns the length of the header block; *body is the offset of
 * the body. */
size_t mime_header_split(const char *msg, size_t len, size_t *body);

/* The value of the first field called name (case-insensitive) in the
 * header block head, unfolded (line breaks removed) and trimmed, in
 * *value (malloc'd; caller frees). Returns 1 when found, 0 when absent,
 * -1 when out of memory. */
int mime_header_get(const char *head, size_t len, const char *name,
                    char **value);

/* Decode a header value: RFC 2047 encoded-words (=?charset?B|Q?...?=)
 * into UTF-8, with the white space between two adjacent words dropped;
 * text outside them is UTF-8, else repaired as Windows-1252. Runs of
 * white space become one space; control characters are dropped. Returns
 * a malloc'd string, or NULL when out of memory. notes may be NULL. */
char *mime_decode_header(const char *value, size_t len, mime_notes_t *notes);

/* ---- Content-Type and friends ------------------------------------ */

/* The lower-case "type/subtype" of a Content-Type value (value may be
 * NULL) into out, or "text/plain" when it is missing or malformed. */
void mime_content_type(const char *value, char *out, size_t size);

/* The parameter called name (case-insensitive) of a structured value such
 * as 'text/plain; charset="utf-8"', unquoted, in *out (malloc'd). A
 * parameter in RFC 2231 form (name*=charset'lang'%XX) is percent-decoded.
 * Returns 1 when found, 0 when absent, -1 when out of memory. */
int mime_param(const char *value, const char *name, char **out);

/* ---- transfer encodings ------------------------------------------ */

/* Decode quoted-printable: =XX is a byte, "=" at the end of a line is a
 * soft line break, trailing white space of a line is dropped, and an "="
 * not followed by two hex digits is kept as it is. Returns a malloc'd
 * NUL-terminated buffer (length in *out_len), or NULL when out of memory. */
char *mime_decode_qp(const char *in, size_t len, size_t *out_len);

/* Decode base64, skipping line breaks and white space. Other characters
 * are skipped too and set *bad (when bad is not NULL), as does a final
 * group of a single character. Decoding stops at "=" padding. Returns a
 * malloc'd NUL-terminated buffer, or NULL when out of memory. */
char *mime_decode_base64(const char *in, size_t len, size_t *out_len, int *bad);

/* ---- character sets ------------------------------------------------ */

/* Convert len bytes in charset (NULL or "": not declared) to UTF-8 with
 * control characters other than tab and line breaks dropped:
 *  - undeclared, US-ASCII or unknown-8bit: UTF-8 when valid, else
 *    Windows-1252 (MIME_NOTE_BAD_UTF8);
 *  - a single-byte charset (ISO-8859-*, Windows-125*, KOI8-*, ...) whose
 *    bytes are valid UTF-8 with some non-ASCII: taken as UTF-8, since the
 *    text was re-encoded without its label being changed;
 *  - a charset iconv does not know: as undeclared, with
 *    MIME_NOTE_UNKNOWN_CHARSET when there are 8-bit bytes;
 *  - bytes invalid in the declared charset: each decoded as Windows-1252
 *    (MIME_NOTE_BAD_CHARSET).
 * ISO-8859-1 is read as its superset Windows-1252. Returns a malloc'd
 * NUL-terminated string (length in *out_len), or NULL when out of memory.
 * notes may be NULL. */
char *mime_to_utf8(const char *bytes, size_t len, const char *charset,
                   size_t *out_len, mime_notes_t *notes);

/* ---- the MIME tree ------------------------------------------------- */

/* One text part of a message, decoded and in UTF-8. */
typedef struct mime_text {
    int html;      /* nonzero: text/html (still markup), else plain text */
    char *text;    /* malloc'd, NUL-terminated */
    size_t len;    /* length of text */
} mime_text_t;

/* The text parts of a message, in order. */
typedef struct mime_texts {
    mime_text_t *items;
    size_t n;      /* items in use */
    size_t cap;    /* items allocated */
} mime_texts_t;

/* Walk the entity with header block head and body (as split by
 * mime_header_split) and append its text parts to out (start zeroed):
 *  - a leaf that is not an attachment (Content-Disposition) and whose
 *    type is text/..., or not a known non-text type (image, audio, video,
 *    application, font, model, message), is decoded (transfer encoding,
 *    then charset); text/html is flagged html;
 *  - multipart/alternative gives the first alternative with plain text,
 *    else the first with HTML;
 *  - any other multipart gives the text parts of all its parts; preamble
 *    and epilogue are ignored;
 *  - the top-level entity is read whatever its disposition.
 * Returns 0, or -1 when out of memory (out then holds what was found and
 * must still be freed). notes may be NULL. */
int mime_text_parts(const char *head, size_t head_len, const char *body,
                    size_t body_len, mime_texts_t *out, mime_notes_t *notes);

/* Free the items of t and zero it. Accepts NULL. */
void mime_texts_free(mime_texts_t *t);

#endif
