/* schema.h - the index layout: term prefixes, value slots and metadata keys,
 * as documented in docs/schema.md. Used by the lib/ files that write or
 * read them (docbuild.c, fields.c, open.c, put.c, files.c, get.c, search.c,
 * shards.c, writer_direct.c); change docs/schema.md and
 * MORGUE_SCHEMA_VERSION with it. */
#ifndef MORGUE_SCHEMA_H
#define MORGUE_SCHEMA_H

#include "xbind.h"

/* Term prefixes. Free-text fields get positional terms under their prefix
 * and Z+prefix stemmed terms; the others are boolean filter terms. */
#define PFX_TITLE   "S"    /* title words (title:) */
#define PFX_SOURCE  "XS"   /* source words (source:) */
#define PFX_AUTHOR  "A"    /* author words (author:) */
#define PFX_PLACE   "XP"   /* place words (place:) */
#define PFX_ID      "Q"    /* Q + stable id: exactly one document each */
#define PFX_FILE    "XF"   /* XF + file key: the articles of one input file */
#define PFX_LANG    "L"    /* L + the language field's base code, lower case (lang:) */
#define PFX_STEMMER "XZ"   /* XZ + Snowball name of the stemmer the article was indexed with */

/* The fields of the query language: name (as in title:) and term prefix.
 * Free-text fields are indexed with positions and stems; boolean fields
 * are exact filter terms. Tags (morgue_tag_t) are indexed under the
 * free-text field of their name. Defined in lib/fields.c. */
extern const xb_field_t mg_fields[];
extern const size_t mg_nfields;

/* The prefix of the free-text field called name, or NULL. */
const char *mg_field_prefix(const char *name);

/* Value slots. */
#define SLOT_DATE        0 /* YYYYMMDD, absent when undated: ranges, newest-first */
#define SLOT_FINGERPRINT 1 /* 16 hex digits of the raw record: unchanged? */
#define SLOT_SID         2 /* the stable id, 16 hex digits */
#define SLOT_OLDEST      3 /* YYYYMMDD, or 99999999 when undated: oldest-first */

/* How much more a title word counts than a body word. */
#define TITLE_WDF 3
/* Term positions left between the title and the body. */
#define FIELD_GAP 100

/* Metadata keys. */
#define META_SCHEMA    "morgue.schema"    /* MORGUE_SCHEMA_VERSION, decimal */
#define META_LANGUAGE  "morgue.language"  /* default stemming language */
#define META_LANGUAGES "morgue.languages" /* every stemming language used, comma-separated */
#define META_POSITIONS "morgue.positions" /* "1" (or absent): free text has word
                                             positions; "0": none */
#define META_IDS       "morgue.ids"       /* "per-file": a source id is scoped to its
                                             file; absent: index-wide */
#define META_FILE      "F"                /* F + file key: "size mtime clean count\npath" */

#endif
