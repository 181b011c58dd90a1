# T55-first-build - a first build on several threads (lib/shards.c): the
# index it makes answers every query as a one-thread build does; an article
# read twice from two files is updated, not doubled; a build killed before
# its merge leaves the index as it was, and one killed while moving the
# merged build in is finished by the next writer; SIGTERM merges what was
# built; SIGKILL at random moments leaves none of a first build or all of
# it; the lock is held throughout; an index that has articles is updated by
# one writer. With ../shared, the same comparison on the BBC corpus.
. "$(dirname "$0")/lib.sh"

# same_answers WHAT DB1 DB2 QUERY...: both indexes give the same total and
# the same set of hits (ids and titles) for each query.
same_answers() {
    _what=$1 _a=$2 _b=$3
    shift 3
    for _q in "$@"; do
        _x=$("$QUERY" -d "$_a" --format tsv -n 1000 "$_q" | cut -f2,6 | sort)
        _y=$("$QUERY" -d "$_b" --format tsv -n 1000 "$_q" | cut -f2,6 | sort)
        if [ -n "$_x" ] && [ "$_x" = "$_y" ]; then pass; else
            fail "$_what: '$_q' differs or matches nothing: [$_x] vs [$_y]"
        fi
    done
}
count() { "$QUERY" -d "$1" --count "$2" 2>/dev/null; }
leftovers() { find "$1" -name .morgue-build | wc -l | tr -d ' '; }
at_least_one() { _c=$(count "$1" "$2"); [ -n "$_c" ] && [ "$_c" -ge 1 ]; }
# shards_grown DB: wait (up to 30 s) until DB's shards hold 400 KB.
shards_grown() {
    _i=0
    while [ "$_i" -lt 600 ]; do
        _k=$(du -sk "$1/.morgue-build" 2>/dev/null | cut -f1)
        [ -n "$_k" ] && [ "$_k" -ge 400 ] && return 0
        sleep 0.05
        _i=$((_i + 1))
    done
    return 1
}

# ---- the same index as one thread gives ----------------------------------------

run "$INDEX" -q -j 1 -d "$TMP/one.db" corpus/
one_rc=$rc one_err=$(printf '%s\n' "$err" | tail -n 1 | sed 's/ in [0-9.]* s.*//')
run "$INDEX" -q -v -j 2 -d "$TMP/two.db" corpus/
check_eq "two threads: the same exit status as one" "$one_rc" "$rc"
check_eq "two threads: the same summary as one" "$one_err" \
    "$(printf '%s\n' "$err" | tail -n 1 | sed 's/ in [0-9.]* s.*//')"
check_eq "-v: one commit, at the end" 1 "$(printf '%s\n' "$err" | grep -c 'committed .* articles')"
check_eq "two threads: the same count" "$("$QUERY" -d "$TMP/one.db" --count '*' 2>&1)" \
    "$("$QUERY" -d "$TMP/two.db" --count '*' 2>&1)"
same_answers "corpus/" "$TMP/one.db" "$TMP/two.db" \
    'Maduro sanctions' edmundo café 'title:cocoa' '"trade sanctions"' 'fuel OR cotton' 'date:2024'
check_eq "no build directory left" 0 "$(leftovers "$TMP/two.db")"
if command -v xapian-check >/dev/null; then
    run xapian-check "$TMP/two.db"
    check_eq "xapian-check passes on the merged index" 0 "$rc"
fi
# The merged index is a normal one: a re-run finds everything unchanged,
# and a new file is added by one writer.
run "$INDEX" -q -j 2 -d "$TMP/two.db" corpus/
check_contains "re-run: nothing to do" " 0 added, 0 updated" "$err"
printf '{"id": "late-1", "title": "Walrus colony found", "body": "A walrus colony."}\n' >"$TMP/late.jsonl"
run "$INDEX" -q -j 2 -d "$TMP/two.db" "$TMP/late.jsonl"
check_contains "an update adds the new article" "1 added" "$err"
check_eq "...which is found" 1 "$(count "$TMP/two.db" walrus)"
check_eq "...and no build directory is made for an update" 0 "$(leftovers "$TMP/two.db")"

# ---- one article in two files ----------------------------------------------------

printf '{"id": "twice", "title": "Narwhal tusk first", "body": "first version"}\n' >"$TMP/a.jsonl"
printf '{"id": "twice", "title": "Narwhal tusk second", "body": "second version"}\n' >"$TMP/b.jsonl"
run "$INDEX" -q -j 2 -d "$TMP/twice.db" "$TMP/a.jsonl" "$TMP/b.jsonl"
check_contains "read twice: added then updated" "1 added, 1 updated" "$err"
check_eq "read twice: one article" 1 "$(count "$TMP/twice.db" narwhal)"
check_eq "read twice: the later version" "Narwhal tusk second" \
    "$("$QUERY" -d "$TMP/twice.db" --format tsv narwhal | cut -f6)"

# ---- interruptions ---------------------------------------------------------------

N=20000
awk -v n="$N" 'BEGIN { for (i = 1; i <= n; i++)
    printf "{\"id\": \"g%d\", \"title\": \"Generated article %d\", \"body\": \"The quokka census counted animal %d on the island.\"}\n", i, i, i }' \
    >"$TMP/big.jsonl"

# SIGKILL before the merge: the index is as it was (empty), and whole.
db="$TMP/killed.db"
"$INDEX" -q -j 2 -d "$db" "$TMP/big.jsonl" 2>"$TMP/killed.err" &
pid=$!
# Kill once the shards hold articles.
if shards_grown "$db"; then pass; else fail "killed: the shards never grew"; fi
kill -KILL "$pid"
wait "$pid" 2>/dev/null
check_eq "killed before the merge: no article" 0 "$(count "$db" quokka)"
if command -v xapian-check >/dev/null; then
    run xapian-check "$db"
    check_eq "killed before the merge: xapian-check passes" 0 "$rc"
fi
t0=$(date +%s.%N)
run "$INDEX" -q -j 2 -d "$db" "$TMP/big.jsonl"
build_s=$(echo "$(date +%s.%N) $t0" | awk '{ printf "%.2f", $1 - $2 }')
check_contains "the next run builds it all" "$N added" "$err"
check_eq "...every article" "$N" "$(count "$db" quokka)"
check_eq "...and the abandoned shards are gone" 0 "$(leftovers "$db")"

# SIGKILL at random moments of a first build, the merge and the move
# included: the index holds none of the articles or all of them, never a
# part, and the next run leaves exactly all of them. MORGUE_FIRST_BUILD_KILLS
# sets the number of rounds (default 3).
KILLS=${MORGUE_FIRST_BUILD_KILLS:-3}
SEED=${MORGUE_SEED:-$(($(date +%s) % 100000 + $$))}
round=0
for delay in $(awk -v s="$SEED" -v n="$KILLS" -v d="$build_s" \
                   'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%.2f\n", rand() * d * 1.1 }'); do
    round=$((round + 1))
    db="$TMP/kill$round.db"
    "$INDEX" -q -j 2 -d "$db" "$TMP/big.jsonl" 2>/dev/null &
    pid=$!
    sleep "$delay"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    what="kill $round of $KILLS (${delay} s of a ${build_s} s build, seed $SEED)"
    moving=no
    [ -e "$db/.morgue-build/publishing" ] && moving=yes
    held=$(count "$db" quokka)
    if [ "$moving" = no ]; then
        case "$held" in
        0|"$N") pass ;;
        *) fail "$what: the index holds $held articles, not 0 or $N" ;;
        esac
    fi
    run "$INDEX" -q -j 2 -d "$db" "$TMP/big.jsonl"
    check_eq "$what: the next run exits 0" 0 "$rc"
    case "$err" in
    *"$N added, 0 updated, 0 unchanged"*|*"0 added, 0 updated, $N unchanged"*) pass ;;
    *) fail "$what: the next run should add all or find all unchanged: $err" ;;
    esac
    check_eq "$what: then every article" "$N" "$(count "$db" quokka)"
    check_eq "$what: no build directory left" 0 "$(leftovers "$db")"
    if command -v xapian-check >/dev/null; then
        run xapian-check "$db"
        check_eq "$what: xapian-check passes" 0 "$rc"
    fi
done

# Dying while the merged build is moved in: the next writer finishes it.
# strace kills the writer as it is about to rename the second table file of
# the merged build into the index (-P: only renames of those files count),
# so that one table file has moved and the version file has not.
if why=$(no_strace); then
    skip "$why"
else
    db="$TMP/moving.db"
    m="$db/.morgue-build/merged"
    set --
    for _t in postlist termlist docdata position spelling synonym; do
        set -- "$@" -P "$m/$_t.glass"
    done
    strace -f -o /dev/null "$@" -e trace=rename -e inject=rename:signal=KILL:when=2 \
        "$INDEX" -q -j 2 -d "$db" "$TMP/big.jsonl" 2>/dev/null
    check_eq "killed in the middle of the move" 137 "$?"
    if [ -e "$db/.morgue-build/publishing" ]; then pass; else fail "moving: no marker left"; fi
    moved=0 left=0
    for _t in postlist termlist docdata position spelling synonym; do
        if [ -e "$m/$_t.glass" ]; then left=$((left + 1))
        elif [ -e "$db/$_t.glass" ]; then moved=$((moved + 1)); fi
    done
    check_eq "moving: one table file moved in" 1 "$moved"
    if [ "$left" -ge 1 ]; then pass; else fail "moving: no table file left to move"; fi
    if [ -e "$m/iamglass" ]; then pass; else fail "moving: the version file moved too soon"; fi
    run "$INDEX" -q -j 2 -d "$db" "$TMP/big.jsonl"
    check_eq "the next writer finishes the move and exits 0" 0 "$rc"
    check_contains "...and finds every article there" "0 added, 0 updated, $N unchanged" "$err"
    check_eq "...all searchable" "$N" "$(count "$db" quokka)"
    check_eq "...no build directory left" 0 "$(leftovers "$db")"
    if command -v xapian-check >/dev/null; then
        run xapian-check "$db"
        check_eq "finished move: xapian-check passes" 0 "$rc"
    fi
fi

# A marker left while another writer holds the lock is not touched: only a
# writer that finds the lock free finishes a move.
mkfifo "$TMP/fifo2"
"$INDEX" -q --batch 1 -d "$TMP/held.db" - <"$TMP/fifo2" 2>/dev/null &
pid=$!
exec 4>"$TMP/fifo2"
echo "$ROOT/corpus/gonzalez-plain.jsonl" >&4
if poll 600 at_least_one "$TMP/held.db" coffee; then pass; else fail "held: the writer never committed"; fi
mkdir -p "$TMP/held.db/.morgue-build/merged"
: >"$TMP/held.db/.morgue-build/publishing"
: >"$TMP/held.db/.morgue-build/merged/iamglass"
run "$INDEX" -q -d "$TMP/held.db" "$TMP/late.jsonl"
check_eq "held: a second writer exits 75" 75 "$rc"
check_eq "held: ...and moves nothing in" "1" \
    "$(ls "$TMP/held.db/.morgue-build/merged" | wc -l | tr -d ' ')"
exec 4>&-
wait "$pid"

# SIGTERM: what was built is merged, the summary says so, a re-run adds
# the rest exactly.
db="$TMP/term.db"
"$INDEX" -q -j 2 -d "$db" "$TMP/big.jsonl" 2>"$TMP/term.err" &
pid=$!
if shards_grown "$db"; then pass; else fail "TERM: the shards never grew"; fi
kill -TERM "$pid"
wait "$pid"
check_eq "TERM: exit 143" 143 "$?"
added=$(sed -n 's/^morgue-index: \([0-9][0-9]*\) added,.*/\1/p' "$TMP/term.err")
check_eq "TERM: the summary's 'added' are all searchable" "$added" "$(count "$db" quokka)"
run "$INDEX" -q -j 2 -d "$db" "$TMP/big.jsonl"
check_contains "TERM: the re-run adds the rest" "$((N - ${added:-0})) added, 0 updated, ${added:-0} unchanged" "$err"
check_eq "TERM: the exact total" "$N" "$(count "$db" quokka)"

# The lock is held from the start of a first build to its end.
mkfifo "$TMP/fifo"
"$INDEX" -q -j 2 -d "$TMP/locked.db" - <"$TMP/fifo" 2>/dev/null &
pid=$!
exec 3>"$TMP/fifo"
echo "$TMP/big.jsonl" >&3
sleep 0.5
run "$INDEX" -q -d "$TMP/locked.db" "$TMP/late.jsonl"
check_eq "a second writer during a first build exits 75" 75 "$rc"
exec 3>&-
wait "$pid"
check_eq "the first build ends well" 0 "$?"
check_eq "...with every article" "$N" "$(count "$TMP/locked.db" quokka)"

# ---- a real corpus -----------------------------------------------------------------

BBC="$CORPORA/bbc-news/bbc"
if have_shared && [ -d "$BBC/business" ]; then
    set -- "$BBC/business" "$BBC/entertainment" "$BBC/politics" "$BBC/sport" "$BBC/tech"
    run "$INDEX" -q -j 1 -d "$TMP/bbc1.db" "$@"
    run "$INDEX" -q -j 2 -d "$TMP/bbc2.db" "$@"
    check_contains "BBC on two threads" "2225 added, 0 updated, 0 unchanged, 0 removed, 0 skipped" "$err"
    same_answers "BBC" "$TMP/bbc1.db" "$TMP/bbc2.db" \
        'Blair election' '"interest rates"' 'chelsea OR arsenal' 'title:film' 'music*' 'broadband'
    a=$("$QUERY" -d "$TMP/bbc1.db" --format tsv -n 1 'Blair election' | cut -f2)
    check_eq "BBC: an article reads back the same" "$("$QUERY" -d "$TMP/bbc1.db" --show "$a" --format json)" \
        "$("$QUERY" -d "$TMP/bbc2.db" --show "$a" --format json)"
else
    skip "$BBC not found"
fi

finish
