/* report.h - what morgue-index tells the user on stderr: problems with an
 * input as "path[:line]: reason", general messages as "morgue-index: ...",
 * and, on a terminal, a progress line that the others overwrite cleanly.
 * Owned by indexer/report.c; used by the indexer's modules. */
#ifndef MORGUE_REPORT_H
#define MORGUE_REPORT_H

#include <stdarg.h>
#include <stdint.h>

/* Show the progress line (only when stderr is a terminal and enabled). */
void report_progress_enable(int on);

/* Update the progress line, at most a few times a second. */
void report_progress(uint64_t articles, uint64_t bytes);

/* "path[:line]: reason" (line 0: none). */
void report_input(const char *path, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void report_input_v(const char *path, unsigned long line, const char *fmt, va_list ap);

/* "morgue-index: message": errors and the final summary. */
void report_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Seconds since the first call (a monotonic clock). */
double report_elapsed(void);

#endif
