# T32-feed - the feed reader (RSS 2.0, RSS 1.0/RDF, Atom) on corpus/feed:
# exact counts, the fields of known items in --format json, category: and
# lang: filters, recognition by sniffing when the name says nothing, the
# broken feeds reported by name with every good item kept, and the 7 real
# feeds of ../shared/corpora/rss-feeds (184 items). The real-corpus part is
# skipped where ../shared is missing.
. "$(dirname "$0")/lib.sh"

if ! command -v jq >/dev/null 2>&1; then
    skip "jq is not installed (make deps-test)"
    finish
    exit
fi

# ---- the fixtures, broken ones included ------------------------------------

DB="$TMP/feed.db"
run "$INDEX" -q -d "$DB" corpus/feed
check_eq "corpus/feed: exit 1 (some inputs had problems)" 1 "$rc"
check_eq "corpus/feed: summary" \
    "morgue-index: 31 added, 0 updated, 0 unchanged, 0 removed, 8 skipped" \
    "$(printf '%s\n' "$err" | grep '^morgue-index: ' | sed 's/ in [0-9.]* s.*//')"
want_warnings='corpus/feed/broken/controls.rss: control characters dropped
corpus/feed/broken/cut.atom.gz: truncated gzip stream after 2351 bytes; the items before the break are kept
corpus/feed/broken/cut.atom.gz:54: entry not complete (the XML breaks off inside it); skipped
corpus/feed/broken/deep.rss:14: malformed XML: Excessive depth in document: 256 use XML_PARSE_HUGE option; the rest of the file is not read
corpus/feed/broken/deep.rss:11: item not complete (the XML breaks off inside it); skipped
corpus/feed/broken/entities.rss:7: undeclared entity &eacute; read as in HTML (and others after it)
corpus/feed/broken/missing-fields.rss:12: item has no title and no text; skipped
corpus/feed/broken/missing-fields.rss:20: unrecognised date "sometime last week", indexed without one
corpus/feed/broken/not-a-feed.xml: not a feed: the root element is <catalog>
corpus/feed/broken/truncated.rss:22: malformed XML: Premature end of data in tag description line 22
corpus/feed/broken/truncated.rss:19: item not complete (the XML breaks off inside it); skipped
corpus/feed/broken/undeclared-latin1.rss: invalid UTF-8 decoded as Windows-1252
corpus/feed/broken/unknown-encoding.rss: unknown encoding "x-klingon", read as UTF-8'
check_eq "corpus/feed: the warnings, each naming its file" "$want_warnings" \
    "$(printf '%s\n' "$err" | grep -v '^morgue-index: ')"

# Articles per file: every good item, the items before each break.
run "$QUERY" -d "$DB" --format json -n 100 'NOT zzzzzz'
printf '%s\n' "$out" >"$TMP/all.json"
check_eq "31 articles indexed" 31 "$(jq '.indexed' "$TMP/all.json")"
per_file=$(jq -r '.results[].path | sub(".*/corpus/feed/"; "")' "$TMP/all.json" | sort | uniq -c |
    awk '{ printf "%s=%s ", $2, $1 }')
check_eq "articles per file" \
    "broken/controls.rss=1 broken/cut.atom.gz=7 broken/deep.rss=1 broken/entities.rss=1 broken/missing-fields.rss=4 broken/truncated.rss=2 broken/undeclared-latin1.rss=2 broken/unknown-encoding.rss=1 city-desk.atom=3 diario-del-valle.rss=2 harbour-gazette.rss=3 mountain-post.rss.gz=2 science-wire.rdf=2 " \
    "$per_file"

# hit QUERY: the first hit's title, date, source, author and url, tab-separated.
hit() {
    "$QUERY" -d "$DB" --format json -n 1 "$1" |
        jq -r '.results[0] | [.title, .date, .source, .author, .url] | map(. // "null") | join("\t")'
}
tab=$(printf '\t')
check_eq "RSS 2.0: content:encoded item" \
    "Ferry timetable changes after storm damage${tab}2024-03-11${tab}Harbour Gazette${tab}Morag Lindsay${tab}https://harbour-gazette.example.org/2024/03/ferry-timetable" \
    "$(hit 'title:"ferry timetable"')"
check_eq "RSS 2.0: double-escaped title, relative link, <source>, e-mail author" \
    "Fish market & auction hall reopens${tab}2024-03-12${tab}Coastal Wire${tab}Ewan Ross${tab}https://harbour-gazette.example.org/2024/03/fish-market" \
    "$(hit 'title:"fish market"')"
check_eq "RSS 2.0: permalink guid as url" \
    "Lifeboat crew honoured for winter rescue${tab}2024-03-13${tab}Harbour Gazette${tab}null${tab}https://harbour-gazette.example.org/2024/03/lifeboat-crew" \
    "$(hit 'title:lifeboat')"
check_eq "Atom: xml:base link, two authors, published date" \
    "Tram line approved by council${tab}2024-05-01${tab}City Desk${tab}Helga Brandt; Omar Haddad${tab}https://citydesk.example.com/news/tram-line-approved" \
    "$(hit 'title:tram')"
check_eq "Atom: the feed's author, updated date" \
    "Nueva biblioteca en el barrio norte${tab}2024-04-28${tab}City Desk${tab}City Desk Staff${tab}https://citydesk.example.com/es/biblioteca" \
    "$(hit 'title:biblioteca')"
check_eq "Atom: an entry without a link" \
    "Parking fees to rise in the centre${tab}2024-04-20${tab}City Desk${tab}City Desk Staff${tab}null" \
    "$(hit 'title:parking')"
check_eq "RDF: dc:creator twice, rdf:about as url" \
    "Amateur astronomers spot a new comet${tab}2024-02-15${tab}Science Wire${tab}Lars Holm; Ana Ferreira${tab}https://sciencewire.example.org/comet" \
    "$(hit 'title:comet')"
check_eq "Latin-1 feed, Spanish date" \
    "Cosecha récord de uvas en el valle de Curicó${tab}2024-02-05${tab}Diario del Valle${tab}null${tab}https://diariodelvalle.example.cl/cosecha-record" \
    "$(hit 'title:cosecha')"
check_eq "gzip feed" \
    "Avalanche warning raised for the eastern passes${tab}2024-01-19${tab}Mountain Post${tab}null${tab}https://mountainpost.example.org/avalanche-warning" \
    "$(hit 'title:avalanche')"
check_eq "undeclared Latin-1 feed, Portuguese date" \
    "Feira de artesanato atrai visitantes de São João${tab}2024-03-09${tab}Gazeta do Interior${tab}null${tab}https://gazetadointerior.example.br/feira" \
    "$(hit 'title:feira')"

# The text: HTML reduced, Windows-1252 quotes in a Latin-1 feed, entities.
show_body() {
    id=$("$QUERY" -d "$DB" --format json -n 1 "$1" | jq -r '.results[0].id')
    "$QUERY" -d "$DB" --format json --show "$id" | jq -r '.body'
}
check_eq "content:encoded as text, script dropped" \
    "The morning ferry will leave an hour later until the north pier is repaired.

Repairs & inspections should take three weeks, the harbour master said." \
    "$(show_body 'title:"ferry timetable"')"
check_eq "Atom html content with a list" "The council voted 31 to 12 for the new tram line.

Cost: 40 million
Opening: 2027" "$(show_body 'title:tram')"
check_eq "cp1252 quotes in a Latin-1 feed" "Los viñateros hablan de un año “excepcional” para la vendimia." \
    "$(show_body 'title:cosecha')"
check_eq "HTML entities undeclared in XML" "Coffee and cake — every weekend." "$(show_body 'title:cafe')"
run "$QUERY" -d "$DB" --count trackvisit
check_eq "script text is not indexed" 0 "$out"

# Field filters.
run "$QUERY" -d "$DB" --count 'category:transport'
check_eq "category:transport (RSS <category> and Atom term)" 2 "$out"
run "$QUERY" -d "$DB" --count 'category:weather'
check_eq "category:weather" 2 "$out"
run "$QUERY" -d "$DB" --format json 'category:astronomy'
check_eq "category: from dc:subject" "Amateur astronomers spot a new comet" "$(echo "$out" | jq -r '.results[0].title')"
run "$QUERY" -d "$DB" --count 'source:"harbour gazette"'
check_eq "source:" 2 "$out"
run "$QUERY" -d "$DB" --count 'author:ferreira'
check_eq "author: (dc:creator)" 2 "$out"
run "$QUERY" -d "$DB" --count 'lang:es'
check_eq "lang:es (xml:lang and <language>es-cl)" 3 "$out"
run "$QUERY" -d "$DB" --count --since 2024-03-11 --until 2024-03-13 'title:ferry OR title:fish OR title:lifeboat'
check_eq "dates in range" 3 "$out"

# A second run writes nothing. It reads again only the file whose reading
# failed (the cut gzip stream); the files whose content was bad are not
# read again until they change: they would give the same errors.
run "$INDEX" -q -d "$DB" corpus/feed
check_eq "re-run: exit 1" 1 "$rc"
check_contains "re-run writes nothing" "0 added, 0 updated, " "$err"
check_contains "re-run reads the cut gzip stream again" \
    "corpus/feed/broken/cut.atom.gz: truncated gzip stream" "$err"
check_not_contains "but not the file whose XML was bad" \
    "corpus/feed/broken/truncated.rss" "$err"

# ---- sniffing, --format ------------------------------------------------------

mkdir "$TMP/plain"
cp corpus/feed/harbour-gazette.rss "$TMP/plain/harbour"
cp corpus/feed/mountain-post.rss.gz "$TMP/plain/mountain"
cp corpus/feed/city-desk.atom "$TMP/plain/city-desk.txt"
run "$INDEX" -q -d "$TMP/sniff.db" "$TMP/plain/harbour" "$TMP/plain/mountain"
check_eq "sniffed: exit 0" 0 "$rc"
check_contains "sniffed: an RSS file and a gzip RSS file without extension" "5 added" "$err"
run "$INDEX" -q -d "$TMP/sniff.db" --format feed "$TMP/plain/city-desk.txt"
check_eq "--format feed on a .txt: exit 0" 0 "$rc"
check_contains "--format feed on a .txt: 3 entries" "3 added" "$err"
run "$QUERY" -d "$TMP/sniff.db" --count 'source:"city desk"'
check_eq "--format feed: read as a feed, not as text" 3 "$out"

# ---- the real feeds --------------------------------------------------------------

FEEDS="$CORPORA/rss-feeds"
if ! [ -f "$FEEDS/rbren-rss-parser/guardian.rss" ]; then
    skip "$FEEDS not found"
    finish
    exit $?
fi
RDB="$TMP/real.db"
run "$INDEX" -q -d "$RDB" "$FEEDS/rbren-rss-parser/guardian.rss" "$FEEDS/rbren-rss-parser/heise.atom" \
    "$FEEDS/rbren-rss-parser/encoding.rss" "$FEEDS/rbren-rss-parser/uolNoticias.rss" \
    "$FEEDS/node-feedparser/wapowellness.xml" "$FEEDS/node-feedparser/tpm.atom" \
    "$FEEDS/node-feedparser/iconv.xml"
check_eq "real feeds: exit 0" 0 "$rc"
check_contains "real feeds: 184 items" "184 added, 0 updated, 0 unchanged, 0 removed, 0 skipped" "$err"
check_eq "real feeds: the one repair named" \
    "$FEEDS/rbren-rss-parser/uolNoticias.rss: invalid UTF-8 decoded as Windows-1252" \
    "$(printf '%s\n' "$err" | grep -v '^morgue-index: ')"

count() { "$QUERY" -d "$RDB" --count "$1"; }
check_eq "source:guardian" 55 "$(count 'source:guardian')"
check_eq "Jornal de Notícias (ISO-8859-1)" 40 "$(count 'source:"jornal de noticias"')"
check_eq "UOL (Latin-1, no declaration)" 15 "$(count 'source:uol')"
check_eq "oren.ru (windows-1251)" 10 "$(count 'source:Оренбурга')"
check_eq "category: from Guardian <category>" 7 "$(count 'category:"US politics"')"

RQ() { "$QUERY" -d "$RDB" --format json -n 1 "$1"; }
check_eq "known Atom entry: url made absolute" \
    "http://talkingpointsmemo.com/livewire/hannity-announces-fox-hired-sebastian-gorka-national-security-strategist" \
    "$(RQ 'title:"Hannity Announces Fox"' | jq -r '.results[0].url')"
check_eq "known Atom entry: author and date" "Esme Cribb 2017-11-08" \
    "$(RQ 'title:"Hannity Announces Fox"' | jq -r '.results[0] | "\(.author) \(.date)"')"
check_eq "Latin-1 title without declaration, Portuguese pubDate" \
    "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno 2018-09-24" \
    "$(RQ 'title:simulacoes' | jq -r '.results[0] | "\(.title) \(.date)"')"
check_eq "windows-1251 title" "ЧОПовцы в Оренбурге избили молодого человека" \
    "$(RQ 'title:ЧОПовцы' | jq -r '.results[0].title')"
check_eq "ISO-8859-1 title" "Mãe de utente é a nova presidente da Raríssimas" \
    "$(RQ 'title:utente' | jq -r '.results[0].title')"
check_eq "the Washington Post's canonical link, not the click tracker" \
    "http://www.washingtonpost.com/lifestyle/wellness/schools-minister-to-kids-fitness-and-nutrition-needs/2012/08/21/0ca90d46-e6eb-11e1-936a-b801f1abab19_story.html?wprss=rss_wellness" \
    "$(RQ 'title:"schools minister"' | jq -r '.results[0].url')"
check_eq "no mojibake or leftover markup in any title or snippet" 0 \
    "$("$QUERY" -d "$RDB" --format json -n 200 'NOT zzzzzz' |
        jq -r '.results[] | .title, .snippet' | grep -c -e 'Ã' -e 'â€' -e '�' -e '&amp;' -e '&#' -e '<p>' -e '<a ')"

run "$INDEX" -q -d "$RDB" "$FEEDS/rbren-rss-parser/guardian.rss"
check_contains "real feeds: second run writes nothing" "0 added, 0 updated, 55 unchanged" "$err"

finish
