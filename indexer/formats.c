/* formats.c - which reader reads which file (formats.h). */
#include "formats.h"

#include <string.h>
#include <strings.h>

static const reader_t *const readers[] = { &reader_text, &reader_jsonl };

static const struct {
    const char *ext;          /* file name ending, without a .gz */
    const reader_t *reader;
} extensions[] = {
    { ".txt", &reader_text },
    { ".text", &reader_text },
    { ".jsonl", &reader_jsonl },
    { ".ndjson", &reader_jsonl },
};

const reader_t *format_by_name(const char *name)
{
    for (size_t i = 0; i < sizeof readers / sizeof *readers; i++)
        if (strcmp(readers[i]->name, name) == 0)
            return readers[i];
    return NULL;
}

const char *format_names(void)
{
    return "text, jsonl";
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
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++)
        if (ends_with(path, len, extensions[i].ext))
            return extensions[i].reader;
    /* Unknown name: a first character '{' means one JSON object a line. */
    size_t i = 0;
    while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
        i++;
    if (i < n && head[i] == '{')
        return &reader_jsonl;
    return &reader_text;
}
