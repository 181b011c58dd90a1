# T02-accents-repair - folding of accents, case and typography, both ways,
# and the repair of legacy encodings, on the corpus/ fixtures.
. "$(dirname "$0")/lib.sh"

DB="$TMP/db"
"$INDEX" -q -d "$DB" $BASE_FIXTURES 2>/dev/null

titles() { "$QUERY" -d "$DB" --format tsv -n 50 "$@" | cut -f6 | sort | tr '\n' '|'; }

# gonzalez and gonzález find the articles that spell the name either way.
# (The seed spells it "Gonzalez" in its body.)
seed="The United States is laying the groundwork for new sanctions against Venezuelan government officials in response to the disputed re-election of Nicolás Maduro in July."
both="Edmundo González tours the Andes ahead of rally|Gonzalez supporters gather in Valencia|$seed|"
for q in gonzalez gonzález GONZALEZ GONZÁLEZ; do
    check_eq "$q finds both spellings" "$both" "$(titles "$q")"
done
check_eq "title:gonzalez" "Edmundo González tours the Andes ahead of rally|Gonzalez supporters gather in Valencia|" \
    "$(titles 'title:gonzalez')"

# Latin-1 bytes are decoded as Windows-1252, so accented words are found.
run "$QUERY" -d "$DB" --format json 'Peñalolén'
check_eq "a Latin-1 word is found" 0 "$rc"
check_contains "Latin-1 file" "latin1-archive.txt" "$(echo "$out" | jq -r '.results[].path')"
check_contains "snippet is valid UTF-8 with the accent" "Peñalolén" "$(echo "$out" | jq -r '.results[].snippet')"
run "$QUERY" -d "$DB" --count penalolen
check_eq "and found without accents" 1 "$out"

# cp1252 smart quotes become real quotes; NUL and bell bytes are dropped.
run "$QUERY" -d "$DB" --format json 'title:"clean streets"'
check_eq "cp1252 title" "Mayor’s “clean streets” plan wins backing" "$(echo "$out" | jq -r '.results[0].title')"
run "$QUERY" -d "$DB" --format json --show "$(echo "$out" | jq -r '.results[0].id')"
body=$(echo "$out" | jq -r .body)
check_not_contains "no bell byte stored" "$(printf '\007')" "$body"

# The gzip-compressed JSON Lines file is read, with its dates and authors.
run "$QUERY" -d "$DB" --format json 'source:"example wire"'
check_eq "articles of wire.jsonl.gz" 2 "$(echo "$out" | jq '.total')"
run "$QUERY" -d "$DB" --format json 'author:natarajan'
check_eq "authors array joined" "Priya Natarajan; Tom Evans" "$(echo "$out" | jq -r '.results[0].author')"

# A Spanish article is stemmed as Spanish: elección finds elecciones.
run "$QUERY" -d "$DB" --count 'lang:es'
check_eq "one Spanish article" 1 "$out"
run "$QUERY" -d "$DB" --format json 'elecciones regionales'
check_eq "Spanish words found" 1 "$(echo "$out" | jq '.total')"

finish
