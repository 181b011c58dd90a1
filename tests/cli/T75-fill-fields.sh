# T75-fill-fields - morgue-index --source NAME and --language CODE fill the
# article's source and language fields for inputs that lack them (issue 17
# item 13), so that source:bbc works on a folder of plain text from the BBC;
# an article's own source or language wins. Filling a field changes the
# article, so a re-run with --source updates what was indexed without it,
# once the file is read again: an unchanged file is skipped, so it must be
# touched (as after raising --max-read).
. "$(dirname "$0")/lib.sh"

# Plain text (no source, no language), JSONL with its own source, and
# HTML with its own source (og:site_name) and language (lang="fr").
mkdir "$TMP/in"
cp corpus/gonzalez-accented.txt corpus/gonzalez-plain.jsonl corpus/html/harbour-strike.html \
   corpus/html/vineyard-frost.htm "$TMP/in/"
DB="$TMP/db"

run "$INDEX" -q -d "$DB" "$TMP/in"
check_eq "plain build exits 0" 0 "$rc"
run "$QUERY" -d "$DB" --count source:bbc
check_eq "no source:bbc before --source" 0 "$out"

run "$INDEX" -q -d "$DB" --source bbc --language es "$TMP/in"
check_contains "unchanged files are not read again, --source or not" \
    "0 added, 0 updated, 5 unchanged" "$err"
run "$QUERY" -d "$DB" --count source:bbc
check_eq "... so no source:bbc yet" 0 "$out"

sleep 0.01
touch "$TMP/in"/*
run "$INDEX" -q -d "$DB" --source bbc --language es "$TMP/in"
check_eq "re-run with --source on touched files exits 0" 0 "$rc"
check_contains "the articles given a field are updated (text: both, JSONL: lang), HTML unchanged" "0 added, 3 updated, 2 unchanged" "$err"

run "$QUERY" -d "$DB" --format jsonl source:bbc
check_eq "source:bbc finds the article without a source" 1 "$(printf '%s\n' "$out" | grep -c .)"
check_contains "... the text file's" "gonzalez-accented.txt" "$out"
check_contains "JSON shows the filled source" '"source":"bbc"' "$out"

run "$QUERY" -d "$DB" --count 'source:"Morgue Test Wire"'
check_eq "JSONL articles keep their own source" 2 "$out"
run "$QUERY" -d "$DB" --count 'source:"Coastal Ledger"'
check_eq "HTML keeps its own source" 1 "$out"

run "$QUERY" -d "$DB" --count lang:es
check_eq "lang:es: the three articles without a language" 3 "$out"
run "$QUERY" -d "$DB" --count lang:fr
check_eq "the French page keeps its lang" 1 "$out"
run "$QUERY" -d "$DB" --count lang:en
check_eq "the en-GB page keeps its lang" 1 "$out"

run "$QUERY" -d "$DB" --format jsonl source:bbc
id=$(printf '%s\n' "$out" | sed -n 's/^{"id":"\([0-9a-f]*\)".*/\1/p')
run "$QUERY" -d "$DB" --show "$id" --format json
check_contains "--show JSON has the filled language" '"language":"es"' "$out"
check_contains "--show JSON has the filled source" '"source":"bbc"' "$out"

# The same options again: nothing changes.
run "$INDEX" -q -d "$DB" --source bbc --language es "$TMP/in"
check_contains "a second run with the same options changes nothing" \
    "0 added, 0 updated, 5 unchanged" "$err"

# --language none means no stemming: it is no language to put in lang:.
run "$INDEX" -q -d "$TMP/none.db" --language none "$TMP/in/gonzalez-accented.txt"
run "$QUERY" -d "$TMP/none.db" --count lang:none
check_eq "--language none fills no lang: field" 0 "$out"

run "$INDEX" -q -d "$TMP/empty.db" --source "" "$TMP/in"
check_eq "--source '' is a usage error" 2 "$rc"
check_contains "... said so" "--source takes a name" "$err"

finish
