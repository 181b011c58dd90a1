#!/bin/sh
# T08-several-indexes.sh - morgue-query -d A -d B searches two indexes as
# one: totals and "indexed" add up, ids stay unique, --show finds an
# article in either, and a missing index is named.
. "$(dirname "$0")/lib.sh"

if ! command -v jq >/dev/null 2>&1; then
    skip "jq is not installed (make deps-test)"
    finish
    exit
fi

A="$TMP/plain.db"
B="$TMP/accented.db"
run "$INDEX" -q -d "$A" corpus/gonzalez-plain.jsonl
check_eq "index A exit" 0 "$rc"
check_contains "index A summary" "2 added" "$err"
run "$INDEX" -q -d "$B" corpus/gonzalez-accented.txt
check_eq "index B exit" 0 "$rc"
check_contains "index B summary" "1 added" "$err"

total() { # total QUERY DB... : the json total of QUERY on the DBs
    q=$1
    shift
    args=
    for d in "$@"; do args="$args -d $d"; done
    # shellcheck disable=SC2086
    "$QUERY" $args --format json -n 0 "$q" | jq '.total'
}

for q in gonzalez edmundo 'gonzalez OR coffee' coffee 'supporters' 'the OR a'; do
    ta=$(total "$q" "$A")
    tb=$(total "$q" "$B")
    tab=$(total "$q" "$A" "$B")
    check_eq "'$q': total of A and B together" "$((ta + tb))" "$tab"
    check_eq "'$q': the order of -d does not matter" "$tab" "$(total "$q" "$B" "$A")"
done
check_eq "gonzalez is in both" 2 "$(total gonzalez "$A" "$B")"
check_eq "gonzalez in A" 1 "$(total gonzalez "$A")"
check_eq "gonzalez in B" 1 "$(total gonzalez "$B")"

run "$QUERY" -d "$A" -d "$B" --format json -n 100 'the OR a OR gonzalez OR coffee'
check_eq "search of both exits 0" 0 "$rc"
printf '%s\n' "$out" >"$TMP/both.json"
check_eq "indexed is the sum" 3 "$(jq '.indexed' "$TMP/both.json")"
check_eq "every article of both" 3 "$(jq '.total' "$TMP/both.json")"
check_eq "ids are unique" 3 "$(jq -r '.results[].id' "$TMP/both.json" | sort -u | wc -l | tr -d ' ')"
check_eq "ranks run across both" "1 2 3 " "$(jq -r '.results[].rank' "$TMP/both.json" | tr '\n' ' ')"
check_eq "hits come from both files" \
    "$ROOT/corpus/gonzalez-accented.txt
$ROOT/corpus/gonzalez-plain.jsonl
$ROOT/corpus/gonzalez-plain.jsonl" \
    "$(jq -r '.results[].path' "$TMP/both.json" | sort)"
run "$QUERY" -d "$A" -d "$B" --count gonzalez
check_eq "--count over both" 2 "$out"
run "$QUERY" -d "$A" -d "$B" --format json -n 100 --sort newest 'gonzalez OR coffee'
check_eq "sorted across both: dated first, undated last" '["2024-07-12","2024-07-11",null]' \
    "$(printf '%s' "$out" | jq -c '[.results[].date]')"
run "$QUERY" -d "$A" -d "$B" -n 1 --offset 1 --format json 'gonzalez OR coffee'
check_eq "-n/--offset across both" "2 1 3" \
    "$(printf '%s' "$out" | jq -r '"\(.results[0].rank) \(.results | length) \(.total)"')"

# --show finds an article whichever index holds it.
for f in gonzalez-accented.txt gonzalez-plain.jsonl; do
    id=$(jq -r --arg f "$ROOT/corpus/$f" '[.results[] | select(.path == $f)][0].id' "$TMP/both.json")
    run "$QUERY" -d "$A" -d "$B" --format json --show "$id"
    check_eq "--show an article of $f through both" 0 "$rc"
    check_eq "--show gives the article of $f" "$id $ROOT/corpus/$f" \
        "$(printf '%s' "$out" | jq -r '"\(.id) \(.path)"')"
    run "$QUERY" -d "$B" -d "$A" --show "$id"
    check_eq "--show $f with the indexes swapped" 0 "$rc"
    check_eq "--show $f text: its Id line" 1 "$(printf '%s\n' "$out" | grep -c "^Id:[[:space:]]*$id\$")"
done
accented=$(jq -r --arg f "$ROOT/corpus/gonzalez-accented.txt" '.results[] | select(.path == $f) | .id' "$TMP/both.json")
run "$QUERY" -d "$A" --show "$accented"
check_eq "--show of B's article on A alone: not found" 1 "$rc"
run "$QUERY" -d "$A" -d "$B" --show 0000000000000000
check_eq "--show unknown id on both exits 1" 1 "$rc"

# The same index twice is still one search (no crash, totals of each).
check_eq "A twice" 2 "$(total gonzalez "$A" "$A")"

# A missing second (or first) index: exit 2, named, nothing on stdout.
run "$QUERY" -d "$A" -d "$TMP/missing.db" gonzalez
check_eq "missing second index exits 2" 2 "$rc"
check_eq "missing second index: no output" "" "$out"
check_contains "missing second index is named" "$TMP/missing.db" "$err"
check_contains "message starts with the program" "morgue-query: " "$err"
run "$QUERY" -d "$TMP/missing.db" -d "$A" gonzalez
check_eq "missing first index exits 2" 2 "$rc"
check_contains "missing first index is named" "$TMP/missing.db" "$err"
# Not an index: a plain file, an empty directory.
: >"$TMP/plain-file"
run "$QUERY" -d "$A" -d "$TMP/plain-file" gonzalez
check_eq "a file as second index exits 2" 2 "$rc"
check_contains "the file is named" "$TMP/plain-file" "$err"
mkdir "$TMP/empty-dir"
run "$QUERY" -d "$A" -d "$TMP/empty-dir" gonzalez
check_eq "an empty directory as second index exits 2" 2 "$rc"
check_contains "the empty directory is named" "$TMP/empty-dir" "$err"

finish
