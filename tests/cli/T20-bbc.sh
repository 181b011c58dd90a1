# T20-bbc - the real BBC News corpus (../shared/corpora/bbc-news): its
# five category folders give 2,225 articles, known queries find known
# articles, and a second run writes nothing. Skipped where ../shared is
# missing.
. "$(dirname "$0")/lib.sh"

BBC="$CORPORA/bbc-news/bbc"
if ! [ -d "$BBC/business" ]; then
    skip "$BBC not found"
    finish
    exit $?
fi

DB="$TMP/bbc.db"
run "$INDEX" -q -d "$DB" "$BBC/business" "$BBC/entertainment" "$BBC/politics" "$BBC/sport" "$BBC/tech"
check_eq "BBC indexes cleanly" 0 "$rc"
check_contains "2225 articles added" "2225 added, 0 updated, 0 unchanged, 0 removed, 0 skipped" "$err"
check_contains "the Latin-1 file is repaired, not skipped" "sport/199.txt: invalid UTF-8 decoded as Windows-1252" "$err"

run "$QUERY" -d "$DB" --format json -n 1 'Ad sales boost Time Warner profit'
check_eq "indexed count" 2225 "$(echo "$out" | jq .indexed)"
check_eq "headline query finds its article" "$BBC/business/001.txt" "$(echo "$out" | jq -r '.results[0].path')"
check_eq "the title is the headline line" "Ad sales boost Time Warner profit" "$(echo "$out" | jq -r '.results[0].title')"

first_path() { "$QUERY" -d "$DB" --format tsv -n 1 "$@" | cut -f7; }
check_eq "title:yukos ranks a Yukos headline first" "Yukos" \
    "$("$QUERY" -d "$DB" --format tsv -n 1 'title:yukos' | cut -f6 | grep -o Yukos)"
check_eq "exact phrase" "$BBC/tech/148.txt" "$(first_path '"ITunes user sues Apple"')"

# sport/199.txt is Latin-1 with a pound sign: its text is stored repaired.
id=$("$QUERY" -d "$DB" --format tsv -n 1 'title:"Chelsea sack Mutu"' | cut -f2)
body=$("$QUERY" -d "$DB" --format json --show "$id" | jq -r .body)
check_contains "pound sign decoded" "£" "$body"

run "$QUERY" -d "$DB" --count 'Blair AND Brown'
n_and=$out
run "$QUERY" -d "$DB" --count 'Blair OR Brown'
n_or=$out
run "$QUERY" -d "$DB" --count 'Blair'
n_blair=$out
check_eq "OR finds at least as many as one word" true "$([ "$n_or" -ge "$n_blair" ] && echo true)"
check_eq "AND finds no more than one word" true "$([ "$n_and" -le "$n_blair" ] && [ "$n_and" -gt 0 ] && echo true)"

run "$INDEX" -q -d "$DB" "$BBC/business" "$BBC/entertainment" "$BBC/politics" "$BBC/sport" "$BBC/tech"
check_contains "second run writes nothing" "0 added, 0 updated, 2225 unchanged" "$err"
check_eq "second run exits 0" 0 "$rc"

finish
