#!/bin/sh
# eval.sh BUILD IRDEV - ranking quality of morgue against two peers on the
# IR test collections of IRDEV (cran/ and cisi/ in SMART format; see
# bench/README-eval.md). Run by `make eval`.
#
# For each collection, the same documents go into three engines: morgue
# (morgue-index on JSON Lines), Xapian (scriptindex; searched with quest:
# BM25 and the QueryParser, English stemming, default operator OR) and
# SQLite FTS5 (porter unicode61, bm25 rank, the query words OR'd). The same
# queries, lower-cased with punctuation turned into spaces, go to each, top
# 1000 results. BUILD/bench/evalmetrics scores every run against the
# collection's relevance judgments. morgue runs once per ranking in
# $EVAL_RANKS (each a --rank value; "default" is the ranking morgue-query
# uses without --rank), the changes of bench/README-eval.md one on top of
# the other, and once more with the default ranking on a second index made
# with the Porter stemmer instead of Snowball's English one.
#
# Prints one table (collection x system: MAP, P@10, nDCG@10, and MAP and
# P@10 as ratios to the better baseline on that collection, the one with
# the higher MAP) and writes it with the machine's description to
# bench/results/eval-DATE.json. Work files go to BUILD/eval/.
# Needs: scriptindex (xapian-omega), quest (xapian-tools), sqlite3, jq.
set -eu

build=${1:?usage: eval.sh BUILD IRDEV}
irdev=${2:?usage: eval.sh BUILD IRDEV}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
case "$build" in /*) ;; *) build="$root/$build" ;; esac
irdev=$(cd "$irdev" && pwd)
: "${EVAL_RANKS:=bm25 tuned tuned,stopwords default default,proximity}"
TOP=1000
work="$build/eval"
metrics="$build/bench/evalmetrics"

for tool in scriptindex quest sqlite3 jq "$build/morgue-index" "$build/morgue-query" "$metrics"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "eval.sh: $tool is missing (make eval installs it)" >&2; exit 2; }
done
[ -r "$irdev/cran/cran.all.1400" ] && [ -r "$irdev/cisi/CISI.ALL" ] ||
    { echo "eval.sh: $irdev has no cran/ and cisi/ collections" >&2; exit 2; }

# ---- preparing a collection: docs.tsv, queries.tsv, qrels.txt -------------

# prepare NAME DOCS QUERIES RENUMBER: the documents (id, title, author,
# body) and the queries of one collection in $dir.
prepare() {
    awk -f "$here/eval/smart-docs.awk" "$2" >"$dir/docs.tsv"
    awk -v renumber="$4" -f "$here/eval/smart-queries.awk" "$3" >"$dir/queries.tsv"
    # JSON Lines for morgue (the url carries the SMART id back out of
    # morgue-query's tsv listing) and a JSON array for SQLite.
    jq -R -c --arg coll "$1" 'split("\t") | {
            id: .[0], url: ("ir-dev:" + $coll + "/" + .[0]),
            title: (if .[1] == "" then null else .[1] end),
            author: (if .[2] == "" then null else .[2] end),
            body: .[3] }' "$dir/docs.tsv" >"$dir/docs.jsonl"
    jq -s -c . "$dir/docs.jsonl" >"$dir/docs.json"
    # scriptindex's dump format: name=value lines, a blank line after each.
    awk -F '\t' '{ printf "id=%s\ntitle=%s\nbody=%s\n\n", $1, $2, $4 }' \
        "$dir/docs.tsv" >"$dir/docs.dump"
}

# qrels: "QID DOCID GAIN", each pair once. cranqrel grades 1 (a complete
# answer) to 4 (of minimum interest) give gains 4 to 1. Its one -1 line per
# query names the question's source document (Cranfield questions were
# written by the authors of a paper in the collection, about it): relevant,
# with gain 4, as in the reference figures, which count it. CISI.REL is
# binary: every listed pair has gain 1.
qrels_cran() { awk '!seen[$1 " " $2]++ { g = ($3 >= 1 && $3 <= 4) ? 5 - $3 : 4; print $1, $2, g }' "$1"; }
qrels_cisi() { awk '!seen[$1 " " $2]++ { print $1, $2, 1 }' "$1"; }

# ---- the three engines -------------------------------------------------------

index_all() {
    rm -rf "$dir/morgue.db" "$dir/morgue-porter.db" "$dir/xapian.db" "$dir/fts5.db"
    # Exit status 1 only means some input was skipped (the empty records).
    "$build/morgue-index" -q -d "$dir/morgue.db" "$dir/docs.jsonl" 2>"$dir/morgue-index.log" ||
        [ $? -eq 1 ] || { cat "$dir/morgue-index.log" >&2; exit 2; }
    "$build/morgue-index" -q --language porter -d "$dir/morgue-porter.db" "$dir/docs.jsonl" \
        2>"$dir/morgue-index.log" || [ $? -eq 1 ] || { cat "$dir/morgue-index.log" >&2; exit 2; }
    scriptindex --overwrite "$dir/xapian.db" "$here/eval/xapian.script" "$dir/docs.dump" \
        >"$dir/scriptindex.log"
    (cd "$dir" && sqlite3 fts5.db <"$here/eval/fts5-load.sql")
}

# Each run_* writes "QID DOCID" lines, best first, for every query.
# run_morgue RANK [INDEX]
run_morgue() {
    while IFS="$(printf '\t')" read -r qid text; do
        "$build/morgue-query" -d "$dir/${2:-morgue.db}" --rank "$1" --any -n "$TOP" \
            --format tsv -- "$text" </dev/null |
            awk -F '\t' -v q="$qid" '{ n = split($7, p, "/"); print q, p[n] }' || true
    done <"$dir/queries.tsv"
}

run_xapian() {
    while IFS="$(printf '\t')" read -r qid text; do
        quest -d "$dir/xapian.db" -s english -o or -m "$TOP" -- "$text" </dev/null |
            awk -v q="$qid" 'sub(/^id=/, "") { print q, $0 }'
    done <"$dir/queries.tsv"
}

run_fts5() {
    awk -F '\t' -v top="$TOP" '{
            n = split($2, w, " "); m = ""
            for (i = 1; i <= n; i++) m = m (i > 1 ? " OR " : "") "\"" w[i] "\""
            gsub(/\x27/, "\x27\x27", m)
            printf "SELECT %d, id FROM doc WHERE doc MATCH \x27%s\x27 ORDER BY rank LIMIT %d;\n", $1, m, top
        }' "$dir/queries.tsv" >"$dir/fts5-queries.sql"
    sqlite3 -separator ' ' "$dir/fts5.db" <"$dir/fts5-queries.sql"
}

# ---- scoring and the table ---------------------------------------------------

rows="$work/rows.tsv"   # collection, system, MAP, P@10, nDCG@10, queries

# score SYSTEM RUNFILE: one row of $rows.
score() {
    set -- "$1" $("$metrics" "$dir/qrels.txt" "$2")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$coll" "$1" "$2" "$3" "$4" "$5" >>"$rows"
}

evaluate() {
    coll=$1
    dir="$work/$coll"
    mkdir -p "$dir"
    prepare "$@"
    "qrels_$coll" "$5" >"$dir/qrels.txt"
    rm -f "$dir"/run-*.txt
    index_all
    run_xapian >"$dir/run-xapian.txt"
    score "xapian-bm25" "$dir/run-xapian.txt"
    run_fts5 >"$dir/run-fts5.txt"
    score "fts5-bm25" "$dir/run-fts5.txt"
    for rank in $EVAL_RANKS; do
        run_morgue "$rank" >"$dir/run-morgue-$rank.txt"
        score "morgue --rank $rank" "$dir/run-morgue-$rank.txt"
    done
    run_morgue default morgue-porter.db >"$dir/run-morgue-porter.txt"
    score "morgue, Porter stemmer" "$dir/run-morgue-porter.txt"
}

mkdir -p "$work"
: >"$rows"
evaluate cran "$irdev/cran/cran.all.1400" "$irdev/cran/cran.qry" 1 "$irdev/cran/cranqrel"
evaluate cisi "$irdev/cisi/CISI.ALL" "$irdev/cisi/CISI.QRY" 0 "$irdev/cisi/CISI.REL"

# Ratios to the better baseline (the higher MAP) of each collection.
awk -F '\t' '
    { row[NR] = $0; c[NR] = $1; s[NR] = $2; map[NR] = $3; p10[NR] = $4 }
    $2 ~ /^(xapian|fts5)-/ && $3 > best[$1] { best[$1] = $3; bestp[$1] = $4; bname[$1] = $2 }
    END {
        printf "%-5s %-32s %7s %7s %8s %9s %9s  %s\n", "coll", "system", "MAP", "P@10", "nDCG@10",
               "MAP/best", "P10/best", "queries"
        for (i = 1; i <= NR; i++) {
            split(row[i], f, "\t")
            printf "%-5s %-32s %7.4f %7.4f %8.4f %9.3f %9.3f  %s\n", f[1], f[2], f[3], f[4], f[5],
                   f[3] / best[f[1]], (bestp[f[1]] > 0 ? f[4] / bestp[f[1]] : 0), f[6]
        }
        for (k in bname) printf "better baseline on %s: %s\n", k, bname[k]
    }' "$rows" | tee "$work/table.txt"

mkdir -p "$root/bench/results"
out="$root/bench/results/eval-$(date +%Y-%m-%d).json"
jq -R -n --arg uname "$(uname -srm)" --arg nproc "$(nproc)" \
    --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg top "$TOP" '
    [inputs | split("\t") | { collection: .[0], system: .[1], map: (.[2] | tonumber),
        p10: (.[3] | tonumber), ndcg10: (.[4] | tonumber), queries: (.[5] | tonumber) }] as $rows
    | ($rows | map(select(.system | test("^(xapian|fts5)-"))) | group_by(.collection)
        | map(max_by(.map)) | map({ key: .collection, value: . }) | from_entries) as $best
    | { date: $date, machine: { uname: $uname, nproc: ($nproc | tonumber) },
        depth: ($top | tonumber),
        results: [$rows[] | . + { map_ratio: (.map / $best[.collection].map),
                                  p10_ratio: (.p10 / $best[.collection].p10),
                                  better_baseline: $best[.collection].system }] }' \
    "$rows" >"$out"
echo "written: ${out#"$root"/}"
