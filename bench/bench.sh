#!/bin/sh
# bench.sh BUILD CORPORA - speed and size of morgue against two peers on the
# same articles: Xapian's own indexer (scriptindex, from xapian-omega) and
# SQLite FTS5. Run by `make bench`; a program that prints figures, not a
# test: nothing here passes or fails on a timing.
#
# Articles: the BBC, Reuters-21578 and 20 Newsgroups corpora of CORPORA,
# converted once by BUILD/bench/mkcorpus into one JSON Lines file (id,
# title, date, source, body; a fixed shuffled order) that every engine
# reads: morgue-index directly, scriptindex through bench/bench/scriptindex.jq
# (the conversion is not timed), FTS5 through bench/bench/fts5.sql.
#
# Ingestion: each engine builds its index $BENCH_RUNS times (default 3), the
# engines taking turns so that noise from other processes falls on all of
# them; wall time and peak RSS (/usr/bin/time) are the medians of the runs.
# Index size: du -sb as built, then after each engine's own compaction
# (xapian-compact for both Xapian indexes, morgue's included; VACUUM for
# FTS5, whose load already ends with 'optimize').
#
# Queries: BUILD/bench/querybench draws $BENCH_QUERIES (default 500)
# distinct one-to-three-word queries from the article titles (fixed seed,
# generated at run time from the JSON Lines) and times them warm, top 10,
# all words required: morgue through libmorgue (with and without snippets)
# and through morgue-query, Xapian through lib/xbind.h on the same index,
# and FTS5 (MATCH ... ORDER BY rank LIMIT 10), over $BENCH_QUERY_ROUNDS
# rounds (default 7); Xapian's mode is timed twice, apart, to show the noise.
# The same queries also run as processes: one morgue-query per query, one
# Xapian quest per query (when installed), and all of them in one
# morgue-query --queries process (timed once a round).
#
# Where a first build's time goes: BUILD/bench/buildcost, in the same
# turns as the engines, with positions and without: morgue_db_put on the
# articles already parsed in memory (morgue-index without its reader), and
# the documents built on as many threads but not written; the difference
# is Xapian's writes.
#
# How cost grows: one run of each engine at each size of $BENCH_SCALES
# (default "10000 20000 40000 4x": the first N articles of the shuffled
# file, and the whole set four times over with distinct ids), with the
# peers of $BENCH_SCALE_PEERS (default "scriptindex fts5"), one query round.
#
# Output: the tables on stdout, the figures with the date and the machine's
# description in bench/results/bench-DATE.json, and the tables in
# bench/README.md between its "bench:begin" and "bench:end" markers.
# BENCH_ARTICLES=N uses the first N articles only (a quick check of the
# harness, not a result: its figures stay in BUILD/benchdata/bench-check.json). Work files go to BUILD/benchdata/ (the converted articles are kept there
# and reused while mkcorpus is unchanged).
set -eu

build=${1:?usage: bench.sh BUILD CORPORA}
corpora=${2:?usage: bench.sh BUILD CORPORA}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
case "$build" in /*) ;; *) build="$root/$build" ;; esac
corpora=$(cd "$corpora" && pwd)
runs=${BENCH_RUNS:-3}
nqueries=${BENCH_QUERIES:-500}
scales=${BENCH_SCALES-10000 20000 40000 4x}
scale_peers=${BENCH_SCALE_PEERS-scriptindex fts5}
work="$build/benchdata"
results="$here/results"
mkcorpus="$build/bench/mkcorpus"
querybench="$build/bench/querybench"
buildcost="$build/bench/buildcost"
query_rounds=${BENCH_QUERY_ROUNDS:-7}
started=$(date +%s)

say() { printf 'bench.sh: %s\n' "$*" >&2; }

# ---- what is needed -------------------------------------------------------

missing=""
for tool in jq /usr/bin/time du "$build/morgue-index" "$build/morgue-query" "$mkcorpus" "$querybench" "$buildcost"; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    say "missing:$missing (make bench builds and installs them; /usr/bin/time is Debian's time)"
    exit 2
fi
for dir in bbc-news/bbc reuters21578/reuters21578 20newsgroups/20news-bydate-train; do
    [ -d "$corpora/$dir" ] || { say "$corpora has no $dir"; exit 2; }
done
peers=""
if command -v scriptindex >/dev/null 2>&1 && command -v xapian-compact >/dev/null 2>&1 &&
   command -v xapian-delve >/dev/null 2>&1; then
    peers="scriptindex"
else
    for tool in scriptindex xapian-compact xapian-delve; do
        command -v "$tool" >/dev/null 2>&1 ||
            say "missing $tool (Debian: $( [ "$tool" = scriptindex ] && echo xapian-omega || echo xapian-tools )): no scriptindex figures"
    done
fi
if command -v sqlite3 >/dev/null 2>&1; then
    peers="$peers fts5"
else
    say "missing sqlite3 (Debian: sqlite3): no FTS5 figures"
fi
command -v xapian-compact >/dev/null 2>&1 && compactor=yes || compactor=no
# morgue: morgue-index as it comes, a first build on every core (shards
# merged by compaction), an index without word positions; morgue-pos:
# --positions, the layout for archives searched by phrase; morgue-j1:
# --jobs 1, all on one thread, beside it to show what the shards buy.
engines="morgue morgue-pos morgue-j1 $peers"
scale_engines="morgue"
for p in $scale_peers; do
    case " $peers " in *" $p "*) scale_engines="$scale_engines $p" ;; esac
done

mkdir -p "$work" "$results"

# ---- the articles ---------------------------------------------------------

# articles FILE [--repeat K]: the converted corpus, made once.
articles() {
    out=$1
    shift
    if [ ! -s "$out" ] || [ "$mkcorpus" -nt "$out" ]; then
        say "converting the corpora into $out"
        "$mkcorpus" "$@" "$corpora" "$out.tmp" 2>"$out.log" || { cat "$out.log" >&2; exit 1; }
        mv "$out.tmp" "$out"
    fi
}

# scriptindex's input for FILE.jsonl: FILE.si, made once.
dump_for() {
    si="${1%.jsonl}.si"
    if [ ! -s "$si" ] || [ "$1" -nt "$si" ]; then
        jq -r -f "$here/bench/scriptindex.jq" "$1" >"$si.tmp"
        mv "$si.tmp" "$si"
    fi
}

# BENCH_ARTICLES=N: only the first N articles, for a quick check of the harness.
if [ -n "${BENCH_ARTICLES:-}" ]; then
    limit="--limit $BENCH_ARTICLES" tag="-first$BENCH_ARTICLES"
else
    limit="" tag=""
fi
corpus="$work/articles$tag.jsonl"
articles "$corpus" $limit
corpus_n=$(wc -l <"$corpus" | tr -d ' ')
corpus_bytes=$(wc -c <"$corpus" | tr -d ' ')
case " $peers " in *" scriptindex "*) dump_for "$corpus" ;; esac

# ---- building an index, timed ---------------------------------------------

# make_index ENGINE JSONL DEST: build DEST (removed first) from JSONL; prints
# {"wall_s":..,"rss_kb":..,"cpu_s":..} on stdout (cpu_s: user + system time).
make_index() {
    engine=$1 jsonl=$2 dest=$3
    rm -rf "$dest" "$dest.sql" "$dest.log"
    tf="$dest.time"
    case $engine in
    morgue|morgue-pos|morgue-j1)
        case $engine in
        morgue-j1) set -- --jobs 1 ;;
        morgue-pos) set -- --positions ;;
        *) set -- ;;
        esac
        # Exit status 1: some article was skipped (reported on stderr).
        /usr/bin/time -f '%e %M %U %S' -o "$tf" "$build/morgue-index" -q "$@" \
            --db "$dest" "$jsonl" 2>"$dest.log" ||
            [ $? -eq 1 ] || { cat "$dest.log" >&2; say "morgue-index failed on $jsonl"; exit 1; } ;;
    scriptindex)
        /usr/bin/time -f '%e %M %U %S' -o "$tf" scriptindex --stemmer=english "$dest" \
            "$here/bench/scriptindex.script" "${jsonl%.jsonl}.si" >/dev/null 2>"$dest.log" ||
            { cat "$dest.log" >&2; say "scriptindex failed on $jsonl"; exit 1; } ;;
    fts5)
        mkdir -p "$dest"
        sed "s|@ARTICLES@|$jsonl|" "$here/bench/fts5.sql" >"$dest.sql"
        /usr/bin/time -f '%e %M %U %S' -o "$tf" sqlite3 "$dest/articles.sqlite" ".read $dest.sql" \
            2>"$dest.log" || { cat "$dest.log" >&2; say "sqlite3 failed on $jsonl"; exit 1; } ;;
    esac
    tail -n 1 "$tf" | {
        read -r wall rss user sys
        jq -nc --argjson w "$wall" --argjson r "$rss" --argjson u "$user" --argjson s "$sys" \
            '{wall_s: $w, rss_kb: $r, cpu_s: ($u + $s)}'
    }
}

# finish ENGINE DEST COMPACT(yes|no): the index's size, its size after the
# engine's compaction (timed), and how many articles it holds, as JSON.
finish() {
    engine=$1 dest=$2 compact=$3
    size=$(du -sb "$dest" | cut -f1)
    csize=null ctime=null tables=null
    case $engine in
    morgue|morgue-pos|morgue-j1|scriptindex)
        docs=$(xapian-delve "$dest" 2>/dev/null | sed -n 's/^number of documents = //p')
        if [ "$compact" = yes ] && [ "$compactor" = yes ]; then
            rm -rf "$dest.compact"
            t0=$(date +%s.%N)
            xapian-compact "$dest" "$dest.compact" >/dev/null
            ctime=$(echo "$(date +%s.%N) $t0" | awk '{printf "%.2f", $1 - $2}')
            csize=$(du -sb "$dest.compact" | cut -f1)
            # Where the bytes are: each Xapian table of the compacted index.
            tables=$(for t in "$dest.compact"/*.glass; do
                         printf '%s %s\n' "$(basename "$t" .glass)" "$(stat -c %s "$t")"
                     done | jq -Rn '[inputs | split(" ") | {(.[0]): (.[1] | tonumber)}] | add')
            rm -rf "$dest.compact"
        fi ;;
    fts5)
        docs=$(sqlite3 "$dest/articles.sqlite" 'SELECT count(*) FROM articles')
        if [ "$compact" = yes ]; then
            t0=$(date +%s.%N)
            sqlite3 "$dest/articles.sqlite" 'VACUUM'
            ctime=$(echo "$(date +%s.%N) $t0" | awk '{printf "%.2f", $1 - $2}')
            csize=$(du -sb "$dest" | cut -f1)
        fi ;;
    esac
    jq -n --argjson s "$size" --argjson c "$csize" --argjson t "$ctime" --argjson d "${docs:-null}" \
        --argjson tb "$tables" \
        '{index_bytes: $s, compact_bytes: $c, compact_s: $t, docs: $d, compact_tables: $tb}'
}

# queries JSONL DIR ROUNDS: the query figures on DIR's indexes, as JSON.
queries() {
    jsonl=$1 dir=$2 rounds=$3
    "$querybench" queries --count "$nqueries" "$jsonl" >"$dir/queries.txt"
    set -- --rounds "$rounds" --cli "$build/morgue-query" --detail "$dir/queries-detail.tsv"
    [ -e "$dir/fts5/articles.sqlite" ] && set -- "$@" --fts5 "$dir/fts5/articles.sqlite"
    # Xapian's quest (xapian-tools), when installed: the peer's process cost
    command -v quest >/dev/null && set -- "$@" --quest quest
    "$querybench" run "$@" "$dir/morgue" "$dir/queries.txt"
}

# The median of an array of numbers, for jq programs.
jq_median='def median: sort | if length % 2 == 1 then .[length / 2 | floor]
                           else (.[length / 2 - 1] + .[length / 2]) / 2 end;'

# summary ENGINE RUNS.jsonl FINISH.json ARTICLES BYTES: the medians.
summary() {
    jq -s --slurpfile fin "$3" --argjson n "$4" --argjson b "$5" "$jq_median"'
        (map(.wall_s) | median) as $w
        | {runs: ., wall_s: $w, rss_kb: (map(.rss_kb) | median), cpu_s: (map(.cpu_s) | median),
           articles_per_s: ($n / $w), mb_per_s: ($b / 1e6 / $w)} + $fin[0]' "$2"
}

# ---- the corpus: every engine, $runs times --------------------------------

main="$work/main"
rm -rf "$main"
mkdir -p "$main"
say "ingestion: $corpus_n articles, $runs run(s) of: $engines"
# Where a first build's time goes (bench/buildcost.c), in the same turns:
# morgue's build without its reader, and the documents built but not
# written, with positions and without.
cost_run() {   # cost_run positions|nopos: one buildcost run, as JSON
    rm -rf "$main/cost"
    mkdir -p "$main/cost"
    [ "$1" = nopos ] && set -- --no-positions || set --
    "$buildcost" "$@" "$corpus" "$main/cost" 2>"$main/cost.log" ||
        { cat "$main/cost.log" >&2; say "buildcost failed"; exit 1; }
    rm -rf "$main/cost"
}
for run in $(seq 1 "$runs"); do
    for e in $engines; do
        make_index "$e" "$corpus" "$main/$e" >>"$main/$e.runs"
        say "  run $run $e: $(tail -n 1 "$main/$e.runs" | jq -c .)"
    done
    for layout in positions nopos; do
        cost_run "$layout" >>"$main/cost-$layout.runs"
        say "  run $run buildcost $layout: $(tail -n 1 "$main/cost-$layout.runs")"
    done
done
for e in $engines; do
    finish "$e" "$main/$e" yes >"$main/$e.finish"
    summary "$e" "$main/$e.runs" "$main/$e.finish" "$corpus_n" "$corpus_bytes" >"$main/$e.json"
done
for layout in positions nopos; do
    jq -s "$jq_median"'
        . as $runs | .[0] | with_entries(
            .key as $k | if (.value | type) == "number" and $k != "articles" and $k != "jobs"
                         then .value = ($runs | map(.[$k]) | median) else . end)
        | . + {runs: $runs}' "$main/cost-$layout.runs"
done | jq -s '{positions: .[0], nopos: .[1]}' >"$main/buildcost.json"
say "queries: $nqueries, $query_rounds round(s)"
queries "$corpus" "$main" "$query_rounds" >"$main/queries.json"
# Phrases: the queries of two or three words, quoted, with positions and
# without (where each candidate is checked on its stored article).
grep ' ' "$main/queries.txt" | sed 's/.*/"&"/' >"$main/phrases.txt"
say "phrases: $(wc -l <"$main/phrases.txt" | tr -d ' ') queries, 1 round, on morgue and morgue-pos"
for e in morgue morgue-pos; do
    "$querybench" run --rounds 1 "$main/$e" "$main/phrases.txt" |
        jq -c --arg e "$e" '{($e): .modes.morgue_lib}'
done | jq -s --argjson n "$(wc -l <"$main/phrases.txt")" '{queries: $n} + add' >"$main/phrases.json"

# ---- re-runs: unchanged, and 1% more -------------------------------------

# The articles as 100 files: morgue indexes 99, runs again on the same
# files (nothing changed: every file is skipped by size and time), then
# runs with the 100th added (1% new articles). Each run once, timed.
incdir="$work/incremental"
rm -rf "$incdir"
mkdir -p "$incdir/files"
split -n l/100 -d -a 3 --additional-suffix=.jsonl "$corpus" "$incdir/part-"
mv "$incdir"/part-0[0-9][0-9].jsonl "$incdir/files/"
mv "$incdir/files/part-099.jsonl" "$incdir/"
inc_run() {   # inc_run NAME: index $incdir/files into $incdir/db, timed
    /usr/bin/time -f '%e %M %U %S' -o "$incdir/$1.time" "$build/morgue-index" -q \
        --db "$incdir/db" "$incdir/files" 2>"$incdir/$1.log" ||
        [ $? -eq 1 ] || { cat "$incdir/$1.log" >&2; say "morgue-index failed ($1)"; exit 1; }
    tail -n 1 "$incdir/$1.time" | {
        read -r wall rss user sys
        jq -nc --arg r "$1" --argjson w "$wall" --argjson u "$user" --argjson s "$sys" \
            --arg log "$(tail -n 1 "$incdir/$1.log")" \
            '{run: $r, wall_s: $w, cpu_s: ($u + $s), summary: $log}'
    }
}
n99=$(cat "$incdir"/files/*.jsonl | wc -l | tr -d ' ')
n1=$(wc -l <"$incdir/part-099.jsonl" | tr -d ' ')
say "re-runs: 99 files ($n99 articles), again unchanged, then 1 more ($n1 articles)"
{
    inc_run first
    inc_run unchanged
    mv "$incdir/part-099.jsonl" "$incdir/files/"
    inc_run added
} | jq -s --argjson n99 "$n99" --argjson n1 "$n1" \
    '{files: 99, articles_first: $n99, articles_added: $n1, runs: .}' >"$incdir/incremental.json"
rm -rf "$incdir/db" "$incdir/files"

# ---- how cost grows --------------------------------------------------------

scaledir="$work/scale"
rm -rf "$scaledir"
mkdir -p "$scaledir"
printf '' >"$scaledir/all.jsonl"
for s in $scales; do
    case $s in
    *x)
        k=${s%x}
        f="$work/articles$tag-$s.jsonl"
        articles "$f" $limit --repeat "$k" ;;
    *)
        if [ "$s" -ge "$corpus_n" ]; then
            say "scale $s: the corpus has only $corpus_n articles; skipped"
            continue
        fi
        f="$work/articles$tag-$s.jsonl"
        if [ ! -s "$f" ] || [ "$corpus" -nt "$f" ]; then
            head -n "$s" "$corpus" >"$f"
        fi ;;
    esac
    case " $scale_engines " in *" scriptindex "*) dump_for "$f" ;; esac
    n=$(wc -l <"$f" | tr -d ' ')
    bytes=$(wc -c <"$f" | tr -d ' ')
    d="$scaledir/$s"
    mkdir -p "$d"
    say "scale $s: $n articles: $scale_engines"
    for e in $scale_engines; do
        make_index "$e" "$f" "$d/$e" >"$d/$e.runs"
        # Only morgue's index is compacted at every size (time).
        [ "$e" = morgue ] && c=yes || c=no
        finish "$e" "$d/$e" "$c" >"$d/$e.finish"
        summary "$e" "$d/$e.runs" "$d/$e.finish" "$n" "$bytes" >"$d/$e.json"
        say "  $e: $(jq -c '{wall_s, rss_kb, index_bytes, compact_bytes}' "$d/$e.json")"
    done
    queries "$f" "$d" 1 >"$d/queries.json"
    jq -n --arg sz "$s" --argjson n "$n" --argjson b "$bytes" --slurpfile q "$d/queries.json" \
        '{size: $sz, articles: $n, bytes: $b, queries: $q[0].modes, ingest: {}}' >"$d/scale.json"
    for e in $scale_engines; do
        jq --arg e "$e" --slurpfile x "$d/$e.json" '.ingest[$e] = ($x[0] | del(.runs))' \
            "$d/scale.json" >"$d/scale.tmp" && mv "$d/scale.tmp" "$d/scale.json"
    done
    jq -c . "$d/scale.json" >>"$scaledir/all.jsonl"
    rm -rf "$d/morgue" "$d/scriptindex" "$d/fts5"
done

# ---- the results -----------------------------------------------------------

stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
out="$results/bench-$(date -u +%Y-%m-%d).json"
# A quick check of the harness is not a result: it stays in the work directory.
[ -n "${BENCH_ARTICLES:-}" ] && out="$work/bench-check.json"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
mem=$(awk '/^MemTotal:/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo 2>/dev/null || true)
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)
ingest='{}'
for e in $engines; do
    ingest=$(printf '%s' "$ingest" | jq --arg e "$e" --slurpfile x "$main/$e.json" '.[$e] = $x[0]')
done
jq -n --arg date "$stamp" --arg host "$(uname -n)" --arg kernel "$(uname -srm)" \
    --arg cpu "$cpu" --arg cores "$(nproc)" --arg mem "$mem" --arg load "$load" \
    --arg xapian "$(xapian-config --version 2>/dev/null | sed 's/.* //' || true)" \
    --arg omega "$(scriptindex --version 2>/dev/null | sed 's/.* //' || true)" \
    --arg sqlite "$(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || true)" \
    --argjson runs "$runs" --argjson nq "$nqueries" --argjson qr "$query_rounds" --arg scales "$scales" \
    --argjson n "$corpus_n" --argjson b "$corpus_bytes" --argjson ingest "$ingest" \
    --argjson secs "$(( $(date +%s) - started ))" \
    --slurpfile q "$main/queries.json" --slurpfile scale "$scaledir/all.jsonl" \
    --slurpfile ph "$main/phrases.json" \
    --slurpfile bc "$main/buildcost.json" \
    --slurpfile inc "$incdir/incremental.json" '
    {date: $date,
     machine: {host: $host, kernel: $kernel, cpu: $cpu, cores: ($cores | tonumber),
               memory: $mem, load_average_at_end: $load,
               note: "shared machine: other jobs ran at the same time; compare ratios"},
     versions: {xapian: $xapian, xapian_omega: $omega, sqlite: $sqlite},
     settings: {runs: $runs, queries: $nq, query_rounds: $qr, scales: $scales,
                bench_seconds: $secs},
     corpus: {articles: $n, bytes: $b},
     ingest: $ingest,
     build_cost: $bc[0],
     queries: $q[0],
     phrases: $ph[0],
     incremental: $inc[0],
     scaling: $scale}' >"$out"

table=$(jq -r -f "$here/bench/report.jq" "$out" | awk -f "$here/bench/table.awk")
printf '%s\n' "$table"
say "figures written to ${out#"$root"/}"

# The latest tables go into bench/README.md between the markers.
readme="$here/README.md"
if [ -z "${BENCH_ARTICLES:-}" ] && grep -q '^<!-- bench:begin' "$readme" 2>/dev/null; then
    printf '%s\n' "$table" >"$work/table.md"
    awk -v table="$work/table.md" '
        /^<!-- bench:begin/ { print; while ((getline l < table) > 0) print l; skip = 1; next }
        /^<!-- bench:end/ { skip = 0 }
        !skip' "$readme" >"$readme.tmp" && mv "$readme.tmp" "$readme"
    say "tables written to ${readme#"$root"/}"
fi
