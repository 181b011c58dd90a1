# T78-id-collisions - two files that give the same source id: the second
# replaces the first's article, and morgue-index says so with both places
# ("path:LINE: same id as OTHER:LINE; replaces it") and counts it in the
# summary (", N replaced from other files", left out when there are none);
# a re-read of a changed file stays silent. --ids per-file makes the file
# part of the identity, so both are kept; the scope is the index's, and a
# run asking for the other one is refused.
. "$(dirname "$0")/lib.sh"

rows() {   # rows FILE WORD: three JSONL articles numbered 1, 2, 3
    for i in 1 2 3; do
        printf '{"id": %d, "title": "%s row %d", "body": "%s text %d"}\n' "$i" "$2" "$i" "$2" "$i"
    done >"$1"
}
A="$TMP/a.jsonl" B="$TMP/b.jsonl"
rows "$A" walrus
rows "$B" narwhal
AREAL=$(cd "$TMP" && pwd -P)/a.jsonl

for jobs in 1 2; do
    db="$TMP/global$jobs.db"
    run "$INDEX" -q -j "$jobs" -d "$db" "$A" "$B"
    check_eq "-j $jobs: colliding ids are no error" 0 "$rc"
    check_contains "-j $jobs: the collision is reported with both places" \
        "$B:2: same id as $AREAL:2; replaces it" "$err"
    check_eq "-j $jobs: one warning per collision" 3 "$(printf '%s\n' "$err" | grep -c 'same id as')"
    check_contains "-j $jobs: and counted in the summary" \
        "3 added, 3 updated, 0 unchanged, 0 removed, 0 skipped, 3 replaced from other files in" "$err"
    run "$QUERY" -d "$db" --count walrus
    check_eq "-j $jobs: the first file's articles were replaced" 0 "$out"
done

# A changed file re-read replaces its own articles: no warning, no count.
db="$TMP/global1.db"
rows "$B" orca
run "$INDEX" -q -d "$db" "$B"
check_not_contains "an update from the same file is silent" "same id as" "$err"
check_contains "and the summary line is the usual one" \
    "0 added, 3 updated, 0 unchanged, 0 removed, 0 skipped in" "$err"
rows "$B" narwhal

# More than ten collisions in one file: the usual "... and N more".
for i in $(seq 1 14); do printf '{"id": %d, "body": "seal %d"}\n' "$i" "$i"; done >"$TMP/c.jsonl"
for i in $(seq 1 14); do printf '{"id": %d, "body": "otter %d"}\n' "$i" "$i"; done >"$TMP/d.jsonl"
run "$INDEX" -q -d "$TMP/many.db" "$TMP/c.jsonl" "$TMP/d.jsonl"
check_eq "ten collisions shown" 10 "$(printf '%s\n' "$err" | grep -v 'more like this' | grep -c ': same id as')"
check_contains "the rest summed up" "... and 4 more like this: same id as" "$err"
check_contains "all counted" "14 replaced from other files" "$err"

# --ids per-file: each file numbers its own rows.
db="$TMP/per-file.db"
run "$INDEX" -q --ids per-file -d "$db" "$A" "$B"
check_eq "per-file ids: exit 0" 0 "$rc"
check_not_contains "per-file ids: no collision" "same id as" "$err"
check_contains "per-file ids: all six added" "6 added, 0 updated" "$err"
run "$QUERY" -d "$db" --count walrus
check_eq "per-file ids: the first file's rows are kept" 3 "$out"
run "$QUERY" -d "$db" --count narwhal
check_eq "per-file ids: and the second's" 3 "$out"
# The scope is the index's: kept without the option, the other refused.
rows "$A" beluga
run "$INDEX" -q -d "$db" "$A"
check_contains "a later run keeps per-file ids" "0 added, 3 updated" "$err"
check_not_contains "and reports no collision" "same id as" "$err"
run "$INDEX" -q --ids global -d "$db" "$A"
check_eq "asking for the other scope is refused" 2 "$rc"
check_contains "saying why" "identifies articles by their file and source id (--ids per-file); rebuild it" "$err"
run "$INDEX" -q --ids per-file -d "$TMP/global1.db" "$A"
check_eq "and the other way round" 2 "$rc"
check_contains "saying why" "by their source id alone (--ids global)" "$err"
run "$INDEX" -q --ids local -d "$TMP/x.db" "$A"
check_eq "an unknown scope is a usage error" 2 "$rc"
check_contains "naming the values" "--ids takes global or per-file, not 'local'" "$err"

# The Spanish Fake News Corpus: three workbooks, each numbering its rows
# from 1. Converted to CSV with Python's standard library (an .xlsx is a
# zip of XML): morgue reads no workbooks.
SPANISH="$CORPORA/spanish-fake-news-corpus"
if ! have_shared || [ ! -d "$SPANISH" ]; then
    skip "no ../shared/corpora/spanish-fake-news-corpus"
elif ! command -v python3 >/dev/null 2>&1; then
    skip "no python3 to read the workbooks"
else
    mkdir "$TMP/es"
    python3 - "$SPANISH" "$TMP/es" <<'PY'
import csv, sys, zipfile, xml.etree.ElementTree as ET
NS = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
def column(ref):
    n = 0
    for ch in ref:
        if ch.isalpha():
            n = n * 26 + ord(ch.upper()) - 64
    return n - 1
for name in ('train', 'development', 'test'):
    z = zipfile.ZipFile('%s/%s.xlsx' % (sys.argv[1], name))
    shared = [''.join(t.text or '' for t in si.iter(NS + 't'))
              for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(NS + 'si')]
    out = csv.writer(open('%s/%s.csv' % (sys.argv[2], name), 'w', newline=''))
    for row in ET.fromstring(z.read('xl/worksheets/sheet1.xml')).iter(NS + 'row'):
        cells = []
        for c in row.iter(NS + 'c'):
            v = c.find(NS + 'v')
            text = v.text if v is not None else ''.join(t.text or '' for t in c.iter(NS + 't'))
            if c.get('t') == 's':
                text = shared[int(text)]
            i = column(c.get('r'))
            cells += [''] * (i + 1 - len(cells))
            cells[i] = text or ''
        out.writerow(cells)
PY
    run "$INDEX" -q -d "$TMP/es-global.db" "$TMP/es/train.csv" "$TMP/es/development.csv" \
        "$TMP/es/test.csv"
    global=$(printf '%s\n' "$err" | tail -1)
    echo "$_name: spanish, global ids: $global" >&2
    check_contains "spanish: collisions are reported" "development.csv:2: same id as" "$err"
    check_contains "spanish: and counted" "replaced from other files" "$err"
    # Every update is a collision: the three files are read once each.
    updated=$(echo "$global" | sed -n 's/.* added, \([0-9]*\) updated.*/\1/p')
    check_contains "spanish: every update replaced another file's row" \
        ", $updated replaced from other files" "$global"
    added=$(echo "$global" | sed -n 's/.*: \([0-9]*\) added.*/\1/p')
    run "$INDEX" -q --ids per-file -d "$TMP/es-per-file.db" "$TMP/es/train.csv" \
        "$TMP/es/development.csv" "$TMP/es/test.csv"
    echo "$_name: spanish, per-file ids: $(printf '%s\n' "$err" | tail -1)" >&2
    check_contains "spanish: per-file ids keep every row" \
        "$((added + updated)) added, 0 updated" "$err"
    check_not_contains "spanish: with no collision" "same id as" "$err"
fi

finish
