# T60-prune-guard - --prune never removes what lies under a PATH that is
# missing (an archive moved or unmounted), unreadable, or an empty
# directory (an unmounted mount point): it names the PATH, exits 3 and
# does the rest of the run. Nor does it remove more than half of the index
# without --force. Before, `mv W W.off; morgue-index --prune W` removed
# every article of W and exited 1, as for a malformed input.
. "$(dirname "$0")/lib.sh"

DB="$TMP/p.db"
W="$TMP/W"
mkdir -p "$W" "$TMP/other"
for i in $(seq 1 40); do
    printf 'Dispatch %s\n\nThe ministry confirmed sanctions figure %s today.\n' "$i" "$i" >"$W/a$i.txt"
done
for i in $(seq 1 10); do
    printf 'Other %s\n\nA harvest report, number %s.\n' "$i" "$i" >"$TMP/other/o$i.txt"
done
run "$INDEX" -q -d "$DB" "$W" "$TMP/other"
check_eq "the archive is indexed" 0 "$rc"
count() { "$QUERY" -d "$DB" --count "$1"; }
check_eq "40 articles in W" 40 "$(count sanctions)"

# W moved away: nothing of it is pruned.
mv "$W" "$W.off"
run "$INDEX" -q --prune -d "$DB" "$W"
check_eq "a missing PATH: exit 3" 3 "$rc"
check_contains "it names the PATH and why" "$W: missing, so its 40 indexed articles were not pruned" "$err"
check_eq "every article of W is still there" 40 "$(count sanctions)"

# W an empty directory (a mount point without its disk).
mkdir "$W"
run "$INDEX" -q --prune -d "$DB" "$W"
check_eq "an empty PATH: exit 3" 3 "$rc"
check_contains "it says the PATH is empty" "$W: an empty directory, so its 40 indexed articles were not pruned" "$err"
check_eq "every article of W is still there" 40 "$(count sanctions)"

# Another PATH of the same run is still indexed and pruned.
rm "$TMP/other/o1.txt"
printf 'Other new\n\nA fresh harvest report.\n' >"$TMP/other/new.txt"
run "$INDEX" -q --prune -d "$DB" "$W" "$TMP/other"
check_eq "the rest of the run is done: exit 3 still" 3 "$rc"
check_eq "the other PATH's new file is indexed" 1 "$(count fresh)"
check_eq "and its removed file pruned" 10 "$(count harvest)"

# No PATH at all: the guard against removing most of the index.
rmdir "$W"
run "$INDEX" -q --prune -d "$DB"
check_eq "pruning 40 of 50 without --force: exit 3" 3 "$rc"
check_contains "it says how much" "pruning would remove 40 of its 50 articles" "$err"
check_contains "and how to do it anyway" "--force" "$err"
check_eq "nothing was pruned" 40 "$(count sanctions)"

# W back in place: nothing to hold back, nothing removed.
mv "$W.off" "$W"
run "$INDEX" -q --prune -d "$DB" "$W"
check_eq "W back: exit 0" 0 "$rc"
check_eq "all of W is there" 40 "$(count sanctions)"

# A real removal of a few files still works, and --force removes many.
rm "$W/a1.txt" "$W/a2.txt"
run "$INDEX" -q --prune -d "$DB" "$W"
check_eq "two files removed: exit 0" 0 "$rc"
check_eq "their articles are pruned" 38 "$(count sanctions)"
rm -r "$W"
run "$INDEX" -q --prune --force -d "$DB"
check_eq "--force prunes most of the index: exit 0" 0 "$rc"
check_eq "W's articles are gone" 0 "$(count sanctions)"
check_eq "the others stay" 10 "$(count harvest)"

finish
