/* options.c - the option table turned into getopt_long's arrays and into
 * the option lines of --help, numbers as options take them, and --db's
 * default (options.h). Used by indexer/main.c and query/main.c; knows
 * nothing of what the options mean. */
#include "options.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void cli_begin(cli_parser_t *p, const cli_option_t *table, size_t n, int stop_at_word)
{
    size_t k = 0;
    if (n > CLI_MAX_OPTIONS)
        n = CLI_MAX_OPTIONS;
    if (stop_at_word)
        p->shorts[k++] = '+';
    for (size_t i = 0; i < n; i++) {
        p->longs[i] = (struct option){ table[i].name, table[i].has_arg, NULL, table[i].code };
        if (table[i].short_name) {
            p->shorts[k++] = (char)table[i].short_name;
            if (table[i].has_arg)
                p->shorts[k++] = ':';
        }
    }
    p->longs[n] = (struct option){ 0 };
    p->shorts[k] = '\0';
}

int cli_next(cli_parser_t *p, int argc, char **argv)
{
    return getopt_long(argc, argv, p->shorts, p->longs, NULL);
}

void cli_usage(FILE *f, const cli_option_t *table, size_t n, int width)
{
    for (size_t i = 0; i < n; i++) {
        char left[64];
        int k = table[i].short_name
                    ? snprintf(left, sizeof left, "-%c, --%s", table[i].short_name, table[i].name)
                    : snprintf(left, sizeof left, "    --%s", table[i].name);
        if (table[i].arg)
            snprintf(left + k, sizeof left - (size_t)k, " %s", table[i].arg);
        fprintf(f, "  %-*s %s\n", width, left, table[i].help);
    }
}

const char *cli_default_db(void)
{
    const char *env = getenv("MORGUE_DB");
    return env != NULL && *env != '\0' ? env : "morgue.db";
}

int cli_whole(const char *s, unsigned long long *out)
{
    if (s == NULL || *s < '0' || *s > '9' || s[strspn(s, "0123456789")] != '\0')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno == ERANGE)
        return -1;
    *out = v;
    return 0;
}

int cli_seconds(const char *s, double *out)
{
    if (s == NULL)
        return -1;
    if (strcmp(s, "inf") == 0) {
        *out = INFINITY;
        return 0;
    }
    size_t whole = strspn(s, "0123456789"), frac = 0;
    if (s[whole] == '.')
        frac = 1 + strspn(s + whole + 1, "0123456789");
    if (whole + frac == 0 || (whole == 0 && frac == 1) || s[whole + frac] != '\0')
        return -1;
    double v = strtod(s, NULL);
    if (!isfinite(v))
        return -1;
    *out = v;
    return 0;
}
