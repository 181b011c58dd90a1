/* report.c - stderr messages and the progress line (report.h). */
#include "report.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

static int progress_on;      /* progress line wanted and stderr is a tty */
static int progress_shown;   /* a progress line is on the screen now */
static double last_shown;

double report_elapsed(void)
{
    static struct timespec start;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (start.tv_sec == 0 && start.tv_nsec == 0)
        start = now;
    return (double)(now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9;
}

void report_progress_enable(int on)
{
    progress_on = on && isatty(STDERR_FILENO);
    report_elapsed();
}

static void clear_progress(void)
{
    if (progress_shown) {
        fputs("\r\033[K", stderr);
        progress_shown = 0;
    }
}

void report_progress(uint64_t articles, uint64_t bytes)
{
    if (!progress_on)
        return;
    double t = report_elapsed();
    if (t - last_shown < 0.25)
        return;
    last_shown = t;
    fprintf(stderr, "\r\033[K%llu articles, %.1f MB, %.0f articles/s",
            (unsigned long long)articles, bytes / 1e6, t > 0 ? articles / t : 0.0);
    progress_shown = 1;
}

/* Write path so that every name has one spelling and a message one line:
 * a backslash as \\, a control character as \n, \t, \r or \xHH, and a
 * byte that is not part of a UTF-8 character as \xHH. */
static void put_path(const char *path)
{
    const unsigned char *p = (const unsigned char *)path;
    size_t left = strlen(path);

    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = *p < 0x80 ? 1 : utf8proc_iterate(p, (utf8proc_ssize_t)left, &cp);
        if (*p == '\\')
            fputs("\\\\", stderr);
        else if (*p == '\n')
            fputs("\\n", stderr);
        else if (*p == '\t')
            fputs("\\t", stderr);
        else if (*p == '\r')
            fputs("\\r", stderr);
        else if (*p < 0x20 || *p == 0x7f || n <= 0)
            fprintf(stderr, "\\x%02X", *p);
        else {
            fwrite(p, 1, (size_t)n, stderr);
            p += n;
            left -= (size_t)n;
            continue;
        }
        p++;
        left--;
    }
}

void report_input_v(const char *path, unsigned long line, const char *fmt, va_list ap)
{
    clear_progress();
    put_path(path);
    if (line > 0)
        fprintf(stderr, ":%lu: ", line);
    else
        fputs(": ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void report_input(const char *path, unsigned long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_input_v(path, line, fmt, ap);
    va_end(ap);
}

void report_message(const char *fmt, ...)
{
    va_list ap;
    clear_progress();
    fputs("morgue-index: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}
