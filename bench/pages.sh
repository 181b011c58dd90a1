#!/bin/sh
# pages.sh BUILD CORPORA OUT - the result pages of the bench's queries, for
# comparing two versions of morgue: a change that must not alter behaviour
# (a refactoring) leaves OUT byte for byte the same. Run by `make pages`.
#
# The articles and queries are the bench's (bench/bench.sh): mkcorpus's JSON
# Lines of BBC, Reuters-21578 and 20 Newsgroups, and querybench's 500 title
# queries. Both layouts are indexed (the default, and --positions); each
# query runs through morgue-query in 9 variants, and OUT gets one line per
# query, variant and layout: the total, then the ids of the page in order.
# BENCH_QUERIES=N takes N queries; work files go to BUILD/benchdata/.
set -eu

build=${1:?usage: pages.sh BUILD CORPORA OUT}
corpora=${2:?usage: pages.sh BUILD CORPORA OUT}
out=${3:?usage: pages.sh BUILD CORPORA OUT}
nqueries=${BENCH_QUERIES:-500}
work="$build/benchdata"
mkdir -p "$work"
corpus="$work/articles.jsonl"
if [ ! -s "$corpus" ] || [ "$build/bench/mkcorpus" -nt "$corpus" ]; then
    "$build/bench/mkcorpus" "$corpora" "$corpus.tmp" 2>"$corpus.log"
    mv "$corpus.tmp" "$corpus"
fi
"$build/bench/querybench" queries --count "$nqueries" "$corpus" >"$work/pages-queries.txt"

# The variants: name, then morgue-query's options.
variants() {
    cat <<'EOF'
default
bm25	--rank bm25
bm25-page2	--rank bm25 --offset 10
newest	--sort newest
oldest-page3	--sort oldest --offset 20
any	--any
any-bm25	--any --rank bm25
bm25-since	--rank bm25 --since 1995-01-01
count-only	-n 0
EOF
}

: >"$out.tmp"
for layout in default positions; do
    db="$work/pages-$layout.db"
    rm -rf "$db"
    case $layout in positions) set -- --positions ;; *) set -- ;; esac
    "$build/morgue-index" -q "$@" --db "$db" "$corpus" 2>/dev/null || [ $? -eq 1 ]
    variants | while IFS='	' read -r name opts; do
        while IFS= read -r q; do
            # shellcheck disable=SC2086 # opts and q are word lists
            line=$("$build/morgue-query" --db "$db" --format json $opts $q 2>&1 |
                   jq -rc '[.total] + [.results[].id] | map(tostring) | join(" ")' 2>&1) || true
            printf '%s\t%s\t%s\t%s\n' "$layout" "$name" "$q" "$line" >>"$out.tmp"
        done <"$work/pages-queries.txt"
    done
done
mv "$out.tmp" "$out"
printf 'pages.sh: %s lines in %s (sha256 %s)\n' "$(wc -l <"$out" | tr -d ' ')" "$out" \
    "$(sha256sum "$out" | cut -c1-16)"
