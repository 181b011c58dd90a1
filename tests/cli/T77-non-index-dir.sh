# T77-non-index-dir - morgue-index -d DIR on an existing directory that is
# not an index and holds other files (a mistyped -d, or -d .) is refused
# with exit 2, naming what it holds, and writes nothing there; an empty
# existing directory (mktemp -d) is taken, and so is one that a creation
# or a first build left behind.
. "$(dirname "$0")/lib.sh"

ART="$ROOT/corpus/000_ea9997eae0faef6f.txt"

db="$TMP/photos"
mkdir "$db"
echo 'holiday' >"$db/notes.txt"
: >"$db/img.jpg"
mkdir "$db/album"
before=$(ls -a "$db" | sort | tr '\n' ' ')
run "$INDEX" -q -d "$db" "$ART"
check_eq "a directory of other files is refused" 2 "$rc"
check_contains "saying it is not an index and not empty" \
    "$db: not an index, and not empty (holds album, img.jpg, notes.txt)" "$err"
check_contains "and where an index is made" "only in a new or empty directory" "$err"
check_eq "nothing written there" "$before" "$(ls -a "$db" | sort | tr '\n' ' ')"
: >"$db/more"
run "$INDEX" -q -d "$db" "$ART"
check_contains "more than three entries end in ..." "(holds album, img.jpg, more, ...)" "$err"

# A hidden file counts too.
db="$TMP/hidden"
mkdir "$db"
: >"$db/.profile"
run "$INDEX" -q -d "$db" "$ART"
check_eq "a directory holding a dot file is refused" 2 "$rc"
check_contains "naming it" "(holds .profile)" "$err"

# An empty existing directory is where an index goes.
db=$(mktemp -d "$TMP/empty.XXXXXX")
run "$INDEX" -q -d "$db" "$ART"
check_eq "an empty existing directory is taken" 0 "$rc"
run "$QUERY" -d "$db" --count maduro
check_eq "and the article is found" "1" "$out"
# The index it became, with files put beside it since, stays an index.
: >"$db/README"
run "$INDEX" -q -d "$db" "$ART"
check_eq "an index with a file beside its own stays usable" 0 "$rc"

# What morgue itself leaves: a lock file, the version file's temporary, a
# first build's work directory.
db="$TMP/leftovers"
mkdir "$db" "$db/.morgue-build"
: >"$db/flintlock"
printf 'x' >"$db/v.tmp"
run "$INDEX" -q -d "$db" "$ART"
check_eq "a directory holding only morgue's leftovers is taken" 0 "$rc"
run "$QUERY" -d "$db" --count maduro
check_eq "and indexed" "1" "$out"

# A file where the directory should be keeps its old message.
: >"$TMP/plain"
run "$INDEX" -q -d "$TMP/plain" "$ART"
check_eq "a plain file is refused" 2 "$rc"
check_not_contains "not as a directory of files" "not empty" "$err"

finish
