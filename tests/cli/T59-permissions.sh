# T59-permissions - an index this user may not write or read is reported
# as what it is, "permission denied" and the file, with exit 74 (the
# index cannot be read or written; 2 is a usage error): never as
# "locked by another writer" (exit 75, which a cron wrapper retries for
# ever) after waiting the whole --wait, and never as "no index there".
# Run as root, the checks that need a user without the permission run as
# nobody (setpriv); without setpriv they are skipped.
. "$(dirname "$0")/lib.sh"

ART="$ROOT/corpus/000_ea9997eae0faef6f.txt"
DB="$TMP/perm.db"
run "$INDEX" -q -d "$DB" "$ART"
check_eq "the index is built" 0 "$rc"

# as_user CMD...: CMD as a user to whom the permissions apply.
if [ "$(id -u)" -ne 0 ]; then
    as_user() { "$@"; }
elif command -v setpriv >/dev/null && setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
    as_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
    chmod 755 "$TMP"
    chmod -R a+rX "$DB"
    # nobody must reach the binaries (a checkout under a private home may not)
    as_user "$INDEX" --version >/dev/null 2>&1 || unset -f as_user
else
    as_user=""
fi

if ! command -v as_user >/dev/null; then
    skip "running as root without setpriv, or nobody cannot run the binaries: no user to lack a permission"
else
    # Read-only: the directory and every file of it.
    chmod -R a-w "$DB"
    start=$(date +%s)
    run as_user "$INDEX" -q -d "$DB" --wait 20 "$ART"
    took=$(( $(date +%s) - start ))
    check_eq "a writer without write permission exits 74" 74 "$rc"
    check_contains "and says permission denied" "Permission denied" "$err"
    check_contains "naming the index" "$DB" "$err"
    check_not_contains "not that it is locked" "locked" "$err"
    if [ "$took" -lt 10 ]; then pass; else fail "it waited $took s of --wait 20 for a lock no one holds"; fi
    run as_user "$QUERY" -d "$DB" --count maduro
    check_eq "a reader of a read-only index still reads" "0 1" "$rc $out"

    # Unreadable: the directory itself.
    chmod -R u+w "$DB"
    chmod 700 "$DB"
    run as_user "$QUERY" -d "$DB" --count maduro
    check_eq "a reader without read permission exits 2" 2 "$rc"
    check_contains "and says permission denied" "Permission denied" "$err"
    check_not_contains "not that there is no index" "no index there" "$err"
    chmod 755 "$DB"

    # An empty directory where this user can make no lock file.
    mkdir "$TMP/sealed"
    chmod 555 "$TMP/sealed"
    run as_user "$INDEX" -q -d "$TMP/sealed" --wait 20 "$ART"
    check_eq "a writer on an empty read-only directory exits 74" 74 "$rc"
    check_not_contains "and does not call it locked" "locked" "$err"
    check_contains "it names the lock file it could not make" "$TMP/sealed/flintlock" "$err"
fi

# A directory where no lock file can be made at all, and which holds other
# files: not taken for an index (T77), and never called locked.
run env MORGUE_DB=/proc/self "$INDEX" -q --wait 20 "$ART"
check_eq "a writer on /proc/self exits 2" 2 "$rc"
check_not_contains "and does not call it locked" "locked" "$err"
check_contains "it says it is no index" "/proc/self: not an index, and not empty" "$err"

finish
