# T52-limits - hostile inputs meet the limits of morgue-index(1), LIMITS:
# a gzip bomb, a 50 MB line, a 40 MB text file, a 20 MB feed of dense
# markup, markup and JSON nested 100,000 deep, NUL bytes and invalid UTF-8
# in every format, enormous words and fields, and many tiny articles in one
# file. Each is reported with its
# path (and line), what is around it is indexed, counts are exact, and the
# run's peak memory stays under a generous bound.
. "$(dirname "$0")/lib.sh"

# peak RSS in KB of the last `measured` run, or "" without GNU time.
TIME=/usr/bin/time
measured() {
    if [ -x "$TIME" ]; then
        run "$TIME" -o "$TMP/.rss" -f %M "$@"
        rss=$(tail -n 1 "$TMP/.rss")
    else
        run "$@"
        rss=""
    fi
}
check_rss() {  # check_rss WHAT MAX_KB (and say the figure)
    [ -n "$rss" ] && echo "$_name: $1: peak RSS $rss KB"
    if [ -z "$rss" ]; then
        skip "$1: no $TIME to measure memory"
    elif ldd "$INDEX" 2>/dev/null | grep -q libasan; then
        skip "$1: AddressSanitizer's own memory would be measured"
    elif [ "$rss" -lt "$2" ]; then
        pass
    else
        fail "$1: peak RSS $rss KB, over $2 KB"
    fi
}
count() {  # count DB QUERY: the exact number of matches
    "$QUERY" -d "$1" --count "$2"
}

H="$TMP/hostile"
mkdir "$H"
printf 'A normal article\n\nOrdinary words about a calm day.\n' >"$H/normal.txt"

# ---- a gzip bomb: 1 GiB of newlines in 1 MB, between two articles -----------
head -c 16M /dev/zero | tr '\0' '\n' | gzip -9 >"$TMP/member.gz"
printf '{"id":"b1","title":"Before the bomb","body":"prebomb words"}\n' | gzip >"$H/bomb.jsonl.gz"
i=0
while [ $i -lt 64 ]; do cat "$TMP/member.gz"; i=$((i + 1)); done >>"$H/bomb.jsonl.gz"
printf '{"id":"b2","title":"After the bomb","body":"postbomb words"}\n' | gzip >>"$H/bomb.jsonl.gz"
# The same read whole, as a text file.
{ printf 'Bomb text\n\nbombtext words\n' | gzip; i=0
  while [ $i -lt 64 ]; do cat "$TMP/member.gz"; i=$((i + 1)); done; } >"$H/bomb.txt.gz"

# ---- a 50 MB line between two JSON lines --------------------------------
{ printf '{"id":"l1","title":"Line one","body":"firstline words"}\n{"id":"l2","body":"'
  head -c 50M /dev/zero | tr '\0' 'x'
  printf '"}\n{"id":"l3","title":"Line three","body":"thirdline words"}\n'; } >"$H/long.jsonl"

# ---- a 40 MB text file of one line ---------------------------------------
{ printf 'Huge file\n\nhugealpha hugebeta '; head -c 40M /dev/zero | tr '\0' 'x'; echo; } >"$H/huge.txt"

# ---- markup and JSON nested 100,000 deep --------------------------------
awk 'BEGIN {
    d = 100000
    printf "<html><head><title>Deep page</title></head><body><article>" \
           "<p>Beforedeep words in a paragraph long enough to be the main text of " \
           "the page, with several more words to be sure of it.</p>"
    for (i = 0; i < d; i++) printf "<div>"
    printf "<p>insidedeep words</p>"
    for (i = 0; i < d; i++) printf "</div>"
    print "</article></body></html>"
}' >"$H/deep.html"
awk 'BEGIN {
    d = 100000
    printf "<html><body>"
    for (i = 0; i < d; i++) printf "<div>"
    printf "<p>onlydeep words</p>"
    for (i = 0; i < d; i++) printf "</div>"
    print "</body></html>"
}' >"$H/deeponly.html"
awk 'BEGIN {
    d = 100000
    printf "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title>"
    printf "<item><title>Shallow item</title><description>shallowfeed words</description></item>"
    printf "<item><title>Deep item</title><description>"
    for (i = 0; i < d; i++) printf "<b>"
    printf "deepfeed"
    for (i = 0; i < d; i++) printf "</b>"
    print "</description></item></channel></rss>"
}' >"$H/deep.rss"
awk 'BEGIN {
    d = 100000
    printf "{\"id\":\"j1\",\"title\":\"deep\",\"body\":\"deepjson\",\"x\":"
    for (i = 0; i < d; i++) printf "["
    for (i = 0; i < d; i++) printf "]"
    print "}"
    print "{\"id\":\"j2\",\"title\":\"Shallow\",\"body\":\"shallowjson words\"}"
}' >"$H/deep.jsonl"

# A 20 MB feed of dense markup, the costliest input for memory (the whole
# feed is one libxml2 tree): read to 16 MiB, every complete item in it kept.
awk 'BEGIN {
    head = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title>\n"
    item = "<item><title>Dense</title><description>denseitem "
    for (i = 0; i < 100; i++) item = item "<b>x</b>"
    item = item "</description></item>\n"
    printf "%s", head
    for (n = length(head); n < 20 * 1048576; n += length(item)) printf "%s", item
    print "</channel></rss>"
    print int((16 * 1048576 - length(head)) / length(item)) >"/dev/stderr"
}' >"$H/dense.rss" 2>"$TMP/dense.items"
dense_items=$(cat "$TMP/dense.items")

# ---- NUL bytes and invalid UTF-8 ------------------------------------------
{ printf 'Mixed bytes\n\nnulword\000after and caf\351 and \377\376 then '
  i=0; while [ $i -lt 100 ]; do printf 'filler words for a long enough text. '; i=$((i + 1)); done
  echo; } >"$H/bytes.txt"
{ printf 'Binary\n\n'; head -c 4096 /dev/zero; } >"$H/nuls.txt"
printf '{"id":"n1","title":"Escaped \\u0000 nul","body":"escnul words"}\n{"id":"n2","title":"Raw\000nul","body":"rawnul caf\351 words"}\n\000\000\000\n{"id":"n3","title":"Clean","body":"cleanline words"}\n' >"$H/bytes.jsonl"
printf '<html><head><title>Bytes \000 page</title></head><body><article><p>Htmlbytes \377 with \000 nul bytes and enough words to be the main text of the page for sure.</p></article></body></html>\n' >"$H/bytes.html"

# ---- enormous words and fields ---------------------------------------------
w300=$(head -c 300 /dev/zero | tr '\0' 'w')
w100k=$(head -c 100000 /dev/zero | tr '\0' 'k')
long=$(head -c 1500 /dev/zero | tr '\0' 'f')
printf '{"id":"e1","title":"Giant %s words","body":"giantalpha %s giantbeta %s giantgamma"}\n' \
    "$w300" "$w300" "$w100k" >"$H/words.jsonl"
printf '{"id":"%s","url":"https://example.com/%s","title":"Long fields","source":"%s","author":"%s and Ann Smith","body":"longfields words"}\n' \
    "$long" "$long" "$long" "$long" >>"$H/words.jsonl"
# Identity from a 1500-byte url alone; a 1500-byte language field.
printf '{"url":"https://example.com/%s","title":"Url only","body":"urlident words"}\n' \
    "$long" >>"$H/words.jsonl"
printf '{"id":"e4","title":"Long language","language":"%s","body":"longlang words"}\n' \
    "$long" >>"$H/words.jsonl"
printf 'title,keywords,body\nTagged,%s,tagged article words\n' "$long" >"$H/tags.csv"

# ---- one run over all of them --------------------------------------------
DB="$TMP/db"
measured timeout 120 "$INDEX" -q -d "$DB" "$H"
check_eq "exit 1: some parts skipped" 1 "$rc"
check_contains "gzip bomb named, the line it stopped after" \
    "$H/bomb.jsonl.gz: gzip data expands over 200 times (a gzip bomb?), reading stopped after line" "$err"
check_contains "gzip bomb read whole" \
    "$H/bomb.txt.gz: gzip data expands over 200 times (a gzip bomb?), reading stopped, indexed the first" "$err"
check_contains "50 MB line skipped" "$H/long.jsonl:2: line longer than 16 MiB, skipped" "$err"
check_contains "40 MB text cut" \
    "$H/huge.txt: larger than 32 MiB, reading stopped, indexed the first 33554432 bytes" "$err"
check_contains "deep HTML: the parser stop reported" \
    "$H/deep.html: the HTML parser stopped (Excessive depth in document: 256" "$err"
check_contains "deep HTML with nothing before: why there is no text" \
    "$H/deeponly.html: no article text in the page (the HTML parser stopped (Excessive depth" "$err"
check_contains "dense feed cut" \
    "$H/dense.rss: larger than 16 MiB: only the items in the first 16 MiB are read" "$err"
check_contains "dense feed: the item cut in two skipped" \
    "$H/dense.rss:$((dense_items + 2)): item not complete (the XML breaks off inside it); skipped" "$err"
check_contains "deep feed reported" "$H/deep.rss:1: malformed XML: Excessive depth in document" "$err"
check_contains "deep JSON reported" "$H/deep.jsonl:1: invalid JSON: maximum parsing depth reached" "$err"
check_contains "invalid UTF-8 in text repaired" "$H/bytes.txt: invalid UTF-8 decoded as Windows-1252" "$err"
check_contains "NULs everywhere: binary" "$H/nuls.txt: binary file, not text" "$err"
check_contains "invalid UTF-8 in JSON repaired" "$H/bytes.jsonl:2: invalid UTF-8 decoded as Windows-1252" "$err"
check_contains "NUL line in JSON skipped" "$H/bytes.jsonl:3: invalid JSON" "$err"
check_contains "invalid UTF-8 in HTML repaired" "$H/bytes.html: invalid UTF-8 decoded as Windows-1252" "$err"
# normal 1, bomb.jsonl 1, bomb.txt 1, long 2, huge 1, deep.html 1, deep.rss 1,
# deep.jsonl 1, bytes.txt 1, bytes.jsonl 3, bytes.html 1, words 4, tags 1
# and the dense feed's items added; skipped: both bombs, the long line, the
# huge file, deeponly, the deep feed (its stop and its item), the dense feed
# (its cut and its item), the deep JSON line, nuls.txt, the NUL line.
added=$((19 + dense_items))
check_contains "exact counts" "$added added, 0 updated, 0 unchanged, 0 removed, 12 skipped" "$err"
check_rss "hostile run" 1048576

# What is around each limit is indexed, what is beyond it is not.
for w in calm prebomb bombtext firstline thirdline hugealpha beforedeep shallowfeed \
         shallowjson nulwordafter escnul rawnul cleanline htmlbytes giantalpha \
         giantgamma longfields author:smith urlident longlang tagged; do
    check_eq "found: $w" 1 "$(count "$DB" "$w")"
done
check_eq "not past the bomb" 0 "$(count "$DB" postbomb)"
check_eq "the dense feed's items" "$dense_items" "$(count "$DB" denseitem)"
check_eq "not inside the deep markup" 0 "$(count "$DB" 'insidedeep OR onlydeep OR deepfeed')"
check_eq "Latin-1 é repaired" 2 "$(count "$DB" café)"
run "$QUERY" -d "$DB" --format json longfields
check_eq "1500-byte source stored" 1500 "$(printf '%s\n' "$out" | jq -r '.results[0].source | length')"
check_eq "1500-byte url stored" 1520 "$(printf '%s\n' "$out" | jq -r '.results[0].url | length')"

# Re-running reads the files with problems again and writes nothing new.
run timeout 120 "$INDEX" -q -d "$DB" "$H"
check_eq "re-run: exit 1" 1 "$rc"
check_contains "re-run writes nothing" "0 added, 0 updated, $added unchanged" "$err"

# ---- many tiny articles in one file ------------------------------------------
# 100,000 by default, to stay quick (under ASan too); T52_TINY_LINES=1000000
# runs the million (about 3 minutes, 72 MB peak on a 2-core machine).
n=${T52_TINY_LINES:-100000}
awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++)
    printf "{\"id\":%d,\"title\":\"t%d\",\"body\":\"tiny%d\"}\n", i, i, i % 10 }' >"$TMP/tiny.jsonl"
measured timeout 600 "$INDEX" -q -d "$TMP/tiny.db" "$TMP/tiny.jsonl"
check_eq "tiny: exit 0" 0 "$rc"
check_contains "tiny: every line an article" "$n added, 0 updated, 0 unchanged, 0 removed, 0 skipped" "$err"
check_eq "tiny: all counted" "$n" "$(count "$TMP/tiny.db" 'tiny0 OR tiny1 OR tiny2 OR tiny3 OR tiny4 OR tiny5 OR tiny6 OR tiny7 OR tiny8 OR tiny9')"
check_eq "tiny: a tenth each" $((n / 10)) "$(count "$TMP/tiny.db" tiny3)"
check_rss "tiny articles" 524288

finish
