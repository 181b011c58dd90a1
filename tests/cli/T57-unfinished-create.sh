# T57-unfinished-create - a writer killed while Xapian creates a new index
# (its table files made, empty, and the version file not yet renamed into
# place) must not lock every later writer out with "no index there": the
# next writer clears the empty tables and builds the index. A database that
# has lost its version file but holds data is never cleared.
. "$(dirname "$0")/lib.sh"

ART="$ROOT/corpus/000_ea9997eae0faef6f.txt"

# The state such a kill leaves, made by hand: empty tables, the version
# file's temporary, the lock file.
db="$TMP/made.db"
mkdir "$db"
: >"$db/postlist.glass"
: >"$db/termlist.glass"
: >"$db/flintlock"
printf 'not a version file' >"$db/v.tmp"
run "$INDEX" -q -d "$db" "$ART"
check_eq "a writer after an unfinished creation exits 0" 0 "$rc"
check_not_contains "and reports no error" "no index there" "$err"
run "$QUERY" -d "$db" --count maduro
check_eq "the article is found" "1" "$out"

# The real thing: kill the first writer at the rename of the version file.
if why=$(no_strace); then
    skip "$why"
else
    db="$TMP/killed.db"
    strace -f -o /dev/null -P "$db/v.tmp" -e trace=rename -e inject=rename:signal=KILL:when=1 \
        "$INDEX" -q -d "$db" "$ART" >/dev/null 2>&1
    check_eq "the first writer was killed" 137 "$?"
    if [ -e "$db/iamglass" ]; then
        fail "the kill came after the version file was written"
    else
        pass
    fi
    run "$INDEX" -q -d "$db" "$ART"
    check_eq "the next writer exits 0" 0 "$rc"
    check_not_contains "and reports no error" "no index there" "$err"
    run "$QUERY" -d "$db" --count maduro
    check_eq "the article is found after the kill" "1" "$out"
fi

# An index whose version file is gone but whose tables hold data: refused,
# and nothing of it removed.
db="$TMP/lost.db"
run "$INDEX" -q -d "$db" "$ART"
check_eq "a normal build" 0 "$rc"
rm "$db/iamglass"
before=$(ls "$db" | sort | tr '\n' ' ')
run "$INDEX" -q -d "$db" "$ART"
check_eq "an index without its version file is refused" 2 "$rc"
check_contains "with Xapian's reason" "no index there" "$err"
check_eq "and none of its files removed" "$before" "$(ls "$db" | sort | tr '\n' ' ')"

finish
