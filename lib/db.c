/* db.c - what every part of a morgue_db_t's implementation shares (db.h):
 * failure messages (mg_db_fail, morgue_db_error), the one read-retry loop
 * (mg_db_retry), whether the handle still has its database, waiting for its
 * writer, and its list of stemming languages. Called by lib/open.c,
 * lib/put.c, lib/files.c, lib/get.c, lib/search.c and the writers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

morgue_status_t mg_db_fail(morgue_db_t *db, morgue_status_t status,
                           const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(db->err, sizeof db->err, fmt, ap);
    va_end(ap);
    return status;
}

morgue_status_t mg_db_xfail(morgue_db_t *db, morgue_status_t status,
                            const char *xerr)
{
    return mg_db_fail(db, status, "%s: %s", db->name, xerr);
}

const char *morgue_db_error(const morgue_db_t *db)
{
    return db != NULL ? db->err : "no index handle";
}

int mg_db_stale(const morgue_db_t *db, morgue_status_t status)
{
    return status == MORGUE_INDEX_MODIFIED || (status == MORGUE_INDEX_CORRUPT && !db->writable);
}

morgue_status_t mg_db_retry(morgue_db_t *db, mg_db_attempt_fn attempt, void *ctx,
                            char *xerr)
{
    morgue_status_t st = attempt(db, ctx, xerr);
    for (int i = 0; mg_db_stale(db, st) && i < MG_READ_RETRIES; i++)
        if (db->xb == NULL || xb_reopen(db->xb, xerr) == MORGUE_OK)
            st = attempt(db, ctx, xerr);
    return st;
}

morgue_status_t mg_db_usable(morgue_db_t *db)
{
    if (db->xb != NULL)
        return MORGUE_OK;
    return mg_db_fail(db, MORGUE_IO_ERROR, "%s: the index could not be opened again after "
                      "its first build was merged into it; open it anew", db->name);
}

morgue_status_t mg_db_settle(morgue_db_t *db)
{
    return db->writer->ops->settle(db->writer, db);
}

size_t mg_language_code(const char *language, char *code, size_t size)
{
    size_t n = 0;
    /* "es-ES", "en_GB" -> "es", "en"; names are kept whole. */
    while (language != NULL && language[n] != '\0' && language[n] != '-' &&
           language[n] != '_' && n + 1 < size) {
        char c = language[n];
        code[n] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        n++;
    }
    code[n] = '\0';
    return n;
}

const char *mg_language_pick(const char *language, char *out, size_t outsize)
{
    char code[32];
    if (mg_language_code(language, code, sizeof code) == 0 ||
        !xb_language_name(code, out, outsize))
        return NULL;
    return out;
}

morgue_status_t mg_db_add_language(morgue_db_t *db, const char *language)
{
    size_t n = strlen(language);
    for (const char *p = db->languages; *p != '\0';) {
        size_t len = strcspn(p, ",");
        if (len == n && strncmp(p, language, n) == 0)
            return MORGUE_OK;
        p += len + (p[len] == ',');
    }
    size_t old = strlen(db->languages);
    char *grown = realloc(db->languages, old + n + 2);
    if (grown == NULL)
        return mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    snprintf(grown + old, n + 2, "%s%s", old ? "," : "", language);
    db->languages = grown;
    db->languages_dirty = 1;
    return MORGUE_OK;
}
