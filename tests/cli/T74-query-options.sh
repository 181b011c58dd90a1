# T74-query-options - long options are options wherever they come before a
# "--", also after the query words (issue 17): `morgue-query strike
# --format json` prints JSON, not "0 matches". A single-dash word after the
# first query word stays query syntax (-word excludes word), and after "--"
# everything is query text. An unknown --option after the query is a usage
# error, not a word searched for.
. "$(dirname "$0")/lib.sh"

DB="$TMP/db"
"$INDEX" -q -d "$DB" corpus/ 2>/dev/null

# same WHAT ARGS-BEFORE -- ARGS-AFTER: both runs print the same and exit alike.
same() {
    what=$1
    shift
    before=
    while [ "$1" != "--" ]; do before="$before $1"; shift; done
    shift
    run "$QUERY" -d "$DB" $before
    b_out=$out b_rc=$rc
    run "$QUERY" -d "$DB" "$@"
    check_eq "$what: exit status" "$b_rc" "$rc"
    check_eq "$what: output" "$b_out" "$out"
    check_eq "$what: nothing on stderr" "" "$err"
}

run "$QUERY" -d "$DB" --count strike
check_eq "strike matches (baseline)" 5 "$out"
run "$QUERY" -d "$DB" strike --count
check_eq "--count after the query" 5 "$out"
check_eq "--count after the query exits 0" 0 "$rc"

run "$QUERY" -d "$DB" strike --format json
check_eq "--format json after the query exits 0" 0 "$rc"
check_contains "--format json after the query prints JSON" '{"version":' "$out"
check_contains "... with the query as given, without the option" '"query":"strike"' "$out"

same "--format json" --format json strike -- strike --format json
same "--format=json" --format=json strike -- strike --format=json
same "options between words" --count port strike -- port --count strike
same "--limit with its value, then a word" --format tsv --limit 2 port strike -- \
    port --limit 2 strike --format=tsv
same "--sort and --db after the query" --sort oldest --format tsv strike -- \
    strike --sort oldest --format tsv
same "-word after a query word is query syntax" --count strike -port -- strike -port --count

run "$QUERY" -d "$DB" --count strike -port
check_eq "strike -port excludes port" 3 "$out"

# -n after the query is query text (NOT n): the count is of that query,
# and stderr says how to write the option instead.
run "$QUERY" -d "$DB" --count -- strike -n 5
want=$out
run "$QUERY" -d "$DB" --count strike -n 5
check_eq "-n 5 after the query is query text" "$want" "$out"
check_contains "-n after the query is pointed out" \
    "'-n' after the query is query text (it excludes 'n'); put -n before the query, or write --limit" "$err"
run "$QUERY" -d "$DB" --count strike --limit 5
check_eq "--limit 5 after the query is the option" 5 "$out"

# after --, everything is query text, --words too
run "$QUERY" -d "$DB" --format json -- strike --count
check_eq "after --, --count is query text: not a count" 0 "$(echo "$out" | grep -c '^[0-9]*$')"
check_contains "after --, --count is in the query" '"query":"strike --count"' "$out"
run "$QUERY" -d "$DB" --format json strike -- --count
check_contains "-- after a query word: --count is query text" '"query":"strike --count"' "$out"
run "$QUERY" -d "$DB" --count -- -strike port
want=$out
run "$QUERY" -d "$DB" --count port -strike
check_eq "a query that starts with - after --" "$want" "$out"

# an unknown or incomplete --option after the query is a usage error
run "$QUERY" -d "$DB" strike --xyz
check_eq "unknown --xyz after the query exits 2" 2 "$rc"
check_contains "unknown --xyz named" "'--xyz'" "$err"
check_eq "unknown --xyz prints nothing on stdout" "" "$out"
run "$QUERY" -d "$DB" strike --format
check_eq "--format without its value exits 2" 2 "$rc"
check_contains "--format without its value named" "'--format'" "$err"
run "$QUERY" -d "$DB" strike --format xml
check_eq "bad --format value after the query exits 2" 2 "$rc"
check_contains "bad --format value named" "not 'xml'" "$err"
run "$QUERY" -d "$DB" strike --help
check_eq "--help after the query exits 0" 0 "$rc"
check_contains "--help after the query prints the help" "usage: morgue-query" "$out"

finish
