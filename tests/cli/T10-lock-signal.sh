#!/bin/sh
# T10-lock-signal.sh - one writer at a time, and a graceful stop.
# A morgue-index that reads its paths from a FIFO we keep open holds the
# write lock for as long as we like: a second morgue-index exits 75 (at
# once, and after --wait), a reader still reads, and a --wait long enough
# gets the lock once the first is done. SIGTERM and SIGINT make a running
# morgue-index commit, print its summary and exit 143 and 130; a re-run
# completes the job exactly. No fixed sleeps: every wait polls a condition
# in a bounded loop.
. "$(dirname "$0")/lib.sh"

# count DB QUERY: the number of matches (empty when the index cannot be read).
count() { "$QUERY" -d "$1" --count "$2" 2>/dev/null; }
# at_least DB QUERY N: true once QUERY matches N or more articles.
at_least() { _c=$(count "$1" "$2"); [ -n "$_c" ] && [ "$_c" -ge "$3" ]; }
# summary_added: the "N added" of the summary line in $TMP/bg.err.
summary_added() { sed -n 's/^morgue-index: \([0-9][0-9]*\) added,.*/\1/p' "$TMP/bg.err"; }
summary_unchanged() { printf '%s\n' "$err" | sed -n 's/^morgue-index: .* \([0-9][0-9]*\) unchanged,.*/\1/p'; }

mkfifo "$TMP/fifo" || { fail "mkfifo"; finish; exit; }

# start_writer DB ARGS...: morgue-index ARGS - on DB in the background,
# reading paths from the FIFO held open on fd 3; its pid in $bg.
start_writer() {
    _db=$1
    shift
    "$INDEX" -q -d "$_db" "$@" - <"$TMP/fifo" >"$TMP/bg.out" 2>"$TMP/bg.err" &
    bg=$!
    exec 3>"$TMP/fifo"
}
# stop_writer: close the FIFO and collect the writer's exit status in $bg_rc.
stop_writer() {
    exec 3>&-
    wait "$bg"
    bg_rc=$?
}

# ---- the write lock --------------------------------------------------------------

L="$TMP/locked.db"
start_writer "$L" --batch 1
echo "$ROOT/corpus/gonzalez-accented.txt" >&3
if poll 600 at_least "$L" edmundo 1; then pass; else fail "the first writer never committed its article"; fi

run "$INDEX" -q -d "$L" corpus/gonzalez-plain.jsonl
check_eq "second writer exits 75" 75 "$rc"
check_contains "second writer names the index" "$L" "$err"
check_contains "second writer says why" "locked" "$err"
check_contains "second writer suggests --wait" "--wait" "$err"
check_eq "second writer prints nothing on stdout" "" "$out"
run "$INDEX" -q -d "$L" --wait 1 corpus/gonzalez-plain.jsonl
check_eq "second writer with --wait 1 exits 75" 75 "$rc"
check_contains "--wait 1 names the index" "$L" "$err"
check_contains "--wait 1 says it waited" "waited" "$err"
run "$INDEX" -q -d "$L" --prune
check_eq "--prune is a writer too: 75" 75 "$rc"
# A signal ends a writer's wait for the lock at once: 130 for SIGINT,
# 143 for SIGTERM, whatever --wait says (before, a --wait inf run waited
# on through both). The signal is sent once the writer sleeps between two
# tries (pselect6, system call 270, seen in /proc/PID/syscall on x86-64;
# elsewhere after 2 s), so that it tests the wait and not the start-up.
sleeping() {
    read -r _sc _ 2>/dev/null <"/proc/$1/syscall" && [ "$_sc" = 270 ]
}
for sig in INT TERM; do
    "$INDEX" -q -d "$L" --wait inf corpus/gonzalez-plain.jsonl >"$TMP/w.out" 2>"$TMP/w.err" 3>&- &
    waiter=$!
    if [ "$(uname -m)" = x86_64 ] && [ -r "/proc/$$/syscall" ]; then
        poll 600 sleeping "$waiter" || fail "the writer never slept waiting for the lock"
    else
        sleep 2
    fi
    kill -$sig "$waiter"
    # poll for its end for up to 3 s; then it ignored the signal
    _n=0
    while kill -0 "$waiter" 2>/dev/null && [ $_n -lt 30 ]; do sleep 0.1; _n=$((_n + 1)); done
    if kill -0 "$waiter" 2>/dev/null; then
        kill -KILL "$waiter"
        fail "SIG$sig did not end the wait for the lock within 3 s"
    else
        pass
    fi
    wait "$waiter"
    _rc=$?
    case $sig in INT) want=130 ;; TERM) want=143 ;; esac
    check_eq "SIG$sig while waiting for the lock exits $want" "$want" "$_rc"
    check_contains "and says it was interrupted waiting" "interrupted while waiting for the lock" \
        "$(cat "$TMP/w.err")"
done
check_eq "the interrupted writers wrote nothing" 0 "$(count "$L" coffee)"
# Readers are not locked out.
run "$QUERY" -d "$L" --count edmundo
check_eq "a reader reads while the lock is held" "0 1" "$rc $out"
check_eq "the locked-out writers wrote nothing" 0 "$(count "$L" coffee)"

# A writer that waits long enough gets the lock once the first is done.
# (Not holding fd 3: the first writer must see the end of its input.)
"$INDEX" -q -d "$L" --wait 60 corpus/latin1-archive.txt >"$TMP/w.out" 2>"$TMP/w.err" 3>&- &
waiter=$!
echo "$ROOT/corpus/gonzalez-plain.jsonl" >&3
stop_writer
check_eq "the first writer exits 0" 0 "$bg_rc"
check_contains "the first writer's summary" "morgue-index: 3 added, 0 updated, 0 unchanged, 0 removed, 0 skipped" \
    "$(cat "$TMP/bg.err")"
wait "$waiter"
check_eq "the waiting writer gets the lock and exits 0" 0 "$?"
check_contains "the waiting writer's summary" "morgue-index: 1 added" "$(cat "$TMP/w.err")"
# Now the index opens for writing and holds every article of the first.
run "$INDEX" -q -d "$L" corpus/gonzalez-plain.jsonl corpus/gonzalez-accented.txt
check_eq "after the first is done a writer opens at once" 0 "$rc"
check_contains "...and finds the first's articles unchanged" "0 added, 0 updated, 3 unchanged" "$err"
check_eq "every article of both writers" 4 "$(count "$L" 'edmundo OR coffee OR café')"

# ---- SIGTERM and SIGINT --------------------------------------------------------------

# A JSON Lines file big enough that an interrupt lands in the middle.
N=20000
awk -v n="$N" 'BEGIN { for (i = 1; i <= n; i++)
    printf "{\"id\": \"g%d\", \"title\": \"Generated article %d\", \"date\": \"2024-01-%02d\", \"body\": \"The quokka census counted animal %d on the island.\"}\n", i, i, i % 28 + 1, i }' \
    >"$TMP/big.jsonl"
check_eq "the generated file" "$N" "$(wc -l <"$TMP/big.jsonl" | tr -d ' ')"

# interrupt SIGNAL STATUS: index big.jsonl, send SIGNAL once some articles
# are committed, check the exit, the summary and the re-run.
interrupt() {
    sig=$1 want=$2
    db="$TMP/$sig.db"
    start_writer "$db" --batch 500
    echo "$TMP/big.jsonl" >&3
    if poll 600 at_least "$db" quokka 1; then pass; else fail "$sig: nothing was ever committed"; fi
    kill -s "$sig" "$bg"
    wait "$bg"
    bg_rc=$?
    exec 3>&-
    check_eq "$sig: exit status" "$want" "$bg_rc"
    bgerr=$(cat "$TMP/bg.err")
    check_contains "$sig: the summary is printed" "morgue-index: " "$bgerr"
    check_contains "$sig: it says it was interrupted" "interrupted" "$bgerr"
    check_eq "$sig: nothing on stdout" "" "$(cat "$TMP/bg.out")"
    done_n=$(count "$db" quokka)
    if [ -n "$done_n" ] && [ "$done_n" -gt 0 ]; then pass; else
        fail "$sig: no committed article is searchable ($done_n)"
    fi
    # Everything put before the stop was committed.
    check_eq "$sig: the summary's 'added' are all searchable" "$(summary_added)" "$done_n"
    if [ "${done_n:-0}" -ge "$N" ]; then
        skip "$sig: the whole file was indexed before the signal arrived"
    fi
    # A re-run reads the interrupted file again and completes it exactly.
    run "$INDEX" -q -d "$db" "$TMP/big.jsonl"
    check_eq "$sig: the re-run exits 0" 0 "$rc"
    check_contains "$sig: the re-run adds the rest" \
        "morgue-index: $((N - ${done_n:-0})) added, 0 updated, ${done_n:-0} unchanged, 0 removed, 0 skipped" "$err"
    check_eq "$sig: the exact total after the re-run" "$N" "$(count "$db" quokka)"
    check_eq "$sig: no duplicates: one hit per id" 1 "$(count "$db" '"animal 12345"')"
    run "$QUERY" -d "$db" --format tsv -n "$N" quokka
    check_eq "$sig: $N distinct ids" "$N" "$(printf '%s\n' "$out" | cut -f 2 | sort -u | wc -l | tr -d ' ')"
    # And a third run has nothing to do.
    run "$INDEX" -q -d "$db" "$TMP/big.jsonl"
    check_eq "$sig: a third run changes nothing" "$N" "$(summary_unchanged)"
}

interrupt TERM 143
interrupt INT 130

# A signal while waiting for paths on stdin stops it cleanly too.
db="$TMP/idle.db"
start_writer "$db" --batch 1
echo "$ROOT/corpus/gonzalez-plain.jsonl" >&3
if poll 600 at_least "$db" coffee 1; then pass; else fail "idle: the article was never committed"; fi
kill -s TERM "$bg"
wait "$bg"
bg_rc=$?
exec 3>&-
check_eq "TERM while reading stdin: 143" 143 "$bg_rc"
check_contains "TERM while reading stdin: summary" "morgue-index: 2 added" "$(cat "$TMP/bg.err")"
check_eq "TERM while reading stdin: both articles kept" 2 "$(count "$db" 'gonzalez OR coffee')"

finish
