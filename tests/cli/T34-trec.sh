# T34-trec - the TREC SGML reader (indexer/readers/trec.c) on the
# fixtures of corpus/trec, written in the styles of the TREC news
# collections (AP, WSJ, LA Times, FT): the exact fields of known documents,
# the date forms (880212, 03/24/87, "January 1, 1989, Sunday, ...",
# 1989-01-01 14:05), several TEXT blocks, nested <P>, SGML entities, bare
# '&' and '<', lower-case tags, a .trec.gz, sniffing and --format, and the
# broken variants (an unclosed DOC skipped with its line while its
# neighbours are kept, a truncated file and gzip stream, deep nesting,
# Windows-1252 bytes, missing DOCNO, TEXT or date).
. "$(dirname "$0")/lib.sh"

if ! command -v jq >/dev/null 2>&1; then
    skip "jq is not installed (make deps-test)"
    finish
    exit
fi

T=corpus/trec
DB="$TMP/trec.db"
run "$INDEX" -q -d "$DB" "$T"
check_eq "broken fixtures: exit 1" 1 "$rc"
check_contains "summary" \
    "morgue-index: 18 added, 0 updated, 0 unchanged, 0 removed, 5 skipped" "$err"

expected_warnings="$T/broken-cp1252.trec:1: invalid UTF-8 decoded as Windows-1252
$T/broken-deep.trec:5: not well-formed: elements nested deeper than libxml2's limit of 256; the rest of the element is lost; the <DOC> element of line 1 is read as libxml2 recovered it
$T/broken-missing.trec:1: no DOCNO; the article is identified by its line
$T/broken-missing.trec:9: no TEXT or headline; skipped
$T/broken-missing.trec:13: <DOC> element not closed before the next one (line 17); skipped
$T/broken-truncated.trec:13: <DOC> element not closed before the end of the file; skipped
$T/broken-truncated.trec.gz: truncated gzip stream after line 25
$T/broken-truncated.trec.gz:21: <DOC> element not closed before the end of the data read; skipped
$T/latimes-odd.trec:61: unrecognised date \"sometime in early January\", indexed without one
$T/latimes-odd.trec:72: not well-formed: Opening and ending tag mismatch: P line 71 and TEXT; the <DOC> element of line 67 is read as libxml2 recovered it"
check_eq "the warnings" "$expected_warnings" "$(printf '%s\n' "$err" | grep "^$T/")"

count() { "$QUERY" -d "$DB" --count "$@"; }
field() { "$QUERY" -d "$DB" --format json -n 1 "$2" | jq -r ".results[0].$1"; }
show() { "$QUERY" -d "$DB" --format json --show "$(field id "$1")" | jq -r ".$2"; }
# all QUERY: title|date|source|author|place of the first hit
all() { "$QUERY" -d "$DB" --format json -n 1 "$1" |
        jq -r '.results[0] | "\(.title)|\(.date)|\(.source)|\(.author)|\(.place)"'; }

# ---- AP style: HEAD, BYLINE, DATE 880212, DATELINE --------------------------

check_eq "AP: fields" "Ferry Strike Ends After Three Days|1988-02-12|null|JANE HOLLOWAY|PORTSMOUTH, England" \
    "$(all 'ferry strike')"
check_eq "AP: source_id is the DOCNO" trec:MRG880212-0001 "$(field source_id 'ferry strike')"
check_eq "AP: body" "Ferry crews ended a three-day strike on Friday after the operator
agreed to restore night-shift pay, a union spokesman said.
   Crossings to Le Havre & Cherbourg will resume on Saturday." "$(show 'ferry strike' body)"
check_eq "AP: a second DOC in the file" "$ROOT/$T/ap-wire.trec" "$(field path 'evening rates')"
check_contains "bare & and < are text" "AT&T Harbor Telephone" "$(show 'evening rates' body)"
check_contains "bare < is text" "so a call of < 10 minutes" "$(show 'evening rates' body)"

# ---- WSJ style: HL, DD 03/24/87, SO ------------------------------------------

check_eq "WSJ: fields" "Canal Tolls Will Rise Next Year|1987-03-24|MORGUE WEEKLY LEDGER (L)|null|PANAMA CITY" \
    "$(all 'canal tolls')"
check_eq "source:ledger" 1 "$(count source:ledger)"

# ---- LA Times style: nested P, several TEXT, entities --------------------------

check_eq "LA: fields" "HILLSIDE RESERVOIR REOPENS Crews finish repairs ahead of the rainy season|1989-01-01|null|MARIA OKONJO|null" \
    "$(all 'hillside reservoir')"
check_eq "LA: paragraphs, entities, two TEXT blocks" "The Hillside reservoir reopened on New Year’s Day after crews
finished repairs to the spillway - two weeks early.

Engineers said the lake would hold 40% more water & the
spillway could take a 100-year storm, at a cost still &tbd; today.

Residents within 3 < 4 miles of the dam were told the work is done." "$(show 'hillside reservoir' body)"
check_eq "LA: the comment is not text" 0 "$(count 'ignored')"
check_eq "LA: GRAPHIC is not text" 0 "$(count 'photo')"
check_eq "lower-case tags, DATE_TIME, SOURCE" "Lower-case tags and a DATE_TIME|1989-01-01|Morgue Valley Courier|null|null" \
    "$(all 'short note')"
check_eq "an unreadable date: undated" null "$(field date 'title:"nobody can read"')"
check_eq "an unclosed P: recovered" "This paragraph is never closed." "$(show 'title:"left open"' body)"
check_eq "01/02/89" 1989-01-02 "$(field date 'title:"left open"')"

# ---- FT style, gzip: DATE 910514, HEADLINE, BYLINE, PUB ------------------------

check_eq "FT .gz: fields" "FT 14 MAY 91 / Harbour dues rise at northern ports|1991-05-14|The Morgue Financial Paper|PETER ALCOTT|null" \
    "$(all 'harbour dues')"
check_eq "FT .gz: path" "$ROOT/$T/ft-style.trec.gz" "$(field path 'harbour dues')"

# ---- broken input -------------------------------------------------------------

check_eq "no DOCNO: kept" 1 "$(count 'title:"no document number"')"
check_eq "headline only: the headline is the body" "Headline only, no text" "$(show 'title:"headline only"' body)"
check_eq "unclosed DOC: lost" 0 "$(count 'title:"unclosed doc"')"
check_eq "unclosed DOC: the next kept" 1 "$(count 'title:"after the unclosed"')"
check_eq "truncated file: the whole DOCs kept" 2 "$(count 'lighthouse OR fog')"
check_eq "truncated file: the cut DOC lost" 0 "$(count gales)"
check_eq "truncated gzip: the first DOC kept" 1 "$(count pilotage)"
check_eq "truncated gzip: the cut DOC lost (only ft-style's copy is found)" "$ROOT/$T/ft-style.trec.gz" \
    "$("$QUERY" -d "$DB" --format tsv -n 10 dredger | cut -f7)"
check_eq "deep nesting: the text before it" "Before the nesting." "$(show 'title:"deeply nested"' body)"
check_eq "deep nesting: its neighbour" 1 "$(count 'title:neighbour')"
check_eq "Windows-1252 quotes decoded" "“Quiet week” at the port – harbour master" "$(field title 'quiet week')"

# ---- a second run, sniffing and --format ------------------------------------------

run "$INDEX" -q -d "$DB" "$T"
# Only the cut gzip stream is read again: a file whose content was bad is
# not, until it changes.
check_contains "re-run writes nothing" "0 added, 0 updated, 18 unchanged, 0 removed, 2 skipped" "$err"

cp "$T/ap-wire.trec" "$TMP/ap-dump"
cp "$T/ap-wire.trec" "$TMP/ap.txt"
run "$INDEX" -q -d "$TMP/sniff.db" "$TMP/ap-dump"
check_eq "sniffed without an extension: exit 0" 0 "$rc"
check_contains "sniffed: 2 DOCs" "2 added" "$err"
run "$INDEX" -q --format trec -d "$TMP/forced.db" "$TMP/ap.txt"
check_contains "--format trec on a .txt" "2 added" "$err"

finish
