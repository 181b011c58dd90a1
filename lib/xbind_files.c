/* xbind_files.c - the part of the binding (lib/xbind.h, "a database's
 * files") that works on Xapian's files rather than through its API: moving
 * a built database into a directory, probing and taking the writers' lock,
 * clearing a creation that died half-way, and telling a permission problem
 * from what Xapian reports in its place, and checking the version file
 * for what Xapian would crash on. Only this file knows the glass
 * backend's layout: table files "*.glass", the version file "iamglass"
 * (renamed into place from "v.tmp" last, at creation and at every commit)
 * and the lock file "flintlock", on which a writer holds an OFD lock.
 * Called by lib/shards.c, lib/open.c and lib/check.c. Plain POSIX, so C. */
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

/* ---- the version file's contents ---------------------------------------
 * What glass writes in "iamglass" (Xapian 1.4, backends/glass/
 * glass_version.cc): 14 bytes of magic, a 2-byte format version, a 16-byte
 * uuid, the revision, then for each of its six tables (postlist, docdata,
 * termlist, position, spelling, synonym) a root info: root block, level<<2
 * | sequential<<1 | root_is_fake, entries, blocksize>>11, compress_min and
 * a length-prefixed free list; then the statistics. Numbers are packed
 * 7 bits a byte, least significant first, the high bit set on all bytes
 * but the last (Xapian's pack_uint). */

#define GLASS_MAGIC "\x0f\x0dXapian Glass"
#define GLASS_MAGIC_LEN 14
#define GLASS_FORMAT 0x046e        /* DATE_TO_VERSION(2016,03,14): the format of 1.4 */
#define GLASS_TABLES 6
#define GLASS_MAX_LEVEL 9          /* a cursor holds BTREE_CURSOR_LEVELS (10) levels */

static const char *const glass_table_names[GLASS_TABLES] = {
    "postlist", "docdata", "termlist", "position", "spelling", "synonym",
};

/* One packed number from *p (before end); -1 when it is cut or too long. */
static int unpack(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
    uint64_t v = 0;
    for (unsigned shift = 0; *p < end && shift < 64; shift += 7) {
        unsigned char b = *(*p)++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
            *out = v;
            return 0;
        }
    }
    return -1;
}

morgue_status_t xb_files_check_version(const char *dir, char *err)
{
    char path[4096];
    unsigned char buf[256];
    if (join(path, sizeof path, dir, GLASS_VERSION_FILE, err) != 0)
        return MORGUE_OK;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return MORGUE_OK;   /* Xapian says why */
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    if (n < GLASS_MAGIC_LEN + 2 + 16 || memcmp(buf, GLASS_MAGIC, GLASS_MAGIC_LEN) != 0 ||
        ((unsigned)buf[GLASS_MAGIC_LEN] << 8 | buf[GLASS_MAGIC_LEN + 1]) != GLASS_FORMAT)
        return MORGUE_OK;   /* not what this check knows: Xapian reports it */
    const unsigned char *p = buf + GLASS_MAGIC_LEN + 2 + 16, *end = buf + n;
    uint64_t rev;
    if (unpack(&p, end, &rev) != 0)
        return MORGUE_OK;
    for (int t = 0; t < GLASS_TABLES; t++) {
        uint64_t root, flags, entries, blocks, compress_min, fl_len;
        if (unpack(&p, end, &root) || unpack(&p, end, &flags) || unpack(&p, end, &entries) ||
            unpack(&p, end, &blocks) || unpack(&p, end, &compress_min) ||
            unpack(&p, end, &fl_len) || fl_len > (uint64_t)(end - p))
            return MORGUE_OK;   /* "Rev file root_info missing" */
        p += fl_len;
        uint64_t level = flags >> 2;
        int fake = flags & 1;
        const char *name = glass_table_names[t];
        if (level > GLASS_MAX_LEVEL) {
            say(err, "%s says the %s table's B-tree root is at level %llu; Xapian reads "
                "at most %d", path, name, (unsigned long long)level, GLASS_MAX_LEVEL);
            return MORGUE_INDEX_CORRUPT;
        }
        if (fake && (level != 0 || entries != 0)) {
            say(err, "%s says the %s table is empty yet holds %llu entries, its root at "
                "level %llu", path, name, (unsigned long long)entries,
                (unsigned long long)level);
            return MORGUE_INDEX_CORRUPT;
        }
        if (blocks == 0 || blocks > 32 || (blocks & (blocks - 1)) != 0) {
            say(err, "%s says the %s table's blocks are %llu bytes, not a power of two "
                "from 2048 to 65536", path, name, (unsigned long long)blocks << 11);
            return MORGUE_INDEX_CORRUPT;
        }
    }
    return MORGUE_OK;
}

/* ---- a directory that is not a database --------------------------------- */

#define FOREIGN_NAMED 3   /* entries a refusal names; more are "..." */

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

morgue_status_t xb_files_foreign(const char *dir, const char *ours, char *names, size_t size,
                                 char *err)
{
    names[0] = '\0';
    DIR *d = opendir(dir);
    if (d == NULL)
        return MORGUE_OK;   /* opening the database will say why */
    char **found = NULL;
    size_t n = 0, cap = 0;
    int database = 0;
    morgue_status_t st = MORGUE_OK;
    struct dirent *e;
    while (st == MORGUE_OK && (e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
            strcmp(name, GLASS_LOCK_FILE) == 0 || strcmp(name, GLASS_VERSION_TEMP) == 0 ||
            (ours != NULL && strcmp(name, ours) == 0))
            continue;   /* what a creation, or a first build, leaves */
        /* Table files, empty or not, or a version file: a database, whole
         * or damaged, which opening it judges. */
        if (strcmp(name, GLASS_VERSION_FILE) == 0 || is_table(name)) {
            database = 1;
            break;
        }
        if (n == cap) {
            size_t more = cap ? 2 * cap : 16;
            char **grown = realloc(found, more * sizeof *grown);
            if (grown == NULL) {
                st = MORGUE_NO_MEMORY;
                break;
            }
            found = grown;
            cap = more;
        }
        if ((found[n] = strdup(name)) == NULL)
            st = MORGUE_NO_MEMORY;
        else
            n++;
    }
    closedir(d);
    if (st != MORGUE_OK)
        say(err, "out of memory");
    else if (!database && n > 0) {
        /* Sorted, so that the message is the same on every file system. */
        qsort(found, n, sizeof *found, name_cmp);
        size_t used = 0;
        for (size_t i = 0; i < n && i < FOREIGN_NAMED && used < size; i++)
            used += (size_t)snprintf(names + used, size - used, "%s%s", i ? ", " : "",
                                     found[i]);
        if (n > FOREIGN_NAMED && used < size)
            snprintf(names + used, size - used, ", ...");
    }
    for (size_t i = 0; i < n; i++)
        free(found[i]);
    free(found);
    return st;
}
