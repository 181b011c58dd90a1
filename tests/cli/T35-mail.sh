# T35-mail - the mail reader (RFC 822 messages: .eml, Usenet posts found
# by sniffing, mbox and .mbox.gz) on the fixtures of corpus/mail: exact
# fields in --format json, group:/keyword:/source: filters, attachments
# and the HTML copy of an alternative left out, exact warnings for the
# broken inputs; then the real 20 Newsgroups corpus (skipped where
# ../shared is missing): 18,846 posts, none skipped, each with its group.
. "$(dirname "$0")/lib.sh"

if ! command -v jq >/dev/null 2>&1; then
    skip "jq is not installed (make deps-test)"
    finish
    exit
fi

DB="$TMP/mail.db"
run "$INDEX" -q -d "$DB" corpus/mail
check_eq "broken inputs make exit 1" 1 "$rc"
check_eq "exact warnings" "corpus/mail/broken/deep.eml: MIME parts nested deeper than 16 levels ignored
corpus/mail/broken/empty.mbox: empty file
corpus/mail/broken/no-end-boundary.eml: multipart without its closing boundary: the last part runs to the end
corpus/mail/broken/not-mail.eml: no mail header at the start
corpus/mail/broken/truncated.mbox.gz: truncated gzip stream after line 21
corpus/mail/broken/wrong-charset.eml: bytes invalid in utf-8 decoded as Windows-1252
corpus/mail/latin1-no-charset.eml: invalid UTF-8 decoded as Windows-1252
corpus/mail/readers-letters.mbox:12: no mail header after the \"From \" line" \
    "$(printf '%s\n' "$err" | grep -v '^morgue-index: ' | sort)"
check_contains "summary" "morgue-index: 15 added, 0 updated, 0 unchanged, 0 removed, 4 skipped" "$err"

# ---- fields, exactly ------------------------------------------------------

run "$QUERY" -d "$DB" --format json -n 100 'NOT zzzzzz'
check_eq "query exit" 0 "$rc"
printf '%s\n' "$out" >"$TMP/all.json"
check_eq "15 articles" 15 "$(jq '.total' "$TMP/all.json")"
check_eq "source_id: the Message-ID without its angle brackets" msgid:bulletin-2024-11@harbour-authority.example \
    "$(jq -r '.results[] | select(.path | endswith("port-bulletin.eml")) | .source_id' "$TMP/all.json")"
fields=$(jq -r --arg root "$ROOT/corpus/mail/" '.results[] |
    [(.path | ltrimstr($root)), .title, .author, .date, .source] |
    map(. // "-") | join(" | ")' "$TMP/all.json" | sort)
check_eq "path | title | author | date | source" \
"broken/deep.eml | Deeply nested parts | Nesting Test | 2024-07-23 | -
broken/no-end-boundary.eml | Crane inspection notice | Dock Office | 2024-07-15 | -
broken/no-subject.eml | - | - | 2024-07-22 | -
broken/truncated.mbox.gz | Bridge repairs: first of three | A Writer | 2024-07-01 | -
broken/truncated.mbox.gz | Bridge repairs: second of three | A Writer | 2024-07-02 | -
broken/truncated.mbox.gz | Bridge repairs: third of three | A Writer | 2024-07-03 | -
broken/wrong-charset.eml | Lighthouse open day | Lighthouse Trust | 2024-07-20 | -
latin1-no-charset.eml | Les pêcheurs de Sète élisent leur comité | Hélène Marchand | 2024-05-23 | -
port-bulletin.eml | Port bulletin: dredging resumes in the north basin (Bahía Norte) | Inés Baños | 2024-03-12 | Harbour Authority bulletin
readers-letters.mbox | Letter: fares and trade sanctions | Ruiz, Carla | 2024-04-10 | -
readers-letters.mbox | Letter: the tram line should reach the hospital | Alice Moreau | 2024-04-08 | -
rec.boats/5530 | Mooring fees at the marina double from June | Gwen Ashby | - | rec.boats
tram-digest.mbox.gz | Weekly tram digest: night service trial | Tram Users | 2024-06-14 | tram-users.lists.example
tram-digest.mbox.gz | Weekly tram digest: ticket machines | Tram Users | 2024-06-21 | tram-users.lists.example
usenet-ferry | Re: Winter timetable for the island ferry | Tomas Carver | 2024-02-14 | misc.transport.ferries" \
    "$fields"

# The body of the multipart message: the QP plain part only, soft breaks
# joined, "Marie-Thérèse" rebuilt across one.
id=$(jq -r '.results[] | select(.path | endswith("/port-bulletin.eml")) | .id' "$TMP/all.json")
run "$QUERY" -d "$DB" --format json --show "$id"
check_eq "multipart body" 'Dredging of the north basin resumes on Monday after the winter pause. Pilots should expect one-way traffic in the channel until the end of April. 

The harbour master asks skippers to keep clear of the dredger "Marie-Thérèse" and to listen on channel 12.' \
    "$(printf '%s' "$out" | jq -r .body)"

# An HTML-only message reduced to text; mbox ">From " unquoted.
id=$(jq -r '.results[] | select(.title == "Weekly tram digest: ticket machines") | .id' "$TMP/all.json")
run "$QUERY" -d "$DB" --format json --show "$id"
check_eq "html-only body" 'New ticket machines take cards & phones.

Old machines go on 5 July.' "$(printf '%s' "$out" | jq -r .body)"
id=$(jq -r '.results[] | select(.title == "Letter: the tram line should reach the hospital") | .id' "$TMP/all.json")
run "$QUERY" -d "$DB" --format json --show "$id"
check_contains "mbox >From unquoted" '
From my window I watch' "$(printf '%s' "$out" | jq -r .body)"
check_contains "mbox >>From keeps one >" '
>From the archive' "$(printf '%s' "$out" | jq -r .body)"

# ---- field filters ----------------------------------------------------------

count() { "$QUERY" -d "$DB" --count "$1"; }
check_eq "group:rec.boats (Newsgroups and the folder)" 2 "$(count 'group:rec.boats')"
check_eq "group:misc.transport.ferries" 1 "$(count 'group:misc.transport.ferries')"
check_eq "source:rec.boats (the folder)" 1 "$(count 'source:rec.boats')"
check_eq "keyword:dredging" 1 "$(count 'keyword:dredging')"
check_eq "keyword:\"winter service\"" 1 "$(count 'keyword:"winter service"')"
check_eq "author without accents" 1 "$(count 'author:"Ines Banos"')"
check_eq "title from an encoded-word" 1 "$(count 'title:bahia')"
check_eq "source from List-Id" 2 "$(count 'source:tram-users.lists.example')"
check_eq "Latin-1 body repaired" 1 "$(count 'coopérative')"
check_eq "sanctions" 1 "$(count 'sanctions')"
for word in attachedminutesword zeppelinattachmentword epiloguewordhidden htmlcopyonly \
            innermostlostword; do
    check_eq "'$word' (attachment, epilogue, html copy, too deep) not indexed" 0 "$(count "$word")"
done
path=$("$QUERY" -d "$DB" --format tsv -n 1 'group:rec.boats AND mooring' | cut -f7)
check_eq "group: and a word" "$ROOT/corpus/mail/rec.boats/5530" "$path"

# Re-running re-reads only the file whose reading failed (the cut gzip
# stream), not those whose content was bad.
run "$INDEX" -q -d "$DB" corpus/mail
check_contains "re-run writes nothing" "0 added, 0 updated, 15 unchanged, 0 removed, 1 skipped" "$err"

# --format mail forces the reader on a text file, which has no header.
run "$INDEX" -q -d "$TMP/forced.db" --format mail corpus/gonzalez-accented.txt
check_eq "forced: exit 1" 1 "$rc"
check_contains "forced: reason" "corpus/gonzalez-accented.txt: no mail header at the start" "$err"

# ---- the real corpus ----------------------------------------------------------

NG="$CORPORA/20newsgroups"
if ! [ -d "$NG/20news-bydate-train" ]; then
    skip "$NG not found"
    finish
    exit $?
fi
NDB="$TMP/news.db"
run "$INDEX" -q -d "$NDB" "$NG/20news-bydate-train" "$NG/20news-bydate-test"
check_eq "20 Newsgroups indexes cleanly" 0 "$rc"
check_eq "18846 posts, nothing skipped, no warning" \
    "morgue-index: 18846 added, 0 updated, 0 unchanged, 0 removed, 0 skipped" \
    "$(printf '%s\n' "$err" | sed 's/ in [0-9.]* s (.*//')"

run "$QUERY" -d "$NDB" --format json -n 1 'title:"Navy SciViz/VR Seminar" group:comp.graphics'
check_eq "indexed" 18846 "$(printf '%s' "$out" | jq .indexed)"
check_eq "known post: title, author, source" \
    "CALL FOR PRESENTATIONS: Navy SciViz/VR Seminar|Robert Lipman|comp.graphics|$NG/20news-bydate-train/comp.graphics/37261" \
    "$(printf '%s' "$out" | jq -r '.results[0] | "\(.title)|\(.author)|\(.source)|\(.path)"')"

# Every group's posts carry it as source and as group tag.
for g in sci.space comp.os.ms-windows.misc talk.politics.mideast; do
    n=$(find "$NG/20news-bydate-train/$g" "$NG/20news-bydate-test/$g" -type f | wc -l | tr -d ' ')
    check_eq "group:$g" "$n" "$("$QUERY" -d "$NDB" --count "group:$g")"
    check_eq "source:$g" "$n" "$("$QUERY" -d "$NDB" --count "source:\"$g\"")"
done
# A post whose first line is the tail of a cut Path header.
run "$QUERY" -d "$NDB" --format json -n 1 'title:"Radical Agnostic" author:welbon'
check_eq "post opening with a continuation line" "Re: Radical Agnostic... NOT!|alt.atheism" \
    "$(printf '%s' "$out" | jq -r '.results[0] | "\(.title)|\(.source)"')"
# 8-bit bytes in a header (UTF-8 in this copy) are kept.
check_eq "author with an umlaut" true \
    "$([ "$("$QUERY" -d "$NDB" --count 'author:"Jon Wätte"')" -gt 0 ] && echo true)"
# Dates come from X-XXDate where a post kept one (folded "17: 49:34" too).
check_eq "dated posts" 111 "$("$QUERY" -d "$NDB" --count --since 1993-01-01)"

finish
