# T76-batch-queries - morgue-query --queries FILE (issue 17): one query a
# line (QUERY or NAME<TAB>QUERY; blank and '#' lines skipped), searched in
# one process on one open index, printed as jsonl with "query" and
# "query_line" on every line; a query without hits gives one line with
# "total", a broken one a line with "error" and a FILE:LINE message, and
# the batch goes on. Exit 2 if any query failed, else 0 if any matched,
# else 1. Each query's hits are those of its own morgue-query run.
. "$(dirname "$0")/lib.sh"

DB="$TMP/db"
run "$INDEX" -q -d "$DB" corpus/
Q="$TMP/q.txt"
printf '%s\n' 'strike' '# a comment' '' '   ' 'port	port strike' 'zzqxnothingzz' \
    'broken	"unclosed' 'strike OR sanctions' 'title:strike' >"$Q"

run "$QUERY" -d "$DB" -n 3 --queries "$Q"
check_eq "a batch with a broken query exits 2" 2 "$rc"
check_eq "stderr names FILE:LINE of the broken query" \
    "morgue-query: $Q:7: syntax error at column 1: quote is not closed" "$err"
lines=$(printf '%s\n' "$out" | jq -c '[.query, .query_line]' | uniq | tr '\n' ' ')
check_eq "each query's name (or text) and line, in the file's order" \
    '["strike",1] ["port",5] ["zzqxnothingzz",6] ["broken",7] ["strike OR sanctions",8] ["title:strike",9] ' \
    "$lines"
check_eq "the no-match line" '{"query":"zzqxnothingzz","query_line":6,"total":0}' \
    "$(printf '%s\n' "$out" | grep zzqx)"
check_eq "the error line" \
    '{"query":"broken","query_line":7,"error":"syntax error at column 1: quote is not closed"}' \
    "$(printf '%s\n' "$out" | grep '"broken"')"
check_eq "a hit: query and query_line, then the usual fields" \
    '["query","query_line","id","rank","score","date","title"]' \
    "$(printf '%s\n' "$out" | head -n 1 | jq -c 'keys_unsorted[:7]')"

# Each query's hits are the ids its own run prints, in the same order.
for line in 1 5 8 9; do
    text=$(sed -n "${line}p" "$Q" | sed 's/^[^	]*	//')
    # shellcheck disable=SC2086 # the query's words, as a user types them
    run "$QUERY" -d "$DB" -n 3 --format jsonl -- $text
    alone=$(printf '%s\n' "$out" | jq -r .id | tr '\n' ' ')
    run "$QUERY" -d "$DB" -n 3 --queries "$Q"
    batch=$(printf '%s\n' "$out" | jq -r --argjson l "$line" 'select(.query_line == $l) | .id' |
        tr '\n' ' ')
    check_eq "line $line: the ids of its own run" "$alone" "$batch"
done
check_contains "(strike has hits)" ' ' "$alone"

# Exit statuses without a broken query.
printf 'strike\nzzqxnothingzz\n' >"$TMP/ok.txt"
run "$QUERY" -d "$DB" --queries "$TMP/ok.txt"
check_eq "some match, none broken: exit 0" 0 "$rc"
check_eq "... nothing on stderr" "" "$err"
printf 'zzqxnothingzz\nyyqxnothingyy\n' >"$TMP/none.txt"
run "$QUERY" -d "$DB" --queries "$TMP/none.txt"
check_eq "no match: exit 1" 1 "$rc"
check_eq "... a line for each query" 2 "$(printf '%s\n' "$out" | grep -c '"total":0')"

# stdin, and --count: one line per query with its total.
run sh -c "printf 'strike\n\tport strike\n' | \"$QUERY\" -d \"$DB\" --count --queries -"
check_eq "stdin with --count" \
    '{"query":"strike","query_line":1,"total":5}
{"query":"port strike","query_line":2,"total":2}' "$out"
check_eq "stdin: exit 0" 0 "$rc"
run sh -c "printf 'strike\n(\n' | \"$QUERY\" -d \"$DB\" --queries -"
check_contains "stdin: messages name it" "morgue-query: stdin:2: " "$err"
check_eq "stdin: a broken query exits 2" 2 "$rc"

# Options apply to every query: --limit, --offset beyond the hits.
run "$QUERY" -d "$DB" -n 1 --queries "$TMP/ok.txt"
check_eq "--limit 1: one hit for strike" 1 "$(printf '%s\n' "$out" | grep -c '"query":"strike"')"
run "$QUERY" -d "$DB" --offset 100 --queries "$TMP/ok.txt"
check_eq "--offset past the hits: the count line" '{"query":"strike","query_line":1,"total":5}' \
    "$(printf '%s\n' "$out" | head -n 1)"
check_eq "... and still exit 0 (it matched)" 0 "$rc"

# A name with an empty query, a NUL byte.
printf 'empty\t  \nstrike\n' >"$TMP/empty.txt"
run "$QUERY" -d "$DB" --queries "$TMP/empty.txt"
check_eq "an empty query after a name: an error line" \
    '{"query":"empty","query_line":1,"error":"the query after the name is empty"}' \
    "$(printf '%s\n' "$out" | head -n 1)"
check_eq "... the batch goes on" 5 "$(printf '%s\n' "$out" | grep -c '"query":"strike"')"
check_eq "... and exits 2" 2 "$rc"
printf 'str\000ike\n' >"$TMP/nul.txt"
run "$QUERY" -d "$DB" --queries "$TMP/nul.txt"
check_eq "a NUL byte: an error line" '{"query":null,"query_line":1,"error":"the line holds a NUL byte"}' "$out"

# A time-out is a failed query too (T62's slow phrase, on half its
# articles: seconds unbounded, stopped at 0.1 s), and the batch goes on.
awk -v n=1500 'BEGIN { split("the of and to in", w, " "); srand(7);
    for (i = 1; i <= n; i++) {
        b = "";
        if (i % 5 == 0 || i <= 10) { for (k = 0; k < 1000; k++) b = b "the " }
        else for (k = 0; k < 300; k++) b = b w[int(rand() * 5) + 1] " ";
        printf "{\"id\":\"a%d\",\"title\":\"Dispatch %d\",\"date\":\"2024-01-01\",\"body\":\"%s\"}\n", i, i, b
    } }' >"$TMP/slow.jsonl"
run "$INDEX" -q -j1 -d "$TMP/slow.db" "$TMP/slow.jsonl"
printf 'slow\t"%s"\ndispatch\n' "$(awk 'BEGIN { for (k = 0; k < 1000; k++) printf "the " }')" \
    >"$TMP/slow.txt"
run "$QUERY" -d "$TMP/slow.db" -n 1 --timeout 0.1 --queries "$TMP/slow.txt"
check_eq "a time-out: exit 2" 2 "$rc"
check_eq "... its error line" \
    "{\"query\":\"slow\",\"query_line\":1,\"error\":\"$TMP/slow.db: the search was stopped at its time limit of 0.1 s\"}" \
    "$(printf '%s\n' "$out" | head -n 1)"
check_contains "... stderr names the line" "morgue-query: $TMP/slow.txt:1: " "$err"
check_eq "... the next query is searched" '"dispatch"' \
    "$(printf '%s\n' "$out" | sed -n 2p | jq .query)"
run "$QUERY" -d "$TMP/slow.db" -n 1 --timeout 0.1 --partial --queries "$TMP/slow.txt"
check_eq "--partial: the hits found, marked" "slow false" \
    "$(printf '%s\n' "$out" | head -n 1 | jq -r '"\(.query) \(.complete)"')"
check_eq "--partial: exit 0" 0 "$rc"

# Usage errors.
run "$QUERY" -d "$DB" --queries "$Q" strike
check_eq "query words with --queries: exit 2" 2 "$rc"
check_contains "... said" "QUERY words cannot be given with it" "$err"
check_eq "... nothing searched" "" "$out"
run "$QUERY" -d "$DB" --format tsv --queries "$Q"
check_eq "--format tsv with --queries: exit 2" 2 "$rc"
check_contains "... said" "--queries prints jsonl" "$err"
run "$QUERY" -d "$DB" --format jsonl --queries "$TMP/ok.txt"
check_eq "--format jsonl with --queries is fine" 0 "$rc"
run "$QUERY" -d "$DB" --queries "$TMP/missing.txt"
check_eq "a missing FILE: exit 2" 2 "$rc"
check_contains "... said" "cannot open $TMP/missing.txt" "$err"
printf '# only a comment\n\n' >"$TMP/blank.txt"
run "$QUERY" -d "$DB" --queries "$TMP/blank.txt"
check_eq "no query in FILE: exit 1" 1 "$rc"
check_contains "... said" "no query in it" "$err"

finish
