#!/bin/sh
# memory.sh BUILD [BUILD...] - peak RSS of morgue-index on the worst inputs
# for its memory that we know of, each BUILD's binaries side by side, one
# line per input: the case, then "SECONDS s KB KB" per BUILD. The inputs
# come from tests/cli/distinct-words.awk: every word different, so each is
# a term of its own (what a term costs in memory is what the bound is
# about). The stated bound is 1 GB (morgue-index(1), LIMITS);
# tests/cli/T73-memory-bound.sh checks it on three of these.
set -eu
[ $# -ge 1 ] || { echo "usage: memory.sh BUILD [BUILD...]" >&2; exit 2; }
gen="$(dirname "$0")/../tests/cli/distinct-words.awk"
work=$(mktemp -d "${TMPDIR:-/tmp}/morgue-memory.XXXXXX")
trap 'rm -rf "$work"' EXIT

awk -v lines=6 -v bytes=15000000 -f "$gen" >"$work/six-15MB.jsonl"
awk -v lines=40 -v bytes=3670016 -f "$gen" >"$work/forty-3.5MiB.jsonl"
awk -v lines=1 -v bytes=33554000 -v format=text -f "$gen" >"$work/one-32MiB.txt"
awk -v lines=1 -v bytes=16000000 -v format=csv -f "$gen" >"$work/row-16MB.csv"
awk -v lines=300000 -v bytes=200 -f "$gen" >"$work/tiny-300k.jsonl"

printf '%-40s' "case"
for b in "$@"; do printf '  %-22s' "$b"; done
echo
while read -r file opts; do
    printf '%-40s' "$file $opts"
    for b in "$@"; do
        rm -rf "$work/db"
        # shellcheck disable=SC2086 # opts is a word list
        /usr/bin/time -o "$work/t" -f '%e s %M KB' "$b/morgue-index" -q $opts \
            -d "$work/db" "$work/$file" 2>/dev/null || true
        printf '  %-22s' "$(tail -n 1 "$work/t")"
    done
    echo
done <<'CASES'
six-15MB.jsonl -j1
six-15MB.jsonl -j2
six-15MB.jsonl -j1 --positions
forty-3.5MiB.jsonl -j1
forty-3.5MiB.jsonl -j2
one-32MiB.txt -j1
row-16MB.csv -j1
tiny-300k.jsonl -j1 --batch 300000
tiny-300k.jsonl -j2
CASES
