/* html_charset.h - an HTML page's bytes as UTF-8. The character set comes
 * from a byte-order mark, else the first <meta charset> or http-equiv
 * Content-Type, else the caller's HTTP charset, else UTF-8 is assumed;
 * legacy charsets are converted with iconv (their labels read as browsers
 * read them), and morgue_text_repair mends bytes that are not what was
 * declared. Also the notes about such repairs that html_page_parse hands
 * back in its err buffer. Owned by indexer/parse/html_charset.c; used by
 * indexer/parse/html_page.c only (readers go through html_page.h). */
#ifndef MORGUE_HTML_CHARSET_H
#define MORGUE_HTML_CHARSET_H

#include <stddef.h>

/* Notes about repairs, written into the caller's err buffer. */
typedef struct html_notes {
    char *buf;       /* the caller's buffer: notes separated by "; " */
    size_t size;     /* its size; a note that does not fit is cut */
} html_notes_t;

/* Add a note (printf-style) to nt. */
void html_note(html_notes_t *nt, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The page's len bytes at raw as UTF-8, malloc'd into *out (NUL-terminated,
 * *out_len its length). http_charset is the charset the HTTP response
 * declared, or NULL. Every repair is noted in nt. Returns 0, or -1 when
 * out of memory. */
int html_to_utf8(const char *raw, size_t len, const char *http_charset,
                 char **out, size_t *out_len, html_notes_t *nt);

#endif
