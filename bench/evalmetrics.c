/* evalmetrics.c - ranking quality of one run against relevance judgments:
 * MAP, P@10 and nDCG@10, the figures bench/eval.sh prints. A benchmark
 * program (built into BUILD/bench/evalmetrics); it uses no libmorgue call.
 *
 *   evalmetrics [-q] QRELS RUN
 *
 * QRELS has lines "QID DOCID GAIN": GAIN > 0 is relevant with that gain,
 * GAIN <= 0 is judged not relevant. RUN has lines "QID DOCID", the
 * documents of each query best first (a document repeated for a query
 * counts once, at its first place). Queries are evaluated when QRELS gives
 * them at least one relevant document; such a query missing from RUN
 * scores 0. Prints one line "MAP P10 NDCG10 QUERIES"; with -q, one line
 * "QID AP P10 NDCG10" per query before it.
 *
 * AP is the mean over the query's relevant documents of the precision at
 * each one's place (0 for one not retrieved). nDCG@10 uses the gain as
 * given, discounted by log2(place + 1), over the ideal order of the judged
 * gains (the trec_eval definition). Exit status 0, or 2 on bad input. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CUTOFF 10

typedef struct judgment {
    long qid;
    long doc;
    double gain;
} judgment_t;

typedef struct ranked {
    long qid;
    long doc;
    size_t order;   /* line number in RUN: keeps each query's order */
} ranked_t;

typedef struct list {
    void *items;
    size_t n, cap, size;
} list_t;

static void *push(list_t *l)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 1024;
        void *p = realloc(l->items, cap * l->size);
        if (p == NULL) {
            fprintf(stderr, "evalmetrics: out of memory\n");
            exit(2);
        }
        l->items = p;
        l->cap = cap;
    }
    return (char *)l->items + l->size * l->n++;
}

/* Read path's lines into out: blank lines are skipped, and parse turns
 * each other line into one item (nonzero when it fits); a line that does
 * not fit is reported as "path:line: not FORM" and the program stops. */
static void read_lines(const char *path, list_t *out, const char *form,
                       int (*parse)(const char *line, void *item, size_t order))
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    char line[256];
    unsigned long no = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        no++;
        if (line[strspn(line, " \t\r\n")] == '\0')
            continue;
        void *item = push(out);
        if (!parse(line, item, out->n - 1)) {
            fprintf(stderr, "%s:%lu: not \"%s\"\n", path, no, form);
            exit(2);
        }
    }
    fclose(f);
}

static int parse_judgment(const char *line, void *item, size_t order)
{
    judgment_t *j = item;
    return sscanf(line, "%ld %ld %lf", &j->qid, &j->doc, &j->gain) == 3;
}

static int parse_ranked(const char *line, void *item, size_t order)
{
    ranked_t *r = item;
    r->order = order;
    return sscanf(line, "%ld %ld", &r->qid, &r->doc) == 2;
}

static int by_query_then_gain(const void *a, const void *b)
{
    const judgment_t *x = a, *y = b;
    if (x->qid != y->qid)
        return x->qid < y->qid ? -1 : 1;
    return (x->gain < y->gain) - (x->gain > y->gain);
}

static int by_query_then_order(const void *a, const void *b)
{
    const ranked_t *x = a, *y = b;
    if (x->qid != y->qid)
        return x->qid < y->qid ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

/* The gain of doc among the judgments js[0..n), or 0 when unjudged. */
static double gain_of(const judgment_t *js, size_t n, long doc)
{
    for (size_t i = 0; i < n; i++)
        if (js[i].doc == doc)
            return js[i].gain;
    return 0;
}

/* Whether doc appears in rs[0..n). */
static int seen_before(const ranked_t *rs, size_t n, long doc)
{
    for (size_t i = 0; i < n; i++)
        if (rs[i].doc == doc)
            return 1;
    return 0;
}

typedef struct scores {
    double ap, p10, ndcg10;
} scores_t;

/* Score one query: its judgments js[0..nj) sorted by falling gain, and
 * its ranked documents rs[0..nr) best first. */
static scores_t score_query(const judgment_t *js, size_t nj, const ranked_t *rs, size_t nr)
{
    scores_t s = { 0, 0, 0 };
    size_t relevant = 0, found = 0, place = 0;
    double dcg = 0, ideal = 0;
    for (size_t i = 0; i < nj; i++)
        if (js[i].gain > 0)
            relevant++;
    for (size_t i = 0; i < nj && i < CUTOFF && js[i].gain > 0; i++)
        ideal += js[i].gain / log2((double)i + 2);
    for (size_t i = 0; i < nr; i++) {
        if (seen_before(rs, i, rs[i].doc))
            continue;
        place++;
        double g = gain_of(js, nj, rs[i].doc);
        if (g <= 0)
            continue;
        found++;
        s.ap += (double)found / (double)place;
        if (place <= CUTOFF) {
            s.p10 += 1.0 / CUTOFF;
            dcg += g / log2((double)place + 1);
        }
    }
    s.ap /= (double)relevant;
    s.ndcg10 = ideal > 0 ? dcg / ideal : 0;
    return s;
}

int main(int argc, char **argv)
{
    int per_query = argc > 1 && strcmp(argv[1], "-q") == 0;
    if (argc != 3 + per_query) {
        fprintf(stderr, "usage: evalmetrics [-q] QRELS RUN\n");
        return 2;
    }
    list_t qrels = { .size = sizeof(judgment_t) }, run = { .size = sizeof(ranked_t) };
    read_lines(argv[1 + per_query], &qrels, "QID DOCID GAIN", parse_judgment);
    read_lines(argv[2 + per_query], &run, "QID DOCID", parse_ranked);
    judgment_t *js = qrels.items;
    ranked_t *rs = run.items;
    if (qrels.n > 0)
        qsort(js, qrels.n, sizeof *js, by_query_then_gain);
    if (run.n > 0)
        qsort(rs, run.n, sizeof *rs, by_query_then_order);
    double map = 0, p10 = 0, ndcg = 0;
    size_t queries = 0, r = 0;
    for (size_t i = 0; i < qrels.n;) {
        size_t j = i;
        while (j < qrels.n && js[j].qid == js[i].qid)
            j++;
        while (r < run.n && rs[r].qid < js[i].qid)
            r++;
        size_t e = r;
        while (e < run.n && rs[e].qid == js[i].qid)
            e++;
        if (js[i].gain > 0) {  /* sorted by falling gain: any relevant comes first */
            scores_t s = score_query(js + i, j - i, rs + r, e - r);
            if (per_query)
                printf("%ld %.4f %.4f %.4f\n", js[i].qid, s.ap, s.p10, s.ndcg10);
            map += s.ap;
            p10 += s.p10;
            ndcg += s.ndcg10;
            queries++;
        }
        i = j;
        r = e;
    }
    if (queries == 0) {
        fprintf(stderr, "evalmetrics: no query has a relevant document\n");
        return 2;
    }
    printf("%.4f %.4f %.4f %zu\n", map / (double)queries, p10 / (double)queries,
           ndcg / (double)queries, queries);
    free(js);
    free(rs);
    return 0;
}
