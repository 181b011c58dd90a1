# T04-query-errors - morgue-query's exit status is grep's: 0 match, 1 no
# match, 2 error; syntax errors name the column.
. "$(dirname "$0")/lib.sh"

DB="$TMP/db"
"$INDEX" -q -d "$DB" corpus/000_ea9997eae0faef6f.txt 2>/dev/null

run "$QUERY" -d "$DB" Maduro
check_eq "match: 0" 0 "$rc"
run "$QUERY" -d "$DB" nosuchwordanywhere
check_eq "no match: 1" 1 "$rc"
check_contains "no match says so" "0 matches among 1 articles" "$out"
run "$QUERY" -d "$TMP/missing.db" Maduro
check_eq "no index: 2" 2 "$rc"
check_contains "no index named" "$TMP/missing.db: no index there" "$err"

syntax() {
    run "$QUERY" -d "$DB" "$1"
    check_eq "[$1] exits 2" 2 "$rc"
    check_contains "[$1] message" "$2" "$err"
    check_eq "[$1] prints nothing on stdout" "" "$out"
}
syntax 'Maduro AND' "syntax error at column 8: 'AND' has nothing after it"
syntax 'OR Maduro' "syntax error at column 1: 'OR' has nothing before it"
syntax '(Maduro OR sanctions' "syntax error at column 1: '(' is not closed"
syntax 'Maduro)' "syntax error at column 7: ')' without a matching '('"
syntax 'say "free and fair' "syntax error at column 5: quote is not closed"
syntax 'Maduro date:2024-13-01' "syntax error at column 8: 'date:2024-13-01' is not a date"
syntax 'Maduro ()' "syntax error at column 9: empty parentheses"
syntax 'González NOT' "syntax error at column 10: 'NOT' has nothing after it"

run "$QUERY" -d "$DB" --limit x Maduro
check_eq "bad --limit: 2" 2 "$rc"
run "$QUERY" -d "$DB" --sort sideways Maduro
check_eq "bad --sort: 2" 2 "$rc"
run "$QUERY" -d "$DB" --format xml Maduro
check_eq "bad --format: 2" 2 "$rc"
run "$QUERY" -d "$DB"
check_eq "no query: 2" 2 "$rc"
run "$QUERY" -d "$DB" --since tomorrowish Maduro
check_eq "bad --since: 2" 2 "$rc"

# Lower-case operator words are plain words, not operators.
run "$QUERY" -d "$DB" --count 'free and fair'
check_eq "lower-case and is a word" 1 "$out"
run "$QUERY" -d "$DB" --any --count 'Maduro nosuchword'
check_eq "--any ORs the words" 1 "$out"
run "$QUERY" -d "$DB" --count 'Maduro nosuchword'
check_eq "default ANDs the words" 0 "$out"

finish
