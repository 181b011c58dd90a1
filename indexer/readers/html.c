/* html.c - reader_html: one HTML page per file (.html, .htm, .xhtml,
 * .shtml, or content that starts like HTML), plain or gzip-compressed.
 * The page is read whole and handed to html_page_parse (indexer/parse/html_page.h),
 * which finds the character set, the main text and the metadata; this file
 * only reports what it says: a repair as a warning that keeps the article,
 * a page without article text as a skipped file.
 * Reached only through reader_html (indexer/formats.c picks it); it emits
 * morgue_article_t values and knows nothing of the index. */
#include <string.h>
#include <strings.h>
#include <stdlib.h>

#include "parse/html_page.h"
#include "reader.h"

#define ERR_MAX 512

static reader_result_t html_read(input_t *in, const reader_ctx_t *ctx)
{
    reader_result_t ok = READ_OK;
    html_page_t *page = NULL;
    morgue_article_t art;
    char *raw = NULL, err[ERR_MAX];
    size_t len = 0;
    int rc;

    if (input_slurp(in, &raw, &len) < 0) {
        if (len == 0) {
            reader_warn(ctx, 0, 1, "%s", input_error(in));
            free(raw);
            return READ_FAILED;
        }
        reader_warn(ctx, 0, 0, "%s, indexed the first %zu bytes", input_error(in), len);
        ok = READ_PARTIAL;
    }
    rc = html_page_parse(raw, len, NULL, &page, &art, err, sizeof err);
    free(raw);
    if (rc != 0) {
        reader_warn(ctx, 0, 1, "%s", err);
        return READ_FAILED;
    }
    if (err[0] != '\0')
        reader_warn(ctx, 0, 0, "%s", err);
    art.path = ctx->path;
    rc = ctx->emit(ctx->sink, &art);
    html_page_free(page);
    return rc ? READ_STOPPED : ok;
}

/* Skip a byte-order mark, whitespace and comments; NULL when the head ends
 * inside a comment. */
static const char *skip_prolog(const char *p, const char *end)
{
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\f'))
            p++;
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            const char *close = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
            if (close == NULL)
                return NULL;
            p = close + 3;
        } else if (end - p >= 5 && memcmp(p, "<?xml", 5) == 0) {
            const char *close = memmem(p, (size_t)(end - p), "?>", 2);
            if (close == NULL)
                return NULL;
            p = close + 2;
        } else {
            return p;
        }
    }
}

static int starts_tag(const char *p, const char *end, const char *tag)
{
    size_t k = strlen(tag);

    if ((size_t)(end - p) <= k || strncasecmp(p, tag, k) != 0)
        return 0;
    return p[k] == '>' || p[k] == ' ' || p[k] == '\t' || p[k] == '\r' || p[k] == '\n';
}

/* A page starts with <!DOCTYPE html, <html or <head, in any case, after a
 * byte-order mark, whitespace, comments or an XML declaration. */
static int html_sniff(const char *head, size_t n)
{
    const char *end = head + n, *p = skip_prolog(head, end);

    return p != NULL && (starts_tag(p, end, "<!doctype html") || starts_tag(p, end, "<html") ||
                         starts_tag(p, end, "<head"));
}

static const char *const html_extensions[] = { ".html", ".htm", ".xhtml", ".shtml", NULL };

const reader_t reader_html = { "html", html_extensions, html_sniff, html_read };
