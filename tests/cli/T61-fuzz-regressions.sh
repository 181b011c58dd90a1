# T61-fuzz-regressions - every input the fuzzers (fuzz/, make fuzz) found
# a crash with, and every seed they start from, runs cleanly through the
# harness built without libFuzzer ($MORGUE_BUILD/fuzz/NAME-replay): under
# build/asan that means no sanitizer report either. Then the behaviour each
# fix gives, through the real indexer.
. "$(dirname "$0")/lib.sh"
. fuzz/seeds.sh

for name in $(fuzz_harnesses); do
    bin="$MORGUE_BUILD/fuzz/$name-replay"
    if [ ! -x "$bin" ]; then
        fail "$bin is missing"
        continue
    fi
    regress=""
    [ -d "tests/fuzz/$name" ] && regress="tests/fuzz/$name"
    run "$bin" $(fuzz_seeds "$name") $regress
    check_eq "$name replays its seeds and regression fixtures" 0 "$rc"
    check_contains "$name ran inputs" " inputs" "$err"
done

# reader_mail: a Newsgroups header and a Message-ID with bytes that are not
# UTF-8 gave a source, group tags and an id that were not UTF-8 either;
# they are repaired (Windows-1252) like every other field.
DB="$TMP/mail.db"
run "$INDEX" -q -d "$DB" --format mail tests/fuzz/reader_mail/newsgroups-invalid-utf8
check_eq "mail: invalid Newsgroups indexed" 0 "$rc"
run "$QUERY" -d "$DB" --format json 'NOT nothingmatchesthis'
check_eq "mail: Newsgroups repaired into the source" "ÿ" "$(echo "$out" | jq -r '.results[0].source')"
run "$INDEX" -q -d "$DB" --format mail tests/fuzz/reader_mail/message-id-invalid-utf8
check_eq "mail: invalid Message-ID indexed" 0 "$rc"

# reader_warc: a WARC-Target-URI with bytes that are not UTF-8 gave an url
# and id that were not; a host longer than 255 bytes was cut inside a UTF-8
# character for the source.
DB="$TMP/warc.db"
run "$INDEX" -q -d "$DB" --format warc tests/fuzz/reader_warc/long-host-cut-in-utf8
check_eq "warc: long host indexed" 0 "$rc"
run "$QUERY" -d "$DB" --format json ferry
source=$(echo "$out" | jq -r '.results[0].source')
check_eq "warc: host cut before its first non-ASCII character" 254 "${#source}"
run "$INDEX" -q -d "$TMP/warc2.db" --format warc tests/fuzz/reader_warc/target-uri-invalid-utf8
check_contains "warc: invalid target URI read" "morgue-index:" "$err"

# reader_html: a page whose body was the best candidate crashed the
# main-text extraction (climbing past the root element); now it is read
# and reported like any page without article text.
run "$INDEX" -q -d "$TMP/html.db" --format html tests/fuzz/reader_html/body-is-best-candidate
check_eq "html: body as the best candidate: skipped, not a crash" 1 "$rc"
check_contains "html: reported" "body-is-best-candidate: no article text in the page" "$err"

finish
