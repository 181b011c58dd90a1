/* xbind_files.c - the part of the binding (lib/xbind.h, "a database's
 * files") that works on Xapian's files rather than through its API: moving
 * a built database into a directory, probing and taking the writers' lock,
 * clearing a creation that died half-way, and telling a permission problem
 * from what Xapian reports in its place. Only this file knows the glass
 * backend's layout: table files "*.glass", the version file "iamglass"
 * (renamed into place from "v.tmp" last, at creation and at every commit)
 * and the lock file "flintlock", on which a writer holds an OFD lock.
 * Called by lib/shards.c and lib/open.c. Plain POSIX, so C. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xbind.h"

#define GLASS_VERSION_FILE "iamglass"  /* written last by a commit: the revision to read */
#define GLASS_VERSION_TEMP "v.tmp"     /* the version file being written */
#define GLASS_LOCK_FILE "flintlock"    /* a writer holds an OFD lock on it */

/* A message in err (XB_ERRLEN bytes), cut if it is longer. */
__attribute__((format(printf, 2, 3)))
static void say(char *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, XB_ERRLEN, fmt, ap);
    va_end(ap);
}

/* dir + "/" + name in out (PATH_MAX-sized); -1, with err set, when too long. */
static int join(char *out, size_t size, const char *dir, const char *name, char *err)
{
    if ((size_t)snprintf(out, size, "%s/%s", dir, name) < size)
        return 0;
    say(err, "path too long: %s/%s", dir, name);
    return -1;
}

static int is_table(const char *name)
{
    size_t n = strlen(name);
    return n > 6 && strcmp(name + n - 6, ".glass") == 0;
}

/* Rename dir/name to the same name in into; an absent one is passed over. */
static morgue_status_t move_one(const char *dir, const char *into, const char *name, char *err)
{
    char src[4096], dst[4096];
    if (join(src, sizeof src, dir, name, err) != 0 || join(dst, sizeof dst, into, name, err) != 0)
        return MORGUE_IO_ERROR;
    if (rename(src, dst) != 0 && errno != ENOENT) {
        say(err, "cannot move %s to %s: %s", src, dst, strerror(errno));
        return MORGUE_IO_ERROR;
    }
    return MORGUE_OK;
}

morgue_status_t xb_files_move(const char *from, const char *to, char *err)
{
    DIR *d = opendir(from);
    if (d == NULL) {
        say(err, "cannot read %s: %s", from, strerror(errno));
        return MORGUE_IO_ERROR;
    }
    morgue_status_t st = MORGUE_OK;
    struct dirent *e;
    for (int last = 0; last < 2 && st == MORGUE_OK; last++) {
        rewinddir(d);
        while (st == MORGUE_OK && (e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.' || strcmp(e->d_name, GLASS_LOCK_FILE) == 0 ||
                (strcmp(e->d_name, GLASS_VERSION_FILE) == 0) != last)
                continue;
            st = move_one(from, to, e->d_name, err);
        }
    }
    closedir(d);
    return st;
}

morgue_status_t xb_files_locked(const char *dir, int *held, char *err)
{
    char path[4096];
    *held = 0;
    if (join(path, sizeof path, dir, GLASS_LOCK_FILE, err) != 0)
        return MORGUE_OK;   /* as for a lock file that cannot be opened */
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return MORGUE_OK;
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    *held = fcntl(fd, F_OFD_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
    close(fd);
    return MORGUE_OK;
}

/* 1 when d holds table files and every one is empty (no block was ever
 * written), 0 when it holds none, -1 when one has been written to. */
static int only_empty_tables(DIR *d, const char *dir)
{
    char path[4096], err[XB_ERRLEN];
    int found = 0;
    struct dirent *e;
    rewinddir(d);
    while ((e = readdir(d)) != NULL) {
        struct stat sb;
        if (!is_table(e->d_name))
            continue;
        if (join(path, sizeof path, dir, e->d_name, err) != 0 || stat(path, &sb) != 0 ||
            sb.st_size != 0)
            return -1;
        found = 1;
    }
    return found;
}

/* Whether dir has no version file (and can say so: not unreadable). */
static int unversioned(const char *dir)
{
    char path[4096], err[XB_ERRLEN];
    struct stat sb;
    return join(path, sizeof path, dir, GLASS_VERSION_FILE, err) == 0 &&
           stat(path, &sb) != 0 && errno == ENOENT;
}

morgue_status_t xb_files_clear_unmade(const char *dir, int *cleared, char *err)
{
    char path[4096];
    *cleared = 0;
    if (!unversioned(dir))
        return MORGUE_OK;   /* a database, or not ours to judge */
    DIR *d = opendir(dir);
    if (d == NULL)
        return MORGUE_OK;   /* opening the database will say why */
    if (only_empty_tables(d, dir) != 1 || join(path, sizeof path, dir, GLASS_LOCK_FILE, err)) {
        closedir(d);
        return MORGUE_OK;
    }
    /* Take the writers' lock, so that no writer is creating it now. */
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_len = 1 };
    if (fd < 0 || fcntl(fd, F_OFD_SETLK, &fl) != 0) {
        if (fd >= 0)
            close(fd);
        closedir(d);
        return MORGUE_OK;   /* a writer holds it: opening waits for it */
    }
    morgue_status_t st = MORGUE_OK;
    if (unversioned(dir) && only_empty_tables(d, dir) == 1) {
        struct dirent *e;
        rewinddir(d);
        while (st == MORGUE_OK && (e = readdir(d)) != NULL) {
            if (!is_table(e->d_name) && strcmp(e->d_name, GLASS_VERSION_TEMP) != 0)
                continue;
            if (join(path, sizeof path, dir, e->d_name, err) != 0)
                st = MORGUE_IO_ERROR;
            else if (unlink(path) != 0 && errno != ENOENT) {
                say(err, "cannot remove %s: %s", path, strerror(errno));
                st = MORGUE_IO_ERROR;
            }
        }
        *cleared = st == MORGUE_OK;
    }
    close(fd);   /* and with it the lock */
    closedir(d);
    return st;
}

morgue_status_t xb_files_access(const char *dir, int write, char *err)
{
    char path[4096];
    if (join(path, sizeof path, dir, write ? GLASS_LOCK_FILE : GLASS_VERSION_FILE, err) != 0)
        return MORGUE_IO_ERROR;
    int fd = write ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666)
                   : open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        close(fd);
        return MORGUE_OK;
    }
    if (errno == ENOENT && !write)
        return MORGUE_OK;   /* no database: Xapian says so */
    say(err, "%s %s: %s", write ? "cannot take the write lock" : "cannot read",
             path, strerror(errno));
    return MORGUE_IO_ERROR;
}
