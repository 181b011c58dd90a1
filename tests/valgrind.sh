#!/bin/sh
# valgrind.sh [BUILD] - the suite under valgrind memcheck: every C unit test
# of BUILD (default build), and the CLI tests with each morgue-index and
# morgue-query they start run under valgrind (tests/cli/lib.sh, MORGUE_WRAP).
# A test passes when its own checks pass and valgrind reported nothing: no
# invalid read or write, no use of uninitialised memory, no bad free, no
# definite or possible leak. Reports go to one file per process, so that a
# report from a program whose stderr a test captured still fails the test.
# Suppressions, each with its reason, are in tests/valgrind.supp.
#
# Skipped here because they take too long under valgrind (they still run
# in make check, plain and under AddressSanitizer): the tests over the big
# corpora of ../shared (T20, T33, T35, T39), the SIGKILL loop of T50,
# T52, whose hostile inputs of tens of megabytes overrun its time limits,
# and T55, which builds 20,000 articles five times (the shards it tests are
# built by every other test's first build here too, on two threads), and
# T71, which runs some 400 builds under strace, T72, whose failed writes
# are injected by strace into the binaries themselves, and T73, which
# indexes some 150 MB of articles of distinct words to measure memory. Also T62, whose slow
# queries on 3,000 articles take minutes under valgrind, and T69, which
# reads files of up to a GiB: they keep the whole of CI under 45 minutes.
# Skipped too: T51, whose readers must finish within the interval between
# two commits of its writer, which valgrind's slowdown of their queries
# breaks (test_stale runs the same reopen-and-retry code here).
# Inlined functions are left out of valgrind's stack traces
# (--read-inline-info=no), which makes each of the suite's many program
# starts a third faster; rerun a failing program without it to see them.
# Ends with "valgrind BUILD: N passed, N failed, N skipped in N s" and its
# exit status: 0 when nothing failed.
build=${1:-build}
cd "$(dirname "$0")/.." || exit 2
SLOW="T20-bbc T33-reuters T35-mail T39-all-corpora T50-crash T51-concurrent T52-limits T55-first-build T62-query-timeout T69-read-cap T71-publish-kills T72-disk-full T73-memory-bound"
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind.sh: valgrind is not installed (make valgrind installs it)" >&2
    exit 2
fi
logs=$(mktemp -d)
out=$(mktemp)
trap 'rm -rf "$logs" "$out"' EXIT
# morgue-index uses jemalloc (Makefile): memcheck must replace its malloc.
VG="valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,possible --soname-synonyms=somalloc=*jemalloc*"
VG="$VG --errors-for-leak-kinds=definite,possible --child-silent-after-fork=yes --read-inline-info=no"
VG="$VG --suppressions=$PWD/tests/valgrind.supp --log-file=$logs/vg.%p"
export MORGUE_BUILD="$build"
export MORGUE_WRAP="$VG"
passed=0 failed=0 skipped=0
start=$(date +%s)
for t in "$build"/tests/test_* tests/cli/T*.sh; do
    [ -e "$t" ] || continue
    case "$t" in *.d|*.o) continue ;; esac
    name=$(basename "$t" .sh)
    case " $SLOW " in *" $name "*)
        skipped=$((skipped + 1))
        echo "skip $t: not run under valgrind (see tests/valgrind.sh)"
        continue ;;
    esac
    t0=$(date +%s)
    case "$t" in *.sh) sh "$t" >"$out" 2>&1 ;; *) $VG "$t" >"$out" 2>&1 ;; esac
    status=$?
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
    f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
    reports=$(cat "$logs"/vg.* 2>/dev/null)
    rm -f "$logs"/vg.*
    if [ -z "$line" ] || [ "$status" -ne 0 ] || [ "${f:-1}" -ne 0 ] || [ -n "$reports" ]; then
        failed=$((failed + 1))
        echo "FAIL $t ($(($(date +%s) - t0)) s)"
        sed 's/^/    /' "$out"
        printf '%s\n' "$reports" | sed 's/^/    /'
    else
        passed=$((passed + 1))
        echo "ok   $t ($(($(date +%s) - t0)) s): $line"
    fi
done
echo "valgrind $build: $passed passed, $failed failed, $skipped skipped in $(($(date +%s) - start)) s"
[ "$failed" -eq 0 ]
