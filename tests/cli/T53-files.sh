# T53-files - what morgue does with the file system: file names with
# spaces, newlines, tabs, backslashes and bytes that are not UTF-8 are
# indexed and reported with one unambiguous spelling (in messages and in
# JSON output); symbolic links met in a walked directory are not followed
# out of it unless --follow, and link loops end the walk of that branch
# with one message; the index is created with the user's umask; and
# nothing is written outside the index directory.
. "$(dirname "$0")/lib.sh"

article() {  # article FILE WORD: a small text article about WORD
    printf 'About %s\n\nThis article is about %s and nothing else.\n' "$2" "$2" >"$1"
}

# ---- file names ------------------------------------------------------
N="$TMP/names"
mkdir "$N"
article "$N/with space.txt" spacey
article "$N/new
line.txt" newliney
article "$(printf '%s/tab\there.txt' "$N")" tabby
article "$(printf '%s/caf\351.txt' "$N")" latiny
article "$(printf '%s/bad\377name.txt' "$N")" ffy
article "$N/back\\slash.txt" slashy
# Broken inputs, so that their names appear in messages.
printf '{"title": "cut\n' >"$(printf '%s/bro\nken\377.jsonl' "$N")"
printf '{"title": "cut\n' >"$N/b\\ad.jsonl"

run "$INDEX" -q -d "$TMP/names.db" "$N"
check_eq "names: exit 1 (two broken files)" 1 "$rc"
check_contains "names: all six indexed" "6 added, 0 updated, 0 unchanged, 0 removed, 2 skipped" "$err"
# Messages: newline as \n, 0xFF as \xFF, backslash as \\; one line each.
check_contains "newline and \\xFF escaped in a message" \
    "$N/bro\\nken\\xFF.jsonl:1: invalid JSON" "$err"
check_contains "backslash escaped in a message" "$N/b\\\\ad.jsonl:1: invalid JSON" "$err"
check_eq "one line per message" 3 "$(printf '%s\n' "$err" | wc -l)"

# JSON output is valid and names each file once and exactly. (Output goes
# through printf, not echo: dash's echo would read the backslashes.)
names_path() {  # names_path WORD: the path of the hit for WORD, as jq -r reads it
    "$QUERY" -d "$TMP/names.db" --format json "$1" | jq -r '.results[0].path'
}
check_eq "json path with a space" "$N/with space.txt" "$(names_path spacey)"
check_eq "json path with a newline" "$N/new
line.txt" "$(names_path newliney)"
check_eq "json path with a tab" "$(printf '%s/tab\there.txt' "$N")" "$(names_path tabby)"
check_eq "json path with Latin-1 byte" "$N/caf\\xE9.txt" "$(names_path latiny)"
check_eq "json path with byte FF" "$N/bad\\xFFname.txt" "$(names_path ffy)"
check_eq "json path with a backslash" "$N/back\\\\slash.txt" "$(names_path slashy)"
run "$QUERY" -d "$TMP/names.db" --format json -n 100 'about'
check_eq "json of all six: exit 0" 0 "$rc"
check_eq "json of all six parses" 6 "$(printf '%s\n' "$out" | jq '.results | length')"
run "$QUERY" -d "$TMP/names.db" --format jsonl -n 100 'about'
check_eq "jsonl of all six parses" 6 "$(printf '%s\n' "$out" | jq -s 'length')"
id=$("$QUERY" -d "$TMP/names.db" --format json ffy | jq -r '.results[0].id')
run "$QUERY" -d "$TMP/names.db" --format json --show "$id"
check_eq "--show json path" "$N/bad\\xFFname.txt" "$(printf '%s\n' "$out" | jq -r .path)"
# A query that is not UTF-8 is echoed repaired, as it was searched.
run "$QUERY" -d "$TMP/names.db" --format json "$(printf 'caf\351')"
check_eq "json with a non-UTF-8 query: exit 1 (no match)" 1 "$rc"
check_eq "non-UTF-8 query echoed repaired" "café" "$(printf '%s\n' "$out" | jq -r .query)"

# ---- symbolic links ---------------------------------------------------
W="$TMP/walk" O="$TMP/outside"
mkdir -p "$W/sub" "$O"
article "$W/a.txt" insider
article "$O/o.txt" outsider
article "$O/o2.txt" faraway
ln -s a.txt "$W/same.txt"            # a link inside the tree
ln -s ../outside/o.txt "$W/out.txt"  # a link to a file out of it
ln -s ../outside "$W/outdir"         # a link to a directory out of it
ln -s .. "$W/sub/loop"               # a loop
ln -s nowhere "$W/dangling"          # a broken link
ln -s self "$W/self"                 # a link to itself
ln -s ../walk "$O/back"              # out and back in: a loop with --follow

run timeout 60 "$INDEX" -q -d "$TMP/links.db" "$W"
check_eq "links: exit 1" 1 "$rc"
check_contains "link to a file out of the tree reported" \
    "$W/out.txt: symbolic link out of the walked directory, not followed (--follow follows it)" "$err"
check_contains "link to a directory out of the tree reported" \
    "$W/outdir: symbolic link out of the walked directory, not followed" "$err"
check_contains "broken link reported" "$W/dangling: broken symbolic link (No such file or directory)" "$err"
check_contains "link to itself reported" "$W/self: broken symbolic link (Too many levels of symbolic links)" "$err"
check_not_contains "a link inside the tree is not reported" "same.txt" "$err"
check_not_contains "a loop inside the tree is not followed" "loop" "$err"
check_contains "links: only the tree's own file" "1 added, 0 updated, 0 unchanged, 0 removed, 4 skipped" "$err"
run "$QUERY" -d "$TMP/links.db" --count outsider
check_eq "the outside file is not indexed" 0 "$out"

# A link named on the command line is read.
run "$INDEX" -q -d "$TMP/links.db" "$W/out.txt"
check_eq "named link: exit 0" 0 "$rc"
run "$QUERY" -d "$TMP/links.db" --count outsider
check_eq "named link indexed" 1 "$out"

# --follow follows links out of the tree; loops are reported once each.
run timeout 60 "$INDEX" -q --follow -d "$TMP/follow.db" "$W"
check_eq "--follow: exit 1 (loops and the broken links)" 1 "$rc"
check_eq "--follow: the loop in sub reported once" 1 \
    "$(printf '%s\n' "$err" | grep -c "^$W/sub/loop: symbolic link loop (it leads back to a directory it is in), not followed$")"
check_eq "--follow: the loop through outdir reported once" 1 \
    "$(printf '%s\n' "$err" | grep -c "^$W/outdir/back: symbolic link loop")"
check_contains "--follow: broken link still reported" "$W/dangling: broken symbolic link" "$err"
# o.txt comes through out.txt and outdir/, a.txt itself and through same.txt:
# each is read once, the second time it is unchanged.
check_contains "--follow: three articles, each read once" \
    "3 added, 0 updated, 2 unchanged, 0 removed, 4 skipped" "$err"
run "$QUERY" -d "$TMP/follow.db" --count 'outsider OR faraway OR insider'
check_eq "--follow: the outside files indexed" 3 "$out"

# ---- umask --------------------------------------------------------------
for mask in 002 027 077; do
    db="$TMP/umask$mask.db"
    (umask $mask && "$INDEX" -q -d "$db" "$W/a.txt" 2>/dev/null)
    want_dir=$(printf '%o' $((0777 & ~0$mask)))
    want_file=$(printf '%o' $((0666 & ~0$mask)))
    check_eq "umask $mask: index directory mode" "$want_dir" "$(stat -c %a "$db")"
    modes=$(find "$db" -type f -exec stat -c %a {} + | sort -u | tr '\n' ' ')
    check_eq "umask $mask: every index file's mode" "$want_file " "$modes"
done

# ---- nothing written outside the index directory -----------------------
S="$TMP/scratch"
mkdir -p "$S/home" "$S/cwd" "$S/tmp" "$S/in"
cp "$W/a.txt" "$S/in/"
printf '{"id":"j1","title":"Jsonl one","body":"scratchy words"}\n' | gzip >"$S/in/b.jsonl.gz"
listing() {  # every path under $S but the index; files with size, mode, mtime
    (cd "$S" && find . -path ./cwd/x.db -prune -o -type d -printf '%p/ %m\n' \
        -o -printf '%p %s %m %T@\n' | sort)
}
before=$(listing)
(cd "$S/cwd" && HOME="$S/home" TMPDIR="$S/tmp" "$INDEX" -q -d x.db "$S/in" 2>/dev/null)
check_eq "index created in cwd" "yes" "$([ -f "$S/cwd/x.db/iamglass" ] && echo yes)"
after=$(listing)
check_eq "morgue-index wrote nothing outside the index" "$before" "$after"
index_before=$(cd "$S/cwd/x.db" && find . -printf '%p %s %m %T@\n' | sort)
(cd "$S/cwd" && HOME="$S/home" TMPDIR="$S/tmp" "$QUERY" -d x.db --format json scratchy >/dev/null)
check_eq "morgue-query wrote nothing outside the index" "$before" "$(listing)"
check_eq "morgue-query left the index as it was" "$index_before" \
    "$(cd "$S/cwd/x.db" && find . -printf '%p %s %m %T@\n' | sort)"

finish
