/* reader.c - what every reader shares: reader_warn, the printf-style front
 * of reader_ctx_t.warn. Called by the readers in indexer/readers/ only. */
#include "reader.h"

void reader_warn(const reader_ctx_t *ctx, unsigned long line, int skipped,
                 const char *fmt, ...)
{
    va_list ap;

    if (!ctx->warn)
        return;
    va_start(ap, fmt);
    ctx->warn(ctx->sink, line, skipped, fmt, ap);
    va_end(ap);
}
