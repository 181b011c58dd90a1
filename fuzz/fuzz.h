/* fuzz.h - what the fuzz harnesses in fuzz/ share: the libFuzzer entry
 * points, invariant checks that abort (so that libFuzzer and the replay
 * driver both report them as crashes), a check of every field of an
 * emitted article, bytes-as-a-file through a memfd, and the small index the
 * query harnesses search. Header-only: each harness is one .c file linked
 * with fuzz/replay.c (gcc) or libFuzzer (clang), nothing else of fuzz/. */
#ifndef MORGUE_FUZZ_H
#define MORGUE_FUZZ_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "morgue.h"
#include "text.h"

#define FUZZ_UNUSED __attribute__((unused))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A broken invariant: say which and abort, which both drivers report. */
#define FUZZ_ASSERT(cond) do { \
    if (!(cond)) { \
        fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
        abort(); \
    } \
} while (0)

/* The bytes as a NUL-terminated string (cut at the first NUL), malloc'd. */
static FUZZ_UNUSED char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    FUZZ_ASSERT(s != NULL);
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Nonzero when s[0..n) is valid UTF-8 (the project's strict decoder). */
static FUZZ_UNUSED int fuzz_utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k;
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        if ((k = mg_utf8_decode(u + i, n - i, &cp)) == 0)
            return 0;
        i += k;
    }
    return 1;
}

/* A string an article or a hit hands out: NULL, or readable to its NUL
 * (strlen makes AddressSanitizer check every byte) and valid UTF-8. what
 * names it in the report. */
static FUZZ_UNUSED void fuzz_check_field(const char *what, const char *s)
{
    if (s == NULL || fuzz_utf8_valid(s, strlen(s)))
        return;
    fprintf(stderr, "fuzz: %s is not valid UTF-8: \"", what);
    for (const unsigned char *u = (const unsigned char *)s; *u; u++)
        fprintf(stderr, *u < 0x20 || *u >= 0x7F ? "\\x%02X" : "%c", *u);
    fprintf(stderr, "\"\n");
    FUZZ_ASSERT(!"a string is valid UTF-8");
}
#define fuzz_check_string(s) fuzz_check_field(#s, (s))

/* Every field of an emitted article: strings readable and UTF-8, the date
 * in the YYYY-MM-DD form morgue_db_put takes, the tags readable. */
static FUZZ_UNUSED void fuzz_check_article(const morgue_article_t *a)
{
    FUZZ_ASSERT(a != NULL);
    fuzz_check_string(a->id);
    fuzz_check_string(a->url);
    fuzz_check_string(a->title);
    fuzz_check_string(a->source);
    fuzz_check_string(a->author);
    fuzz_check_string(a->place);
    fuzz_check_string(a->language);
    fuzz_check_string(a->body);
    fuzz_check_string(a->path);
    fuzz_check_string(a->date);
    if (a->date != NULL) {
        char again[11];
        FUZZ_ASSERT(strlen(a->date) == 10);
        FUZZ_ASSERT(morgue_date_parse(a->date, again) == MORGUE_OK);
        FUZZ_ASSERT(strcmp(again, a->date) == 0);
    }
    FUZZ_ASSERT(a->ntags == 0 || a->tags != NULL);
    for (size_t i = 0; i < a->ntags; i++) {
        FUZZ_ASSERT(a->tags[i].field != NULL);
        fuzz_check_string(a->tags[i].field);
        fuzz_check_string(a->tags[i].value);
    }
}

/* The bytes as a file: a memfd, rewritten for each input, and the path
 * /proc/self/fd/N that opens it afresh (offset 0) like any file. */
static FUZZ_UNUSED const char *fuzz_file(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("morgue-fuzz", MFD_CLOEXEC);
        FUZZ_ASSERT(fd >= 0);
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    FUZZ_ASSERT(ftruncate(fd, 0) == 0);
    for (size_t done = 0; done < size;) {
        ssize_t n = pwrite(fd, data + done, size - done, (off_t)done);
        FUZZ_ASSERT(n > 0);
        done += (size_t)n;
    }
    return path;
}

/* ---- the small index of the query harnesses -------------------------- */

/* Articles in several languages, with every field, tags and dates, so that
 * field:, date: ranges, stemming, wildcards and snippets all have
 * something to find. */
static const morgue_tag_t fuzz_tags[] = {
    { "topic", "trade" }, { "place", "venezuela" }, { "keyword", "oil, sanctions" },
};
static const morgue_article_t fuzz_articles[] = {
    { "a1", "https://example.org/a1", "Maduro faces new sanctions", "2024-09-03",
      "Harbour Gazette", "Ana González; J. Smith", "Caracas, Venezuela", "en",
      "CARACAS (Reuters) - Nicolás Maduro said on Tuesday that the sanctions "
      "were illegal. The U.S. Treasury's move follows the election; free and "
      "fair elections, officials said, were \xe2\x80\x9cnot negotiable\xe2\x80\x9d.",
      "/fuzz/a1", 0, fuzz_tags, 3 },
    { "a2", NULL, "El puerto cierra por la huelga", "1999-12-31", "Diario del Valle",
      "María Pérez", "Valparaíso", "es",
      "Los trabajadores del puerto iniciaron una huelga indefinida; las "
      "exportaciones de cobre se detuvieron.", "/fuzz/a2", 0, NULL, 0 },
    { NULL, "https://example.org/a3", "Straßenbahn fährt wieder", NULL, NULL, NULL,
      NULL, "de", "Die Straßenbahnlinie 4 fährt nach drei Wochen Bauarbeiten wieder. "
      "Fahrgäste begrüßten die Rückkehr.", "/fuzz/a3", 0, NULL, 0 },
    { NULL, NULL, NULL, "2010-01-01", NULL, NULL, NULL, "none",
      "x y z 12345 e-mail co-operation AT&T C++ naïve café \xe2\x80\x94 dash",
      "/fuzz/a4", 7, NULL, 0 },
};

/* Write the articles into a new index in a fresh temporary directory and
 * return its path (static). Aborts on any failure: the harness cannot run. */
static FUZZ_UNUSED const char *fuzz_make_index(void)
{
    static char dir[] = "/tmp/morgue-fuzz.XXXXXX";
    static char path[sizeof dir + 8];
    morgue_db_t *db = NULL;
    char *error = NULL;

    FUZZ_ASSERT(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/db", dir);
    FUZZ_ASSERT(morgue_db_open(path, MORGUE_WRITE, 0, "en", &db, &error) == MORGUE_OK);
    for (size_t i = 0; i < sizeof fuzz_articles / sizeof fuzz_articles[0]; i++) {
        morgue_outcome_t outcome;
        FUZZ_ASSERT(morgue_db_file_begin(db, fuzz_articles[i].path) == MORGUE_OK);
        FUZZ_ASSERT(morgue_db_put(db, &fuzz_articles[i], &outcome) == MORGUE_OK);
        FUZZ_ASSERT(morgue_db_file_end(db, 1, 1, 1, NULL) == MORGUE_OK);
    }
    FUZZ_ASSERT(morgue_db_close(db) == MORGUE_OK);
    return path;
}

/* Remove the index of fuzz_make_index with its directory (at exit). */
static int fuzz_remove_one(const char *path, const struct stat *st, int flag,
                           struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

static FUZZ_UNUSED void fuzz_remove_index(const char *path)
{
    char dir[64];
    snprintf(dir, sizeof dir, "%.*s", (int)(strrchr(path, '/') - path), path);
    if (nftw(dir, fuzz_remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
        fprintf(stderr, "fuzz: could not remove %s\n", dir);
}

#endif
