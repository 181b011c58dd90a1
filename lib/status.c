/* status.c - the names of morgue_status_t values (morgue_status_string).
 * Called by anyone. */
#include "morgue.h"

const char *morgue_status_string(morgue_status_t status)
{
    switch (status) {
    case MORGUE_OK: return "success";
    case MORGUE_NO_MEMORY: return "out of memory";
    case MORGUE_INVALID_ARGUMENT: return "invalid argument";
    case MORGUE_IO_ERROR: return "input/output error";
    case MORGUE_NO_INDEX: return "no index";
    case MORGUE_INDEX_LOCKED: return "index locked";
    case MORGUE_INDEX_CORRUPT: return "index corrupt";
    case MORGUE_INDEX_MODIFIED: return "index modified while reading";
    case MORGUE_INDEX_VERSION: return "index schema version mismatch";
    case MORGUE_QUERY_SYNTAX: return "query syntax error";
    case MORGUE_BAD_INPUT: return "bad input";
    case MORGUE_NOT_FOUND: return "not found";
    case MORGUE_ENGINE_ERROR: return "search engine error";
    case MORGUE_INTERRUPTED: return "interrupted";
    case MORGUE_REFUSED: return "refused as unsafe";
    case MORGUE_TIMEOUT: return "time limit reached";
    }
    return "unknown status";
}
