#!/bin/sh
# T51-concurrent.sh - readers while a writer works, and two writers.
# 1. morgue-index adds M generated articles and then replaces them all,
#    again and again (each pass a new edition), committing every few
#    articles, while a loop runs morgue-query over and over (at least
#    MORGUE_QUERY_RUNS times, default 150; the writer goes on until then):
#    text, --count, --format json and jsonl, --show. Every run must exit
#    0 (match) or 1 (no match), never 2 or a crash, and see whole
#    articles: each article carries its edition vP in its title and in its
#    body, and a hit or a shown article whose title and text name different
#    editions is half an article. Once the adding pass is over (its marker
#    file existed before the query started), every query counts all M
#    articles, and no hit comes twice. (A reader that meets a revision
#    the writer has since overwritten reopens the index and retries:
#    lib/db.c, mg_db_stale.)
# 2. Two writers on one index: while the first is writing (it reads its
#    paths from a FIFO that we hold open, so it keeps the lock until we
#    close it), a second exits 75 at once, and with --wait waits for the
#    first and then does its own work; the first is unharmed (exit 0, all
#    its articles, its -v totals), and xapian-check passes on both indexes.
. "$(dirname "$0")/lib.sh"

M=2000
RUNS=${MORGUE_QUERY_RUNS:-150}
DB="$TMP/conc.db"
F="$TMP/conc.jsonl"
have_check=yes
command -v xapian-check >/dev/null 2>&1 || have_check=no
command -v jq >/dev/null 2>&1 || { skip "jq is not installed"; finish; exit; }

# corpus FILE FIRST COUNT EDITION: COUNT articles from number FIRST on.
corpus() {
    awk -v first="$2" -v n="$3" -v v="$4" 'BEGIN { for (i = first; i < first + n; i++)
        printf "{\"id\": \"c%05d\", \"title\": \"Bulletin c%05d edition v%d\", \"body\": \"Harbour report tok%05d about cranes and ferries. This is edition v%d of the bulletin.\"}\n", i, i, v, i, v }' \
        >"$1"
}

# ---- readers during adds and replaces --------------------------------------------

corpus "$F" 1 "$M" 1
# The writer: pass 1 adds, the next ones replace, with a marker file after
# each, until the readers are done (at least 3 passes, at most RUNS).
(
    v=1
    while :; do
        [ "$v" -gt 1 ] && corpus "$F" 1 "$M" "$v"
        "$INDEX" -q --batch 20 -d "$DB" "$F" 2>>"$TMP/writer.err" || echo "pass $v: exit $?" >>"$TMP/writer.fail"
        : >"$TMP/pass$v.done"
        { [ "$v" -ge 3 ] && [ -e "$TMP/readers.done" ]; } || [ "$v" -ge "$RUNS" ] && break
        v=$((v + 1))
    done
    echo "$v" >"$TMP/passes"
) &
writer=$!

# whole JSON: jq filter giving the number of hits (results or --show
# articles) whose title and text name different editions, or no edition.
half='[ (.results // [.])[] | (.snippet // .body) as $text
        | (.title | capture("edition (?<v>v[0-9]+)").v) as $v
        | select(($text | contains("edition " + $v + " ")) | not) ] | length'

# Readers start once the index exists (before that they exit 2, rightly).
n=0
until "$QUERY" -d "$DB" --count '' >/dev/null 2>&1 || [ $? -eq 1 ] || [ "$n" -ge 600 ]; do
    n=$((n + 1))
    sleep 0.1
done
runs=0 failures=0 sid=""
# bad WHAT: one failed query run.
bad() { failures=$((failures + 1)); fail "query run $runs ($kind): $*"; }
while kill -0 "$writer" 2>/dev/null; do
    runs=$((runs + 1))
    [ "$runs" -eq "$RUNS" ] && : >"$TMP/readers.done"
    full=no
    [ -e "$TMP/pass1.done" ] && full=yes
    kind=$((runs % 6))
    case $kind in
    0) run "$QUERY" -d "$DB" harbour cranes ;;
    1) run "$QUERY" -d "$DB" --count '' ;;
    2) run "$QUERY" -d "$DB" --format json -n 200 harbour ;;
    3) run "$QUERY" -d "$DB" --format json --any -n 20 'ferries "edition v2" tok00777' ;;
    4) run "$QUERY" -d "$DB" --format jsonl --sort newest -n 50 'bulletin NOT tok00001' ;;
    5) if [ -n "$sid" ]; then run "$QUERY" -d "$DB" --format json --show "$sid"; else
           run "$QUERY" -d "$DB" --count 'edition' ; fi ;;
    esac
    case $rc in
    0) ;;
    1) [ "$full" = yes ] && [ "$kind" -ne 3 ] && bad "no match once all $M articles were in" ;;
    *) bad "exit status $rc: $err"; continue ;;
    esac
    [ "$rc" -eq 0 ] || continue
    case $kind in
    1) [ "$full" = yes ] && [ "$out" != "$M" ] && bad "$out articles, not $M" ;;
    2|3|5)
        [ "$kind" -eq 5 ] && [ -z "$sid" ] && continue
        # One jq: half articles, total, hits, distinct ids, the last hit's id.
        set -- $(printf '%s\n' "$out" |
            jq -r "[($half), .total, (.results | length), ([.results[]?.id] | unique | length), (.results[-1]?.id // \"-\")] | @tsv" 2>&1)
        [ "${1:-}" = 0 ] || bad "$* half articles (or bad JSON): $(printf '%s\n' "$out" | head -c 300)"
        if [ "$kind" -eq 2 ] && [ $# -eq 5 ]; then
            [ "$4" = "$3" ] || bad "$3 hits but $4 distinct ids"
            [ "$full" = yes ] && [ "$2" != "$M" ] && bad "$2 matches, not $M"
            sid=$5
        fi
        ;;
    4)
        n=$(printf '%s\n' "$out" | jq -s "{results: .} | $half" 2>&1)
        [ "$n" = 0 ] || bad "$n half articles (or bad JSON) in jsonl"
        ;;
    esac
done
wait "$writer"
passes=$(cat "$TMP/passes")
check_eq "the writer's $passes passes exit 0" "" "$(cat "$TMP/writer.fail" 2>/dev/null)"
if [ "$runs" -ge "$RUNS" ]; then pass; else fail "only $runs query runs"; fi
check_eq "query runs that failed, of $runs" 0 "$failures"
echo "$_name: $runs query runs during $passes indexing passes ($((passes - 1)) replacing), $failures failed"
run "$QUERY" -d "$DB" --count "\"edition v$passes\""
check_eq "at the end: all $M at the last edition" "$M" "$out"
check_eq "at the end: nothing else" "$M" "$("$QUERY" -d "$DB" --count '')"

# ---- two writers -----------------------------------------------------------------

W="$TMP/two.db"
corpus "$TMP/first.jsonl" 1 "$M" 1
corpus "$TMP/second.jsonl" 50001 200 1
mkfifo "$TMP/fifo" || { fail "mkfifo"; finish; exit; }
"$INDEX" -q -v --batch 10 -d "$W" - <"$TMP/fifo" >/dev/null 2>"$TMP/first.err" &
first=$!
exec 3>"$TMP/fifo"
echo "$TMP/first.jsonl" >&3
# Wait (at most 60 s) until the first writer has committed: it has the lock.
n=0
until grep -q 'committed' "$TMP/first.err" 2>/dev/null || [ "$n" -ge 600 ]; do
    n=$((n + 1))
    sleep 0.1
done
run "$INDEX" -q -d "$W" "$TMP/second.jsonl"
check_eq "a second writer without --wait exits 75" 75 "$rc"
check_contains "... and says the index is locked" "locked" "$err"
"$INDEX" -q -d "$W" --wait 300 "$TMP/second.jsonl" >/dev/null 2>"$TMP/second.err" 3>&- &
second=$!
# While the first has the lock, the second waits: still there, silent.
sleep 0.5
if kill -0 "$second" 2>/dev/null; then pass; else fail "the second writer did not wait"; fi
check_eq "... and has written nothing" "" "$(cat "$TMP/second.err")"
exec 3>&-
wait "$first"
check_eq "the first writer exits 0" 0 "$?"
wait "$second"
check_eq "the waiting writer then exits 0" 0 "$?"
check_contains "... having added its articles" "morgue-index: 200 added, 0 updated" "$(cat "$TMP/second.err")"
check_contains "the first writer's articles were all added" "morgue-index: $M added, 0 updated" "$(cat "$TMP/first.err")"
check_eq "the first writer's last commit covers them all" "$M" \
    "$(sed -n 's/^morgue-index: committed [0-9]* articles (total \([0-9]*\))$/\1/p' "$TMP/first.err" | tail -n 1)"
if [ "$have_check" = yes ]; then
    if xapian-check "$W" >"$TMP/check.log" 2>&1; then pass; else fail "xapian-check: $(tail -n 5 "$TMP/check.log")"; fi
    if xapian-check "$DB" >"$TMP/check.log" 2>&1; then pass; else fail "xapian-check: $(tail -n 5 "$TMP/check.log")"; fi
else
    skip "xapian-check is not installed (Debian package xapian-tools)"
fi
check_eq "both writers' articles, once each" "$((M + 200))" "$("$QUERY" -d "$W" --count '')"
check_eq "the first's articles" "$M" "$("$QUERY" -d "$W" --count 'tok0*')"
check_eq "the second's articles" 200 "$("$QUERY" -d "$W" --count 'tok5*')"

finish
