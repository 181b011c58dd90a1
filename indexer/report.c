/* report.c - stderr messages and the progress line (report.h). */
#include "report.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

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

void report_input_v(const char *path, unsigned long line, const char *fmt, va_list ap)
{
    clear_progress();
    if (line > 0)
        fprintf(stderr, "%s:%lu: ", path, line);
    else
        fprintf(stderr, "%s: ", path);
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
