# T68-warning-flood - a reader that repeats itself does not flood stderr:
# a line whose "author" array holds 100,000 numbers prints 10 warnings of
# that kind and one "... and 99990 more like this" line, per file; other
# kinds of warning in the same file still show; warnings that lose
# articles still count as skipped, one each (exit 1).
. "$(dirname "$0")/lib.sh"

F="$TMP/flood"
mkdir "$F"
# one line, 100,000 numbers in "author" (each: "holds a number, not a string")
awk 'BEGIN { printf "{\"title\": \"Flood\", \"body\": \"Calm words.\", \"author\": [";
             for (i = 0; i < 100000; i++) printf "%s%d", i ? "," : "", i;
             print "]}" }' >"$F/a.jsonl"
# then 25 lines without a title or body (skipped) and one unparseable date
for i in $(seq 1 25); do echo '{"author": "Nobody"}'; done >>"$F/a.jsonl"
echo '{"title": "Dated", "body": "More words.", "date": "someday"}' >>"$F/a.jsonl"
# a second file with the same kinds counts afresh
cp "$F/a.jsonl" "$F/b.jsonl"

# has WHAT LINE: stderr holds LINE, exactly (the stderr is too big to show)
has() {
    if grep -qxF -- "$2" "$TMP/.err"; then pass; else fail "$1: no line [$2] in stderr"; fi
}
lines_like() {  # lines_like WHAT N REGEX: N lines of stderr match REGEX
    check_eq "$1" "$2" "$(grep -c -- "$3" "$TMP/.err")"
}

run "$INDEX" -q -d "$TMP/db" "$F/a.jsonl" "$F/b.jsonl"
check_eq "exit status: articles were skipped" 1 "$rc"
lines=$(wc -l <"$TMP/.err")
if [ "$lines" -lt 60 ]; then pass; else fail "stderr has $lines lines, want under 60"; fi
lines_like "10 author warnings shown for a.jsonl" 10 \
    '/flood/a.jsonl:1: "author" holds a number, not a string; ignored$'
has "the rest summed up" \
    "$F/a.jsonl:1: ... and 99990 more like this: \"author\" holds a number, not a string; ignored"
lines_like "10 'no title or body' shown" 10 'a.jsonl:[0-9]*: no title or body$'
has "their rest summed up, with the last line shown" \
    "$F/a.jsonl:11: ... and 15 more like this: no title or body"
has "another kind still shows" "$F/a.jsonl:27: unrecognised date \"someday\", indexed without one"
lines_like "each file counts afresh" 10 'b.jsonl:1: "author" holds a number, not a string; ignored$'
has "b.jsonl summed up too" \
    "$F/b.jsonl:1: ... and 99990 more like this: \"author\" holds a number, not a string; ignored"
lines_like "every lost article counted: 25 a file" 1 ' 50 skipped in '
check_eq "the articles around are indexed" 4 "$("$QUERY" -d "$TMP/db" --count words)"

finish
