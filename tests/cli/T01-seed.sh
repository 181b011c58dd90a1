# T01-seed - the seed article: the queries of the foundation issue's
# "Done when", run on an index of corpus/.
. "$(dirname "$0")/lib.sh"

DB="$TMP/db"
run "$INDEX" -q -d "$DB" $BASE_FIXTURES
check_eq "index the fixtures: exits 1 (broken fixtures are skipped)" 1 "$rc"

# Over all of corpus/ (every format's fixtures; make demo indexes its clean
# part), the seed is the one article about Maduro and sanctions.
run "$INDEX" -q -d "$TMP/all.db" corpus/
check_eq "index corpus/ exits 1" 1 "$rc"
run "$QUERY" -d "$TMP/all.db" --format tsv 'Maduro sanctions'
check_eq "make demo's query: one hit, the seed" "$ROOT/corpus/000_ea9997eae0faef6f.txt" "$(echo "$out" | cut -f7)"

seed_id() { "$QUERY" -d "$DB" --format tsv -n 1 "$1" | cut -f2; }
ids() { "$QUERY" -d "$DB" --format tsv -n 100 "$1" | cut -f2 | tr '\n' ' '; }
seed=$(seed_id DGCIM)
check_eq "seed has a 16-hex id" 16 "${#seed}"

# First hit for 'Maduro sanctions' is the seed, with a highlighted snippet.
run "$QUERY" -d "$DB" --format json 'Maduro sanctions'
check_eq "Maduro sanctions exits 0" 0 "$rc"
check_eq "first hit is the seed" "$seed" "$(echo "$out" | jq -r '.results[0].id')"
check_eq "seed path" "$ROOT/corpus/000_ea9997eae0faef6f.txt" "$(echo "$out" | jq -r '.results[0].path')"
check_eq "seed date" 2024-09-03 "$(echo "$out" | jq -r '.results[0].date')"
check_eq "seed place" "Caracas, Venezuela" "$(echo "$out" | jq -r '.results[0].place')"
check_contains "seed title is its first sentence" "The United States is laying the groundwork" \
    "$(echo "$out" | jq -r '.results[0].title')"
check_eq "snippet has highlights" true "$(echo "$out" | jq '.results[0].highlights | length > 1')"

# Text output on a terminal-like --color=always shows bold matches.
run "$QUERY" -d "$DB" --color=always 'Maduro sanctions'
check_contains "bold highlight" "$(printf '\033[1msanctions\033[0m')" "$out"
run "$QUERY" -d "$DB" --color=never 'Maduro sanctions'
check_not_contains "no escapes with --color=never" "$(printf '\033[')" "$out"
check_contains "text output names the file" "corpus/000_ea9997eae0faef6f.txt" "$out"

# DGCIM, dgcim and "free and fair" find it; Maduro NOT sanctions does not.
for q in DGCIM dgcim '"free and fair"' '“free and fair”' 'SEBIN AND DGCIM' 'sanc*' \
         'title:groundwork' 'place:caracas' 'date:2024-09-03' 'date:2024-09-01..2024-09-30' \
         'Maduro NEAR/4 election' 'Venezuela’s' 'nicolas' 'NICOLÁS' 'sanction'; do
    check_contains "$q finds the seed" "$seed" "$(ids "$q")"
done
run "$QUERY" -d "$DB" 'Maduro NEAR/2 election'
check_not_contains "NEAR/2 is too close" "$seed" "$out"
run "$QUERY" -d "$DB" 'Maduro NOT sanctions'
check_eq "Maduro NOT sanctions: exit 1" 1 "$rc"
check_not_contains "Maduro NOT sanctions: seed absent" "$seed" "$out"
run "$QUERY" -d "$DB" 'Maduro -sanctions'
check_eq "Maduro -sanctions: exit 1" 1 "$rc"
run "$QUERY" -d "$DB" '"fair and free"'
check_eq "a phrase in the wrong order does not match" 1 "$rc"
run "$QUERY" -d "$DB" 'date:2023'
check_not_contains "date:2023 excludes the seed" "$seed" "$out"

# The index holds stems only: a quoted word or phrase is stemmed too, so
# "sanction" finds the seed's "sanctions", and a phrase in other forms.
run "$QUERY" -d "$DB" --count '"sanction"'
check_eq "a quoted word is stemmed" 1 "$out"
run "$QUERY" -d "$DB" --count '"free and fair presidential elections"'
check_eq "a phrase matches as written" 1 "$out"
run "$QUERY" -d "$DB" --count '"free and fair presidential election"'
check_eq "a phrase matches its stems" 1 "$out"
run "$QUERY" -d "$DB" --count 'sanction'
check_eq "plain word is stemmed" 1 "$out"

finish
