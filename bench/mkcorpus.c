/* mkcorpus.c - the benchmark's article set: converts the BBC, Reuters-21578
 * and 20 Newsgroups corpora of ../shared/corpora into one JSON Lines file
 * (id, title, date, source, body) that every engine of bench/bench.sh reads.
 * Run by bench/bench.sh only; it is a harness tool, not a morgue reader
 * (indexer/readers/ owns those).
 *
 *   mkcorpus [--seed N] [--limit N] [--repeat K] CORPORA OUT.jsonl
 *
 * Articles are written in a fixed pseudo-random order (seed N, default 1),
 * so that the first n lines are a mixed sample of the three sources and
 * bench.sh can take prefixes as smaller corpora; --limit N keeps the first N
 * of that order only. --repeat K writes the whole
 * set K times, copy k > 0 with ids suffixed "~k" (distinct ids, same text).
 * Bytes are repaired to UTF-8 with morgue_text_repair; Reuters SGML records
 * are parsed with libxml2's HTML parser in recover mode; JSON is written
 * with jansson. Prints "articles bytes" counts to stderr. */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "morgue.h"

/* The articles collected so far, as JSON objects. */
typedef struct corpus {
    json_t **items;
    size_t n, cap;
    int failed;      /* out of memory: the run stops with an error */
} corpus_t;

/* ---- small helpers ------------------------------------------------- */

static uint64_t rng_state;

/* splitmix64: the same sequence on every machine for a given seed. */
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        char *b = realloc(buf, cap * 2);
        if (b == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = b;
        cap *= 2;
    }
    if (buf != NULL && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf != NULL) {
        if (n == cap) {
            char *b = realloc(buf, cap + 1);
            if (b == NULL) {
                free(buf);
                return NULL;
            }
            buf = b;
        }
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

/* Valid UTF-8 with surrounding white space trimmed; malloc'd, or NULL when
 * nothing is left (or out of memory, which sets c->failed). */
static char *clean(corpus_t *c, const char *s, size_t len)
{
    char *out;
    size_t n, start = 0;
    if (morgue_text_repair(s, len, &out, &n, NULL) != MORGUE_OK) {
        c->failed = 1;
        return NULL;
    }
    while (start < n && strchr(" \t\r\n", out[start]) != NULL)
        start++;
    while (n > start && strchr(" \t\r\n", out[n - 1]) != NULL)
        n--;
    if (n == start) {
        free(out);
        return NULL;
    }
    memmove(out, out + start, n - start);
    out[n - start] = '\0';
    return out;
}

/* Add one article; title, date and body are malloc'd or NULL and taken
 * over. An article without a body is left out. */
static void add(corpus_t *c, const char *id, char *title, const char *date,
                const char *source, char *body)
{
    if (body == NULL || c->failed) {
        free(title);
        free(body);
        return;
    }
    json_t *o = json_object();
    if (o == NULL || json_object_set_new(o, "id", json_string(id)) != 0 ||
        json_object_set_new(o, "title", title ? json_string(title) : json_null()) != 0 ||
        json_object_set_new(o, "date", date ? json_string(date) : json_null()) != 0 ||
        json_object_set_new(o, "source", json_string(source)) != 0 ||
        json_object_set_new(o, "body", json_string(body)) != 0)
        c->failed = 1;
    free(title);
    free(body);
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        json_t **items = realloc(c->items, cap * sizeof *items);
        if (items == NULL) {
            c->failed = 1;
            json_decref(o);
            return;
        }
        c->items = items;
        c->cap = cap;
    }
    c->items[c->n++] = o;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* The entries of dir not starting with '.', sorted by name; -1 when dir
 * cannot be read. */
static int list_dir(const char *dir, struct dirent ***names)
{
    int n = scandir(dir, names, NULL, by_name);
    if (n < 0)
        return -1;
    int k = 0;
    for (int i = 0; i < n; i++) {
        if ((*names)[i]->d_name[0] == '.')
            free((*names)[i]);
        else
            (*names)[k++] = (*names)[i];
    }
    return k;
}

static void free_list(struct dirent **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* ---- BBC: line 1 the headline, then the body ----------------------- */

static int read_bbc(corpus_t *c, const char *root)
{
    char dir[4096], path[4096 + 512], id[600];
    snprintf(dir, sizeof dir, "%s/bbc-news/bbc", root);
    struct dirent **cats;
    int ncats = list_dir(dir, &cats);
    if (ncats < 0) {
        fprintf(stderr, "mkcorpus: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    for (int i = 0; i < ncats; i++) {
        char catdir[4096 + 256];
        snprintf(catdir, sizeof catdir, "%s/%s", dir, cats[i]->d_name);
        struct dirent **files;
        int nfiles = list_dir(catdir, &files);
        for (int j = 0; j < nfiles; j++) {
            size_t len = strlen(files[j]->d_name);
            if (len < 5 || strcmp(files[j]->d_name + len - 4, ".txt") != 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", catdir, files[j]->d_name);
            char *text = read_file(path, &len);
            if (text == NULL) {
                fprintf(stderr, "mkcorpus: %s: %s\n", path, strerror(errno));
                continue;
            }
            const char *nl = memchr(text, '\n', len);
            size_t tlen = nl ? (size_t)(nl - text) : len;
            snprintf(id, sizeof id, "bbc-%s-%.*s", cats[i]->d_name,
                     (int)(strlen(files[j]->d_name) - 4), files[j]->d_name);
            add(c, id, clean(c, text, tlen), NULL, "BBC News",
                nl ? clean(c, nl + 1, len - tlen - 1) : NULL);
            free(text);
        }
        if (nfiles > 0)
            free_list(files, nfiles);
    }
    free_list(cats, ncats);
    return 0;
}

/* ---- 20 Newsgroups: RFC 822 headers, a blank line, the body --------- */

/* The value of header name (unfolded) in the header block head[0..len),
 * malloc'd, or NULL. */
static char *header(corpus_t *c, const char *head, size_t len, const char *name)
{
    size_t nlen = strlen(name);
    const char *p = head, *end = head + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (eol == NULL)
            eol = end;
        if ((size_t)(eol - p) > nlen && strncasecmp(p, name, nlen) == 0 && p[nlen] == ':') {
            const char *v = p + nlen + 1, *vend = eol;
            while (vend < end && vend + 1 < end && (vend[1] == ' ' || vend[1] == '\t')) {
                const char *next = memchr(vend + 1, '\n', (size_t)(end - vend - 1));
                vend = next ? next : end;
            }
            char *raw = strndup(v, (size_t)(vend - v));
            if (raw == NULL) {
                c->failed = 1;
                return NULL;
            }
            for (char *q = raw; *q; q++)
                if (*q == '\n' || *q == '\r' || *q == '\t')
                    *q = ' ';
            char *out = clean(c, raw, strlen(raw));
            free(raw);
            return out;
        }
        p = eol + 1;
    }
    return NULL;
}

static void read_post(corpus_t *c, const char *path, const char *id, const char *group)
{
    size_t len;
    char *text = read_file(path, &len);
    if (text == NULL) {
        fprintf(stderr, "mkcorpus: %s: %s\n", path, strerror(errno));
        return;
    }
    const char *sep = strstr(text, "\n\n");
    size_t hlen = sep ? (size_t)(sep - text) : len;
    char *title = header(c, text, hlen, "Subject");
    char *rawdate = header(c, text, hlen, "Date");
    char date[11], source[300];
    int dated = rawdate != NULL && morgue_date_parse(rawdate, date) == MORGUE_OK;
    free(rawdate);
    snprintf(source, sizeof source, "Usenet %s", group);
    add(c, id, title, dated ? date : NULL, source,
        sep ? clean(c, sep + 2, len - hlen - 2) : NULL);
    free(text);
}

static int read_newsgroups(corpus_t *c, const char *root)
{
    static const char *const splits[] = { "train", "test" };
    for (size_t s = 0; s < 2; s++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/20newsgroups/20news-bydate-%s", root, splits[s]);
        struct dirent **groups;
        int ngroups = list_dir(dir, &groups);
        if (ngroups < 0) {
            fprintf(stderr, "mkcorpus: %s: %s\n", dir, strerror(errno));
            return -1;
        }
        for (int i = 0; i < ngroups; i++) {
            char gdir[4096 + 256], path[4096 + 512], id[600];
            snprintf(gdir, sizeof gdir, "%s/%s", dir, groups[i]->d_name);
            struct dirent **posts;
            int nposts = list_dir(gdir, &posts);
            for (int j = 0; j < nposts; j++) {
                snprintf(path, sizeof path, "%s/%s", gdir, posts[j]->d_name);
                snprintf(id, sizeof id, "20ng-%s-%s-%s", splits[s], groups[i]->d_name,
                         posts[j]->d_name);
                read_post(c, path, id, groups[i]->d_name);
            }
            if (nposts > 0)
                free_list(posts, nposts);
        }
        free_list(groups, ngroups);
    }
    return 0;
}

/* ---- Reuters-21578: <REUTERS> records parsed by libxml2 ------------- */

/* The first element called name at or below n (the HTML parser folds
 * names to lower case), or NULL. */
static xmlNode *find(xmlNode *n, const char *name)
{
    for (; n != NULL; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
            return n;
        xmlNode *in = find(n->children, name);
        if (in != NULL)
            return in;
    }
    return NULL;
}

/* Append the text below n, leaving out the subtree skip. */
static void text_without(xmlNode *n, const xmlNode *skip, xmlBuffer *buf)
{
    for (; n != NULL; n = n->next) {
        if (n == skip)
            continue;
        if (n->type == XML_TEXT_NODE && n->content != NULL)
            xmlBufferCat(buf, n->content);
        text_without(n->children, skip, buf);
    }
}

/* "26-FEB-1987 15:01:01.79" -> "1987-02-26". */
static int reuters_date(const char *s, char out[11])
{
    static const char *const months[] = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" };
    int d, y;
    char mon[4];
    while (*s == ' ')
        s++;
    if (sscanf(s, "%d-%3[A-Za-z]-%d", &d, mon, &y) != 3)
        return -1;
    for (int m = 0; m < 12; m++)
        if (strcasecmp(mon, months[m]) == 0) {
            char iso[32];
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m + 1, d);
            return morgue_date_parse(iso, out) == MORGUE_OK ? 0 : -1;
        }
    return -1;
}

static void read_record(corpus_t *c, const char *rec, size_t len, const char *file)
{
    htmlDocPtr doc = htmlReadMemory(rec, (int)len, NULL, "ISO-8859-1",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                    HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (doc == NULL) {
        fprintf(stderr, "mkcorpus: %s: a <REUTERS> record could not be parsed\n", file);
        return;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *r = find(root, "reuters");
    xmlNode *text = r ? find(r->children, "text") : NULL;
    xmlChar *newid = r ? xmlGetProp(r, (const xmlChar *)"newid") : NULL;
    if (text == NULL || newid == NULL) {
        fprintf(stderr, "mkcorpus: %s: a <REUTERS> record without NEWID or TEXT\n", file);
    } else {
        char id[64], date[11];
        snprintf(id, sizeof id, "reuters-%s", (const char *)newid);
        xmlNode *title = find(text->children, "title");
        xmlNode *dnode = find(r->children, "date");
        xmlChar *dtext = dnode ? xmlNodeGetContent(dnode) : NULL;
        int dated = dtext != NULL && reuters_date((const char *)dtext, date) == 0;
        xmlChar *ttext = title ? xmlNodeGetContent(title) : NULL;
        xmlBuffer *buf = xmlBufferCreate();
        if (buf == NULL)
            c->failed = 1;
        else
            text_without(text->children, title, buf);
        const char *t = ttext ? (const char *)ttext : "";
        const char *b = buf ? (const char *)xmlBufferContent(buf) : "";
        char *body = clean(c, b, strlen(b));
        /* A brief is its headline only: the headline is its body too. */
        if (body == NULL && ttext != NULL)
            body = clean(c, t, strlen(t));
        add(c, id, clean(c, t, strlen(t)), dated ? date : NULL, "Reuters", body);
        xmlBufferFree(buf);
        xmlFree(ttext);
        xmlFree(dtext);
    }
    xmlFree(newid);
    xmlFreeDoc(doc);
}

static int read_reuters(corpus_t *c, const char *root)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/reuters21578/reuters21578", root);
    struct dirent **files;
    int nfiles = list_dir(dir, &files);
    if (nfiles < 0) {
        fprintf(stderr, "mkcorpus: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    for (int i = 0; i < nfiles; i++) {
        const char *name = files[i]->d_name;
        size_t nlen = strlen(name);
        if (strncmp(name, "reut2-", 6) != 0 || nlen < 5 || strcmp(name + nlen - 4, ".sgm") != 0)
            continue;
        char path[4096 + 256];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", dir, name);
        char *text = read_file(path, &len);
        if (text == NULL) {
            fprintf(stderr, "mkcorpus: %s: %s\n", path, strerror(errno));
            continue;
        }
        /* Each record from "<REUTERS" to the end of its "</REUTERS>". */
        for (char *p = strstr(text, "<REUTERS"); p != NULL; p = strstr(p, "<REUTERS")) {
            char *end = strstr(p, "</REUTERS>");
            if (end == NULL) {
                fprintf(stderr, "mkcorpus: %s: a <REUTERS> record is not closed\n", path);
                break;
            }
            end += strlen("</REUTERS>");
            read_record(c, p, (size_t)(end - p), path);
            p = end;
        }
        free(text);
    }
    free_list(files, nfiles);
    return 0;
}

/* ---- output -------------------------------------------------------- */

static int write_all(corpus_t *c, FILE *out, unsigned repeat, uint64_t *bytes)
{
    *bytes = 0;
    for (unsigned k = 0; k < repeat; k++) {
        for (size_t i = 0; i < c->n; i++) {
            json_t *o = c->items[i];
            json_t *id = json_object_get(o, "id");
            char *base = strdup(json_string_value(id));
            if (base == NULL)
                return -1;
            if (k > 0) {
                char *copy;
                if (asprintf(&copy, "%s~%u", base, k) < 0) {
                    free(base);
                    return -1;
                }
                json_object_set_new(o, "id", json_string(copy));
                free(copy);
            }
            char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
            if (k > 0)
                json_object_set_new(o, "id", json_string(base));
            free(base);
            if (line == NULL)
                return -1;
            size_t n = strlen(line);
            if (fwrite(line, 1, n, out) != n || putc('\n', out) == EOF) {
                free(line);
                return -1;
            }
            *bytes += n + 1;
            free(line);
        }
    }
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: mkcorpus [--seed N] [--limit N] [--repeat K] CORPORA OUT.jsonl\n");
}

int main(int argc, char **argv)
{
    uint64_t seed = 1;
    unsigned repeat = 1;
    size_t limit = 0;
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc)
            limit = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = (unsigned)strtoul(argv[++i], NULL, 10);
        else {
            usage();
            return 2;
        }
    }
    if (argc - i != 2 || repeat == 0) {
        usage();
        return 2;
    }
    const char *root = argv[i], *outpath = argv[i + 1];
    corpus_t c = { 0 };
    xmlInitParser();
    if (read_bbc(&c, root) != 0 || read_reuters(&c, root) != 0 ||
        read_newsgroups(&c, root) != 0)
        return 1;
    if (c.failed) {
        fprintf(stderr, "mkcorpus: out of memory\n");
        return 1;
    }
    /* Fisher-Yates with a fixed seed: the same order everywhere. */
    rng_state = seed;
    for (size_t k = c.n; k > 1; k--) {
        size_t j = (size_t)(rng_next() % k);
        json_t *t = c.items[k - 1];
        c.items[k - 1] = c.items[j];
        c.items[j] = t;
    }
    while (limit > 0 && c.n > limit)
        json_decref(c.items[--c.n]);
    FILE *out = fopen(outpath, "w");
    uint64_t bytes = 0;
    if (out == NULL || write_all(&c, out, repeat, &bytes) != 0 || fclose(out) != 0) {
        fprintf(stderr, "mkcorpus: %s: %s\n", outpath, strerror(errno));
        return 1;
    }
    fprintf(stderr, "%zu %llu\n", c.n * repeat, (unsigned long long)bytes);
    for (size_t k = 0; k < c.n; k++)
        json_decref(c.items[k]);
    free(c.items);
    xmlCleanupParser();
    return 0;
}
