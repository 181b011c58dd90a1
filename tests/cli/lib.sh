# lib.sh - shared helpers of the CLI tests (tests/cli/T*.sh). Each test
# sources this file, runs the real binaries of $MORGUE_BUILD on fixtures
# and calls `finish` at the end, which prints "N passed, N failed, N skipped"
# and sets the exit status. Every check prints a line when it fails.

set -u
: "${MORGUE_BUILD:=build}"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
INDEX="$ROOT/$MORGUE_BUILD/morgue-index"
QUERY="$ROOT/$MORGUE_BUILD/morgue-query"
SHARED=$(cd "$ROOT/.." && pwd)/shared
CORPORA="$SHARED/corpora"
# The index stores resolved paths: compare with the resolved corpus path.
[ -d "$CORPORA" ] && CORPORA=$(cd "$CORPORA" && pwd -P)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/morgue-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# MORGUE_WRAP (set by tests/valgrind.sh): a command prefix, such as
# "valgrind --quiet ...", that every morgue-index and morgue-query of the
# test runs under: $INDEX and $QUERY become scripts in $TMP that exec it.
if [ -n "${MORGUE_WRAP:-}" ]; then
    mkdir "$TMP/wrap"
    for _b in index query; do
        printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$MORGUE_WRAP" "$ROOT/$MORGUE_BUILD/morgue-$_b" \
            >"$TMP/wrap/morgue-$_b"
        chmod +x "$TMP/wrap/morgue-$_b"
    done
    INDEX="$TMP/wrap/morgue-index" QUERY="$TMP/wrap/morgue-query"
fi
export MORGUE_DB="$TMP/unused.db"   # a test names its index explicitly
export NO_COLOR=1

_pass=0 _fail=0 _skip=0
_name=$(basename "$0" .sh)

fail() { _fail=$((_fail + 1)); echo "$_name: FAIL: $*" >&2; }
pass() { _pass=$((_pass + 1)); }
skip() { _skip=$((_skip + 1)); echo "$_name: skip: $*" >&2; }

# check_eq WHAT EXPECTED ACTUAL
check_eq() {
    if [ "$2" = "$3" ]; then pass; else fail "$1: expected [$2], got [$3]"; fi
}

# check_contains WHAT NEEDLE HAYSTACK
check_contains() {
    case "$3" in *"$2"*) pass ;; *) fail "$1: [$2] not in [$3]" ;; esac
}

# check_not_contains WHAT NEEDLE HAYSTACK
check_not_contains() {
    case "$3" in *"$2"*) fail "$1: [$2] should not be in [$3]" ;; *) pass ;; esac
}

# no_strace: why strace cannot kill a process at a chosen system call
# here (not installed, or ptrace not permitted), or nothing (and status 1)
# when it can. Use: if why=$(no_strace); then skip "$why"; else ...; fi
no_strace() {
    if ! command -v strace >/dev/null; then
        echo "no strace"
    elif ! strace -f -o /dev/null true 2>/dev/null; then
        echo "strace cannot trace here (ptrace not permitted)"
    else
        return 1
    fi
}

# run CMD...: runs it, stdout in $out, stderr in $err, exit status in $rc.
run() {
    "$@" >"$TMP/.out" 2>"$TMP/.err"
    rc=$?
    out=$(cat "$TMP/.out")
    err=$(cat "$TMP/.err")
}

# The foundation fixtures: the files at the top of corpus/ and corpus/broken/.
# Each input format's own fixtures live in corpus/FORMAT/ with their own tests,
# so that adding one does not change the counts asserted on these.
BASE_FIXTURES="$(find corpus -maxdepth 1 -type f | sort) corpus/broken"

# poll TRIES CMD...: run CMD every 0.1 s until it succeeds, at most TRIES times.
poll() {
    _n=$1
    shift
    while [ "$_n" -gt 0 ]; do
        "$@" && return 0
        _n=$((_n - 1))
        sleep 0.1
    done
    return 1
}

# have_shared: true when the real corpora are there.
have_shared() { [ -d "$CORPORA" ]; }

finish() {
    echo "$_pass passed, $_fail failed, $_skip skipped"
    [ "$_fail" -eq 0 ]
}
