/* options.h - the option table both tools are driven by: one row per
 * option gives getopt_long its long and short forms and --help its line,
 * so that the two cannot disagree (docs/morgue-*.1 follow the same rows,
 * tests/cli/T90-docs.sh checks it), how both read numbers, and the
 * default of the --db both take. Owned by cli/options.c; used by
 * indexer/main.c and query/main.c. */
#ifndef MORGUE_CLI_OPTIONS_H
#define MORGUE_CLI_OPTIONS_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#define CLI_MAX_OPTIONS 32

typedef struct cli_option {
    const char *name;      /* long name, without the "--" */
    int short_name;        /* the one-letter form, or 0 for long-only options */
    int has_arg;           /* nonzero: takes an argument */
    int code;              /* what cli_next returns for it */
    const char *arg;       /* the argument's name in --help, or NULL */
    const char *help;      /* its line of --help */
} cli_option_t;

/* getopt_long's view of a table, built by cli_begin. */
typedef struct cli_parser {
    struct option longs[CLI_MAX_OPTIONS + 1];  /* the long forms, then a zero row */
    char shorts[2 * CLI_MAX_OPTIONS + 2];      /* the short forms, getopt style */
} cli_parser_t;

/* Build p from the n options of table (at most CLI_MAX_OPTIONS). With
 * stop_at_word nonzero, parsing stops at the first word that is not an
 * option (getopt's leading '+'), else options may follow words. */
void cli_begin(cli_parser_t *p, const cli_option_t *table, size_t n, int stop_at_word);

/* The next option of argv as getopt_long returns it: its code, '?' for an
 * unknown option or a missing argument (getopt has said so on stderr), -1
 * after the last one (optind is then the first word). */
int cli_next(cli_parser_t *p, int argc, char **argv);

/* The --help lines of the n options of table: "  -d, --db DIR" or
 * "      --prune", padded to width, then the help text. */
void cli_usage(FILE *f, const cli_option_t *table, size_t n, int width);

/* Numbers as options take them: plain decimal digits, with nothing
 * before or after (no sign, space, exponent or hex), so that " -5" and
 * "1e30" are refused rather than read as something else. cli_whole: a
 * whole number that fits in *out; cli_seconds: digits with an optional
 * fraction ("2.5"), or "inf" for no limit. Each returns 0, or -1 with *out
 * unchanged. */
int cli_whole(const char *s, unsigned long long *out);
int cli_seconds(const char *s, double *out);

/* The index of a tool run without --db: $MORGUE_DB when it is set and not
 * empty, else "morgue.db" (borrowed from the environment or static). */
const char *cli_default_db(void);

#endif
