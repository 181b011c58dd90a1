/* formats.c - which reader reads which file (formats.h). Each reader
 * declares its file name endings and a sniff test; this file only holds
 * the table and the order in which they are tried. */
#include "formats.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Sniffing order: the most specific signatures first; text last (the
 * fallback, which also reports binary content). */
static const reader_t *const readers[] = {
    &reader_feed,
    &reader_warc,
    &reader_csv,
    &reader_reuters,
    &reader_trec,
    &reader_mail,
    &reader_jsonl,
    &reader_html,
    &reader_text,
};
#define NREADERS (sizeof readers / sizeof *readers)

const reader_t *format_by_name(const char *name)
{
    for (size_t i = 0; i < NREADERS; i++)
        if (strcmp(readers[i]->name, name) == 0)
            return readers[i];
    return NULL;
}

const char *format_names(void)
{
    static char names[256];
    if (names[0] == '\0')
        for (size_t i = 0; i < NREADERS; i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                     i ? ", " : "", readers[i]->name);
    return names;
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && strncasecmp(s + n - k, suffix, k) == 0;
}

const reader_t *format_pick(const char *path, const char *head, size_t n)
{
    size_t len = strlen(path);
    if (ends_with(path, len, ".gz"))
        len -= 3;
    for (size_t i = 0; i < NREADERS; i++)
        for (const char *const *e = readers[i]->extensions; e != NULL && *e != NULL; e++)
            if (ends_with(path, len, *e))
                return readers[i];
    for (size_t i = 0; i < NREADERS; i++)
        if (readers[i]->sniff != NULL && readers[i]->sniff(head, n))
            return readers[i];
    return &reader_text;
}
