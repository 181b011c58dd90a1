#!/bin/sh
# run.sh BUILD - run every test of one build: the C unit tests in
# BUILD/tests/ and the CLI tests tests/cli/T*.sh on BUILD's binaries.
# Each test ends with a line "N passed, N failed[, N skipped]"; this adds
# them up and ends with the same line for the whole suite.
build=${1:-build}
cd "$(dirname "$0")/.." || exit 2
export MORGUE_BUILD="$build"
passed=0 failed=0 skipped=0
log=$(mktemp)
for t in "$build"/tests/test_* tests/cli/T*.sh; do
    [ -e "$t" ] || continue
    case "$t" in *.d|*.o) continue ;; esac
    case "$t" in *.sh) cmd="sh $t" ;; *) cmd="$t" ;; esac
    $cmd >"$log" 2>&1
    status=$?
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
    f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
    s=$(echo "$line" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
    if [ -z "$line" ]; then
        p=0 f=1 s=0   # a test that died without its summary failed
    fi
    [ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ] && f=1
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
    if [ "${f:-0}" -ne 0 ]; then
        echo "FAIL $t ($build)"
        sed 's/^/    /' "$log"
    else
        echo "ok   $t: ${line:-no summary}"
    fi
    # Skip notices stay visible.
    grep ': skip: ' "$log" | sed 's/^/    /'
done
rm -f "$log"
echo "$build: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
