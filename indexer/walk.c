/* walk.c - enumerate the files under a PATH argument (walk.h). */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
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

/* A directory on the path being walked, to find link loops. */
typedef struct frame {
    dev_t dev;
    ino_t ino;
    const struct frame *up;    /* the directory it is in; NULL at the top */
} frame_t;

/* The state of one walk_path call. */
typedef struct walk {
    const walk_ops_t *ops;
    const char *root;          /* the walked directory, resolved */
    size_t root_len;
    frame_t *seen;             /* --follow: the directories walked, a hash set
                                  (open addressing; dev 0 and ino 0 is empty) */
    size_t nseen, cap;
} walk_t;

static size_t slot_of(const frame_t *set, size_t cap, dev_t dev, ino_t ino)
{
    uint64_t h = (uint64_t)dev * 0x9E3779B97F4A7C15u ^ (uint64_t)ino * 0xC2B2AE3D27D4EB4Fu;
    size_t i = (size_t)(h ^ (h >> 29)) & (cap - 1);
    while ((set[i].dev != 0 || set[i].ino != 0) && (set[i].dev != dev || set[i].ino != ino))
        i = (i + 1) & (cap - 1);
    return i;
}

/* Add a directory to w->seen. Returns 1 when it was there already, 0 when
 * added, -1 when out of memory. */
static int seen_before(walk_t *w, dev_t dev, ino_t ino)
{
    if (2 * (w->nseen + 1) > w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 64;
        frame_t *set = calloc(cap, sizeof *set);
        if (set == NULL)
            return -1;
        for (size_t i = 0; i < w->cap; i++)
            if (w->seen[i].dev != 0 || w->seen[i].ino != 0)
                set[slot_of(set, cap, w->seen[i].dev, w->seen[i].ino)] = w->seen[i];
        free(w->seen);
        w->seen = set;
        w->cap = cap;
    }
    size_t i = slot_of(w->seen, w->cap, dev, ino);
    if (w->seen[i].dev == dev && w->seen[i].ino == ino && (dev != 0 || ino != 0))
        return 1;
    w->seen[i] = (frame_t){ dev, ino, NULL };
    w->nseen++;
    return 0;
}

/* Does the symbolic link at path lead into the walked directory? */
static int inside(const walk_t *w, const char *path)
{
    char *real = realpath(path, NULL);
    int in = real != NULL && (w->root_len == 1 ||
              (strncmp(real, w->root, w->root_len) == 0 &&
               (real[w->root_len] == '/' || real[w->root_len] == '\0')));
    free(real);
    return in;
}

static int walk_dir(walk_t *w, const char *dir, const frame_t *here);

/* Walk the directory at path (sb its stat), in the directory up. */
static int enter_dir(walk_t *w, const char *path, const struct stat *sb, const frame_t *up)
{
    frame_t f = { sb->st_dev, sb->st_ino, up };
    if (w->ops->follow) {
        int seen = seen_before(w, sb->st_dev, sb->st_ino);
        if (seen < 0)
            w->ops->problem(w->ops->ctx, path, "out of memory");
        if (seen != 0)
            return 0;  /* walked already, through another link */
    }
    return walk_dir(w, path, &f);
}

/* A symbolic link met in the directory here. Without --follow it is not
 * followed: it is reported when it leads out of the walked directory
 * (inside, what it leads to is walked anyway). With --follow it is, unless
 * it leads back to a directory being walked (a loop). */
static int walk_link(walk_t *w, const char *path, const frame_t *here)
{
    const walk_ops_t *ops = w->ops;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        char why[160];
        snprintf(why, sizeof why, "broken symbolic link (%s)", strerror(errno));
        ops->problem(ops->ctx, path, why);
        return 0;
    }
    if (!S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode))
        return 0;  /* a link to a device or a socket: not an article */
    if (!ops->follow) {
        if (!inside(w, path))
            ops->problem(ops->ctx, path, "symbolic link out of the walked directory, "
                         "not followed (--follow follows it)");
        return 0;
    }
    if (S_ISREG(sb.st_mode))
        return ops->file(ops->ctx, path);
    for (const frame_t *f = here; f != NULL; f = f->up)
        if (f->dev == sb.st_dev && f->ino == sb.st_ino) {
            ops->problem(ops->ctx, path, "symbolic link loop (it leads back to a "
                         "directory it is in), not followed");
            return 0;
        }
    return enter_dir(w, path, &sb, here);
}

static int walk_dir(walk_t *w, const char *dir, const frame_t *here)
{
    const walk_ops_t *ops = w->ops;
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
                    stop = enter_dir(w, path, &sb, here);
                else if (S_ISREG(sb.st_mode))
                    stop = ops->file(ops->ctx, path);
                else if (S_ISLNK(sb.st_mode))
                    stop = walk_link(w, path, here);
                /* Sockets, devices, pipes: not articles. */
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
    if (S_ISDIR(sb.st_mode)) {
        walk_t w = { .ops = ops };
        char *root = realpath(path, NULL);
        if (root == NULL) {
            ops->problem(ops->ctx, path, strerror(errno));
            return 0;
        }
        w.root = root;
        w.root_len = strlen(root);
        int stop = enter_dir(&w, path, &sb, NULL);
        free(root);
        free(w.seen);
        return stop;
    }
    if (!S_ISREG(sb.st_mode)) {
        ops->problem(ops->ctx, path, "not a regular file");
        return 0;
    }
    return ops->file(ops->ctx, path);
}
