#!/bin/sh
# T09-rerun-prune.sh - morgue-index is safe to re-run on a copy of corpus/:
# a second run writes nothing, a touched file is re-read but not rewritten,
# an edited article is updated, an article gone from its file is removed,
# --prune removes the articles of deleted files (with and without PATHs),
# and the index is found through -, $MORGUE_DB and ./morgue.db.
. "$(dirname "$0")/lib.sh"

C="$TMP/corpus"
DB="$TMP/rerun.db"
mkdir -p "$C"
cp $(find corpus -maxdepth 1 -type f) "$C/"
cp -R corpus/broken "$C/"

# summary FIELD: the number before FIELD in the summary line of $err.
summary() {
    printf '%s\n' "$err" | sed -n "/^morgue-index: /s/.*[ :]\([0-9][0-9]*\) $1[, ].*/\1/p"
}
# count QUERY [DB]: the exact number of matches.
count() { "$QUERY" -d "${2:-$DB}" --count "$1"; }
ALL='the OR a OR de OR on'

run "$INDEX" -q -d "$DB" "$C"
check_eq "first run exit (broken inputs skipped)" 1 "$rc"
check_contains "first run summary" "morgue-index: 14 added, 0 updated, 0 unchanged, 0 removed, 6 skipped" "$err"
check_eq "summary helper reads 'added'" 14 "$(summary added)"
check_eq "first run: every article searchable" 14 "$(count "$ALL")"
check_contains "first run: the Latin-1 file is read" "latin1-archive.txt: invalid UTF-8" "$err"

# ---- a second run changes nothing -------------------------------------------

run "$INDEX" -q -d "$DB" "$C"
check_eq "second run exit" 1 "$rc"
check_contains "second run: nothing written" "morgue-index: 0 added, 0 updated, " "$err"
check_eq "second run: every article unchanged" 14 "$(summary unchanged)"
check_eq "second run: nothing removed" 0 "$(summary removed)"
check_not_contains "second run: the clean Latin-1 file is skipped unread" "latin1-archive.txt" "$err"
check_eq "second run: no duplicates" 14 "$(count "$ALL")"

# ---- touching a file: read again, nothing written ------------------------------

touch -d '2001-02-03 04:05:06' "$C/latin1-archive.txt"
run "$INDEX" -q -d "$DB" "$C"
check_contains "touched file is read again (its warning is back)" \
    "latin1-archive.txt: invalid UTF-8 decoded as Windows-1252" "$err"
check_contains "touched file: nothing written" "morgue-index: 0 added, 0 updated, 14 unchanged, 0 removed" "$err"
run "$INDEX" -q -d "$DB" "$C"
check_not_contains "after the touch is recorded, it is skipped again" "latin1-archive.txt" "$err"

# ---- editing a text file's body ------------------------------------------------------

check_eq "before the edit: forty" 1 "$(count 'forty minutes')"
sed 's/forty minutes/fifty minutes/' "$C/gonzalez-accented.txt" >"$TMP/edit" &&
    cat "$TMP/edit" >"$C/gonzalez-accented.txt"
touch -d '2002-01-01 00:00:00' "$C/gonzalez-accented.txt"
run "$INDEX" -q -d "$DB" "$C"
check_contains "edited body: one update" "morgue-index: 0 added, 1 updated, 13 unchanged, 0 removed" "$err"
check_eq "edited body: the new words are found" 1 "$(count 'fifty minutes')"
check_eq "edited body: the old words are gone" 0 "$(count 'forty minutes')"
check_eq "edited body: still one article" 14 "$(count "$ALL")"

# ---- a line removed from a JSON Lines file ------------------------------------------

check_eq "before: the coffee article" 1 "$(count 'coffee growers')"
grep -v '"wire-2024-0712"' "$C/gonzalez-plain.jsonl" >"$TMP/plain" &&
    cat "$TMP/plain" >"$C/gonzalez-plain.jsonl"
check_eq "one line left in the JSON Lines copy" 1 "$(wc -l <"$C/gonzalez-plain.jsonl" | tr -d ' ')"
run "$INDEX" -q -d "$DB" "$C"
check_contains "removed line: its article is removed" "morgue-index: 0 added, 0 updated, 13 unchanged, 1 removed" "$err"
check_eq "removed line: not found any more" 0 "$(count 'coffee growers')"
check_eq "removed line: the other article stays" 1 "$(count 'supporters valencia')"
check_eq "removed line: 13 articles" 13 "$(count "$ALL")"
run "$INDEX" -q -d "$DB" "$C"
check_contains "after the removal: nothing to do" "morgue-index: 0 added, 0 updated, 13 unchanged, 0 removed" "$err"

# ---- a deleted file and --prune ----------------------------------------------------

check_eq "before the delete: the port strike" 1 "$(count 'port strike')"
rm "$C/wire.jsonl.gz"
run "$INDEX" -q -d "$DB" "$C"
check_contains "without --prune a deleted file's articles stay" "0 removed" "$err"
check_eq "without --prune: still found" 1 "$(count 'port strike')"
run "$INDEX" -q -d "$DB" --prune "$C"
check_contains "--prune: the deleted file's 3 articles" "morgue-index: 0 added, 0 updated, 10 unchanged, 3 removed" "$err"
check_eq "--prune: the port strike is gone" 0 "$(count 'port strike')"
check_eq "--prune: the tram line is gone" 0 "$(count 'tram')"
check_eq "--prune: the Spanish article is gone" 0 "$(count 'elecciones')"
check_eq "--prune: 10 articles" 10 "$(count "$ALL")"
run "$INDEX" -q -d "$DB" --prune "$C"
check_contains "a second --prune removes nothing" "0 removed" "$err"

# --prune with no PATH at all.
rm "$C/latin1-archive.txt"
run "$INDEX" -q -d "$DB" --prune
check_eq "--prune alone exits 0" 0 "$rc"
check_contains "--prune alone: one article removed" "morgue-index: 0 added, 0 updated, 0 unchanged, 1 removed, 0 skipped" "$err"
check_eq "--prune alone: the café is gone" 0 "$(count 'café')"
check_eq "--prune alone: 9 articles" 9 "$(count "$ALL")"
# No PATH and no --prune is a usage error.
run "$INDEX" -q -d "$DB"
check_eq "no PATH exits 2" 2 "$rc"
check_contains "no PATH is explained" "no PATH" "$err"

# A final run over what is left gives the same index.
run "$INDEX" -q -d "$DB" "$C"
check_contains "final run: nothing to do" "0 added, 0 updated, 9 unchanged, 0 removed" "$err"
check_eq "final run: no duplicates" 9 "$(count "$ALL")"

# ---- paths from stdin ------------------------------------------------------------

STDIN_DB="$TMP/stdin.db"
printf '%s\n' corpus/gonzalez-plain.jsonl "" corpus/gonzalez-accented.txt |
    "$INDEX" -q -d "$STDIN_DB" - >"$TMP/out" 2>"$TMP/err"
rc=$?
err=$(cat "$TMP/err")
check_eq "paths from stdin: exit" 0 "$rc"
check_contains "paths from stdin: both files" "morgue-index: 3 added" "$err"
check_eq "paths from stdin: nothing on stdout" "" "$(cat "$TMP/out")"
check_eq "paths from stdin: searchable" 2 "$(count gonzalez "$STDIN_DB")"
# Mixed with a PATH argument, and a missing path named.
printf '%s\n' "$TMP/nonexistent.txt" corpus/latin1-archive.txt |
    "$INDEX" -q -d "$STDIN_DB" corpus/gonzalez-plain.jsonl - >/dev/null 2>"$TMP/err"
rc=$?
err=$(cat "$TMP/err")
check_eq "stdin with a missing path exits 1" 1 "$rc"
check_contains "the missing path is named" "$TMP/nonexistent.txt" "$err"
check_contains "stdin and an argument: one added, two unchanged" "1 added, 0 updated, 2 unchanged" "$err"

# ---- $MORGUE_DB and ./morgue.db ------------------------------------------------------

ENV_DB="$TMP/env.db"
MORGUE_DB="$ENV_DB" "$INDEX" -q corpus/gonzalez-accented.txt 2>"$TMP/err"
check_eq "\$MORGUE_DB: exit" 0 "$?"
if [ -d "$ENV_DB" ]; then pass; else fail "\$MORGUE_DB: $ENV_DB was not created"; fi
check_eq "\$MORGUE_DB: the index holds the article" 1 "$(count edmundo "$ENV_DB")"
check_eq "\$MORGUE_DB is used by morgue-query too" 1 "$(MORGUE_DB="$ENV_DB" "$QUERY" --count edmundo)"
# -d wins over $MORGUE_DB.
MORGUE_DB="$ENV_DB" "$INDEX" -q -d "$TMP/flag.db" corpus/gonzalez-plain.jsonl 2>/dev/null
check_eq "-d wins over \$MORGUE_DB" 2 "$(count 'the OR a' "$TMP/flag.db")"
check_eq "-d: \$MORGUE_DB untouched" 1 "$(count 'the OR a' "$ENV_DB")"

mkdir "$TMP/work"
(cd "$TMP/work" && env -u MORGUE_DB "$INDEX" -q "$ROOT/corpus/gonzalez-plain.jsonl") 2>"$TMP/err"
check_eq "default index: exit" 0 "$?"
if [ -d "$TMP/work/morgue.db" ]; then pass; else fail "./morgue.db was not created in the working directory"; fi
check_eq "default index: the articles" 2 "$(count 'the OR a' "$TMP/work/morgue.db")"
check_eq "morgue-query defaults to ./morgue.db too" 1 \
    "$(cd "$TMP/work" && env -u MORGUE_DB "$QUERY" --count coffee)"
# An empty $MORGUE_DB counts as unset.
(cd "$TMP/work" && MORGUE_DB= "$INDEX" -q "$ROOT/corpus/gonzalez-accented.txt") 2>"$TMP/err"
check_eq "empty \$MORGUE_DB: ./morgue.db" 3 "$(count 'the OR a' "$TMP/work/morgue.db")"

finish
