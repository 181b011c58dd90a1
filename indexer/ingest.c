/* ingest.c - index one input file (ingest.h): the link between a reader,
 * which produces articles, and libmorgue, which stores them; and the
 * limit on the warnings of one kind printed for one file. */
#include "ingest.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "formats.h"
#include "input.h"
#include "report.h"

#define SNIFF_BYTES 512
#define KIND_SHOWN 200          /* bytes kept of a kind's last shown warning */

/* One kind of warning met in a file: the warnings made from one format
 * string, which is the same each time a reader repeats itself. */
typedef struct warn_kind {
    const char *fmt;        /* the format string: the kind's identity */
    uint64_t count;         /* warnings of this kind in the file */
    unsigned long line;     /* the line of the last one shown */
    char last[KIND_SHOWN];  /* the last one shown, as printed */
} warn_kind_t;

/* What one file's reading shares with the emit and warn callbacks. */
typedef struct file_run {
    ingest_t *ig;
    const char *shown;      /* the path as the user named it */
    int skipped;            /* some part of the file was lost */
    warn_kind_t *kinds;     /* the kinds of warning met, in order met */
    size_t nkinds, kinds_cap;
} file_run_t;

static int is_fatal(morgue_status_t st)
{
    return st != MORGUE_OK && st != MORGUE_BAD_INPUT && st != MORGUE_INVALID_ARGUMENT;
}

uint64_t ingest_uncommitted(const ingest_t *ig)
{
    return ig->pending.added + ig->pending.updated + ig->pending.removed;
}

/* Record a successful commit of the pending articles (ingest.h). */
static void committed(ingest_t *ig)
{
    uint64_t n = ingest_uncommitted(ig);
    ig->stats.added += ig->pending.added;
    ig->stats.updated += ig->pending.updated;
    ig->stats.removed += ig->pending.removed;
    ig->stats.replaced += ig->pending.replaced;
    ig->pending = (ingest_written_t){ 0 };
    if (ig->verbose)
        report_message("committed %llu articles (total %llu)", (unsigned long long)n,
                       (unsigned long long)(ig->stats.added + ig->stats.updated +
                                            ig->stats.removed));
}

/* Commit, if always is nonzero or anything is pending. Sets ig->fatal on
 * failure. */
static void commit(ingest_t *ig, int always)
{
    if ((!always && ingest_uncommitted(ig) == 0) || ig->fatal != MORGUE_OK)
        return;
    morgue_status_t st = morgue_db_commit(ig->db);
    if (st != MORGUE_OK) {
        report_message("%s", morgue_db_error(ig->db));
        ig->fatal = st;
        return;
    }
    committed(ig);
}

void ingest_finish(ingest_t *ig)
{
    commit(ig, 1);
}

/* Why the PATH at path may not be pruned under: it is missing, cannot be
 * read, or is an empty directory (an unmounted mount point); NULL when it
 * is an ordinary file or directory. */
static const char *prune_risk(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return errno == ENOENT || errno == ENOTDIR ? "missing" : "unreadable";
    if (!S_ISDIR(sb.st_mode))
        return NULL;
    DIR *d = opendir(path);
    if (d == NULL)
        return "unreadable";
    struct dirent *e;
    int empty = 1;
    while (empty && (e = readdir(d)) != NULL)
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    return empty ? "an empty directory" : NULL;
}

/* path as the index records files below it: resolved when it exists, else
 * its parent resolved and its name added (malloc'd; NULL when out of
 * memory or nothing of it can be resolved). */
static char *recorded_form(const char *path)
{
    char *real = realpath(path, NULL);
    if (real != NULL)
        return real;
    char *copy = strdup(path);
    if (copy == NULL)
        return NULL;
    size_t n = strlen(copy);
    while (n > 1 && copy[n - 1] == '/')
        copy[--n] = '\0';
    char *slash = strrchr(copy, '/');
    const char *name = slash != NULL ? slash + 1 : copy;
    char *parent = slash == NULL ? realpath(".", NULL)
                   : slash == copy ? strdup("/") : (*slash = '\0', realpath(copy, NULL));
    char *out = NULL;
    if (parent != NULL && (out = malloc(strlen(parent) + strlen(name) + 2)) != NULL)
        sprintf(out, "%s%s%s", parent, strcmp(parent, "/") == 0 ? "" : "/", name);
    free(parent);
    free(copy);
    return out;
}

void ingest_prune(ingest_t *ig, char *const *paths, int npaths, int force)
{
    if (ig->fatal != MORGUE_OK)
        return;
    const char **keep = calloc(npaths > 0 ? npaths : 1, sizeof *keep);
    const char **why = calloc(npaths > 0 ? npaths : 1, sizeof *why);
    const char **shown = calloc(npaths > 0 ? npaths : 1, sizeof *shown);
    uint64_t *kept = calloc(npaths > 0 ? npaths : 1, sizeof *kept);
    size_t nkeep = 0;
    for (int i = 0; keep && why && shown && kept && i < npaths; i++) {
        const char *risk = strcmp(paths[i], "-") == 0 ? NULL : prune_risk(paths[i]);
        char *form = risk != NULL ? recorded_form(paths[i]) : NULL;
        if (form != NULL) {
            keep[nkeep] = form;
            why[nkeep] = risk;
            shown[nkeep++] = paths[i];
        }
    }
    if (!keep || !why || !shown || !kept) {
        report_message("out of memory");
        ig->fatal = MORGUE_NO_MEMORY;
    } else {
        morgue_prune_options_t opts = { .keep = keep, .nkeep = nkeep, .kept = kept,
                                        .max_share = force ? 0 : 0.5 };
        uint64_t articles = 0, files = 0;
        morgue_status_t st = morgue_db_prune_with(ig->db, &opts, &articles, &files);
        for (size_t i = 0; i < nkeep; i++)
            if (kept[i] > 0) {
                report_message("%s: %s, so its %" PRIu64 " indexed article%s not pruned "
                               "(is the archive mounted?)", shown[i], why[i], kept[i],
                               kept[i] == 1 ? " was" : "s were");
                ig->prune_held = 1;
            }
        if (st == MORGUE_REFUSED) {
            report_message("%s (--force prunes them)", morgue_db_error(ig->db));
            ig->prune_held = 1;
        } else if (st != MORGUE_OK) {
            report_message("%s", morgue_db_error(ig->db));
            ig->fatal = st;
        }
        ig->pending.removed += articles;
    }
    for (size_t i = 0; keep != NULL && i < nkeep; i++)
        free((char *)keep[i]);
    free(keep);
    free(why);
    free(shown);
    free(kept);
}

/* The kind of fmt in run, added when new; NULL when out of memory. */
static warn_kind_t *warn_kind(file_run_t *run, const char *fmt)
{
    for (size_t i = 0; i < run->nkinds; i++)
        if (run->kinds[i].fmt == fmt)
            return &run->kinds[i];
    if (run->nkinds == run->kinds_cap) {
        size_t cap = run->kinds_cap ? run->kinds_cap * 2 : 8;
        warn_kind_t *grown = realloc(run->kinds, cap * sizeof *grown);
        if (grown == NULL)
            return NULL;
        run->kinds = grown;
        run->kinds_cap = cap;
    }
    warn_kind_t *k = &run->kinds[run->nkinds++];
    *k = (warn_kind_t){ .fmt = fmt };
    return k;
}

/* Report a problem with the file of run, counting it as skipped when
 * skipped is nonzero. Only the first INGEST_WARN_SHOWN of each kind are
 * printed; warn_summary tells how many more there were. */
static void file_warn_v(file_run_t *run, unsigned long line, int skipped,
                        const char *fmt, va_list ap)
{
    if (skipped) {
        run->ig->stats.skipped++;
        run->skipped = 1;
    }
    warn_kind_t *k = warn_kind(run, fmt);
    if (k != NULL && ++k->count > INGEST_WARN_SHOWN)
        return;
    if (k != NULL) {
        va_list copy;
        va_copy(copy, ap);
        vsnprintf(k->last, sizeof k->last, fmt, copy);
        va_end(copy);
        k->line = line;
    }
    report_input_v(run->shown, line, fmt, ap);
}

static void file_warn(file_run_t *run, unsigned long line, int skipped, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void file_warn(file_run_t *run, unsigned long line, int skipped, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    file_warn_v(run, line, skipped, fmt, ap);
    va_end(ap);
}

/* At the end of a file: one line for each kind of warning that had more
 * than were shown, "path:LINE: ... and N more like this: MESSAGE" with
 * the line and message of the last one shown. Frees the kinds. */
static void warn_summary(file_run_t *run)
{
    for (size_t i = 0; i < run->nkinds; i++) {
        const warn_kind_t *k = &run->kinds[i];
        if (k->count > INGEST_WARN_SHOWN)
            report_input(run->shown, k->line, "... and %" PRIu64 " more like this: %s",
                         k->count - INGEST_WARN_SHOWN, k->last);
    }
    free(run->kinds);
    run->kinds = NULL;
    run->nkinds = run->kinds_cap = 0;
}

/* After an update of a: when the article it replaced came from another
 * file (the same source id, or url, given by two files), say so with both
 * places and count it. An update from the same file is a re-read file's,
 * and says nothing. */
static void replaced_other(file_run_t *run, const morgue_article_t *a)
{
    const char *other;
    unsigned long line;
    if (morgue_db_replaced(run->ig->db, &other, &line) != MORGUE_OK)
        return;
    run->ig->pending.replaced++;
    char at[32] = "";
    if (line > 0)
        snprintf(at, sizeof at, ":%lu", line);
    if (a->id != NULL && a->id[0] != '\0')
        file_warn(run, a->line, 0, "same id as %s%s; replaces it", other, at);
    else
        file_warn(run, a->line, 0, "same url as %s%s; replaces it", other, at);
}

static int emit(void *sink, const morgue_article_t *given)
{
    file_run_t *run = sink;
    ingest_t *ig = run->ig;
    /* --source and --language fill only what the input left out: an
     * article's own fields win. Done here, the one way from every reader
     * to the library, so that no reader needs to know of them. */
    morgue_article_t filled = *given;
    if (filled.source == NULL || filled.source[0] == '\0')
        filled.source = ig->source;
    if (filled.language == NULL || filled.language[0] == '\0')
        filled.language = ig->language;
    const morgue_article_t *a = &filled;
    morgue_outcome_t outcome;
    morgue_status_t st = morgue_db_put(ig->db, a, &outcome);
    ig->stats.articles++;
    if (st == MORGUE_OK && outcome != MORGUE_DUPLICATE) {
        size_t left = morgue_article_unindexed(a);
        if (left > 0)
            file_warn(run, a->line, 0, "%zu bytes of the article's text are stored but not "
                      "searchable: those past the first %u MiB of its body (or %u KiB of "
                      "another field)", left, MORGUE_INDEXED_TEXT_MAX >> 20,
                      MORGUE_INDEXED_FIELD_MAX >> 10);
    }
    if (st == MORGUE_OK) {
        switch (outcome) {
        case MORGUE_ADDED: ig->pending.added++; break;
        case MORGUE_UPDATED:
            ig->pending.updated++;
            replaced_other(run, a);
            break;
        case MORGUE_UNCHANGED: ig->stats.unchanged++; break;
        case MORGUE_DUPLICATE:
            file_warn(run, a->line, 1, "same identity as an earlier article of this "
                      "file; the first one is kept");
            break;
        }
    } else if (is_fatal(st)) {
        report_message("%s", morgue_db_error(ig->db));
        ig->fatal = st;
        return 1;
    } else {
        file_warn(run, a->line, 1, "%s", morgue_db_error(ig->db));
    }
    /* A batch of articles, or fewer that hold too much memory. */
    if ((ig->batch > 0 && ingest_uncommitted(ig) >= ig->batch) || morgue_db_commit_due(ig->db))
        commit(ig, 0);
    report_progress(ig->stats.articles, ig->stats.bytes);
    return ig->fatal != MORGUE_OK || *ig->stop;
}

static void warn(void *sink, unsigned long line, int skipped, const char *fmt, va_list ap)
{
    file_warn_v(sink, line, skipped, fmt, ap);
}

/* Read the opened file with its reader. Returns 1 when it was clean,
 * MORGUE_FILE_FLAWED when only its content had problems (the same ones
 * next time, if it does not change), 0 when reading it failed. */
static int read_file(ingest_t *ig, file_run_t *run, input_t *in, const char *abs)
{
    const char *head;
    size_t n = input_peek(in, &head, SNIFF_BYTES);
    const reader_t *reader = ig->forced ? ig->forced : format_pick(abs, head, n);
    reader_ctx_t ctx = { .path = abs, .shown = run->shown, .emit = emit, .warn = warn,
                         .sink = run, .map = ig->map, .nmap = ig->nmap };
    reader_result_t res = reader->read(in, &ctx);
    /* A read error loses the rest of the file: count it as skipped, and
     * name it unless the reader already did. */
    if (input_error(in) != NULL && !run->skipped) {
        if (res == READ_OK)
            report_input(run->shown, 0, "%s", input_error(in));
        ig->stats.skipped++;
        run->skipped = 1;
        res = READ_PARTIAL;
    }
    if (res == READ_FAILED && !run->skipped) {
        ig->stats.skipped++;
        run->skipped = 1;
    }
    if (input_error(in) != NULL)
        return 0;
    return res == READ_OK && !run->skipped ? 1 : MORGUE_FILE_FLAWED;
}

void ingest_skip(ingest_t *ig, const char *path, const char *reason)
{
    report_input(path, 0, "%s", reason);
    ig->stats.skipped++;
}

int ingest_file(ingest_t *ig, const char *path)
{
    char abs[PATH_MAX];
    struct stat sb;
    if (realpath(path, abs) == NULL || stat(abs, &sb) != 0) {
        report_input(path, 0, "%s", strerror(errno));
        ig->stats.skipped++;
        return *ig->stop != 0;
    }
    int64_t mtime = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
    morgue_file_state_t state;
    uint64_t known;
    morgue_status_t st = morgue_db_file_state(ig->db, abs, (int64_t)sb.st_size, mtime,
                                              &state, &known);
    if (st != MORGUE_OK) {
        report_message("%s", morgue_db_error(ig->db));
        ig->fatal = st;
        return 1;
    }
    if (state == MORGUE_FILE_UNCHANGED) {
        ig->stats.unchanged += known;
        return *ig->stop != 0;
    }
    char err[256];
    input_t *in;
    if (input_open(abs, &in, err, sizeof err) != 0) {
        report_input(path, 0, "%s", err);
        ig->stats.skipped++;
        return *ig->stop != 0;
    }
    if (ig->max_read > 0)
        input_set_max_content(in, ig->max_read);
    if ((st = morgue_db_file_begin(ig->db, abs)) != MORGUE_OK) {
        input_close(in);
        report_message("%s", morgue_db_error(ig->db));
        ig->fatal = st;
        return 1;
    }
    file_run_t run = { .ig = ig, .shown = path };
    int clean = read_file(ig, &run, in, abs);
    warn_summary(&run);
    /* A file cut at the cap is remembered as such: unchanged, it is not
     * read again (it would stop at the same byte). */
    int capped = input_capped(in);
    ig->stats.bytes += input_file_bytes(in);
    ig->stats.files++;
    input_close(in);
    if (ig->fatal != MORGUE_OK)
        return 1;
    /* An interrupted file is not clean: it is read again next time. A file
     * cut at the cap, or with flaws, is not read again until it changes. */
    uint64_t removed = 0;
    int how = *ig->stop ? 0 : capped ? MORGUE_FILE_CAPPED : clean;
    st = morgue_db_file_end(ig->db, (int64_t)sb.st_size, mtime, how, &removed);
    if (st != MORGUE_OK) {
        report_message("%s", morgue_db_error(ig->db));
        ig->fatal = st;
        return 1;
    }
    ig->pending.removed += removed;
    report_progress(ig->stats.articles, ig->stats.bytes);
    return *ig->stop != 0;
}
