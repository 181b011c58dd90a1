# T65-damaged-index - a damaged index is reported as damaged, exit 2, never
# a crash: a version file (iamglass) whose B-tree level Xapian would trust
# and segfault on is refused before Xapian reads it, by the reader and the
# writer alike, and no one-byte change of the version file crashes either.
# morgue-index --check finds damage that searches do not report: a
# postlist block that gives a wrong count (exit 0), a stored record whose
# checksum fails; it exits 0 on a whole index, 4 on a damaged one, 2 when
# there is no index to check.
. "$(dirname "$0")/lib.sh"

ART="$ROOT/corpus/000_ea9997eae0faef6f.txt"
DB="$TMP/good.db"
run "$INDEX" -q -d "$DB" "$ART"
check_eq "the index is built" 0 "$rc"

# put_byte FILE OFFSET OCTAL: write one byte into FILE at OFFSET.
put_byte() { printf "\\$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }

# The offset of the postlist table's flags (level << 2 | sequential << 1 |
# root_is_fake): after 32 bytes of magic, format and uuid come the
# revision and the table's root block, each a number packed 7 bits a byte.
bytes=$(od -An -tu1 -v "$DB/iamglass")
flags_at() {
    _i=0 _skip=2 _off=-1
    for _b in $bytes; do
        if [ "$_i" -ge 32 ]; then
            if [ "$_skip" -eq 0 ]; then _off=$_i; break; fi
            [ "$_b" -lt 128 ] && _skip=$((_skip - 1))
        fi
        _i=$((_i + 1))
    done
    echo "$_off"
}
at=$(flags_at)

# The postlist's root said to be at level 22 (0x59: level 22, fake root):
# Xapian 1.4 opens it, answers, and segfaults closing it.
cp -r "$DB" "$TMP/deep.db"
put_byte "$TMP/deep.db/iamglass" "$at" 131
run "$QUERY" -d "$TMP/deep.db" --count maduro
check_eq "a reader of an impossible B-tree level exits 2" 2 "$rc"
check_contains "saying the index is damaged" "$TMP/deep.db: index is damaged: " "$err"
check_contains "naming the version file and the table" "$TMP/deep.db/iamglass says the postlist table" "$err"
check_eq "and printing no count" "" "$out"
cp "$TMP/deep.db/iamglass" "$TMP/deep.iamglass"
run "$INDEX" -q -d "$TMP/deep.db" "$ART"
check_eq "a writer exits 2 too" 2 "$rc"
check_contains "saying so" "index is damaged" "$err"
if cmp -s "$TMP/deep.db/iamglass" "$TMP/deep.iamglass"; then pass; else fail "the writer changed the damaged index"; fi

# A root said to be empty that holds entries (0x01 in the same place).
cp -r "$DB" "$TMP/fake.db"
put_byte "$TMP/fake.db/iamglass" "$at" 001
run "$QUERY" -d "$TMP/fake.db" --count maduro
check_eq "an empty root with entries exits 2" 2 "$rc"
check_contains "said as such" "postlist table is empty yet holds" "$err"
check_not_contains "not taken for something else" "not a morgue index" "$err"

# Every byte after the magic and the uuid, one at a time, set to 0x59:
# whatever it does to the answers, nothing crashes.
size=$(wc -c <"$DB/iamglass")
crashed=""
off=32
while [ "$off" -lt "$size" ]; do
    rm -rf "$TMP/one.db"
    cp -r "$DB" "$TMP/one.db"
    put_byte "$TMP/one.db/iamglass" "$off" 131
    "$QUERY" -d "$TMP/one.db" --count maduro >/dev/null 2>&1
    r=$?
    [ "$r" -gt 2 ] && crashed="$crashed $off(exit $r)"
    off=$((off + 1))
done
check_eq "no one-byte change of iamglass crashes morgue-query" "" "$crashed"

# ---- morgue-index --check ----
run "$INDEX" -d "$DB" --check
check_eq "--check of a whole index exits 0" 0 "$rc"
check_contains "and says so" "$DB: checked, no problem found" "$err"
check_eq "printing nothing on stdout" "" "$out"
run "$INDEX" -d "$TMP/deep.db" --check
check_eq "--check of the impossible level exits 4" 4 "$rc"
check_contains "naming the table" "says the postlist table's B-tree root is at level 22" "$err"
run "$INDEX" -d "$TMP/none.db" --check
check_eq "--check where there is no index exits 2" 2 "$rc"
check_contains "saying it cannot check" "$TMP/none.db: cannot check: " "$err"
# A user who may not write the index cannot check it (Xapian's check opens
# tables for writing): that is no damage.
chmod 755 "$TMP"
chmod -R a+rX "$DB"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
   setpriv --reuid=nobody --regid=nogroup --clear-groups "$INDEX" --version >/dev/null 2>&1; then
    run setpriv --reuid=nobody --regid=nogroup --clear-groups "$INDEX" -d "$DB" --check
    check_eq "--check without write permission exits 74, not 4" 74 "$rc"
    check_contains "saying it cannot check" "cannot check: cannot open the index to check it" "$err"
else
    skip "no user without write permission (run as root with setpriv)"
fi
run "$INDEX" -d "$DB" --check "$ART"
check_eq "--check with a PATH is a usage error" 2 "$rc"

# A bigger index, to damage its tables.
BIG="$TMP/big.db"
run "$INDEX" -q -d "$BIG" $(find corpus -maxdepth 1 -type f | sort)
check_eq "a bigger index is built" 0 "$rc"
Q="the OR news OR maduro OR gonzalez"
want=$("$QUERY" -d "$BIG" --count $Q)

# damage TABLE FROM STEP OCTAL PROBE: in a copy of $BIG at $TMP/hurt.db,
# the byte OCTAL (twice) written into TABLE.glass at FROM, FROM+STEP, ...
# within its last block, until PROBE succeeds on the copy; prints that
# offset (the copy is left so), or nothing when none did. The tries run
# the binaries unwrapped: they look for damage, they check nothing.
damage() {
    _size=$(wc -c <"$BIG/$1.glass")
    _off=$(($2 < 0 ? _size + $2 : _size - 8192 + $2))
    while [ "$_off" -ge $((_size - 8192)) ] && [ "$_off" -lt "$_size" ]; do
        rm -rf "$TMP/hurt.db"
        cp -r "$BIG" "$TMP/hurt.db"
        printf "\\$4\\$4" | dd of="$TMP/hurt.db/$1.glass" bs=1 seek="$_off" conv=notrunc 2>/dev/null
        if $5; then echo "$_off"; return; fi
        _off=$((_off + $3))
    done
}
wrong_count() {
    got=$("$ROOT/$MORGUE_BUILD/morgue-query" -d "$TMP/hurt.db" --count $Q 2>/dev/null) &&
        [ "$got" != "$want" ]
}
record_damaged() {
    "$ROOT/$MORGUE_BUILD/morgue-index" -d "$TMP/hurt.db" --check 2>&1 |
        grep -q "stored record is damaged"
}

# Bytes of the postlist's last block changed so that a search answers
# wrong with exit 0 (glass blocks carry no checksum).
at=$(damage postlist 16 3 132 wrong_count)
if [ -z "$at" ]; then
    skip "no change of the postlist gave a wrong count"
else
    run "$INDEX" -d "$TMP/hurt.db" --check
    check_eq "--check finds the postlist that answers wrong (byte $at)" 4 "$rc"
    check_contains "through Xapian's check" "$TMP/hurt.db: Xapian's check" "$err"
    check_contains "and says what to do" "problem found: the index is damaged; rebuild it" "$err"
fi

# Two bytes of a stored record changed: Xapian's tables are whole, the
# record's checksum is not. Tried from the end of the table.
at=$(damage docdata -64 -97 132 record_damaged)
check_eq "a change of docdata.glass damages a stored record" yes "$([ -n "$at" ] && echo yes)"
run "$INDEX" -d "$TMP/hurt.db" --check
check_eq "--check finds a record whose checksum fails" 4 "$rc"
check_contains "naming the document" "its stored record is damaged (checksum or layout)" "$err"

finish
