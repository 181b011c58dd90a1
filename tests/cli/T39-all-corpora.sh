# T39-all-corpora - the article files of ../shared/corpora in one run:
# Reuters-21578 (22 .sgm files), 20 Newsgroups (both bydate folders), BBC
# (5 category folders), the 7 RSS/Atom feeds and the 181 pages of the
# extraction benchmark give exactly their article counts, nothing skipped,
# and one query finds hits from several formats with their fields filled.
. "$(dirname "$0")/lib.sh"

if ! [ -d "$CORPORA/reuters21578" ]; then
    skip "$CORPORA not found"
    finish
    exit $?
fi
R="$CORPORA/reuters21578/reuters21578"
N="$CORPORA/20newsgroups"
B="$CORPORA/bbc-news/bbc"
F="$CORPORA/rss-feeds"
DB="$TMP/all.db"
run "$INDEX" -q -d "$DB" "$R"/reut2-*.sgm "$N/20news-bydate-train" "$N/20news-bydate-test" \
    "$B/business" "$B/entertainment" "$B/politics" "$B/sport" "$B/tech" \
    "$F"/node-feedparser/*.xml "$F"/node-feedparser/*.atom \
    "$F"/rbren-rss-parser/*.rss "$F"/rbren-rss-parser/*.atom \
    "$CORPORA/article-extraction-benchmark/html"
check_eq "one run over every corpus exits 0" 0 "$rc"
# 21578 + 18846 + 2225 + 184 + 181
check_contains "exact total, nothing skipped" "43014 added, 0 updated, 0 unchanged, 0 removed, 0 skipped" "$err"

count() { "$QUERY" -d "$DB" --count "$@"; }
check_eq "Reuters articles" 21578 "$(count 'source:reuters')"
check_eq "the index holds them all" 43014 "$("$QUERY" -d "$DB" --format json -n 0 'source:reuters' | jq .indexed)"

# 'sanctions' finds Reuters, Usenet, BBC and web pages, with their fields.
run "$QUERY" -d "$DB" --format json -n 2000 sanctions
check_eq "sanctions matches" 0 "$rc"
formats=$(echo "$out" | jq -r '.results[].path' | sed -E \
    -e 's|.*/reut2-[0-9]+\.sgm$|reuters|' -e 's|.*/20news-bydate-[a-z]+/.*|mail|' \
    -e 's|.*/bbc/.*\.txt$|text|' -e 's|.*\.html\.gz$|html|' -e 's|.*/rss-feeds/.*|feed|' | sort -u | tr '\n' ' ')
check_eq "hits from several formats" "html mail reuters text " "$formats"
check_eq "Reuters hits have title, date and source" 0 \
    "$(echo "$out" | jq '[.results[] | select(.path | test("reut2-")) | select(.title == null or .date == null or .source != "Reuters")] | length')"
check_eq "Usenet hits have title and source" 0 \
    "$(echo "$out" | jq '[.results[] | select(.path | test("20news-bydate")) | select(.title == null or .source == null)] | length')"
check_eq "web page hits have a title" 0 \
    "$(echo "$out" | jq '[.results[] | select(.path | test("html.gz$")) | select(.title == null)] | length')"
finish
