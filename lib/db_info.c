/* db_info.c - what a morgue_db_t reports of the decisions the library
 * made for it (morgue.h: morgue_db_get_threads), so that the tools read
 * them instead of deriving them again. Called by indexer/main.c. */
#include "db.h"

morgue_status_t morgue_db_get_threads(const morgue_db_t *db, unsigned *threads)
{
    if (db == NULL || threads == NULL || !db->writable)
        return MORGUE_INVALID_ARGUMENT;
    *threads = db->shards != NULL ? mg_shards_count(db->shards) : 1;
    return MORGUE_OK;
}
