/* walk.h - turn the PATH arguments of morgue-index into files: directories
 * are walked recursively in name order, hidden entries (".name") skipped.
 * A PATH named is read even when it is a symbolic link; a link met inside
 * a walked directory is not followed (and is reported when it leads out of
 * the directory) unless follow is set, and then loops are found and
 * reported. Owned by indexer/walk.c; used by indexer/main.c. */
#ifndef MORGUE_WALK_H
#define MORGUE_WALK_H

typedef struct walk_ops {
    /* A file to index, named as the user would write it. Return nonzero
     * to stop the walk. */
    int (*file)(void *ctx, const char *path);
    /* A path that cannot be walked, with the reason. */
    void (*problem)(void *ctx, const char *path, const char *reason);
    void *ctx;
    int follow;    /* nonzero: follow symbolic links met in directories (--follow) */
} walk_ops_t;

/* Walk path (a file or a directory). Returns nonzero if ops->file asked
 * to stop. */
int walk_path(const char *path, const walk_ops_t *ops);

#endif
