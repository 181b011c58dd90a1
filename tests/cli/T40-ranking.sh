# T40-ranking - the default ranking of short journalist queries (1 to 3
# plain words, all required): articles with every word in the title and
# articles with the words as an exact phrase come first, BM25 orders the
# rest, and among equal scores the newer article comes first. Also --rank
# (plain BM25, features added and removed, errors) and that ranking never
# changes the matches. Fixtures: tests/fixtures/ranking/articles.jsonl,
# which no other test indexes.
. "$(dirname "$0")/lib.sh"

DB="$TMP/db"
# One thread: equal scores keep index order, and a first build on several
# threads orders the index by shard, not by reading order. With positions:
# the exact-phrase tier needs them.
run "$INDEX" -q -j 1 --positions -d "$DB" tests/fixtures/ranking/
check_eq "index the ranking fixtures" 0 "$rc"

# ids [OPTIONS...] QUERY: the stable ids of the hits, best first.
ids() { "$QUERY" -d "$DB" --format tsv -n 20 "$@" | cut -f2 | tr '\n' ' '; }

# Map the fixtures' JSON ids to stable ids once: --show prints both.
for s in $("$QUERY" -d "$DB" --format tsv -n 100 --any 'harbour tanker bank' | cut -f2); do
    name=$("$QUERY" -d "$DB" --show "$s" --format json | jq -r .title)
    date=$("$QUERY" -d "$DB" --show "$s" --format json | jq -r .date)
    echo "$s $name|$date" >>"$TMP/names"
done
# names ID...: the "title|date" of each stable id, joined by " / ".
names() {
    for s in $1; do grep "^$s " "$TMP/names" | cut -d' ' -f2-; done | paste -sd/ - | sed 's|/| / |g'
}

# ---- two words: title, phrase, then the rest ---------------------------------
# harbour-title-phrase has both words in the title (as a phrase too),
# harbour-title has both in its title but apart, harbour-phrase has "harbour
# strike" in its body; harbour-scattered says harbour and strike four times
# each, never together, and is the newest: it still comes last.
check_eq "harbour strike: title and phrase first, scattered words last" \
    "Harbour strike halts island ferries|2024-02-10 / Strike closes the old harbour|2024-02-11 / Dock workers walk out|2024-02-12 / Ferry timetable for the weekend|2024-02-13" \
    "$(names "$(ids 'harbour strike')")"
check_eq "typed in capitals: the same order" "$(ids 'harbour strike')" "$(ids 'Harbour Strike')"
check_eq "plain BM25 puts the scattered words second" \
    "Harbour strike halts island ferries|2024-02-10 / Ferry timetable for the weekend|2024-02-13 / Strike closes the old harbour|2024-02-11 / Dock workers walk out|2024-02-12" \
    "$(names "$(ids --rank bm25 'harbour strike')")"

# ---- one word: title matches first, the newest first among equals ------------
# Three articles differ only in their dates (one undated), so they score
# exactly the same; tanker-body says tanker four times in its body and is
# the newest of all, but has no tanker in its title.
check_eq "tanker: title matches first, newest first among equal scores, undated last" \
    "Tanker runs aground near the bar|2024-05-02 / Tanker runs aground near the bar|2024-03-02 / Tanker runs aground near the bar|null / Oil spill drill off the coast|2024-06-01" \
    "$(names "$(ids tanker)")"
check_eq "without recent, equal scores keep index order" \
    "Tanker runs aground near the bar|2024-03-02 / Tanker runs aground near the bar|null / Tanker runs aground near the bar|2024-05-02 / Oil spill drill off the coast|2024-06-01" \
    "$(names "$(ids --rank default,-recent tanker)")"
check_eq "plain BM25 puts the body matches first" \
    "Oil spill drill off the coast|2024-06-01" "$(names "$(ids --rank bm25 -n 1 tanker)")"
check_eq "--sort newest is still by date" \
    "Oil spill drill off the coast|2024-06-01 / Tanker runs aground near the bar|2024-05-02 / Tanker runs aground near the bar|2024-03-02 / Tanker runs aground near the bar|null" \
    "$(names "$(ids --sort newest tanker)")"

# ---- three words: the title group and the phrase group before the rest -------
check_eq "central bank governor: title, phrase, then scattered" \
    "Central bank names a new governor|2024-04-02 / Rates held steady|2024-04-03 / Budget talks in the capital|2024-04-04" \
    "$(names "$(ids 'central bank governor')")"
check_eq "plain BM25 puts the scattered words before the phrase" \
    "Central bank names a new governor|2024-04-02 / Budget talks in the capital|2024-04-04 / Rates held steady|2024-04-03" \
    "$(names "$(ids --rank bm25 'central bank governor')")"
check_eq "the short rule leaves --any alone" \
    "$(ids --rank default,-short --any 'central bank governor')" "$(ids --any 'central bank governor')"

# ---- without positions (the default index): the title tier still acts --------
run "$INDEX" -q -j 1 -d "$TMP/nopos.db" tests/fixtures/ranking/
check_eq "index the fixtures without positions" 0 "$rc"
check_eq "without positions: both title matches first" \
    "Harbour strike halts island ferries|2024-02-10 / Strike closes the old harbour|2024-02-11" \
    "$(names "$("$QUERY" -d "$TMP/nopos.db" --format tsv -n 2 'harbour strike' | cut -f2 | tr '\n' ' ')")"
check_eq "without positions: the same matches" \
    "$(ids --rank bm25 'harbour strike' | tr ' ' '\n' | sort)" \
    "$("$QUERY" -d "$TMP/nopos.db" --format tsv -n 20 'harbour strike' | cut -f2 | sort)"

# ---- scores -------------------------------------------------------------------
run "$QUERY" -d "$DB" --format json 'harbour strike'
check_eq "scores do not increase" true "$(echo "$out" | jq '[.results[].score] | . == (sort | reverse)')"
check_eq "scores are positive" true "$(echo "$out" | jq '[.results[].score] | all(. > 0)')"

# ---- ranking never changes the matches (stopwords with --any aside) ----------
for q in 'harbour strike' tanker 'central bank governor' 'harbour OR tanker' '"harbour strike"'; do
    check_eq "$q: the same count under every ranking" \
        "$("$QUERY" -d "$DB" --count --rank bm25 "$q")" "$("$QUERY" -d "$DB" --count "$q")"
done
check_eq "--any with feedback: the same matches" \
    "$("$QUERY" -d "$DB" --count --any --rank bm25,stopwords 'harbour ferries tide')" \
    "$("$QUERY" -d "$DB" --count --any 'harbour ferries tide')"
# Feedback learns from the top 10 hits only when they are at most a tenth
# of the matches: here they would be all of them, and it stays out.
check_eq "--any on few matches: feedback stays out" \
    "$(ids --any --rank default,-feedback 'harbour ferries tide')" "$(ids --any 'harbour ferries tide')"
check_eq "--any harbour ferries tide: the article with two of the words first" \
    "Harbour strike halts island ferries|2024-02-10" "$(names "$(ids --any -n 1 'harbour ferries tide')")"
# Stopwords leave --any queries: "the" alone matches nothing more.
check_eq "--any: a stopword does not match" \
    "$("$QUERY" -d "$DB" --count --any tanker)" "$("$QUERY" -d "$DB" --count --any 'the tanker')"
check_eq "--any --rank bm25: a stopword matches" 11 "$("$QUERY" -d "$DB" --count --any --rank bm25 'the tanker')"
check_eq "without --any a stopword is required" 4 "$("$QUERY" -d "$DB" --count 'the tanker')"
check_eq "--any: a phrase keeps its stopwords" 3 "$("$QUERY" -d "$DB" --count --any '"aground near the bar"')"
check_eq "--any: a phrase with another stopword" 0 "$("$QUERY" -d "$DB" --count --any '"aground near a bar"')"
check_eq "--any: +the is required" 11 "$("$QUERY" -d "$DB" --count --any '+the tanker')"

# On a real archive (BBC business news, where ../shared has it) feedback
# does reorder a natural-language question, and still adds no match.
BBC="$CORPORA/bbc-news/bbc/business"
if [ -d "$BBC" ]; then
    run "$INDEX" -q -d "$TMP/bbc.db" "$BBC"
    check_eq "index BBC business" 0 "$rc"
    question='why are oil prices rising and what will opec do about production'
    with=$("$QUERY" -d "$TMP/bbc.db" --any --format tsv -n 20 "$question" | cut -f2)
    without=$("$QUERY" -d "$TMP/bbc.db" --any --rank default,-feedback --format tsv -n 20 "$question" | cut -f2)
    if [ "$with" != "$without" ]; then pass; else fail "feedback changed nothing on BBC business"; fi
    # Totals are exact whichever way they are counted: the default ranking
    # weighs every match, plain BM25 and date order stop early and count
    # apart (lib/xbind.cc, xb_search).
    for q in 'oil prices' 'profits rose sharply' 'said' 'bank -rates' 'market NOT shares'; do
        listed=$("$QUERY" -d "$TMP/bbc.db" --rank bm25 --format tsv -n 100000 -- "$q" | wc -l | tr -d ' ')
        check_eq "'$q': --rank bm25 total, as listed" "$listed" "$("$QUERY" -d "$TMP/bbc.db" --rank bm25 --count -- "$q")"
        check_eq "'$q': default ranking total" "$listed" "$("$QUERY" -d "$TMP/bbc.db" --count -- "$q")"
        check_eq "'$q': --sort newest total in JSON" "$listed" \
            "$("$QUERY" -d "$TMP/bbc.db" --sort newest --format json -n 1 -- "$q" | jq .total)"
    done
    check_eq "feedback adds no match on BBC business" \
        "$("$QUERY" -d "$TMP/bbc.db" --any --count --rank default,-feedback "$question")" \
        "$("$QUERY" -d "$TMP/bbc.db" --any --count "$question")"
else
    skip "$BBC not found"
fi

# ---- --rank values ------------------------------------------------------------
for r in default bm25 tuned stopwords,feedback bm25,short,recent default,-feedback proximity; do
    run "$QUERY" -d "$DB" --rank "$r" --format tsv 'harbour strike'
    check_eq "--rank $r works" 0 "$rc"
done
run "$QUERY" -d "$DB" --rank fast tanker
check_eq "--rank fast: exit 2" 2 "$rc"
check_contains "--rank fast: the message names it" "morgue-query: --rank: 'fast' is not" "$err"
run "$QUERY" -d "$DB" --rank 'tuned,' tanker
check_eq "--rank with an empty name: exit 2" 2 "$rc"

finish
