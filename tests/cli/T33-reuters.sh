# T33-reuters - the Reuters-21578 SGML reader (indexer/readers/reuters.c)
# on the fixtures of corpus/reuters: the exact fields of known stories,
# the category codes as topic:/place:/person:/org:/exchange:/company:
# fields, BRIEF and UNPROC stories, a .sgm.gz, sniffing and --format, and
# the broken variants (an unclosed <REUTERS> element skipped with its line
# while its neighbours are kept, mismatched tags and deep nesting
# recovered, no NEWID, a bad date, a story without text, Latin-1 bytes, a
# truncated gzip stream). Then the real corpus in ../shared/corpora: the 22
# files give exactly 21,578 articles, `cocoa Bahia` finds NEWID 1 in the top two and
# topic:cocoa counts the stories whose TOPICS hold <D>cocoa</D>.
. "$(dirname "$0")/lib.sh"

if ! command -v jq >/dev/null 2>&1; then
    skip "jq is not installed (make deps-test)"
    finish
    exit
fi

R=corpus/reuters
DB="$TMP/reuters.db"
run "$INDEX" -q -d "$DB" "$R"
check_eq "broken fixtures: exit 1" 1 "$rc"
check_contains "summary" \
    "morgue-index: 15 added, 0 updated, 0 unchanged, 0 removed, 3 skipped" "$err"

# Every warning, exactly.
expected_warnings="$R/broken-elements.sgm:17: <REUTERS> element not closed before the next one (line 28); skipped
$R/broken-elements.sgm:56: not well-formed: Opening and ending tag mismatch: BODY line 53 and TEXT; the <REUTERS> element of line 43 is read as libxml2 recovered it
$R/broken-elements.sgm:58: no NEWID attribute; the article is identified by its line
$R/broken-elements.sgm:58: unrecognised date \"sometime in March\", indexed without one
$R/broken-elements.sgm:72: no TITLE, BODY or text; indexed as \"(no text)\"
$R/broken-elements.sgm:96: not well-formed: elements nested deeper than libxml2's limit of 256; the rest of the element is lost; the <REUTERS> element of line 85 is read as libxml2 recovered it
$R/broken-latin1.sgm:2: invalid UTF-8 decoded as Windows-1252
$R/broken-truncated.sgm.gz: truncated gzip stream after line 21
$R/broken-truncated.sgm.gz:22: <REUTERS> element not closed before the end of the data read; skipped"
check_eq "the warnings" "$expected_warnings" "$(printf '%s\n' "$err" | grep "^$R/")"

count() { "$QUERY" -d "$DB" --count "$@"; }
# field NAME QUERY: the first hit's NAME in --format json
field() { "$QUERY" -d "$DB" --format json -n 1 "$2" | jq -r ".results[0].$1"; }
show() { "$QUERY" -d "$DB" --format json --show "$(field id "$1")" | jq -r ".$2"; }

# ---- a whole story: NEWID 900001 --------------------------------------

Q='title:"wider coffee quota"'
check_eq "title: entities decoded" "COLOMBIA SEEKS WIDER COFFEE QUOTA <ICO>" "$(field title "$Q")"
check_eq "date" 1987-03-12 "$(field date "$Q")"
check_eq "source" Reuters "$(field source "$Q")"
check_eq "source_id: the NEWID, in the reader's namespace" reuters-21578:900001 "$(field source_id "$Q")"
check_eq "author: By and Reuters dropped" "Marta Quintero" "$(field author "$Q")"
check_eq "place: the dateline's place" BOGOTA "$(field place "$Q")"
check_eq "path" "$ROOT/$R/reut-sample.sgm" "$(field path "$Q")"
check_eq "language" en "$(show "$Q" language)"
check_eq "body: BODY as written, &#3; dropped" "Colombia will ask the coffee council for a wider
export quota when producers & consumers meet in London next
month, Finance Minister Alvaro Quintero Ruiz said.
    Andes Roasting <ANDR> said it expected prices of 1.20
to 1.30 dlrs a lb on the New York exchange.
 Reuter" "$(show "$Q" body)"

# ---- category codes as fields -----------------------------------------

check_eq "topic:coffee" 2 "$(count topic:coffee)"
check_eq "place:colombia (a PLACES code)" 2 "$(count place:colombia)"
check_eq "place:usa" 3 "$(count place:usa)"
check_eq "place:new-zealand" 1 "$(count place:new-zealand)"
check_eq "place:taupo (the dateline)" 1 "$(count place:taupo)"
check_eq "person:quintero-ruiz" 1 "$(count person:quintero-ruiz)"
check_eq "org:ico-coffee" 1 "$(count org:ico-coffee)"
check_eq "org:icco (from the .gz)" 1 "$(count org:icco)"
check_eq "exchange:nyce" 1 "$(count exchange:nyce)"
check_eq "exchange:lce" 1 "$(count exchange:lce)"
check_eq "company:andes-roasting" 1 "$(count company:andes-roasting)"
check_eq "topic and place together" "TAUPO WOOL SALE DRAWS STRONG BIDS" \
    "$(field title 'topic:wool AND place:new-zealand')"
check_eq "source:reuters is every story" 15 "$(count source:reuters)"

# ---- BRIEF, UNPROC, control characters ----------------------------------

check_eq "BRIEF: the title is the body" "ANDEAN GROUP TO MEET ON COFFEE PRICES IN LIMA" \
    "$(show 'title:andean' body)"
check_eq "BRIEF: the codes glued to the date are dropped" 1987-03-27 "$(field date 'title:andean')"
check_eq "UNPROC: the first line is the title" "BOGOTA COFFEE EXPORT REGISTRATIONS - MARCH 13" \
    "$(field title 'registered shipped')"
check_contains "UNPROC: the raw text is the body" " Registered.................412,500 vs.....398,000" \
    "$(show 'registered shipped' body)"
check_eq "&#127; inside a word dropped" 1 "$(count claimed)"

# ---- the .gz --------------------------------------------------------------

check_eq ".sgm.gz read" "$ROOT/$R/reut-extra.sgm.gz" "$(field path 'Ghana cocoa arrivals')"
check_eq ".sgm.gz: &amp; in a title" "HARBOR LIGHT <HBLT> TO BUY MARSH & PAGE" "$(field title 'lanterns')"
check_eq ".sgm.gz: author, lower-case by" "Dana Whitcombe" "$(field author 'lanterns')"

# ---- broken input ---------------------------------------------------------

check_eq "the unclosed story is lost" 0 "$(count 'title:spreads')"
check_eq "its neighbours are kept" 3 "$(count 'title:rosario')"
check_eq "mismatched tags: recovered body" "Soybean loadings at Santos slowed as rain
kept the terminals closed for a third day.
 Reuter" "$(show 'title:santos' body)"
check_eq "no NEWID: kept, undated" null "$(field date 'title:parana')"
check_eq "no NEWID: no source_id" null "$(field source_id 'title:parana')"
check_eq "no text: kept with a placeholder" "1987-03-17" "$(field date 'title:"no text"')"
check_eq "deep nesting: the text before it" "Before the nesting." "$(show 'title:nested' body)"
check_eq "deep nesting: the text inside is lost" 0 "$(count buried)"
check_contains "Latin-1 bytes decoded" "René Lefèvre" "$(show 'title:sucrerie' body)"
check_eq "truncated gzip: the whole first story" 1 "$(count Kestrel)"
check_eq "truncated gzip: the cut one is lost" 0 "$(count Ivory)"

# ---- a second run, sniffing and --format ----------------------------------

run "$INDEX" -q -d "$DB" "$R"
check_eq "re-run: exit 1" 1 "$rc"
# Only the cut gzip stream is read again (its two problems): a file whose
# content was bad is not, until it changes.
check_contains "re-run writes nothing" "0 added, 0 updated, 15 unchanged, 0 removed, 2 skipped" "$err"

cp "$R/reut-sample.sgm" "$TMP/wire-dump"
cp "$R/reut-sample.sgm" "$TMP/wire.txt"
run "$INDEX" -q -d "$TMP/sniff.db" "$TMP/wire-dump"
check_eq "sniffed without an extension: exit 0" 0 "$rc"
check_contains "sniffed: 4 stories" "4 added" "$err"
run "$INDEX" -q --format reuters -d "$TMP/forced.db" "$TMP/wire.txt"
check_contains "--format reuters on a .txt" "4 added" "$err"

# ---- the real corpus ------------------------------------------------------

REUT="$CORPORA/reuters21578/reuters21578"
if ! [ -f "$REUT/reut2-000.sgm" ]; then
    skip "$REUT not found"
    finish
    exit $?
fi
RDB="$TMP/reut.db"
run "$INDEX" -q -d "$RDB" "$REUT"/reut2-*.sgm
check_eq "22 files index without loss: exit 0" 0 "$rc"
check_contains "21,578 articles" "21578 added, 0 updated, 0 unchanged, 0 removed, 0 skipped" "$err"
check_eq "its two warnings" "$REUT/reut2-012.sgm:25983: no TITLE, BODY or text; indexed as \"(no text)\"
$REUT/reut2-017.sgm:35556: invalid UTF-8 decoded as Windows-1252" "$(printf '%s\n' "$err" | grep "^$REUT/")"

# NEWID 1 "BAHIA COCOA REVIEW" ranks among the first two: the other is the
# short price table "BAHIA COCOA FUTURES CLSG", whose title holds both words
# too and which BM25's length normalisation favours.
run "$QUERY" -d "$RDB" --format json -n 2 'cocoa Bahia'
check_eq "cocoa Bahia: the indexed count" 21578 "$(echo "$out" | jq .indexed)"
check_contains "cocoa Bahia: NEWID 1 in the first two" "BAHIA COCOA REVIEW|1987-02-26|SALVADOR|Reuters|$REUT/reut2-000.sgm" \
    "$(echo "$out" | jq -r '.results[] | "\(.title)|\(.date)|\(.place)|\(.source)|\(.path)"')"
check_eq "cocoa Bahia: both first hits have both words in the title" 2 \
    "$(echo "$out" | jq '[.results[] | select(.title | test("COCOA") and test("BAHIA"))] | length')"

cocoa=$(cat "$REUT"/reut2-*.sgm | grep -c '<TOPICS>.*<D>cocoa</D>.*</TOPICS>')
check_eq "topic:cocoa counts the stories with <D>cocoa</D> in TOPICS" "$cocoa" \
    "$("$QUERY" -d "$RDB" --count topic:cocoa)"
reagan=$(cat "$REUT"/reut2-*.sgm | grep -c '<PEOPLE>.*<D>reagan</D>.*</PEOPLE>')
check_eq "person:reagan counts the stories with <D>reagan</D> in PEOPLE" "$reagan" \
    "$("$QUERY" -d "$RDB" --count person:reagan)"
# An unprocessed story without TITLE: the title is its first line without
# the dateline run into it, whose place is kept.
run "$QUERY" -d "$RDB" --format json -n 1 'shultz economy strong "in very strong shape"'
check_eq "UNPROC: the title without the dateline" "SHULTZ SAYS U.S. ECONOMY IS STRONG|LONDON" \
    "$(echo "$out" | jq -r '.results[] | "\(.title)|\(.place)"')"
check_eq "every story is dated" 21578 "$("$QUERY" -d "$RDB" --count 'date:1987-01-01..1987-12-31')"

finish
