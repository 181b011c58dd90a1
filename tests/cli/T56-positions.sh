# T56-positions - a new index keeps no word positions unless built with
# --positions, and still answers phrase, NEAR and ADJ queries, field phrases
# and phrases under NOT with the same matches and counts as an index with
# positions (lib/phrase_check.c); updates keep each index as it
# was built; the choice cannot be changed on an index that has articles.
# With ../shared, the same comparison on phrases drawn from the BBC corpus.
. "$(dirname "$0")/lib.sh"

# same_matches WHAT DB1 DB2 QUERY...: the same count and the same set of hits.
same_matches() {
    _what=$1 _a=$2 _b=$3
    shift 3
    for _q in "$@"; do
        _x=$("$QUERY" -d "$_a" --format tsv -n 100000 -- "$_q" 2>&1 | cut -f2 | sort)
        _y=$("$QUERY" -d "$_b" --format tsv -n 100000 -- "$_q" 2>&1 | cut -f2 | sort)
        _cx=$("$QUERY" -d "$_a" --count -- "$_q" 2>&1)
        _cy=$("$QUERY" -d "$_b" --count -- "$_q" 2>&1)
        if [ "$_x" = "$_y" ] && [ "$_cx" = "$_cy" ]; then pass; else
            fail "$_what: '$_q' differs: $_cx [$_x] vs $_cy [$_y]"
        fi
    done
}
count() { "$QUERY" -d "$1" --count -- "$2" 2>&1; }
positional() { xapian-delve "$1" 2>/dev/null | sed -n 's/^has positional information = //p'; }

POS=$TMP/pos.db
NOPOS=$TMP/nopos.db
run "$INDEX" -q --positions -d "$POS" corpus
check_eq "--positions build exit" 1 "$rc"
run "$INDEX" -q -d "$NOPOS" corpus
check_eq "default build exit" 1 "$rc"
check_eq "same articles" "$(count "$POS" '')" "$(count "$NOPOS" '')"
run "$INDEX" -q --positions --no-positions -d "$TMP/both.db" corpus
check_eq "--positions with --no-positions: usage error" 2 "$rc"
check_contains "says so" "contradict" "$err"
check_eq "no index made" no "$([ -e "$TMP/both.db" ] && echo yes || echo no)"
if command -v xapian-delve >/dev/null 2>&1; then
    check_eq "--positions index has positions" true "$(positional "$POS")"
    check_eq "default index has none" false "$(positional "$NOPOS")"
else
    skip "xapian-delve missing: positions not inspected"
fi

# The check must reject articles that hold a phrase's words apart: both
# indexes see fewer articles for the phrase than for its words.
words=$(count "$NOPOS" 'said on')
phrase=$(count "$NOPOS" '"said on"')
if [ "$phrase" -ge 1 ] && [ "$words" -gt "$phrase" ]; then pass; else
    fail "phrase not told from its words: $phrase of $words"
fi
check_eq "reversed phrase" 0 "$(count "$NOPOS" '"sanctions new"')"
same_matches corpus "$POS" "$NOPOS" \
    '"new sanctions"' '"sanctions on cotton"' '"prime minister"' '"the"' \
    'cotton NEAR/3 sanctions' 'cotton NEAR/1 sanctions' 'sanctions ADJ/2 cotton' \
    'cotton ADJ/2 sanctions' 'title:"new sanctions"' 'sanctions -"new sanctions"' \
    'sanctions NOT "new sanctions"' '"new sanctions" OR ferry' \
    '"said on"' '"opposition candidate"' '"supporters of"' '"the sanctions"' \
    '"new sanctions" cotton' '"new sanc*"' 'anti-terror' 'fare* "trade sanctions"' \
    '"new sanctions" date:2024' '"oil prices" OR "oil price"' \
    '(cotton NEAR/3 sanctions) AND NOT "new sanctions"' '"Nicolás Maduro"' '"nicolas maduro"'

# Updates keep the index without positions, and the new articles' phrases
# are found.
cat >"$TMP/more.jsonl" <<'EOF'
{"id":"walrus-1","title":"Walrus census","body":"A walrus colony grew on the northern shore this spring."}
{"id":"walrus-2","title":"Shore birds","body":"The northern birds left the shore; a walrus was seen."}
EOF
run "$INDEX" -q -d "$NOPOS" "$TMP/more.jsonl"
check_eq "update exit" 0 "$rc"
check_eq "new article's phrase" 1 "$(count "$NOPOS" '"northern shore"')"
check_eq "new articles' words" 2 "$(count "$NOPOS" 'northern shore')"
command -v xapian-delve >/dev/null 2>&1 && check_eq "still no positions" false "$(positional "$NOPOS")"

# The choice is made when the index is created: either flag on an index
# built the other way changes nothing; none keeps the index as it was.
run "$INDEX" -q --no-positions -d "$POS" "$TMP/more.jsonl"
check_eq "--no-positions on an index with positions" 2 "$rc"
check_contains "says why" "rebuild it" "$err"
check_eq "nothing added to it" 0 "$(count "$POS" walrus)"
run "$INDEX" -q --positions -d "$NOPOS" "$TMP/more.jsonl"
check_eq "--positions on an index without" 2 "$rc"
check_contains "says why" "built without word positions" "$err"
run "$INDEX" -q --no-positions -d "$NOPOS" "$TMP/more.jsonl"
check_eq "--no-positions again on its own index" 0 "$rc"
run "$INDEX" -q -d "$POS" "$TMP/more.jsonl"
check_eq "an update without the flag" 0 "$rc"
check_eq "the update's phrase" 1 "$(count "$POS" '"northern shore"')"
command -v xapian-delve >/dev/null 2>&1 && check_eq "still positions" true "$(positional "$POS")"

# The real corpus: phrases, NEAR and ADJ drawn from BBC articles' bodies
# (not under valgrind: two more builds of 2,225 articles).
if have_shared && [ -z "${MORGUE_WRAP:-}" ]; then
    BBC=$CORPORA/bbc-news
    run "$INDEX" -q --positions -d "$TMP/bbc-pos.db" "$BBC"
    run "$INDEX" -q -d "$TMP/bbc-nopos.db" "$BBC"
    # Lines 3 on of each tenth article: three words at a fixed place, as a
    # phrase, a NEAR/3 of its first and last, an ADJ/2, a phrase under NOT,
    # a phrase ORed with a word.
    find "$BBC" -name '*.txt' | sort | awk 'NR % 10 == 0' | head -n 60 >"$TMP/files"
    : >"$TMP/queries"
    while IFS= read -r f; do
        sed -n '3,$p' "$f" | tr -cs "A-Za-z" ' ' | awk '{
            if (NF >= 12) {
                printf "\"%s %s\"\n", $5, $6
                printf "\"%s %s %s\"\n", $9, $10, $11
                printf "%s NEAR/3 %s\n", $5, $8
                printf "%s ADJ/2 %s\n", $8, $6
                printf "%s -\"%s %s\"\n", $10, $9, $10
                printf "%s OR \"%s %s\"\n", $12, $6, $7
            }
        }' >>"$TMP/queries"
    done <"$TMP/files"
    n=0
    while IFS= read -r q; do
        same_matches bbc "$TMP/bbc-pos.db" "$TMP/bbc-nopos.db" "$q"
        n=$((n + 1))
    done <"$TMP/queries"
    [ "$n" -ge 200 ] && pass || fail "only $n BBC queries drawn"
else
    skip "no ../shared corpora, or under valgrind: BBC phrases not compared"
fi

finish
