/* check.c - morgue_db_check: whether an index is whole. Runs Xapian's own
 * consistency check of every table (xb_check, as xapian-check does), then
 * morgue's: every stored record decodes and its checksum holds
 * (lib/record.c), and no file's articles are more than its file record
 * counts (lib/files.c). The version file is checked first
 * (xb_files_check_version), as Xapian crashes on some damaged ones. Called
 * by morgue-index --check (indexer/main.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "record.h"
#include "schema.h"

/* How often a check that a writer's commit disturbed is run again. */
#define CHECK_TRIES 3

/* The problems one attempt found, kept until it is known to be whole. */
typedef struct problems {
    char **lines;                /* malloc'd messages */
    size_t n, cap;
    uint64_t xapian;             /* errors Xapian's check counted */
    int no_memory;               /* a message could not be kept */
} problems_t;

__attribute__((format(printf, 2, 3)))
static void note(problems_t *p, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 16;
        char **lines = realloc(p->lines, cap * sizeof *lines);
        if (lines == NULL) {
            p->no_memory = 1;
            return;
        }
        p->lines = lines;
        p->cap = cap;
    }
    if ((p->lines[p->n] = strdup(buf)) == NULL)
        p->no_memory = 1;
    else
        p->n++;
}

static void problems_clear(problems_t *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->lines[i]);
    free(p->lines);
    memset(p, 0, sizeof *p);
}

/* Xapian's report, kept until its count of errors says whether it is
 * about problems: it also says what it checked and found whole. */
typedef struct xapian_report {
    problems_t *p;
    char table[32];              /* the table being checked ("postlist") */
} xapian_report_t;

static void xapian_line(void *ctx, const char *text)
{
    xapian_report_t *x = ctx;
    size_t len = strlen(text);
    if (len > 1 && len < sizeof x->table && text[len - 1] == ':' && !strchr(text, ' ')) {
        snprintf(x->table, sizeof x->table, "%.*s", (int)(len - 1), text);
        return;
    }
    if (strstr(text, "checked OK") != NULL || strncmp(text, "Lazily created", 14) == 0)
        return;
    note(x->p, "Xapian's check%s%s%s: %s", x->table[0] ? " of the " : "", x->table,
         x->table[0] ? " table" : "", text);
}

/* Xapian's check of the tables. MORGUE_OK (problems noted) or the status
 * that kept it from checking, with xerr set. */
static morgue_status_t check_tables(const char *path, problems_t *p, char *xerr)
{
    xapian_report_t x = { p, "" };
    size_t before = p->n;
    morgue_status_t st = xb_check(path, xapian_line, &x, &p->xapian, xerr);
    if (st == MORGUE_OK && p->xapian == 0) {
        while (p->n > before)   /* lines of a whole index are no problems */
            free(p->lines[--p->n]);
    }
    if (st == MORGUE_INDEX_CORRUPT) {
        note(p, "Xapian's check%s%s%s: %s", x.table[0] ? " of the " : "", x.table,
             x.table[0] ? " table" : "", xerr);
        p->xapian++;
        st = MORGUE_OK;
    }
    if (st == MORGUE_OK && p->xapian > 0 && p->n == before)
        note(p, "Xapian's check counts %llu errors", (unsigned long long)p->xapian);
    return st;
}

/* What the walks over the documents and the file records share. */
typedef struct walk {
    morgue_db_t *db;
    problems_t *p;
    uint64_t docs;               /* documents of the file being counted */
    morgue_status_t status;      /* a failure that stops the check */
    char xerr[XB_ERRLEN];
} walk_t;

static int check_doc(void *ctx, unsigned docid, const char *data, size_t len,
                     const char *problem)
{
    walk_t *w = ctx;
    mg_record_t *r = NULL;
    if (data == NULL) {
        note(w->p, "document %u: its data cannot be read: %s", docid, problem);
        return 0;
    }
    morgue_status_t st = mg_record_decode(data, len, &r);
    if (st == MORGUE_INDEX_CORRUPT)
        note(w->p, "document %u: its stored record is damaged (checksum or layout)", docid);
    mg_record_free(r);
    if (st == MORGUE_NO_MEMORY) {
        w->status = st;
        snprintf(w->xerr, sizeof w->xerr, "out of memory");
        return 1;
    }
    return 0;
}

static int count_doc(void *ctx, unsigned docid)
{
    (void)docid;
    ((walk_t *)ctx)->docs++;
    return 0;
}

static int check_file(void *ctx, const char *key, const char *path, uint64_t count)
{
    walk_t *w = ctx;
    char term[32];
    if (path == NULL) {
        note(w->p, "file record %s%s does not parse", META_FILE, key);
        return 0;
    }
    snprintf(term, sizeof term, PFX_FILE "%s", key);
    w->docs = 0;
    w->status = xb_term_docs(w->db->xb, term, count_doc, w, w->xerr);
    if (w->status != MORGUE_OK)
        return 1;
    /* Fewer is no damage: an article whose id a later file also holds
     * belongs to the later file. More can only be a lost update. */
    if (w->docs > count)
        note(w->p, "%s: %llu articles in the index, its file record counts %llu", path,
             (unsigned long long)w->docs, (unsigned long long)count);
    return 0;
}

/* morgue's own checks on the open index db. */
static morgue_status_t check_records(morgue_db_t *db, problems_t *p, char *xerr)
{
    walk_t w = { db, p, 0, MORGUE_OK, "" };
    morgue_status_t st = xb_all_docs(db->xb, check_doc, &w, xerr);
    if (st == MORGUE_OK && w.status != MORGUE_OK) {
        snprintf(xerr, XB_ERRLEN, "%s", w.xerr);
        return w.status;
    }
    if (st != MORGUE_OK)
        return st;
    st = mg_files_walk(db, check_file, &w);
    if (st == MORGUE_OK && w.status != MORGUE_OK) {
        snprintf(xerr, XB_ERRLEN, "%s", w.xerr);
        return w.status;
    }
    if (st != MORGUE_OK)
        snprintf(xerr, XB_ERRLEN, "%.*s", XB_ERRLEN - 1, db->err);
    return st;
}

/* One whole check of the index at path, its problems noted in p. */
static morgue_status_t check_once(const char *path, problems_t *p, char *xerr)
{
    morgue_db_t *db = NULL;
    char *msg = NULL;
    /* An index this user may not read is not checked, nor damaged. */
    if (xb_files_access(path, 0, xerr) != MORGUE_OK)
        return MORGUE_IO_ERROR;
    morgue_status_t st = morgue_db_open(path, MORGUE_READ, 0, NULL, &db, &msg);
    if (st == MORGUE_NO_INDEX || st == MORGUE_INDEX_VERSION || st == MORGUE_NO_MEMORY ||
        st == MORGUE_INDEX_MODIFIED) {
        snprintf(xerr, XB_ERRLEN, "%s", msg != NULL ? msg : morgue_status_string(st));
        free(msg);
        return st;
    }
    /* An index that does not open may be damaged: Xapian's check says. */
    morgue_status_t open_st = st;
    size_t before = p->n;
    st = check_tables(path, p, xerr);
    if (st == MORGUE_OK && open_st != MORGUE_OK) {
        if (open_st != MORGUE_INDEX_CORRUPT && p->n == before) {
            snprintf(xerr, XB_ERRLEN, "%s", msg != NULL ? msg : morgue_status_string(open_st));
            st = open_st;
        } else {
            note(p, "%s", msg != NULL ? msg : morgue_status_string(open_st));
        }
    }
    free(msg);
    if (st == MORGUE_OK && db != NULL)
        st = check_records(db, p, xerr);
    morgue_db_close(db);
    return st;
}

morgue_status_t morgue_db_check(const char *path, morgue_check_fn report, void *ctx,
                                uint64_t *problems, char **error)
{
    char xerr[XB_ERRLEN];
    problems_t p = { 0 };
    if (problems != NULL)
        *problems = 0;
    if (error != NULL)
        *error = NULL;
    if (path == NULL)
        return MORGUE_INVALID_ARGUMENT;
    morgue_status_t st = xb_files_check_version(path, xerr);
    if (st != MORGUE_OK) {
        note(&p, "%s", xerr);   /* Xapian's check would crash on it */
    } else {
        for (int i = 0; i < CHECK_TRIES; i++) {
            problems_clear(&p);
            if ((st = check_once(path, &p, xerr)) != MORGUE_INDEX_MODIFIED)
                break;
        }
        if (st == MORGUE_OK && p.no_memory) {
            st = MORGUE_NO_MEMORY;
            snprintf(xerr, sizeof xerr, "out of memory");
        }
        if (st != MORGUE_OK) {
            if (error != NULL)
                *error = strdup(xerr);
            problems_clear(&p);
            return st;
        }
    }
    for (size_t i = 0; i < p.n; i++)
        if (report != NULL)
            report(ctx, p.lines[i]);
    if (problems != NULL)
        *problems = p.n;
    st = p.n > 0 ? MORGUE_INDEX_CORRUPT : MORGUE_OK;
    problems_clear(&p);
    return st;
}
