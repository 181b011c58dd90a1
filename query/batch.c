/* batch.c - reads the query file of morgue-query --queries (batch.h):
 * a line is QUERY or NAME<TAB>QUERY; CR LF endings are taken as LF, so
 * that a file written on Windows works; blank and '#' lines are skipped. */
#include <errno.h>
#include <string.h>
#include <stdlib.h>

#include "batch.h"

int batch_open(batch_reader_t *r, const char *path)
{
    memset(r, 0, sizeof *r);
    if (strcmp(path, "-") == 0) {
        r->f = stdin;
        r->name = "stdin";
        return 0;
    }
    r->name = path;
    r->f = fopen(path, "r");
    return r->f != NULL ? 0 : -1;
}

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

int batch_next(batch_reader_t *r, batch_query_t *q)
{
    for (;;) {
        errno = 0;
        ssize_t n = getline(&r->buf, &r->cap, r->f);
        if (n < 0)
            return ferror(r->f) ? -1 : 0;
        r->line++;
        memset(q, 0, sizeof *q);
        q->line = r->line;
        size_t len = (size_t)n;
        if (len > 0 && r->buf[len - 1] == '\n')
            r->buf[--len] = '\0';
        if (len > 0 && r->buf[len - 1] == '\r')
            r->buf[--len] = '\0';
        if (memchr(r->buf, '\0', len) != NULL) {
            q->error = "the line holds a NUL byte";
            return 1;
        }
        const char *p = r->buf;
        while (blank(*p))
            p++;
        if (*p == '\0' || *p == '#')
            continue;
        char *tab = strchr(r->buf, '\t');
        if (tab != NULL && tab > r->buf) {
            *tab = '\0';
            q->name = r->buf;
            q->text = tab + 1;
        } else {
            /* no name, or a leading tab: the whole line is the query */
            q->name = q->text = p;
        }
        const char *t = q->text;
        while (blank(*t))
            t++;
        if (*t == '\0') {
            q->error = "the query after the name is empty";
            q->text = NULL;
        }
        return 1;
    }
}

void batch_close(batch_reader_t *r)
{
    if (r->f != NULL && r->f != stdin)
        fclose(r->f);
    free(r->buf);
    memset(r, 0, sizeof *r);
}
