/* tempfile.c - the reader tests' temporary files (tempfile.h). Linked
 * into every unit test; used by the reader tests. */
#include "tempfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char temps[TEMP_MAX][80];   /* the names made so far */
static int ntemps;                 /* how many */

const char *temp_name(const char *suffix)
{
    char *name;
    int fd;

    if (ntemps == TEMP_MAX) {
        fprintf(stderr, "tempfile: more than %d temporary files\n", TEMP_MAX);
        exit(2);
    }
    name = temps[ntemps++];
    snprintf(name, sizeof temps[0], "/tmp/morgue-test-XXXXXX%s", suffix);
    fd = mkstemps(name, (int)strlen(suffix));
    if (fd >= 0)
        close(fd);
    return name;
}

const char *temp_write(const char *suffix, const void *bytes, size_t len)
{
    const char *name = temp_name(suffix);
    FILE *f = fopen(name, "wb");

    if (f) {
        fwrite(bytes, 1, len, f);
        fclose(f);
    }
    return name;
}

void temp_remove_all(void)
{
    for (int i = 0; i < ntemps; i++)
        unlink(temps[i]);
    ntemps = 0;
}
