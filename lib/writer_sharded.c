/* writer_sharded.c - the sharded writer (writer.h): a first build on
 * several threads. Articles are queued to the shards of lib/shards.c; this
 * file keeps what the handle must know about them in the meantime (which
 * ids and files were put, whether the current file was read before) and
 * merges them into the index at the commit, after which the handle writes
 * through the direct writer. Started by morgue_db_set_threads (lib/open.c). */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "hash.h"
#include "shards.h"

typedef struct sharded {
    mg_writer_t base;       /* the interface: first, so that a writer is a sharded */
    mg_shards_t *shards;    /* the shards and their threads */
    idset_t ids;            /* the ids put to them */
    idset_t files;          /* the files begun (hashes of their paths) */
    int file_again;         /* the current file was begun before in this run */
} sharded_t;

static morgue_status_t sharded_put(mg_writer_t *w, morgue_db_t *db, const mg_write_t *a)
{
    char xerr[XB_ERRLEN];
    sharded_t *s = (sharded_t *)w;
    morgue_status_t st = mg_shards_put(s->shards, a->id, a->sid, a->raw, a->raw_len,
                                       a->fingerprint, db->file_key, a->stemmer, xerr);
    if (st != MORGUE_OK)
        return mg_db_xfail(db, st, xerr);
    return idset_add(&s->ids, a->id) < 0
               ? mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory") : MORGUE_OK;
}

static morgue_status_t sharded_settle(mg_writer_t *w, morgue_db_t *db)
{
    char xerr[XB_ERRLEN];
    morgue_status_t st = mg_shards_settle(((sharded_t *)w)->shards, xerr);
    return st == MORGUE_OK ? MORGUE_OK : mg_db_xfail(db, st, xerr);
}

/* Only an id put earlier in the run can be stored: in its shard, once
 * written. */
static morgue_status_t sharded_home(mg_writer_t *w, morgue_db_t *db, uint64_t id,
                                    xb_db_t **where)
{
    sharded_t *s = (sharded_t *)w;
    *where = NULL;
    if (!idset_has(&s->ids, id))
        return MORGUE_OK;
    morgue_status_t st = sharded_settle(w, db);
    if (st == MORGUE_OK)
        *where = mg_shards_of(s->shards, id);
    return st;
}

/* A file read twice in a first build: its articles left out the second
 * time must go from the shards (morgue_db_file_end). */
static morgue_status_t sharded_file_begin(mg_writer_t *w, morgue_db_t *db, const char *path)
{
    sharded_t *s = (sharded_t *)w;
    int added = idset_add(&s->files, mg_hash(path, strlen(path), MG_HASH_SEED));
    if (added < 0)
        return mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    s->file_again = added == 0;
    return MORGUE_OK;
}

static unsigned sharded_others(const mg_writer_t *w, int current_file)
{
    const sharded_t *s = (const sharded_t *)w;
    return current_file && !s->file_again ? 0 : mg_shards_count(s->shards);
}

static xb_db_t *sharded_other(mg_writer_t *w, unsigned i)
{
    return mg_shards_at(((sharded_t *)w)->shards, i);
}

static unsigned sharded_threads(const mg_writer_t *w)
{
    return mg_shards_count(((const sharded_t *)w)->shards);
}

static void sharded_free(mg_writer_t *w)
{
    sharded_t *s = (sharded_t *)w;
    if (s == NULL)
        return;
    mg_shards_abandon(s->shards);   /* not merged: the index stays as it was */
    idset_free(&s->ids);
    idset_free(&s->files);
    free(s);
}

/* Merge the shards into the index and open it again; from then on the
 * handle writes directly. */
static morgue_status_t sharded_commit(mg_writer_t *w, morgue_db_t *db)
{
    char xerr[XB_ERRLEN];
    sharded_t *s = (sharded_t *)w;
    morgue_status_t st = mg_shards_merge(s->shards, &db->xb, db->languages, xerr);
    s->shards = NULL;
    sharded_free(w);
    db->writer = mg_writer_direct();
    if (st != MORGUE_OK)
        mg_db_fail(db, st, "%s: merging the first build: %s", db->name, xerr);
    /* Whatever the merge did, the index is whole: open it again. */
    morgue_status_t again = xb_open_write(db->name, &db->xb, xerr);
    if (again != MORGUE_OK && st == MORGUE_OK)
        st = mg_db_xfail(db, again, xerr);
    db->languages_dirty = st != MORGUE_OK;
    return st;
}

static const mg_writer_ops_t sharded_ops = {
    sharded_put, sharded_home, sharded_settle, sharded_file_begin, sharded_others,
    sharded_other, sharded_threads, sharded_commit, sharded_free,
};

morgue_status_t mg_writer_sharded_start(morgue_db_t *db, unsigned threads,
                                        mg_writer_t **out)
{
    char xerr[XB_ERRLEN];
    *out = NULL;
    sharded_t *s = calloc(1, sizeof *s);
    if (s == NULL)
        return mg_db_fail(db, MORGUE_NO_MEMORY, "out of memory");
    s->base.ops = &sharded_ops;
    /* The index keeps every change of this run in memory until the merge,
     * so that a run killed before it leaves the index as it was. */
    morgue_status_t st;
    if ((st = xb_commit(db->xb, xerr)) != MORGUE_OK ||
        (st = xb_hold_changes(db->xb, xerr)) != MORGUE_OK) {
        free(s);
        return mg_db_xfail(db, st, xerr);
    }
    if ((st = mg_shards_start(db->name, threads, db->positions, &s->shards, xerr)) !=
        MORGUE_OK) {
        free(s);
        xb_cancel(db->xb, xerr);
        return mg_db_fail(db, st, "%s: %s", db->name, xerr);
    }
    *out = &s->base;
    return MORGUE_OK;
}
