# T58-numeric-options - numbers given to options are read as written or
# refused with a message and exit 2: no sign, space, exponent, NaN or
# overflow is taken for some other number (before, -n ' -5' and -n
# 99999999999999999999999 were read as 2^64-1, and --batch nan, --batch
# 1e30 and --wait nan were accepted).
. "$(dirname "$0")/lib.sh"

DB="$TMP/n.db"
run "$INDEX" -q -d "$DB" corpus/gonzalez-plain.jsonl
check_eq "the fixture indexes" 0 "$rc"

for bad in ' -5' '-5' '+5' '99999999999999999999999' '1e3' '5x' '' ' 5' '0x10' 'nan'; do
    for opt in -n --offset; do
        run "$QUERY" -d "$DB" "$opt" "$bad" edmundo
        check_eq "morgue-query $opt '$bad' exits 2" 2 "$rc"
        check_contains "morgue-query $opt '$bad' says why" "takes a whole number, not '$bad'" "$err"
        check_eq "morgue-query $opt '$bad' prints nothing on stdout" "" "$out"
    done
done
run "$QUERY" -d "$DB" -n 18446744073709551615 --count edmundo
check_eq "the largest whole number is a number" "0" "$rc"
run "$QUERY" -d "$DB" -n 007 --format tsv edmundo
check_eq "leading zeros are a number" "0" "$rc"

for bad in nan NaN 1e30 ' 5' -1 '+1' 0 1.5 '' 99999999999999999999999 inf; do
    run "$INDEX" -q -d "$DB" --batch "$bad" corpus/gonzalez-plain.jsonl
    check_eq "--batch '$bad' exits 2" 2 "$rc"
    check_contains "--batch '$bad' says why" "--batch takes a positive number, not '$bad'" "$err"
done
for bad in nan 1e30 -1 '+1' 0 2.5 1025 ''; do
    run "$INDEX" -q -d "$DB" --jobs "$bad" corpus/gonzalez-plain.jsonl
    check_eq "--jobs '$bad' exits 2" 2 "$rc"
    check_contains "--jobs '$bad' says why" "--jobs takes a number of threads from 1 to 1024" "$err"
done
for bad in nan -nan NaN ' 5' -1 1e3 infinity 0x10 '.' ''; do
    run "$INDEX" -q -d "$DB" --wait "$bad" corpus/gonzalez-plain.jsonl
    check_eq "--wait '$bad' exits 2" 2 "$rc"
    check_contains "--wait '$bad' says why" "--wait takes a number of seconds (or inf), not '$bad'" "$err"
done
for good in 0 0.5 .5 5. 3 inf; do
    run "$INDEX" -q -d "$DB" --wait "$good" corpus/gonzalez-plain.jsonl
    check_eq "--wait '$good' is taken" 0 "$rc"
done
run "$INDEX" -q -d "$DB" --batch 7 --jobs 1 corpus/gonzalez-plain.jsonl
check_eq "--batch 7 --jobs 1 is taken" 0 "$rc"

finish
