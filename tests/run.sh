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
# Sanitizer reports go to files, so that a report from a binary whose
# stderr a test captured still fails the test.
san=$(mktemp -d)
# new_delete_type_mismatch=0: libxapian 1.4's Database::check deletes its
# table checker (440 bytes) through the table's type (432 bytes), a sized
# delete inside Xapian that no code of ours makes (morgue-index --check).
export ASAN_OPTIONS="log_path=$san/asan:exitcode=86:detect_leaks=1:new_delete_type_mismatch=0"
export UBSAN_OPTIONS="log_path=$san/ubsan:halt_on_error=1:print_stacktrace=1:exitcode=87"
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
    if [ -n "$(ls "$san")" ]; then
        f=$((${f:-0} + 1))
        cat "$san"/* >>"$log"
        rm -f "$san"/*
    fi
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
rm -rf "$log" "$san"
echo "$build: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
