#!/bin/sh
# T50-crash.sh - crash safety: morgue-index killed with SIGKILL at random
# moments, many times, while it adds articles and while it replaces them.
# The input is one generated JSON Lines file of N articles with ids a00001...
# in order, each with its own word tokNNNNN and a version marker vP in both
# title and body. Pass 1 adds them to a new index; once it is complete the
# file is rewritten with every article at v2 and pass 2 replaces them; once
# that is complete, the cycle starts again on a new index.
# A run is started with -v and a random --batch, killed after a random
# delay, and then:
#   - xapian-check passes on the index directory;
#   - the index holds exactly the articles it should: one of each id, the
#     first P at the pass's version and the rest at the previous one (none
#     at all in pass 1), so that what was committed is a prefix of the file;
#   - P grew by at least the "total T" of the last "committed" line the run
#     printed (everything reported as committed is there), and a sample of
#     those articles is found by its word, title and body at one version.
# Small batches make commits frequent, so kills land both between and
# inside commits. On x86-64 Linux, every other kill also waits (polling
# /proc/PID/syscall) until the run is inside a commit: writing its blocks
# (pwrite64), syncing them (fsync, fdatasync) or switching to the new
# revision (rename). The system call read just before each kill counts the
# kills that caught a commit at it.
# At the end a run without a kill finishes the job: exit 0, exactly N
# articles, one per id, all at the last version, each found by its word.
# SIGINT and SIGTERM (commit, exit 130/143) are tested in T10.
#
# MORGUE_KILLS (default 30) sets the number of kills, MORGUE_SEED the seed
# of the random batches and delays (timing still varies from run to run).
. "$(dirname "$0")/lib.sh"

N=4000
KILLS=${MORGUE_KILLS:-30}
SEED=${MORGUE_SEED:-$(($(date +%s) % 100000 + $$))}
DB="$TMP/crash.db"
F="$TMP/crash.jsonl"

if ! command -v xapian-check >/dev/null 2>&1; then
    skip "xapian-check is not installed (Debian package xapian-tools)"
    finish
    exit
fi

# corpus VERSION: write the N articles at VERSION to $F.
corpus() {
    awk -v n="$N" -v v="$1" 'BEGIN { for (i = 1; i <= n; i++)
        printf "{\"id\": \"a%05d\", \"title\": \"Article a%05d v%d\", \"body\": \"Report tok%05d of the crash corpus: harbour cranes and ferries. Version v%d.\"}\n", i, i, v, i, v }' \
        >"$F"
}
# expected P VERSION: the sorted titles the index should hold
# when the first P articles are at VERSION and the rest at VERSION-1 (or
# absent when VERSION is 1).
expected() {
    awk -v n="$N" -v p="$1" -v v="$2" 'BEGIN { for (i = 1; i <= n; i++)
        if (i <= p) printf "Article a%05d v%d\n", i, v;
        else if (v > 1) printf "Article a%05d v%d\n", i, v - 1 }'
}
# held: the sorted titles of every article in the index; the number of
# distinct ids goes to $TMP/ids.
held() {
    "$QUERY" -d "$DB" --format tsv -n 1000000 '' >"$TMP/all.tsv" 2>"$TMP/all.err"
    cut -f 2 "$TMP/all.tsv" | LC_ALL=C sort -u | wc -l | tr -d ' ' >"$TMP/ids"
    cut -f 6 "$TMP/all.tsv" | LC_ALL=C sort
}
# The plan: for each round, a batch size and a delay before the kill.
awk -v s="$SEED" -v n=$((KILLS * 3)) 'BEGIN { srand(s); split("1 3 10 30 100 400", b, " ")
    for (i = 1; i <= n; i++) printf "%d %.3f\n", b[int(rand() * 6) + 1], 0.01 + rand() * 0.8 }' \
    >"$TMP/plan"
# reported FILE: the total of the last "committed" line of -v in FILE, or 0.
reported() {
    _t=$(sed -n 's/^morgue-index: committed [0-9]* articles (total \([0-9]*\))$/\1/p' "$1" | tail -n 1)
    echo "${_t:-0}"
}
# hits QUERY: the number of matches (empty when the query fails).
hits() { "$QUERY" -d "$DB" --count "$1" 2>/dev/null; }

# check_index WHAT PREV T: the checks after a run (see the top); PREV is P
# before the run, T what it reported as committed. Sets P.
check_index() {
    what=$1 prev=$2 t=$3
    if xapian-check "$DB" >"$TMP/check.log" 2>&1; then pass; else
        fail "$what: xapian-check fails: $(tail -n 5 "$TMP/check.log")"
    fi
    held >"$TMP/held"
    if [ -s "$TMP/all.err" ]; then
        fail "$what: the index does not open: $(cat "$TMP/all.err")"
    fi
    P=$(grep -c " v$ver\$" "$TMP/held")
    expected "$P" "$ver" >"$TMP/expected"
    if cmp -s "$TMP/held" "$TMP/expected"; then pass; else
        fail "$what: not the prefix of $P articles at v$ver: $(diff "$TMP/expected" "$TMP/held" | head -n 6)"
    fi
    check_eq "$what: one article per id" "$(wc -l <"$TMP/held" | tr -d ' ')" "$(cat "$TMP/ids")"
    if [ "$P" -ge $((prev + t)) ]; then pass; else
        fail "$what: $t reported committed after $prev, but only $P are at v$ver"
    fi
    # Whole articles: as many bodies as titles at each version.
    check_eq "$what: bodies at v$ver" "$P" "$(hits "\"version v$ver\"")"
    [ "$ver" -gt 1 ] && check_eq "$what: bodies at v$((ver - 1))" "$((N - P))" "$(hits "\"version v$((ver - 1))\"")"
    # A sample of the committed articles, found by their own word: the
    # last one reported and two others.
    last=$((prev + t))
    for i in "$last" $(awk -v s="$SEED" -v r="$round" -v n="$last" 'BEGIN { srand(s + r); rand(); if (n > 0) print int(rand() * n) + 1, int(rand() * n) + 1 }'); do
        [ "$i" -ge 1 ] || continue
        id=$(printf 'a%05d' "$i")
        got=$("$QUERY" -d "$DB" --format tsv "tok$(printf '%05d' "$i")" 2>&1 | cut -f 6)
        check_eq "$what: $id is found by its word, at v$ver" "Article $id v$ver" "$got"
    done
}

corpus 1
# hunt: /proc/PID/syscall can be read and its numbers are x86-64's.
hunt=no
[ "$(uname -m)" = x86_64 ] && [ -r "/proc/$$/syscall" ] && hunt=yes
# in_commit SYSCALL: true for the system calls of a commit (see the top).
in_commit() { case $1 in 18|74|75|82) return 0 ;; esac; return 1; }

ver=1 P=0 round=0 kills=0 finished=0 in_commit=0 sampled=0 passes=0 adding=0
while [ "$kills" -lt "$KILLS" ] && [ "$round" -lt $((KILLS * 3)) ]; do
    round=$((round + 1))
    plan=$(sed -n "${round}p" "$TMP/plan")
    batch=${plan% *} delay=${plan#* }
    "$INDEX" -q -v --wait 30 --batch "$batch" -d "$DB" "$F" >"$TMP/run.out" 2>"$TMP/run.err" &
    pid=$!
    sleep "$delay"
    sc="" tries=0
    while [ "$hunt" = yes ] && read -r sc _ 2>/dev/null <"/proc/$pid/syscall"; do
        # Every other round, poll (at most 20000 times) for a commit.
        [ $((round % 2)) -eq 1 ] || in_commit "$sc" || [ "$tries" -ge 20000 ] && break
        tries=$((tries + 1))
    done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null   # no "Killed" notice from the shell
    status=$?
    t=$(reported "$TMP/run.err")
    what="round $round (v$ver, batch $batch, ${delay}s)"
    case $status in
    137)
        kills=$((kills + 1))
        [ "$ver" -eq 1 ] && adding=$((adding + 1))
        # pwrite64, fsync, fdatasync, rename: a commit writing its blocks,
        # syncing them or switching to the new revision.
        [ -n "$sc" ] && sampled=$((sampled + 1))
        in_commit "$sc" && in_commit=$((in_commit + 1))
        ;;
    0) finished=$((finished + 1)) ;;
    *) fail "$what: exit status $status: $(cat "$TMP/run.err")" ;;
    esac
    prev=$P
    check_index "$what" "$prev" "$t"
    [ "$status" -eq 0 ] && check_eq "$what: a run that ends has done it all" "$N" "$P"
    if [ "$P" -eq "$N" ]; then
        passes=$((passes + 1))
        if [ "$ver" -eq 1 ]; then ver=2; else ver=1; rm -rf "$DB"; fi
        P=0
        corpus "$ver"
    fi
done
check_eq "kills delivered" "$KILLS" "$kills"

# The run that finishes the job.
run "$INDEX" -q -v -d "$DB" "$F"
check_eq "the final run exits 0" 0 "$rc"
check_index "final run" "$P" "$(reported "$TMP/.err")"
check_eq "final run: all $N at v$ver" "$N" "$P"
check_eq "final run: $N articles" "$N" "$(hits '')"
# Every article is found by its word, 250 words to a query.
i=1 found=0
while [ "$i" -le "$N" ]; do
    q=$(awk -v a="$i" -v n="$N" 'BEGIN { for (j = a; j < a + 250 && j <= n; j++) printf "%stok%05d", (j > a ? " OR " : ""), j }')
    found=$((found + $(hits "$q")))
    i=$((i + 250))
done
check_eq "final run: every article found by its word" "$N" "$found"
run "$INDEX" -q -d "$DB" "$F"
check_contains "a further run has nothing to do" "0 added, 0 updated, $N unchanged, 0 removed" "$err"

echo "$_name: $kills kills survived ($adding adding, $((kills - adding)) replacing; $in_commit of $sampled sampled inside a commit's writes, syncs or rename), $passes passes completed, $finished runs ended before their kill, seed $SEED"
finish
