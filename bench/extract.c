/* extract.c - how well html_page_parse (indexer/parse/html_page.h) finds the article
 * text of real pages: the Zyte article-extraction benchmark
 * (../shared/corpora/article-extraction-benchmark: ground-truth.json and
 * html/<key>.html.gz). Run by `make bench-extract`, or as
 *
 *     build/bench/extract DIR            the figures
 *     build/bench/extract DIR KEY...     also the text found for those pages
 *     build/bench/extract DIR --dump F   also the bodies found, written to F
 *                                        in the benchmark's output format
 *
 * Scores the body exactly as the benchmark's evaluate.py does: tokens are
 * the matches of Python's \w+ (letters, digits and "_" of any script; not
 * lower-cased: the tokens as they are), shingles are runs of 4 tokens (a
 * text of 1 to 3 tokens is one shingle), counted as multisets (a shingle
 * found twice counts twice); per page precision = matched / predicted and
 * recall = matched / true, each averaged over the pages (precision over
 * the pages where something was predicted), and F1 from the two means.
 * Prints precision, recall and F1, the time taken, how many pages got each
 * metadata field, and the 15 worst pages by F1 with their URL. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>
#include <zlib.h>

#include "parse/html_page.h"

#define SHINGLE 4
#define WORST 15

/* One page's result. */
typedef struct page_score {
    const char *key;
    const char *url;
    double precision, recall, f1;
    int predicted;      /* the page gave some shingle */
} page_score_t;

/* ---- reading ------------------------------------------------------- */

static char *read_gz(const char *path, size_t *len)
{
    gzFile gz = gzopen(path, "rb");
    size_t cap = 1 << 16;
    char *buf;
    int got;

    *len = 0;
    if (gz == NULL)
        return NULL;
    buf = malloc(cap);
    while (buf != NULL && (got = gzread(gz, buf + *len, (unsigned)(cap - *len))) > 0) {
        *len += (size_t)got;
        if (*len == cap) {
            char *b = realloc(buf, cap *= 2);
            if (b == NULL) {
                free(buf);
                buf = NULL;
            } else {
                buf = b;
            }
        }
    }
    gzclose(gz);
    return buf;
}

/* ---- tokens and shingles ------------------------------------------- */

/* Python's \w: letters and numbers of any script, and "_". */
static int is_word_char(utf8proc_int32_t c)
{
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return c == '_';
    }
}

/* The tokens of text as offsets into it: tok[2i] start, tok[2i+1] length. */
static size_t tokenize(const char *text, size_t **tok)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text, *p = s;
    size_t n = 0, cap = 256, start = 0;
    int in_word = 0;

    *tok = malloc(cap * 2 * sizeof **tok);
    for (;;) {
        utf8proc_int32_t c = 0;
        utf8proc_ssize_t k = *p ? utf8proc_iterate(p, -1, &c) : 0;
        int w = k > 0 && is_word_char(c);
        if (in_word && !w) {
            if (n == cap)
                *tok = realloc(*tok, (cap *= 2) * 2 * sizeof **tok);
            (*tok)[2 * n] = start;
            (*tok)[2 * n + 1] = (size_t)(p - s) - start;
            n++;
        }
        if (w && !in_word)
            start = (size_t)(p - s);
        in_word = w;
        if (*p == '\0')
            break;
        p += k > 0 ? k : 1;
    }
    return n;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The shingles of text as strings (tokens joined by a 0x01 byte), sorted. */
static size_t shingles(const char *text, char ***out)
{
    size_t *tok, ntok = tokenize(text ? text : "", &tok);
    size_t n = ntok == 0 ? 0 : ntok < SHINGLE ? 1 : ntok - SHINGLE + 1;
    char **sh = malloc((n ? n : 1) * sizeof *sh);

    for (size_t i = 0; i < n; i++) {
        size_t width = ntok < SHINGLE ? ntok : SHINGLE, len = 0;
        for (size_t j = 0; j < width; j++)
            len += tok[2 * (i + j) + 1] + 1;
        sh[i] = malloc(len);
        len = 0;
        for (size_t j = 0; j < width; j++) {
            memcpy(sh[i] + len, text + tok[2 * (i + j)], tok[2 * (i + j) + 1]);
            len += tok[2 * (i + j) + 1];
            sh[i][len++] = j + 1 < width ? '\x01' : '\0';
        }
    }
    free(tok);
    qsort(sh, n, sizeof *sh, by_string);
    *out = sh;
    return n;
}

static void free_shingles(char **sh, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(sh[i]);
    free(sh);
}

/* Shingles found in both sorted multisets, each as often as in the
 * rarer side. */
static size_t matched(char **a, size_t na, char **b, size_t nb)
{
    size_t i = 0, j = 0, m = 0;

    while (i < na && j < nb) {
        int c = strcmp(a[i], b[j]);
        if (c == 0)
            m++, i++, j++;
        else if (c < 0)
            i++;
        else
            j++;
    }
    return m;
}

/* Score predicted text against the truth as evaluate.py does. */
static void score_page(const char *truth, const char *pred, page_score_t *ps)
{
    char **t, **p;
    size_t nt = shingles(truth, &t), np = shingles(pred, &p);
    size_t tp = matched(t, nt, p, np);

    ps->predicted = np > 0;
    if (np == nt && tp == np) {
        ps->precision = ps->recall = 1;
    } else {
        ps->precision = np ? (double)tp / np : 0;
        ps->recall = nt ? (double)tp / nt : 0;
    }
    ps->f1 = ps->precision + ps->recall > 0
                 ? 2 * ps->precision * ps->recall / (ps->precision + ps->recall) : 0;
    free_shingles(t, nt);
    free_shingles(p, np);
}

static int by_f1(const void *a, const void *b)
{
    double x = ((const page_score_t *)a)->f1, y = ((const page_score_t *)b)->f1;
    return x < y ? -1 : x > y;
}

/* ---- the run --------------------------------------------------------- */

/* Counts of pages that got each metadata field. */
typedef struct fields_seen {
    int title, date, author, source, url, language;
} fields_seen_t;

static void count_fields(const morgue_article_t *a, fields_seen_t *f)
{
    f->title += a->title != NULL;
    f->date += a->date != NULL;
    f->author += a->author != NULL;
    f->source += a->source != NULL;
    f->url += a->url != NULL;
    f->language += a->language != NULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int wanted(const char *key, char **keys, int nkeys)
{
    for (int i = 0; i < nkeys; i++)
        if (strncmp(key, keys[i], strlen(keys[i])) == 0)
            return 1;
    return 0;
}

/* Parse and score one page; returns the seconds html_page_parse took and
 * adds the processor seconds to *cpu. */
static double run_page(const char *dir, const char *key, const json_t *entry,
                       page_score_t *ps, fields_seen_t *seen, int show, json_t *dump,
                       double *cpu)
{
    char path[4096], err[512];
    size_t len;
    char *html;
    html_page_t *page = NULL;
    morgue_article_t art;
    double t0, c0, t;

    snprintf(path, sizeof path, "%s/html/%s.html.gz", dir, key);
    ps->key = key;
    ps->url = json_string_value(json_object_get(entry, "url"));
    html = read_gz(path, &len);
    if (html == NULL) {
        fprintf(stderr, "extract: cannot read %s\n", path);
        score_page(json_string_value(json_object_get(entry, "articleBody")), "", ps);
        return 0;
    }
    t0 = now();
    c0 = cpu_now();
    memset(&art, 0, sizeof art);
    if (html_page_parse(html, len, NULL, &page, &art, err, sizeof err) != 0) {
        fprintf(stderr, "extract: %s: %s\n", key, err);
        art.body = "";
    }
    t = now() - t0;
    *cpu += cpu_now() - c0;
    if (page != NULL)
        count_fields(&art, seen);
    score_page(json_string_value(json_object_get(entry, "articleBody")), art.body, ps);
    if (dump != NULL)
        json_object_set_new(dump, key, json_pack("{s:s}", "articleBody", art.body));
    if (show)
        printf("==== %s %s\nF1 %.3f P %.3f R %.3f\ntitle: %s\ndate: %s\nauthor: %s\n"
               "source: %s\nurl: %s\nlanguage: %s\nnote: %s\n---\n%s\n====\n",
               key, ps->url ? ps->url : "", ps->f1, ps->precision, ps->recall,
               art.title ? art.title : "-", art.date ? art.date : "-",
               art.author ? art.author : "-", art.source ? art.source : "-",
               art.url ? art.url : "-", art.language ? art.language : "-", err,
               art.body ? art.body : "");
    html_page_free(page);
    free(html);
    return t;
}

int main(int argc, char **argv)
{
    char path[4096];
    json_error_t jerr;
    json_t *truth, *entry;
    const char *key;
    page_score_t *scores;
    fields_seen_t seen = { 0, 0, 0, 0, 0, 0 };
    size_t n = 0, npred = 0;
    json_t *dump = NULL;
    const char *dump_path = NULL;
    double p_sum = 0, r_sum = 0, seconds = 0, cpu = 0, p, r;

    if (argc < 2) {
        fprintf(stderr, "usage: extract DIR [KEY...]\n");
        return 2;
    }
    snprintf(path, sizeof path, "%s/ground-truth.json", argv[1]);
    truth = json_load_file(path, 0, &jerr);
    if (truth == NULL || !json_is_object(truth)) {
        fprintf(stderr, "extract: %s: %s\n", path, truth ? "not an object" : jerr.text);
        return 1;
    }
    if (argc == 4 && strcmp(argv[2], "--dump") == 0) {
        dump_path = argv[3];
        dump = json_object();
        argc = 2;
    }
    scores = calloc(json_object_size(truth) + 1, sizeof *scores);
    json_object_foreach(truth, key, entry) {
        page_score_t *ps = &scores[n++];
        seconds += run_page(argv[1], key, entry, ps, &seen, wanted(key, argv + 2, argc - 2), dump,
                            &cpu);
        if (ps->predicted) {
            p_sum += ps->precision;
            npred++;
        }
        r_sum += ps->recall;
    }
    p = npred ? p_sum / npred : 0;
    r = n ? r_sum / n : 0;
    printf("pages %zu (%zu with text)\nprecision %.4f\nrecall    %.4f\nF1        %.4f\n",
           n, npred, p, r, p + r > 0 ? 2 * p * r / (p + r) : 0);
    printf("html_page_parse: %.3f s for %zu pages (%.2f ms a page), %.3f s of processor\n",
           seconds, n, n ? seconds * 1000 / n : 0, cpu);
    printf("fields: title %d, date %d, author %d, source %d, url %d, language %d\n",
           seen.title, seen.date, seen.author, seen.source, seen.url, seen.language);
    qsort(scores, n, sizeof *scores, by_f1);
    printf("worst %d by F1:\n", WORST);
    for (size_t i = 0; i < n && i < WORST; i++)
        printf("  %.3f  P %.3f R %.3f  %.12s  %s\n", scores[i].f1, scores[i].precision,
               scores[i].recall, scores[i].key, scores[i].url ? scores[i].url : "");
    if (dump != NULL && json_dump_file(dump, dump_path, JSON_INDENT(1)) != 0)
        fprintf(stderr, "extract: cannot write %s\n", dump_path);
    json_decref(dump);
    free(scores);
    json_decref(truth);
    return 0;
}
