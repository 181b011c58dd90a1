#!/bin/sh
# T36-warc - web archives: corpus/warc indexed with exact counts, the
# fields of known pages in --format json (canonical URL or the record's
# WARC-Target-URI, page date or WARC-Date, site name or the host), field
# filters, records that are not pages skipped silently, broken and truncated
# records reported with their number and byte offset, gzip with one member
# per record and one for the file, sniffing a WARC with no extension,
# --format warc; and the 181 pages of the article-extraction benchmark
# wrapped into a WARC (their gzip bytes as gzip-encoded HTTP payloads).
. "$(dirname "$0")/lib.sh"

if ! command -v jq >/dev/null 2>&1; then
    skip "jq is not installed (make deps-test)"
    finish
    exit
fi

DB="$TMP/warc.db"
W=corpus/warc

run "$INDEX" -q -d "$DB" "$W"
check_eq "broken records: exit 1" 1 "$rc"
check_contains "summary" "morgue-index: 14 added, 0 updated, 0 unchanged, 0 removed, 8 skipped" "$err"
check_eq "8 warnings" 8 "$(printf '%s\n' "$err" | grep -c "^$W/")"
check_contains "no Content-Length" \
    "$W/broken.warc: record 2 (byte 1056): no valid Content-Length; skipped to the next record" "$err"
check_contains "garbage between records" \
    "$W/broken.warc: byte 2352: not a WARC record header (\"this line is not a WARC record\"); skipped to the next record" "$err"
check_contains "brotli payload" \
    "$W/broken.warc: record 4 (byte 2403): content encoding \"br\" not supported; skipped" "$err"
check_contains "corrupt gzip payload" "$W/broken.warc: record 5 (byte 2733): gzip payload: " "$err"
check_contains "page without text" "$W/broken.warc: record 6 (byte 3114): " "$err"
check_contains "not HTTP" \
    "$W/broken.warc: record 7 (byte 3516): no HTTP status line in the response; skipped" "$err"
check_contains "truncated record" \
    "$W/truncated.warc: record 3 (byte 2122): truncated: 253 of 649 bytes of its block" "$err"
check_contains "truncated gzip member" \
    "$W/truncated.warc.gz: record 3 (byte 2113): truncated gzip stream" "$err"
check_not_contains "crawl.warc: the 404, 301, image, request, metadata, revisit records are silent" \
    "crawl.warc" "$err"

# Articles by file: 4 of 12 records in crawl.warc, 2 of 4 in crawl.warc.gz,
# 3 in broken.warc, 2 before each truncation, 1 in the file found by sniffing.
run "$QUERY" -d "$DB" --format json -n 100 'NOT zzzzzz'
printf '%s\n' "$out" >"$TMP/all.json"
check_eq "14 articles" 14 "$(jq '.total' "$TMP/all.json")"
check_eq "articles by file" \
    "archive-2024-06 1, broken.warc 3, crawl.warc 4, crawl.warc.gz 2, truncated.warc 2, truncated.warc.gz 2, " \
    "$(jq -r '.results[].path | split("/") | last' "$TMP/all.json" | sort | uniq -c | awk '{ printf "%s %s, ", $2, $1 }')"
check_eq "every article has a title, a date, a source and a url" "" \
    "$(jq -r '.results[] | select(.title == null or .date == null or .source == null or .url == null) | .path' "$TMP/all.json")"

# A page with a canonical link (the identity, so no source_id), a date and
# an author in its metadata.
check_eq "harbour page fields" \
    '{"date":"2024-06-19","title":"Harbour cranes return to work in Antofagasta","source":"Coastal Courier","author":"Carla Rojas","place":null,"url":"https://news.example.org/2024/06/harbour-cranes","path":"'"$ROOT/$W"'/crawl.warc","source_id":null}' \
    "$(jq -c '.results[] | select(.title | startswith("Harbour cranes")) | del(.id, .rank, .score, .snippet, .highlights)' "$TMP/all.json")"
# Chunked and gzip-encoded, no canonical link and no date: the record's
# URI and WARC-Date.
check_eq "cotton page: url and date from the record" \
    '["Mills count the cost of new sanctions on cotton","2024-06-21","Trade Ledger","https://ledger.example.com/markets/cotton-mills"]' \
    "$(jq -c '.results[] | select(.title | startswith("Mills count")) | [.title, .date, .source, .url]' "$TMP/all.json")"
# No site name in the page: the host of the URI.
check_eq "wildfire page: source is the host" '"news.example.org"' \
    "$(jq '.results[] | select(.title | startswith("Firefighters")) | .source' "$TMP/all.json")"
# ISO-8859-1 declared only in the HTTP header.
check_eq "latin-1 page title" '"Feria del libro de Guadalajara bate récord de público"' \
    "$(jq '.results[] | select(.url | endswith("feria-libro")) | .title' "$TMP/all.json")"
check_eq "HTML resource record" '"https://rail.example.net/night-trains-zagreb"' \
    "$(jq '.results[] | select(.title | startswith("Night trains")) | .url' "$TMP/all.json")"
check_eq "the WARC without an extension was sniffed" '"Lighthouse restored on Chiloé island"' \
    "$(jq '.results[] | select(.path | endswith("archive-2024-06")) | .title' "$TMP/all.json")"

# The same field filters as every format.
for q in 'source:"Coastal Courier"=2' 'lang:es=2' 'title:cranes=1' 'sanctions=1' \
         'source:news.example.org=1' 'author:rojas=1' 'museo cerámica=1' 'wharf=2'; do
    run "$QUERY" -d "$DB" --count "${q%=*}"
    check_eq "--count '${q%=*}'" "${q##*=}" "$out"
done
run "$QUERY" -d "$DB" --format json --since 2024-06-20 --until 2024-06-21 'NOT zzzzzz'
check_eq "WARC-Date is searchable as the date" '["Mills count the cost of new sanctions on cotton"]' \
    "$(printf '%s' "$out" | jq -c '[.results[].title]')"

# Re-running reads only the files that had problems again, and writes nothing.
run "$INDEX" -q -d "$DB" "$W"
check_contains "re-run writes nothing" "0 added, 0 updated, 14 unchanged" "$err"

# gzip of the whole file as one member reads like the plain file.
gzip -9 -c "$W/crawl.warc" >"$TMP/whole.warc.gz"
cp "$W/crawl.warc" "$TMP/crawl-copy.bin"          # sniffed: no extension known
printf 'just some text\n' >"$TMP/notes.warc"
run "$INDEX" -q -d "$TMP/gz.db" "$TMP/whole.warc.gz" "$TMP/crawl-copy.bin"
check_eq "one gzip member for the file and a sniffed copy: exit 0" 0 "$rc"
check_contains "4 pages each" "4 added, 4 updated, 0 unchanged, 0 removed, 0 skipped" "$err"
run "$INDEX" -q -d "$TMP/gz.db" "$TMP/notes.warc"
check_eq ".warc that is not WARC: exit 1" 1 "$rc"
check_contains ".warc that is not WARC: reason" \
    "$TMP/notes.warc: not a WARC file: it does not open with \"WARC/1.\"" "$err"
run "$INDEX" -q -d "$TMP/gz.db" --format warc corpus/gonzalez-plain.jsonl
check_eq "--format warc on JSON Lines: exit 1" 1 "$rc"
check_contains "--format warc on JSON Lines: reason" "not a WARC file" "$err"

# ---- the article-extraction benchmark as a WARC ------------------------------

BENCH="$CORPORA/article-extraction-benchmark"
if have_shared && [ -d "$BENCH/html" ] && [ -f "$BENCH/ground-truth.json" ]; then
    # One response record a page, each its own gzip member; the page's own
    # gzip bytes are the payload, with Content-Encoding: gzip.
    jq -r 'to_entries[] | "\(.key) \(.value.url)"' "$BENCH/ground-truth.json" >"$TMP/urls"
    : >"$TMP/bench.warc.gz"
    while read -r key url; do
        page="$BENCH/html/$key.html.gz"
        [ -f "$page" ] || continue
        size=$(wc -c <"$page" | tr -d ' ')
        printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: %s\r\n\r\n' \
            "$size" >"$TMP/http"
        block=$(( $(wc -c <"$TMP/http") + size ))
        {
            printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2020-01-14T00:00:00Z\r\n'
            printf 'WARC-Record-ID: <urn:sha256:%s>\r\nWARC-Target-URI: %s\r\n' "$key" "$url"
            printf 'Content-Type: application/http; msgtype=response\r\nContent-Length: %s\r\n\r\n' "$block"
            cat "$TMP/http" "$page"
            printf '\r\n\r\n'
        } | gzip -1 >>"$TMP/bench.warc.gz"
    done <"$TMP/urls"
    run "$INDEX" -q -d "$TMP/bench.db" "$TMP/bench.warc.gz"
    check_eq "benchmark WARC: exit 0" 0 "$rc"
    check_contains "benchmark WARC: 181 pages" \
        "morgue-index: 181 added, 0 updated, 0 unchanged, 0 removed, 0 skipped" "$err"
    run "$QUERY" -d "$TMP/bench.db" --format json -n 200 'NOT zzzzzz'
    printf '%s\n' "$out" >"$TMP/bench.json"
    check_eq "benchmark WARC: every page has a title and a url" 181 \
        "$(jq '[.results[] | select(.title != null and .url != null)] | length' "$TMP/bench.json")"
    check_eq "benchmark WARC: every url is http(s)" 181 \
        "$(jq '[.results[] | select(.url | test("^https?://"))] | length' "$TMP/bench.json")"
    run "$QUERY" -d "$TMP/bench.db" --format json -n 10 'title:stadia'
    check_contains "benchmark WARC: the digg Stadia page" \
        '"https://digg.com/2019/is-stadia-good-worth-it-reviews"' "$(printf '%s' "$out" | jq -c '[.results[].url]')"
    check_eq "benchmark WARC: its title" \
        "The Early Reviews For Google's Stadia Gaming Platform Are Here — And They're Not Great" \
        "$(printf '%s' "$out" | jq -r '.results[] | select(.url | contains("digg.com")) | .title')"
else
    skip "article-extraction-benchmark not found under $CORPORA"
fi

finish
