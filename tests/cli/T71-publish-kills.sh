# T71-publish-kills - a first build on two threads killed at every system
# call of its merge and publish (writing the merged build and the marker,
# moving the build in, removing what is left) and of the recovery that the
# next writer runs, one call at a time, never loses or half-shows the index:
#   - right after a kill, a reader either gets the whole build, or nothing
#     when nothing was published yet (no marker), or exit 2 with a message
#     while the marker says a move is unfinished; never a wrong count with
#     exit 0;
#   - a writer then finishes (or redoes) the build: exit 0, every article
#     there once, xapian-check clean;
#   - killed in turn at each call of that recovery, the writer after it
#     still finishes it.
# The calls are those strace sees on the merged build's files, the marker
# and the build directory, one kind at a time (strace counts each kind
# apart): openat, fsync, rename, unlink, rmdir.
# Before, a kill between the removal of .morgue-build/merged and of the
# marker left every later writer failing ("cannot read .../merged"), and a
# reader during an unfinished move answered from it with exit 0.
. "$(dirname "$0")/lib.sh"

if why=$(no_strace); then
    skip "$why"
elif ! command -v xapian-check >/dev/null; then
    skip "no xapian-check (Debian xapian-tools)"
else

N=300
F="$TMP/a.jsonl"
i=1
while [ $i -le $N ]; do
    printf '{"id":"a%05d","title":"Title %d tok%05d","body":"Body %d with tok%05d and allword."}\n' \
        $i $i $i $i $i
    i=$((i + 1))
done >"$F"

# killed DB SYSCALL N CMD...: CMD under strace, killed at its N-th SYSCALL
# on the publish's paths. Sets $krc to the exit status (137 when killed).
killed() {
    _db=$1 _sc=$2 _n=$3
    shift 3
    _p=""
    for _t in postlist termlist docdata position spelling synonym; do
        _p="$_p -P $_db/.morgue-build/merged/$_t.glass"
    done
    # LeakSanitizer cannot run under ptrace: a run strace lets finish
    # would end in its fatal error (the sanitizer build's leaks are
    # checked by every run this test makes without strace).
    # shellcheck disable=SC2086
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
    strace -f -o /dev/null $_p -P "$_db/.morgue-build/merged/iamglass" -P "$_db/.morgue-build/merged" \
        -P "$_db/.morgue-build/publishing" -P "$_db/.morgue-build" \
        -e trace="$_sc" -e inject="$_sc":signal=KILL:when="$_n" "$@" >/dev/null 2>&1
    krc=$?
}

# sound DB WHAT: a writer finishes DB, which then holds all N articles once.
sound() {
    run "$INDEX" -q -j 2 -d "$1" "$F"
    check_eq "$2: the next writer exits 0" 0 "$rc"
    run "$QUERY" -d "$1" --count allword
    check_eq "$2: all $N articles are there" "$N" "$out"
    if xapian-check "$1" >/dev/null 2>&1; then pass; else fail "$2: xapian-check fails"; fi
}

SYSCALLS="openat fsync rename unlink rmdir"
points=0
for sc in $SYSCALLS; do
    n=1
    while [ $n -le 40 ]; do
        db="$TMP/p.db"
        rm -rf "$db"
        killed "$db" "$sc" $n "$INDEX" -q -j 2 -d "$db" "$F"
        if [ "$krc" -ne 137 ]; then
            check_eq "the build not killed at $sc $n exits 0" 0 "$krc"
            break
        fi
        points=$((points + 1))
        run "$QUERY" -d "$db" --count allword
        if [ -e "$db/.morgue-build/publishing" ]; then
            check_eq "kill at $sc $n, marker there: the reader exits 2" 2 "$rc"
            check_contains "kill at $sc $n: it says why" "first build is being moved" "$err"
        else
            case "$rc $out" in
            "1 0"|"0 $N") pass ;;
            *) fail "kill at $sc $n, no marker: the reader got rc $rc count '$out', not all or nothing" ;;
            esac
        fi
        # The recovery, killed at each of its calls in turn, then finished.
        for rsc in $SYSCALLS; do
            m=1
            while [ $m -le 20 ]; do
                rm -rf "$db.r"
                cp -a "$db" "$db.r"
                killed "$db.r" "$rsc" $m "$INDEX" -q -j 2 -d "$db.r" "$F"
                [ "$krc" -eq 137 ] || break
                sound "$db.r" "kill at $sc $n, then the recovery at $rsc $m"
                m=$((m + 1))
            done
        done
        sound "$db" "kill at $sc $n"
        n=$((n + 1))
    done
done
[ "$points" -gt 20 ] || fail "only $points kill points were found: is the filter right?"
echo "T71: killed at $points system calls of a first build's merge and publish"

fi
finish
