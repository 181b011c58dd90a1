/* sgml_fields.h - the conventions of newswire fields that the Reuters and
 * TREC readers share: dates in their many spellings, the place at the
 * head of a dateline, and the names in a byline. Plain strings in, plain
 * strings out: no markup. Owned by indexer/parse/sgml_fields.c; used by
 * readers/reuters.c and readers/trec.c. Knows nothing of the index. */
#ifndef MORGUE_SGML_FIELDS_H
#define MORGUE_SGML_FIELDS_H

#include <stddef.h>

/* The date of a newswire SGML date field, as YYYY-MM-DD in out: anything
 * morgue_date_parse takes ("26-FEB-1987 15:01:01.79", "January 1, 1989"),
 * cut at the first control character, else YYMMDD ("880101", years before
 * 50 taken as 20YY) or MM/DD/YY[YY] ("01/01/89"), else the part before a
 * comma ("January 1, 1989, Sunday, Home Edition") or the first word
 * ("9-APR-1987 00:00:00.00 # guessed"). Returns 0, or -1 when there is no
 * date in text (out is then ""). */
int sgml_date(const char *text, char out[11]);

/* The place of a dateline, malloc'd: "    SALVADOR, Feb 26 - " gives
 * "SALVADOR", "TAUPO, New Zealand, March 23 -" gives "TAUPO, New Zealand",
 * "BANGKOK, Thailand (AP)" gives "BANGKOK, Thailand"; a dateline that is
 * only a date ("APRIL 7 -") gives "". NULL when out of memory. */
char *sgml_place(const char *dateline);

/* A dateline run into the headline on a story's first line, as Reuters'
 * unprocessed stories write it: in "SHULTZ SAYS U.S. ECONOMY IS STRONG
 * LONDON, Oct 20 - U.S." the place "LONDON" starts at offset 35, 6 bytes
 * long. The place is the upper-case word before a comma that a month
 * follows ("LONDON, March 5", "LONDON, June"), or before a comma ending
 * the line when the next line opens with a month; with the words of the
 * name before it when that word is CITY or they open place names (NEW,
 * SAN, LOS, HONG, ST., RIO DE...). line is len bytes; next is the text
 * after it (may be NULL). Returns 1 and sets *place_at and *place_len, or
 * 0 when the line has no such dateline after some headline. */
int sgml_runin_dateline(const char *line, size_t len, const char *next,
                        size_t *place_at, size_t *place_len);

/* The names of a byline, malloc'd: "    By Jane Doe, Reuters" gives
 * "Jane Doe": whitespace collapsed, a leading "By" dropped, and trailing
 * ", AGENCY" (Reuter, Reuters, AP, UPI, AFP) and job titles (", Times
 * Staff Writer": the last word is writer, correspondent, editor or
 * reporter) dropped; a credit line without "By" that is only a job title
 * ("Associated Press Writer") gives "". NULL when out of memory. */
char *sgml_byline(const char *byline);

#endif
