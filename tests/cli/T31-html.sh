# T31-html - HTML pages (corpus/html): the main text is indexed and the
# navigation, related links, comments, share widgets, captions, footer and
# scripts are not; title, date, source, author and url come from the
# page's metadata; Latin-1, windows-1251, a lying charset, .html.gz, a
# page found by sniffing, and the broken pages (empty, no text, truncated
# gzip, cut short, nested too deep) each give their reason and lose no
# other page. Then the 181 real pages of the article-extraction benchmark
# (skipped where ../shared is missing).
. "$(dirname "$0")/lib.sh"

if ! command -v jq >/dev/null 2>&1; then
    skip "jq is not installed (make deps-test)"
    finish
    exit
fi

DB="$TMP/html.db"
run "$INDEX" -q -d "$DB" corpus/html
check_eq "exit 1: some pages skipped" 1 "$rc"
check_contains "summary" "morgue-index: 10 added, 0 updated, 0 unchanged, 0 removed, 3 skipped" "$err"
check_contains "empty page" "corpus/html/broken/empty.html: empty page" "$err"
check_contains "page without text" "corpus/html/broken/no-text.html: no article text in the page" "$err"
check_contains "lying charset" \
    "corpus/html/broken/lying-charset.html: declared charset utf-8, but invalid UTF-8 decoded as Windows-1252" "$err"
check_contains "truncated gzip" "corpus/html/broken/truncated.html.gz: truncated gzip stream, indexed the first" "$err"
check_contains "nested too deep" \
    "corpus/html/broken/deep.html.gz: the HTML parser stopped (Excessive depth in document: 256 use XML_PARSE_HUGE option); the rest of the page was ignored" "$err"
check_eq "five warnings, no more" 5 "$(printf '%s\n' "$err" | grep -c '^corpus/html/')"

# ---- the fields of a full page ------------------------------------------

run "$QUERY" -d "$DB" --format json dockworkers
check_eq "one hit" 1 "$(echo "$out" | jq '.total')"
hit() { echo "$out" | jq -r ".results[0].$1"; }
check_eq "title from og:title" "Dockworkers walk out at Port Alder over night-shift pay" "$(hit title)"
check_eq "date from article:published_time" "2024-03-14" "$(hit date)"
check_eq "source from og:site_name" "The Coastal Ledger" "$(hit source)"
check_eq "author from meta author" "Ines Marlow" "$(hit author)"
check_eq "url from the canonical link" "https://ledger.example.com/2024/03/port-alder-strike" "$(hit url)"
check_eq "path" "$ROOT/corpus/html/harbour-strike.html" "$(hit path)"
body=$("$QUERY" -d "$DB" --format json --show "$(hit id)" | jq -r .body)
check_eq "language from <html lang>" "en" \
    "$("$QUERY" -d "$DB" --format json --show "$(hit id)" | jq -r .language)"
first_para="Hundreds of dockworkers at Port Alder put down their tools on Thursday morning, leaving three container ships idle at the quay as a dispute over night-shift pay entered its second month."
check_eq "the body starts with the first paragraph" "$first_para" "$(printf '%s\n' "$body" | head -n 1)"
check_eq "paragraphs separated by blank lines" "" "$(printf '%s\n' "$body" | sed -n 2p)"
check_contains "subheading kept" "Shipping lines reroute" "$body"
check_contains "last paragraph kept" "mediation by the regional labour board." "$body"

# Article words are found; boilerplate words are not.
for word in stevedores gantry 'Rosa Tembe' 'Kestrel Bay' mediation; do
    check_eq "article words: $word" 1 "$("$QUERY" -d "$DB" --count "$word")"
done
for word in horoscopes marmalade lighthouse zebulon harriet quillfeather cookie \
            trackingPixelQuux advertisement facebook wenceslas briefing subscribe \
            correspondent; do
    check_eq "boilerplate word: $word" 0 "$("$QUERY" -d "$DB" --count "$word")"
done
check_eq "title: field" 1 "$("$QUERY" -d "$DB" --count 'title:dockworkers')"
check_eq "source: field" 1 "$("$QUERY" -d "$DB" --count 'source:"coastal ledger"')"
check_eq "author: field" 1 "$("$QUERY" -d "$DB" --count 'author:marlow')"
check_eq "sanctions is found here" 1 "$("$QUERY" -d "$DB" --count sanctions)"

# ---- character sets, gzip, sniffing ------------------------------------

run "$QUERY" -d "$DB" --format json vignerons
check_eq "Latin-1 by http-equiv: title from JSON-LD headline" \
    "Gel tardif : les vignerons du Mâconnais allument des bougies" "$(hit title)"
check_eq "JSON-LD date" "2023-04-05" "$(hit date)"
check_eq "JSON-LD authors" "Élodie Marchand; Paul Girard" "$(hit author)"
check_eq "JSON-LD publisher" "Le Courrier du Vignoble" "$(hit source)"
check_eq "Latin-1 text decoded" 1 "$("$QUERY" -d "$DB" --count 'Hélène Duroc')"
check_eq "Latin-1 menu dropped" 0 "$("$QUERY" -d "$DB" --count abonnement)"

run "$QUERY" -d "$DB" --format json пекарня
check_eq "windows-1251 by meta charset" "Старая пекарня на набережной снова открылась" "$(hit title)"
check_eq "dc.date" "2021-09-17" "$(hit date)"

run "$QUERY" -d "$DB" --format json tram
check_eq ".html.gz read" "$ROOT/corpus/html/tram-line.html.gz" "$(hit path)"
check_eq "<title> without its ' - Site' suffix" "Tram line to the airport opens after six years" "$(hit title)"
check_eq "date from <time datetime>" "2022-11-02" "$(hit date)"
check_eq "url from og:url" "https://metroevening.example.net/news/tram-airport-line" "$(hit url)"
check_eq "sidebar dropped" 0 "$("$QUERY" -d "$DB" --count stadium)"

run "$QUERY" -d "$DB" --format json 'seed bank'
check_eq "a page with no extension is sniffed" "$ROOT/corpus/html/saved-page" "$(hit path)"

# ---- broken pages keep what they can -------------------------------------

run "$QUERY" -d "$DB" --format json 'Peñaflor'
check_eq "lying charset repaired" "Café owners in Peñaflor fight rent rise" "$(hit title)"
run "$QUERY" -d "$DB" --format json swifts
check_eq "no metadata: no title" "null" "$(hit title)"
check_eq "no metadata: no date" "null" "$(hit date)"
check_eq "cut short: the text before the cut" 1 "$("$QUERY" -d "$DB" --count 'tyre marks')"
check_eq "truncated gzip: the text before the cut" 1 "$("$QUERY" -d "$DB" --count 'national final')"
check_eq "deep markup: the text before it" 1 "$("$QUERY" -d "$DB" --count postcards)"
check_eq "deep markup: nothing below depth 256" 0 "$("$QUERY" -d "$DB" --count buried)"

# --format html reads a page whatever its name.
cp corpus/html/harbour-strike.html "$TMP/page.dat"
run "$INDEX" -q -d "$TMP/forced.db" --format html "$TMP/page.dat"
check_eq "--format html" 0 "$rc"
check_eq "--format html: one article" 1 "$("$QUERY" -d "$TMP/forced.db" --count dockworkers)"

# ---- the real pages of the article-extraction benchmark ------------------

AEB="$CORPORA/article-extraction-benchmark"
if ! [ -d "$AEB/html" ]; then
    skip "$AEB not found"
    finish
    exit $?
fi
ADB="$TMP/aeb.db"
run "$INDEX" -q -d "$ADB" "$AEB/html"
check_eq "benchmark pages index cleanly" 0 "$rc"
check_contains "181 pages, 181 articles" "181 added, 0 updated, 0 unchanged, 0 removed, 0 skipped" "$err"
check_eq "no page needs a warning" 1 "$(printf '%s\n' "$err" | wc -l | tr -d ' ')"
check_eq "181 indexed" 181 "$("$QUERY" -d "$ADB" --format json -n 0 stadia | jq .indexed)"

# A phrase of the WSJ page's ground-truth text finds that page first.
run "$QUERY" -d "$ADB" --format json -n 1 '"grind our way to the end, then repeat"'
WSJ=042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856
check_eq "phrase finds its page" "$AEB/html/$WSJ.html.gz" "$(hit path)"
check_eq "WSJ title" "Google Stadia, Microsoft xCloud, Apple Arcade: So Many Ways to Play…and Pay" "$(hit title)"
check_eq "WSJ date" "2019-11-19" "$(hit date)"

run "$QUERY" -d "$ADB" --format json -n 1 '"built from the ground up to be a cloud platform"'
check_eq "Hollywood Reporter title" "Google Bets on the Future With Launch of Stadia Game Streaming Service" "$(hit title)"
check_eq "Hollywood Reporter source" "The Hollywood Reporter" "$(hit source)"
check_eq "Hollywood Reporter author" "Patrick Shanley" "$(hit author)"
check_eq "Hollywood Reporter url" \
    "https://www.hollywoodreporter.com/news/google-bets-future-launch-stadia-game-streaming-service-1255663" "$(hit url)"

finish
