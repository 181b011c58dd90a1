#!/bin/sh
# T37-csv - CSV and TSV: corpus/csv indexed with exact counts (comma,
# semicolon and tab separators, CRLF, a UTF-8 byte-order mark, UTF-16,
# Windows-1252, gzip), the fields of known rows in --format json, tag
# columns searchable by field, --map for headers nobody guesses, broken rows
# reported by line and the rows around them kept; and the BBC corpus
# written out as one CSV (real text full of quotes, commas and line breaks,
# and one Latin-1 article) read back as its 2,225 articles.
. "$(dirname "$0")/lib.sh"

if ! command -v jq >/dev/null 2>&1; then
    skip "jq is not installed (make deps-test)"
    finish
    exit
fi

DB="$TMP/csv.db"
C=corpus/csv

run "$INDEX" -q -d "$DB" "$C"
check_eq "broken rows: exit 1" 1 "$rc"
check_contains "summary" "morgue-index: 38 added, 0 updated, 0 unchanged, 0 removed, 6 skipped" "$err"
check_eq "9 warnings" 9 "$(printf '%s\n' "$err" | grep -c "^$C/")"
check_contains "wrong number of fields" "$C/broken-rows.csv:3: 5 fields, the header has 4; row skipped" "$err"
check_contains "bad date" "$C/broken-rows.csv:4: unrecognised date \"32/13/2024\", indexed without one" "$err"
check_contains "stray quote" \
    "$C/broken-rows.csv:6: stray quote: the row starting here runs to line 8 with 5 fields, the header has 4; this line skipped, the lines after it read again" "$err"
check_contains "no title or body" "$C/broken-rows.csv:9: no title or body" "$err"
check_contains "text after a closing quote" "$C/broken-rows.csv:10: text after the closing quote of field 2, kept" "$err"
check_contains "unterminated quote at the end" \
    "$C/broken-rows.csv:13: unterminated quote in the row starting here; this line skipped, the lines after it read again" "$err"
check_contains "Windows-1252 repaired" \
    "$C/semicolon-cp1252.csv:2: invalid UTF-8 decoded as Windows-1252 (reported once a file)" "$err"
check_contains "truncated gzip" "$C/truncated.csv.gz: truncated gzip stream after line 19" "$err"
check_contains "no usable column" \
    "$C/unusual-headers.csv:1: no title or body column in the header (\"Slug\", \"Hed\", \"Story\", \"Filed\", \"Desk\", \"Notes\"); name one with --map COLUMN=body" "$err"

run "$QUERY" -d "$DB" --format json -n 100 'NOT zzzzzz'
printf '%s\n' "$out" >"$TMP/all.json"
check_eq "38 articles" 38 "$(jq '.total' "$TMP/all.json")"
check_eq "articles by file" \
    "broken-rows.csv 6, desk-export.csv 5, desk-export.tsv 2, semicolon-cp1252.csv 2, truncated.csv.gz 18, unicode-export.tsv 2, wire.csv.gz 3, " \
    "$(jq -r '.results[].path | split("/") | last' "$TMP/all.json" | sort | uniq -c | awk '{ printf "%s %s, ", $2, $1 }')"
check_eq "broken-rows.csv: the rows kept" \
    '["Bad date","Good first row","Last good row","Quoted, title","Row after the stray quote","Stray \"quote\" after close"]' \
    "$(jq -c '[.results[] | select(.path | endswith("broken-rows.csv")) | .title] | sort' "$TMP/all.json")"

# A data-desk row: quoted headline with a comma, two authors, a link, and
# its id column as source_id.
check_eq "desk row fields" \
    '{"date":"2024-06-12","title":"Port of Valparaíso reopens after storm, cranes back in service","source":"Data Desk","author":"Ana Ruiz; Tom Evans","place":null,"url":"https://example.org/desk/valparaiso-port","path":"'"$ROOT/$C"'/desk-export.csv","source_id":"dd-2024-0101"}' \
    "$(jq -c '.results[] | select(.title | startswith("Port of Valpara")) | del(.id, .rank, .score, .snippet, .highlights)' "$TMP/all.json")"
check_eq "RFC 2822 date, headline-only row" '["2024-06-18","Ferry timetable cut for the winter season"]' \
    "$(jq -c '.results[] | select(.title | startswith("Ferry timetable")) | [.date, .title]' "$TMP/all.json")"
check_eq "Windows-1252 titles" '["Cosecha de café cae un 12% en Caldas","Subasta de atún rompe récord en Ensenada"]' \
    "$(jq -c '[.results[] | select(.path | endswith("semicolon-cp1252.csv")) | .title] | sort' "$TMP/all.json")"
check_eq "UTF-16 titles" '["Bogotá amplía la red de ciclovías","São Paulo abre 12 novas bibliotecas"]' \
    "$(jq -c '[.results[] | select(.path | endswith("unicode-export.tsv")) | .title] | sort' "$TMP/all.json")"
check_eq "no id column: the url" '"https://example.org/wire/metro-strike"' \
    "$(jq '.results[] | select(.title | startswith("Metro workers")) | .url' "$TMP/all.json")"

# The body keeps its quotes and line breaks, CRLF turned into LF.
id=$(jq -r '.results[] | select(.title | startswith("Port of Valpara")) | .id' "$TMP/all.json")
run "$QUERY" -d "$DB" --format json --show "$id"
check_eq "quoted body with a line break and \"\" escapes" \
    "The port of Valparaíso reopened on Wednesday after a two-day closure.
Harbour pilots said the swell had eased, and the first container ship, the \"Maria Celeste\", berthed at noon." \
    "$(printf '%s' "$out" | jq -r .body)"
check_eq "language column" en "$(printf '%s' "$out" | jq -r .language)"

# The same field filters as every format; tag columns by their field.
for q in 'topic:shipping=2' 'keyword:glaciers=1' 'source:"Mesa de Datos"=3' 'lang:es=5' \
         'author:quispe=1' 'sanctions=1' 'title:"5,25"=1' 'bibliotecas=1' 'Valparaíso=1'; do
    run "$QUERY" -d "$DB" --count "${q%=*}"
    check_eq "--count '${q%=*}'" "${q##*=}" "$out"
done

# Re-running: the files with problems are read again, nothing is written.
run "$INDEX" -q -d "$DB" "$C"
check_contains "re-run writes nothing" "0 added, 0 updated, 38 unchanged" "$err"

# ---- rows short of trailing cells ---------------------------------------------

# Missing trailing cells read as empty, reported once a file with the count;
# a row with too many fields is still skipped; a stray quote costs only its
# line, the rows after it (short ones too) are kept.
cat >"$TMP/short.csv" <<'EOF'
id,title,date,author,place,body,keywords
s-1,Full row,2024-05-01,Ana,Lima,Body one.,alpha
s-2,Six fields,2024-05-02,Ben,Quito,Body two.
s-3,Five fields,2024-05-03,Cy,Rio
s-4,"Stray quote,2024-05-04,Di,Oslo,Body four.,beta
s-5,After the stray quote,2024-05-05,Ed,Bern,Body five.
s-6,Quoted,"2024-05-06",Fa,Rome,"Body six, quoted.",gamma
s-7,Too many,2024-05-07,Gi,Oslo,Body seven.,delta,extra
s-8,Last,2024-05-08,Ho,Kyiv,Body eight.,epsilon
EOF
run "$INDEX" -q -d "$TMP/short.db" "$TMP/short.csv"
check_eq "short rows: exit 1 (two rows skipped)" 1 "$rc"
check_contains "short rows: 6 added" "6 added, 0 updated, 0 unchanged, 0 removed, 2 skipped" "$err"
check_eq "short rows: one warning for them, three in all" \
    "$TMP/short.csv:5: stray quote: the row starting here runs to line 7 with 6 fields, the header has 7; this line skipped, the lines after it read again
$TMP/short.csv:8: 8 fields, the header has 7; row skipped
$TMP/short.csv:3: 6 fields, the header has 7; the missing trailing cells read as empty (and 2 more rows like it)" \
    "$(printf '%s\n' "$err" | grep "^$TMP/short.csv")"
run "$QUERY" -d "$TMP/short.db" --format json -n 10 --sort oldest 'NOT zzzzzz'
check_eq "short rows: the rows kept, their cells in place" \
    '["Full row|Lima|Body one.","Six fields|Quito|Body two.","Five fields|Rio|Five fields","After the stray quote|Bern|Body five.","Quoted|Rome|Body six, quoted.","Last|Kyiv|Body eight."]' \
    "$(echo "$out" | jq -c '[.results[] | "\(.title)|\(.place)|\(.snippet)"]')"

# ---- --map --------------------------------------------------------------------

run "$INDEX" -q -d "$TMP/map.db" --map Hed=title --map Story=body --map Filed=date \
    --map Desk=topic --map Slug=id --map Nope=title "$C/unusual-headers.csv"
check_eq "--map: exit 0" 0 "$rc"
check_contains "--map: 3 rows" "3 added, 0 updated, 0 unchanged, 0 removed, 0 skipped" "$err"
check_contains "--map of a missing column is reported" \
    "$C/unusual-headers.csv:1: --map Nope=title: no column \"Nope\" in the header; ignored" "$err"
run "$QUERY" -d "$TMP/map.db" --format json -n 10 --sort oldest 'NOT zzzzzz'
check_eq "--map: titles and dates" \
    '[["Lighthouse keeper retires after 41 years","2024-02-20"],["Bakery wins national bread prize","2024-02-21"],["River ferry returns after repairs","2024-02-22"]]' \
    "$(printf '%s' "$out" | jq -c '[.results[] | [.title, .date]]')"
run "$QUERY" -d "$TMP/map.db" --count 'topic:regional'
check_eq "--map Desk=topic is searchable" 2 "$out"
run "$QUERY" -d "$TMP/map.db" --count 'spelling'
check_eq "unmapped columns are not indexed" 0 "$out"
# --map wins over the names: headline and text swapped.
run "$INDEX" -q -d "$TMP/map2.db" --map text=title --map HEADLINE=body "$C/desk-export.csv"
check_contains "--map swap: 5 rows" "5 added" "$err"
run "$QUERY" -d "$TMP/map2.db" --format json 'title:wednesday'
check_eq "--map swap: the text is the title" "Port of Valparaíso reopens after storm, cranes back in service" \
    "$(printf '%s' "$out" | jq -r '.results[0].snippet')"

# ---- forced format, gzip of a whole file ----------------------------------------

cp "$C/desk-export.csv" "$TMP/export.txt"
gzip -9 -c "$C/desk-export.tsv" >"$TMP/export.tsv.gz"
run "$INDEX" -q -d "$TMP/forced.db" --format csv "$TMP/export.txt"
check_contains "--format csv on a .txt" "5 added" "$err"
run "$INDEX" -q -d "$TMP/forced.db" "$TMP/export.tsv.gz"
check_contains ".tsv.gz" "2 added" "$err"
run "$INDEX" -q -d "$TMP/forced.db" --format csv corpus/gonzalez-accented.txt
check_eq "--format csv on prose: exit 1" 1 "$rc"
check_contains "--format csv on prose: reason" "gonzalez-accented.txt:1: no title or body column in the header" "$err"

# ---- the BBC corpus as one CSV ------------------------------------------------------

BBC="$CORPORA/bbc-news/bbc"
if have_shared && [ -d "$BBC/business" ]; then
    # id, category, title (the first line), body (the rest); quotes doubled.
    (cd "$BBC" && LC_ALL=C awk '
        function flush() {
            gsub(/"/, "\"\"", title); gsub(/"/, "\"\"", body)
            sub(/^\n+/, "", body)
            printf "\"%s\",%s,\"%s\",\"%s\"\r\n", id, cat, title, body
        }
        BEGIN { print "id,category,title,body" }
        FNR == 1 { if (NR > 1) flush(); id = FILENAME; cat = FILENAME; sub(/\/.*/, "", cat)
                   title = $0; body = ""; next }
        { body = body $0 "\n" }
        END { flush() }' business/*.txt entertainment/*.txt politics/*.txt sport/*.txt tech/*.txt) >"$TMP/bbc.csv"
    run "$INDEX" -q -d "$TMP/bbc.db" "$TMP/bbc.csv"
    check_eq "BBC CSV: exit 0" 0 "$rc"
    check_contains "BBC CSV: 2225 rows" "2225 added, 0 updated, 0 unchanged, 0 removed, 0 skipped" "$err"
    check_contains "BBC CSV: the Latin-1 article repaired" \
        "bbc.csv:$(grep -n '^"sport/199.txt"' "$TMP/bbc.csv" | cut -d: -f1): invalid UTF-8 decoded as Windows-1252" "$err"
    run "$QUERY" -d "$TMP/bbc.db" --format json -n 1 'Ad sales boost Time Warner profit'
    check_eq "BBC CSV: headline query" "Ad sales boost Time Warner profit" "$(printf '%s' "$out" | jq -r '.results[0].title')"
    run "$QUERY" -d "$TMP/bbc.db" --count 'category:sport'
    check_eq "BBC CSV: category:sport" "$(ls "$BBC/sport" | grep -c '\.txt$')" "$out"
    id=$("$QUERY" -d "$TMP/bbc.db" --format tsv -n 1 'title:"Chelsea sack Mutu"' | cut -f2)
    check_contains "BBC CSV: pound sign decoded" "£" "$("$QUERY" -d "$TMP/bbc.db" --format json --show "$id" | jq -r .body)"
    # The body is the file after its title line and blank line, as written.
    sed '1,2d' "$BBC/tech/148.txt" >"$TMP/want"
    id=$("$QUERY" -d "$TMP/bbc.db" --format tsv -n 1 '"ITunes user sues Apple"' | cut -f2)
    "$QUERY" -d "$TMP/bbc.db" --format json --show "$id" | jq -r .body >"$TMP/got"
    if cmp -s "$TMP/want" "$TMP/got"; then pass; else fail "BBC CSV: tech/148.txt body differs"; fi
else
    skip "bbc-news not found under $CORPORA"
fi

finish
