#!/bin/sh
# check.sh - the whole of `make check` after building: the suite on the
# plain build and on the sanitizer build (build/asan), then one total line.
cd "$(dirname "$0")/.." || exit 2
total_p=0 total_f=0 total_s=0
for b in build build/asan; do
    out=$(sh tests/run.sh "$b" 2>&1)
    status=$?
    echo "$out"
    line=$(echo "$out" | tail -n 1)
    p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p')
    f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
    s=$(echo "$line" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
    [ -z "$f" ] && f=1
    [ "$status" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    total_p=$((total_p + ${p:-0})); total_f=$((total_f + f)); total_s=$((total_s + ${s:-0}))
done
echo "$total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" -eq 0 ]
