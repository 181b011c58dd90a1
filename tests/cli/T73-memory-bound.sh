# T73-memory-bound - indexing holds memory within a bound whatever the
# input: peak RSS under 1 GB (morgue-index(1), LIMITS). Two measures
# make it: the body of an article is indexed up to its first 4 MiB
# (MORGUE_INDEXED_TEXT_MAX; all of it is stored, and the rest is reported),
# and a commit comes once the articles since the last one hold a million
# words (MORGUE_PENDING_WORDS), whatever --batch says; the shards of a
# first build write out by the same measure and build huge articles one at
# a time. Before, six 15 MB JSON lines of distinct words reached 1.70 GB
# on one thread and 1.90 GB on two. Inputs from distinct-words.awk: every
# word different, the worst case.
. "$(dirname "$0")/lib.sh"

GEN="$ROOT/tests/cli/distinct-words.awk"
# w I: the I-th word distinct-words.awk writes.
w() { awk -v i="$1" 'BEGIN { printf "q%08x", (i * 2654435761) % 4294967296 }'; }

# One article of 5 MiB (524,288 words of 10 bytes): the first 4 MiB of it
# are searchable (about 419,000 words), all of it is stored.
awk -v lines=1 -v bytes=5242880 -f "$GEN" >"$TMP/one.jsonl"
run "$INDEX" -q -d "$TMP/one.db" "$TMP/one.jsonl"
check_eq "a 5 MiB article is indexed: exit 0" 0 "$rc"
# 1,048,576 bytes and the rest of the word the cap would cut.
check_contains "its unsearchable part is reported with path, line and size" \
    "$TMP/one.jsonl:1: 104858" "$err"
check_contains "and why" "bytes of the article's text are stored but not searchable: those past the first 4 MiB of its body" "$err"
for i in 0 1000 400000; do
    run "$QUERY" -d "$TMP/one.db" --count "$(w $i)"
    check_eq "word $i (inside 4 MiB) finds it" 1 "$out"
done
for i in 430000 524287; do
    run "$QUERY" -d "$TMP/one.db" --count "$(w $i)"
    check_eq "word $i (past 4 MiB) does not" 0 "$out"
done
run "$QUERY" -d "$TMP/one.db" --format json "$(w 0)"
id=$(printf '%s' "$out" | jq -r '.results[0].id')
run "$QUERY" -d "$TMP/one.db" --format json --show "$id"
check_eq "the whole text is stored" 5242880 "$(printf '%s' "$out" | jq '.body | length + 1')"
run "$INDEX" -d "$TMP/one.db" "$TMP/one.jsonl"
check_contains "the file was clean: not read again" "0 added, 0 updated, 1 unchanged" "$err"
check_not_contains "nor reported again" "not searchable" "$err"

# Twelve articles of 3.5 MiB, each under the cap (367,001 words): a commit
# comes after every third, not at the end of the batch of 10,000.
awk -v lines=12 -v bytes=3670016 -f "$GEN" >"$TMP/twelve.jsonl"
run "$INDEX" -v -j 1 -d "$TMP/twelve.db" "$TMP/twelve.jsonl"
check_eq "twelve big articles: exit 0" 0 "$rc"
check_eq "committed by memory, three articles at a time" \
    "3 6 9 12" "$(printf '%s\n' "$err" | sed -n 's/^morgue-index: committed [0-9]* articles (total \([0-9]*\))$/\1/p' | uniq | tr '\n' ' ' | sed 's/ $//')"
run "$QUERY" -d "$TMP/twelve.db" --count "$(w 4000000)"
check_eq "a word of the 11th is found" 1 "$out"

# The issue's case: six 15 MB lines of distinct words, on one thread and on
# two, and a 32 MiB text file of them (read whole: one article).
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
    skip "peak memory: no $TIME"
elif ldd "$ROOT/$MORGUE_BUILD/morgue-index" 2>/dev/null | grep -q libasan; then
    skip "peak memory: AddressSanitizer's own memory would be measured"
else
    awk -v lines=6 -v bytes=15000000 -f "$GEN" >"$TMP/six.jsonl"
    awk -v lines=1 -v bytes=33554000 -v format=text -f "$GEN" >"$TMP/big.txt"
    for case in "six.jsonl -j1" "six.jsonl -j2" "big.txt -j1"; do
        set -- $case
        rm -rf "$TMP/m.db"
        run "$TIME" -o "$TMP/rss" -f %M "$INDEX" -q "$2" -d "$TMP/m.db" "$TMP/$1"
        rss=$(tail -n 1 "$TMP/rss")
        echo "$_name: $case: peak RSS $rss KB"
        check_eq "$case: exit 0" 0 "$rc"
        if [ "$rss" -lt 1048576 ]; then pass; else fail "$case: peak RSS $rss KB, over 1 GB"; fi
    done
    run "$QUERY" -d "$TMP/m.db" --count "$(w 5)"
    check_eq "the 32 MiB text is searchable at its start" 1 "$out"
fi

finish
