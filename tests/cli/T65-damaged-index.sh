# T65-damaged-index - a damaged index is reported as damaged, exit 2, never
# a crash: a version file (iamglass) whose B-tree level Xapian would trust
# and segfault on is refused before Xapian reads it, by the reader and the
# writer alike, and no one-byte change of the version file crashes either.
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

finish
