# T03-broken-inputs - bad input is never fatal: a binary file, an empty
# file, a truncated .gz, broken JSON lines and invalid UTF-8 are skipped or
# repaired with a reason naming the input, and every good article around
# them is indexed.
. "$(dirname "$0")/lib.sh"

DB="$TMP/db"
run "$INDEX" -q -d "$DB" corpus/broken
check_eq "exit 1: some inputs skipped" 1 "$rc"
check_contains "binary file" "corpus/broken/binary.dat: binary file, not text" "$err"
check_contains "empty file" "corpus/broken/empty.txt: empty file" "$err"
check_contains "broken JSON line" "corpus/broken/mixed.jsonl:2: invalid JSON" "$err"
check_contains "array line" "corpus/broken/mixed.jsonl:4: not a JSON object" "$err"
check_contains "duplicate line" "corpus/broken/mixed.jsonl:6: same identity" "$err"
check_contains "truncated gzip" "corpus/broken/truncated.jsonl.gz: truncated gzip stream" "$err"
check_contains "repaired encoding" "corpus/broken/cp1252.txt: invalid UTF-8 decoded as Windows-1252" "$err"
check_contains "summary" "morgue-index: 6 added, 0 updated, 0 unchanged, 0 removed, 6 skipped" "$err"

# Every good article is there: 3 of mixed.jsonl, 2 of truncated, 1 cp1252.
run "$QUERY" -d "$DB" --count --since 1000-01-01
run "$QUERY" -d "$DB" --format json -n 100 --sort oldest 'date:1000..9999 OR NOT nothingmatchesthis'
check_eq "six articles" 6 "$(echo "$out" | jq '.indexed')"
run "$QUERY" -d "$DB" --format tsv -n 100 'NOT zzzzzz'
check_eq "three from mixed.jsonl" 3 "$(echo "$out" | grep -c 'mixed.jsonl')"
check_eq "two from truncated.jsonl.gz" 2 "$(echo "$out" | grep -c 'truncated.jsonl.gz')"

# The first of two lines with one id is kept (its title, not the later one's).
first_title=$(sed -n 1p corpus/broken/mixed.jsonl | jq -r .title)
check_contains "first duplicate kept" "$first_title" "$out"

# Re-running re-reads the files that had problems, reports them again and
# writes nothing.
run "$INDEX" -q -d "$DB" corpus/broken
check_eq "re-run exit 1" 1 "$rc"
check_contains "re-run writes nothing" "0 added, 0 updated, 6 unchanged" "$err"

# Binary or text is decided by proportions: a short text with two stray
# NULs is read with the NULs dropped; an executable's head and compressed
# data without a gzip header (as in a zip) are still binary, whatever their
# names say.
mkdir "$TMP/nul"
printf 'Nul report\n\nA caracas\0dispatch with\0NUL bytes in it, a real article otherwise.\n' \
    >"$TMP/nul/stray.txt"
head -c 4096 "$(command -v sh)" >"$TMP/nul/elf.txt"
cat corpus/*.txt | gzip -9 | tail -c +11 | head -c 1500 >"$TMP/nul/deflate.txt"
run "$INDEX" -q -d "$TMP/dbnul" "$TMP/nul"
check_eq "stray NULs: exit 1 for the binaries" 1 "$rc"
check_not_contains "stray NULs: read as text" "$TMP/nul/stray.txt: binary" "$err"
check_contains "stray NULs: dropped" "$TMP/nul/stray.txt: control characters dropped" "$err"
check_contains "executable: binary" "$TMP/nul/elf.txt: binary file, not text" "$err"
check_contains "deflate data: binary" "$TMP/nul/deflate.txt: binary file, not text" "$err"
check_contains "stray NULs: one added" "1 added, 0 updated, 0 unchanged, 0 removed, 2 skipped" "$err"
run "$QUERY" -d "$TMP/dbnul" --format tsv 'title:nul'
check_contains "stray NULs: the article found" "Nul report" "$out"

# A missing path is reported and the rest indexed.
run "$INDEX" -q -d "$TMP/db2" "$TMP/no-such-file" corpus/gonzalez-accented.txt
check_eq "missing path: exit 1" 1 "$rc"
check_contains "missing path named" "$TMP/no-such-file: No such file or directory" "$err"
check_contains "the rest indexed" "1 added" "$err"

# Usage errors exit 2.
run "$INDEX" -d "$TMP/db3"
check_eq "no PATH: exit 2" 2 "$rc"
run "$INDEX" --no-such-option x
check_eq "unknown option: exit 2" 2 "$rc"
run "$INDEX" --format nosuch -d "$TMP/db3" corpus/
check_eq "unknown format: exit 2" 2 "$rc"
check_contains "unknown format named" "unknown format 'nosuch'" "$err"
run "$INDEX" --language klingon -d "$TMP/db4" corpus/
check_eq "unknown language: exit 2" 2 "$rc"
check_contains "unknown language named" "klingon" "$err"

finish
