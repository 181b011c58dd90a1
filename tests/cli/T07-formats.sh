#!/bin/sh
# T07-formats.sh - morgue-query's output formats on an index of corpus/:
# the keys and JSON types of --format json and jsonl, the columns of tsv,
# --count, --show (text and json) against the seed file, -n/--offset ranks,
# --sort newest/oldest, --since/--until (absolute and relative) and the
# highlight spans of json, checked byte by byte with python3.
. "$(dirname "$0")/lib.sh"

if ! command -v jq >/dev/null 2>&1; then
    skip "jq is not installed (make deps-test)"
    finish
    exit
fi

DB="$TMP/corpus.db"
SEED=corpus/000_ea9997eae0faef6f.txt
BROAD='the OR a OR de OR on'     # matches every article of corpus/

run "$INDEX" -q -d "$DB" $BASE_FIXTURES
check_eq "indexing corpus/ skips the broken inputs" 1 "$rc"
added=$(printf '%s\n' "$err" | sed -n 's/^morgue-index: \([0-9]*\) added.*/\1/p')
check_eq "corpus/ gives 14 articles" 14 "$added"

# ---- json ---------------------------------------------------------------

run "$QUERY" -d "$DB" --format json -n 100 "$BROAD"
check_eq "json exit" 0 "$rc"
printf '%s\n' "$out" >"$TMP/all.json"
check_eq "json is one valid document" 1 "$(jq -c . "$TMP/all.json" 2>/dev/null | wc -l | tr -d ' ')"
check_eq "json top-level keys" '["complete","indexed","query","results","total","version"]' \
    "$(jq -c 'keys' "$TMP/all.json")"
check_eq "json version" 2 "$(jq '.version' "$TMP/all.json")"
check_eq "json query" "$BROAD" "$(jq -r '.query' "$TMP/all.json")"
check_eq "json total" 14 "$(jq '.total' "$TMP/all.json")"
check_eq "json indexed is the number of articles" "$added" "$(jq '.indexed' "$TMP/all.json")"
check_eq "json results count" 14 "$(jq '.results | length' "$TMP/all.json")"
check_eq "json top-level types" 'number string number number array' \
    "$(jq -r '[.version, .query, .total, .indexed, .results] | map(type) | join(" ")' "$TMP/all.json")"

HIT_KEYS='["author","date","highlights","id","path","place","rank","score","snippet","source","source_id","title","url"]'
# Each violation of the hit schema, one per line; nothing when all is well.
HIT_CHECK='
  def str_or_null: type == "string" or type == "null";
  (if (keys | tojson) != $keys then "keys \(keys)" else empty end),
  (if (.id | type) != "string" or (.id | test("^[0-9a-f]{16}$") | not) then "id \(.id)" else empty end),
  (if (.rank | type) != "number" or .rank < 1 or .rank != (.rank | floor) then "rank \(.rank)" else empty end),
  (if (.score | type) != "number" then "score \(.score)" else empty end),
  (if .date != null and ((.date | type) != "string" or (.date | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$") | not)) then "date \(.date)" else empty end),
  (.title, .source, .author, .place, .url, .path, .source_id | select(str_or_null | not) | "field \(.)"),
  (if (.snippet | type) != "string" then "snippet \(.snippet)" else empty end),
  (if (.highlights | type) != "array" then "highlights \(.highlights)" else empty end),
  (.highlights[]? | select((type != "array") or length != 2 or (map(type == "number" and . >= 0 and . == floor) | all | not)) | "span \(.)")'
bad=$(jq -r --arg keys "$HIT_KEYS" ".results[] | $HIT_CHECK" "$TMP/all.json")
check_eq "every json hit has exactly the schema's keys and types" "" "$bad"
check_eq "json ids are unique" 14 "$(jq -r '.results[].id' "$TMP/all.json" | sort -u | wc -l | tr -d ' ')"
check_eq "json ranks are 1..14" "$(seq 1 14 | tr '\n' ' ')" "$(jq -r '.results[].rank' "$TMP/all.json" | tr '\n' ' ')"
check_eq "json scores do not increase" true \
    "$(jq '[.results[].score] | . == (sort | reverse)' "$TMP/all.json")"
# Values present where the article has them, null where it lacks them.
check_eq "the seed has no source: null" null \
    "$(jq '.results[] | select(.path | endswith("000_ea9997eae0faef6f.txt")) | .source' "$TMP/all.json")"
check_eq "the seed's place" '"Caracas, Venezuela"' \
    "$(jq '.results[] | select(.path | endswith("000_ea9997eae0faef6f.txt")) | .place' "$TMP/all.json")"
check_eq "the accented article is undated: null" null \
    "$(jq '.results[] | select(.path | endswith("gonzalez-accented.txt")) | .date' "$TMP/all.json")"
check_eq "the wire article's url" '"https://example.org/news/port-strike-ends"' \
    "$(jq '.results[] | select(.title == "Port strike ends after nine days") | .url' "$TMP/all.json")"
check_eq "authors joined" '"Priya Natarajan; Tom Evans"' \
    "$(jq '.results[] | select(.title == "City council approves new tram line") | .author' "$TMP/all.json")"
# source_id: the id the source gave (here a JSON "id"), null when it gave none
check_eq "the wire article's source_id" '"wire-0001"' \
    "$(jq '.results[] | select(.title == "Port strike ends after nine days") | .source_id' "$TMP/all.json")"
check_eq "the seed (plain text) has no source_id: null" null \
    "$(jq '.results[] | select(.path | endswith("000_ea9997eae0faef6f.txt")) | .source_id' "$TMP/all.json")"
check_eq "paths are absolute" 14 "$(jq -r '.results[].path' "$TMP/all.json" | grep -c '^/')"
check_eq "null fields are really null, not \"\"" 0 \
    "$(jq '[.results[] | .[] | select(. == "")] | length' "$TMP/all.json")"

# No match: a valid document with an empty results array, exit 1.
run "$QUERY" -d "$DB" --format json nosuchwordanywhere
check_eq "json without a match exits 1" 1 "$rc"
check_eq "json without a match: total, results, keys" '0 0 ["complete","indexed","query","results","total","version"]' \
    "$(printf '%s' "$out" | jq -r '"\(.total) \(.results | length) \(keys | tojson)"')"

# ---- jsonl --------------------------------------------------------------

run "$QUERY" -d "$DB" --format jsonl -n 100 "$BROAD"
check_eq "jsonl exit" 0 "$rc"
printf '%s\n' "$out" >"$TMP/all.jsonl"
check_eq "jsonl: one line a hit" 14 "$(wc -l <"$TMP/all.jsonl" | tr -d ' ')"
valid=0
while IFS= read -r line; do
    if [ "$(printf '%s' "$line" | jq -c 'type' 2>/dev/null)" = '"object"' ]; then
        valid=$((valid + 1))
    fi
done <"$TMP/all.jsonl"
check_eq "jsonl: every line is one JSON object" 14 "$valid"
bad=$(jq -r --arg keys "$HIT_KEYS" "$HIT_CHECK" "$TMP/all.jsonl")
check_eq "every jsonl hit has exactly the schema's keys and types" "" "$bad"
check_eq "jsonl hits are the json hits" \
    "$(jq -c '.results[] | del(.score)' "$TMP/all.json")" "$(jq -c 'del(.score)' "$TMP/all.jsonl")"
run "$QUERY" -d "$DB" --format jsonl nosuchwordanywhere
check_eq "jsonl without a match exits 1" 1 "$rc"
check_eq "jsonl without a match prints nothing" "" "$out"

# ---- tsv ----------------------------------------------------------------

run "$QUERY" -d "$DB" --format tsv -n 100 "$BROAD"
check_eq "tsv exit" 0 "$rc"
printf '%s\n' "$out" >"$TMP/all.tsv"
check_eq "tsv: one line a hit" 14 "$(wc -l <"$TMP/all.tsv" | tr -d ' ')"
check_eq "tsv: 9 columns on every line" "" "$(awk -F '\t' 'NF != 9 { print NR ": " NF }' "$TMP/all.tsv")"
check_eq "tsv columns 1-2 are rank and id as in json" \
    "$(jq -r '.results[] | "\(.rank) \(.id)"' "$TMP/all.json")" \
    "$(awk -F '\t' '{ print $1 " " $2 }' "$TMP/all.tsv")"
check_eq "tsv column 4 is the date, empty when undated" \
    "$(jq -r '.results[] | .date // ""' "$TMP/all.json")" "$(cut -f 4 "$TMP/all.tsv")"
check_eq "tsv column 6 is the title" \
    "$(jq -r '.results[] | .title // ""' "$TMP/all.json")" "$(cut -f 6 "$TMP/all.tsv")"
check_eq "tsv column 7 is the url, else the path" \
    "$(jq -r '.results[] | .url // .path' "$TMP/all.json")" "$(cut -f 7 "$TMP/all.tsv")"
check_eq "tsv column 9 (the last) is the source_id, empty when none" \
    "$(jq -r '.results[] | .source_id // ""' "$TMP/all.json")" "$(cut -f 9 "$TMP/all.tsv")"
check_eq "tsv: some source_ids are there, some empty" "yes yes" \
    "$(cut -f 9 "$TMP/all.tsv" | grep -q . && echo yes) $(cut -f 9 "$TMP/all.tsv" | grep -q '^$' && echo yes)"

# ---- --count ------------------------------------------------------------

for q in "$BROAD" gonzalez sanctions "harbour OR ferry" 'title:coffee' nosuchwordanywhere; do
    run "$QUERY" -d "$DB" --format json -n 0 "$q"
    want=$(printf '%s' "$out" | jq '.total')
    run "$QUERY" -d "$DB" --count "$q"
    check_eq "--count '$q' is the json total" "$want" "$out"
done
run "$QUERY" -d "$DB" --count gonzalez
check_eq "--count gonzalez" 3 "$out"
check_eq "--count exit on a match" 0 "$rc"
run "$QUERY" -d "$DB" --count nosuchwordanywhere
check_eq "--count without a match prints 0" 0 "$out"
check_eq "--count without a match exits 1" 1 "$rc"

# ---- --show ---------------------------------------------------------------

seed_id=$(jq -r '.results[] | select(.path | endswith("000_ea9997eae0faef6f.txt")) | .id' "$TMP/all.json")
case $seed_id in
    [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]) pass ;;
    *) fail "the seed's id from json: [$seed_id]" ;;
esac
# What the text reader stores: the file without its leading space, its
# "date 2024-09-03" prefix and the blank after it, and trailing space.
sed '1s/^[[:space:]]*date 2024-09-03[[:space:]]*//' "$SEED" >"$TMP/want-body"
check_eq "the expected body starts with the dateline" "Caracas, Venezuela." \
    "$(head -c 19 "$TMP/want-body")"
run "$QUERY" -d "$DB" --format json --show "$seed_id"
check_eq "--show json exit" 0 "$rc"
printf '%s' "$out" | jq -j '.body' >"$TMP/got-body"
if cmp -s "$TMP/want-body" "$TMP/got-body"; then pass; else
    fail "--show json: the body is not the seed's text after its date prefix"
fi
check_eq "--show json keys" '["author","body","date","id","language","path","place","source","source_id","title","url","version"]' \
    "$(printf '%s' "$out" | jq -c 'keys')"
check_eq "--show json id and date" "$seed_id 2024-09-03" "$(printf '%s' "$out" | jq -r '"\(.id) \(.date)"')"
check_eq "--show json path" "$ROOT/$SEED" "$(printf '%s' "$out" | jq -r '.path')"
check_eq "--show json: the seed has no source_id" null "$(printf '%s' "$out" | jq '.source_id')"
wire_id=$(jq -r '.results[] | select(.source_id == "wire-0001") | .id' "$TMP/all.json")
run "$QUERY" -d "$DB" --format json --show "$wire_id"
check_eq "--show json source_id" '"wire-0001"' "$(printf '%s' "$out" | jq '.source_id')"
run "$QUERY" -d "$DB" --format tsv --show "$wire_id"
check_contains "--show tsv source_id line" "$(printf 'source_id\twire-0001')" "$out"
run "$QUERY" -d "$DB" --show "$wire_id"
check_contains "--show text source id line" "Source id: wire-0001" "$out"
run "$QUERY" -d "$DB" --show "$seed_id"
check_eq "--show text exit" 0 "$rc"
check_contains "--show text: id line" "$seed_id" "$out"
check_contains "--show text: date line" "2024-09-03" "$out"
"$QUERY" -d "$DB" --show "$seed_id" | sed '1,/^$/d' >"$TMP/got-text"
{ cat "$TMP/want-body"; echo; } >"$TMP/want-text"
if cmp -s "$TMP/want-text" "$TMP/got-text"; then pass; else
    fail "--show text: the body after the header is not the seed's text"
fi
run "$QUERY" -d "$DB" --show 0000000000000000
check_eq "--show unknown id exits 1" 1 "$rc"
check_eq "--show unknown id prints nothing" "" "$out"
check_contains "--show unknown id names it" "0000000000000000" "$err"
for bad in xyz 0123456789abcde 0123456789abcdefa 0123456789abcdeg; do
    run "$QUERY" -d "$DB" --show "$bad"
    check_eq "--show '$bad' exits 2" 2 "$rc"
    check_contains "--show '$bad' is named" "'$bad'" "$err"
done
# Upper-case hex is the same id.
upper=$(printf '%s' "$seed_id" | tr 'a-f' 'A-F')
run "$QUERY" -d "$DB" --format json --show "$upper"
check_eq "--show upper-case id" "$seed_id" "$(printf '%s' "$out" | jq -r '.id')"

# ---- -n and --offset ------------------------------------------------------

all_ids=$(jq -r '.results[].id' "$TMP/all.json")
for page in "2 0" "3 1" "5 10" "1 13" "4 12"; do
    set -- $page
    run "$QUERY" -d "$DB" --format json -n "$1" --offset "$2" "$BROAD"
    first=$(($2 + 1)) last=$(($2 + $1))
    [ "$last" -gt 14 ] && last=14
    check_eq "-n $1 --offset $2: ranks" "$(seq "$first" "$last" | tr '\n' ' ')" \
        "$(printf '%s' "$out" | jq -r '.results[].rank' | tr '\n' ' ')"
    check_eq "-n $1 --offset $2: the same hits as one long page" \
        "$(printf '%s\n' "$all_ids" | sed -n "${first},${last}p")" \
        "$(printf '%s' "$out" | jq -r '.results[].id')"
    check_eq "-n $1 --offset $2: total" 14 "$(printf '%s' "$out" | jq '.total')"
done
run "$QUERY" -d "$DB" --format json --offset 20 "$BROAD"
check_eq "--offset past the end: no hits" 0 "$(printf '%s' "$out" | jq '.results | length')"
check_eq "--offset past the end: the total stays" 14 "$(printf '%s' "$out" | jq '.total')"
run "$QUERY" -d "$DB" -n 2 --offset 3 "$BROAD"
check_contains "text ranks start after the offset" "4. " "$out"
check_contains "text footer" "4-5 of 14 matches among 14 articles" "$out"
run "$QUERY" -d "$DB" -n 2 "$BROAD"
check_eq "default format: two hits" 2 "$(printf '%s\n' "$out" | grep -c '^   id [0-9a-f]\{16\}$')"
run "$QUERY" -d "$DB" -n -1 "$BROAD"
check_eq "-n -1 exits 2" 2 "$rc"
run "$QUERY" -d "$DB" --offset x "$BROAD"
check_eq "--offset x exits 2" 2 "$rc"

# ---- --sort ----------------------------------------------------------------

run "$QUERY" -d "$DB" --format json -n 100 --sort newest "$BROAD"
printf '%s' "$out" >"$TMP/newest.json"
check_eq "--sort newest: 14 hits" 14 "$(jq '.results | length' "$TMP/newest.json")"
check_eq "--sort newest: dates descending" true \
    "$(jq '[.results[].date | select(. != null)] | . == (sort | reverse)' "$TMP/newest.json")"
check_eq "--sort newest: undated last" '[false,false,false,false,false,false,false,false,false,false,false,true,true,true]' \
    "$(jq -c '[.results[].date == null]' "$TMP/newest.json")"
check_eq "--sort newest: the newest first" 2024-09-05 "$(jq -r '.results[0].date' "$TMP/newest.json")"
check_eq "--sort newest: ranks in order" "$(seq 1 14 | tr '\n' ' ')" \
    "$(jq -r '.results[].rank' "$TMP/newest.json" | tr '\n' ' ')"
run "$QUERY" -d "$DB" --format json -n 100 --sort oldest "$BROAD"
printf '%s' "$out" >"$TMP/oldest.json"
check_eq "--sort oldest: dates ascending" true \
    "$(jq '[.results[].date | select(. != null)] | . == sort' "$TMP/oldest.json")"
check_eq "--sort oldest: undated last" '[false,false,false,false,false,false,false,false,false,false,false,true,true,true]' \
    "$(jq -c '[.results[].date == null]' "$TMP/oldest.json")"
check_eq "--sort oldest: the oldest first" 2024-01-10 "$(jq -r '.results[0].date' "$TMP/oldest.json")"
check_eq "--sort newest and oldest hold the same articles" \
    "$(jq -r '.results[].id' "$TMP/newest.json" | sort)" "$(jq -r '.results[].id' "$TMP/oldest.json" | sort)"
run "$QUERY" -d "$DB" --format json -n 3 --offset 2 --sort oldest "$BROAD"
check_eq "--sort oldest with -n/--offset is a slice of the whole order" \
    "$(jq -r '.results[2:5][].id' "$TMP/oldest.json")" "$(printf '%s' "$out" | jq -r '.results[].id')"
run "$QUERY" -d "$DB" --sort sideways "$BROAD"
check_eq "--sort sideways exits 2" 2 "$rc"

# ---- --since and --until ------------------------------------------------------

# Expected counts from the dates of the unfiltered hits.
count_dates() { # count_dates SINCE UNTIL (YYYY-MM-DD or "")
    jq --arg s "$1" --arg u "$2" \
        '[.results[].date | select(. != null) | select($s == "" or . >= $s) | select($u == "" or . <= $u)] | length' \
        "$TMP/all.json"
}
for range in "2024-09-01 -" "- 2024-03-02" "2024-03-01 2024-07-11" "2024-09-03 2024-09-03" "2024-09-06 -"; do
    set -- $range
    s=$1 u=$2
    [ "$s" = - ] && s=
    [ "$u" = - ] && u=
    set --
    [ -n "$s" ] && set -- "$@" --since "$s"
    [ -n "$u" ] && set -- "$@" --until "$u"
    run "$QUERY" -d "$DB" --format json -n 100 "$@" "$BROAD"
    want=$(count_dates "$s" "$u")
    check_eq "$* : total" "$want" "$(printf '%s' "$out" | jq '.total')"
    check_eq "$* : every date within the bounds" "" \
        "$(printf '%s' "$out" | jq -r --arg s "$s" --arg u "$u" \
            '.results[] | select(.date == null or ($s != "" and .date < $s) or ($u != "" and .date > $u)) | .id')"
done
check_eq "a range of one day holds two articles" 2 "$(count_dates 2024-09-03 2024-09-03)"
check_eq "nothing after the newest article" 0 "$(count_dates 2024-09-06 '')"
run "$QUERY" -d "$DB" --count --since 2024-09-06 "$BROAD"
check_eq "--since after every date exits 1" 1 "$rc"
# Relative dates: 10000 days ago is before every article; 10000 days
# ago as an upper bound leaves none.
dated=$(count_dates '' '')
check_eq "corpus/ has 11 dated articles" 11 "$dated"
run "$QUERY" -d "$DB" --count --since 10000d "$BROAD"
check_eq "--since 10000d: every dated article" "$dated" "$out"
run "$QUERY" -d "$DB" --count --until 10000d "$BROAD"
check_eq "--until 10000d: none" 0 "$out"
run "$QUERY" -d "$DB" --count --since 1000w "$BROAD"
check_eq "--since 1000w: every dated article" "$dated" "$out"
run "$QUERY" -d "$DB" --count --since 2024-01-01
check_eq "--since alone, no query words: every dated article" "$dated" "$out"
for bad in notadate 2024-02-30 2024-13-01 10x -5d ""; do
    run "$QUERY" -d "$DB" --since "$bad" "$BROAD"
    check_eq "--since '$bad' exits 2" 2 "$rc"
    check_eq "--since '$bad' prints nothing" "" "$out"
    check_contains "--since '$bad' is named" "'$bad'" "$err"
done
run "$QUERY" -d "$DB" --until nope "$BROAD"
check_eq "--until nope exits 2" 2 "$rc"

# ---- highlights -----------------------------------------------------------------

# Each span, cut out of the snippet's UTF-8 bytes, lowercased and without
# accents, must be a query word or share its stem (here: start with it), be
# a whole word, and every such word of the snippet must be highlighted.
if command -v python3 >/dev/null 2>&1 && python3 -c 'import json, unicodedata, re' 2>/dev/null; then
    cat >"$TMP/spans.py" <<'EOF'
import json, re, sys, unicodedata
stems = sys.argv[1].split()
def fold(s):
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c))
def matches(word):
    f = fold(word)
    return any(f == s or f.startswith(s) for s in stems)
problems, spans = [], 0
for line in sys.stdin:
    doc = json.loads(line)
    for hit in doc["results"]:
        b = hit["snippet"].encode("utf-8")
        marked = set()
        for start, length in hit["highlights"]:
            spans += 1
            piece = b[start:start + length]
            try:
                word = piece.decode("utf-8")
            except UnicodeDecodeError:
                problems.append("span %d+%d splits a character" % (start, length)); continue
            if start + length > len(b) or not word:
                problems.append("span %d+%d outside the snippet" % (start, length)); continue
            before = b[:start].decode("utf-8", "replace")[-1:]
            after = b[start + length:].decode("utf-8", "replace")[:1]
            if (before and before.isalnum()) or (after and after.isalnum()):
                problems.append("span %r is not a whole word" % word)
            if not matches(word):
                problems.append("span %r matches no query word" % word)
            marked.add(start)
        text = hit["snippet"]
        for m in re.finditer(r"\w+", text):
            if matches(m.group()) and len(text[:m.start()].encode("utf-8")) not in marked:
                problems.append("%r not highlighted in %r" % (m.group(), text))
print("%d spans" % spans)
for p in problems:
    print(p)
EOF
    for q in "gonzalez:gonzalez" "sanctions maduro:sanction maduro" "Nicolás:nicolas" \
             "elección:eleccion" "harbour OR ferry:harbour ferr" "sanc*:sanc" \
             "café OR peñalolén:cafe penalolen"; do
        query=${q%%:*} stems=${q#*:}
        run "$QUERY" -d "$DB" --format json -n 100 "$query"
        check_eq "'$query' matches" 0 "$rc"
        res=$(printf '%s\n' "$out" | python3 "$TMP/spans.py" "$stems")
        spans=$(printf '%s\n' "$res" | sed -n '1s/ spans$//p')
        if [ "${spans:-0}" -gt 0 ]; then pass; else fail "'$query': no highlights at all"; fi
        check_eq "'$query': every highlight is a matched word" "" "$(printf '%s\n' "$res" | sed 1d)"
    done
else
    skip "python3 is not available: highlight byte ranges not checked"
fi

finish
