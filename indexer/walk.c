/* walk.c - enumerate the files under a PATH argument (walk.h). */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir, sorted, without hidden ones. NULL on failure. */
static char **list_dir(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return NULL;
    size_t cap = 32;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    *n = 0;
    while (names != NULL && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (*n == cap) {
            char **grown = realloc(names, (cap *= 2) * sizeof *names);
            if (grown == NULL)
                break;
            names = grown;
        }
        if ((names[*n] = strdup(e->d_name)) != NULL)
            (*n)++;
    }
    closedir(d);
    if (names != NULL)
        qsort(names, *n, sizeof *names, by_name);
    return names;
}

static int walk_dir(const char *dir, const walk_ops_t *ops)
{
    size_t n, len = strlen(dir);
    char **names = list_dir(dir, &n);
    if (names == NULL) {
        ops->problem(ops->ctx, dir, strerror(errno));
        return 0;
    }
    int stop = 0;
    for (size_t i = 0; i < n; i++) {
        if (!stop) {
            size_t plen = len + strlen(names[i]) + 2;
            char *path = malloc(plen);
            if (path == NULL) {
                ops->problem(ops->ctx, dir, "out of memory");
                stop = 1;
            } else {
                int slash = len > 0 && dir[len - 1] == '/';
                snprintf(path, plen, "%s%s%s", dir, slash ? "" : "/", names[i]);
                struct stat sb;
                if (lstat(path, &sb) != 0)
                    ops->problem(ops->ctx, path, strerror(errno));
                else if (S_ISDIR(sb.st_mode))
                    stop = walk_dir(path, ops);
                else if (S_ISREG(sb.st_mode))
                    stop = ops->file(ops->ctx, path);
                else if (S_ISLNK(sb.st_mode) && stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
                    stop = ops->file(ops->ctx, path);
                /* Links to directories, sockets, devices: not articles. */
                free(path);
            }
        }
        free(names[i]);
    }
    free(names);
    return stop;
}

int walk_path(const char *path, const walk_ops_t *ops)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        ops->problem(ops->ctx, path, strerror(errno));
        return 0;
    }
    if (S_ISDIR(sb.st_mode))
        return walk_dir(path, ops);
    if (!S_ISREG(sb.st_mode)) {
        ops->problem(ops->ctx, path, "not a regular file");
        return 0;
    }
    return ops->file(ops->ctx, path);
}
