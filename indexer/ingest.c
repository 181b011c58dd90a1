/* ingest.c - index one input file (ingest.h): the link between a reader,
 * which produces articles, and libmorgue, which stores them. */
#include "ingest.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "formats.h"
#include "input.h"
#include "report.h"

#define SNIFF_BYTES 512

/* What one file's reading shares with the emit and warn callbacks. */
typedef struct file_run {
    ingest_t *ig;
    const char *shown;      /* the path as the user named it */
    int skipped;            /* some part of the file was lost */
} file_run_t;

static int is_fatal(morgue_status_t st)
{
    return st != MORGUE_OK && st != MORGUE_BAD_INPUT && st != MORGUE_INVALID_ARGUMENT;
}

/* Record a successful commit of the pending articles (ingest.h). */
static void committed(ingest_t *ig)
{
    ig->committed += ig->pending;
    if (ig->verbose)
        report_message("committed %llu articles (total %llu)",
                       (unsigned long long)ig->pending, (unsigned long long)ig->committed);
    ig->pending = 0;
}

/* Commit, if always is nonzero or anything is pending. Sets ig->fatal on
 * failure. */
static void commit(ingest_t *ig, int always)
{
    if ((!always && ig->pending == 0) || ig->fatal != MORGUE_OK)
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

void ingest_prune(ingest_t *ig)
{
    if (ig->fatal != MORGUE_OK)
        return;
    uint64_t articles = 0, files = 0;
    morgue_status_t st = morgue_db_prune(ig->db, &articles, &files);
    if (st != MORGUE_OK) {
        report_message("%s", morgue_db_error(ig->db));
        ig->fatal = st;
    }
    ig->stats.removed += articles;
    ig->pending += articles;
}

static int emit(void *sink, const morgue_article_t *a)
{
    file_run_t *run = sink;
    ingest_t *ig = run->ig;
    morgue_outcome_t outcome;
    morgue_status_t st = morgue_db_put(ig->db, a, &outcome);
    ig->stats.articles++;
    if (st == MORGUE_OK) {
        switch (outcome) {
        case MORGUE_ADDED: ig->stats.added++; ig->pending++; break;
        case MORGUE_UPDATED: ig->stats.updated++; ig->pending++; break;
        case MORGUE_UNCHANGED: ig->stats.unchanged++; break;
        case MORGUE_DUPLICATE:
            report_input(run->shown, a->line, "same identity as an earlier article of this "
                         "file; the first one is kept");
            ig->stats.skipped++;
            run->skipped = 1;
            break;
        }
    } else if (is_fatal(st)) {
        report_message("%s", morgue_db_error(ig->db));
        ig->fatal = st;
        return 1;
    } else {
        report_input(run->shown, a->line, "%s", morgue_db_error(ig->db));
        ig->stats.skipped++;
        run->skipped = 1;
    }
    if (ig->batch > 0 && ig->pending >= ig->batch)
        commit(ig, 0);
    report_progress(ig->stats.articles, ig->stats.bytes);
    return ig->fatal != MORGUE_OK || *ig->stop;
}

static void warn(void *sink, unsigned long line, int skipped, const char *fmt, va_list ap)
{
    file_run_t *run = sink;
    report_input_v(run->shown, line, fmt, ap);
    if (skipped) {
        run->ig->stats.skipped++;
        run->skipped = 1;
    }
}

/* Read the opened file with its reader. Returns whether it was clean. */
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
    return res == READ_OK && !run->skipped;
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
    if ((st = morgue_db_file_begin(ig->db, abs)) != MORGUE_OK) {
        input_close(in);
        report_message("%s", morgue_db_error(ig->db));
        ig->fatal = st;
        return 1;
    }
    file_run_t run = { ig, path, 0 };
    int clean = read_file(ig, &run, in, abs);
    ig->stats.bytes += input_file_bytes(in);
    ig->stats.files++;
    input_close(in);
    if (ig->fatal != MORGUE_OK)
        return 1;
    /* An interrupted file is not clean: it is read again next time. */
    uint64_t removed = 0;
    st = morgue_db_file_end(ig->db, (int64_t)sb.st_size, mtime, clean && !*ig->stop, &removed);
    if (st != MORGUE_OK) {
        report_message("%s", morgue_db_error(ig->db));
        ig->fatal = st;
        return 1;
    }
    ig->stats.removed += removed;
    ig->pending += removed;
    report_progress(ig->stats.articles, ig->stats.bytes);
    return *ig->stop != 0;
}
