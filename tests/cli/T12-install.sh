# T12-install - `make install PREFIX=DIR` puts the tools, the library, the
# header and the man pages under DIR, and the installed tools run.
. "$(dirname "$0")/lib.sh"

# make install relinks what is out of date with the plain flags: only the
# plain build can be installed this way.
if [ "$MORGUE_BUILD" != build ]; then
    skip "install is tested on the plain build only"
    finish
    exit $?
fi

run make -s install BUILD="$MORGUE_BUILD" PREFIX="$TMP/inst"
check_eq "make install exits 0" 0 "$rc"
for f in bin/morgue-index bin/morgue-query lib/libmorgue.a lib/libmorgue.so.1 \
         lib/libmorgue.so include/morgue.h share/man/man1/morgue-index.1 \
         share/man/man1/morgue-query.1 share/man/man3/libmorgue.3; do
    check_eq "installed $f" yes "$([ -e "$TMP/inst/$f" ] && echo yes)"
done
run "$TMP/inst/bin/morgue-query" --version
check_contains "installed morgue-query runs" "morgue-query" "$out"
run "$TMP/inst/bin/morgue-index" -q -d "$TMP/db" corpus/000_ea9997eae0faef6f.txt
check_eq "installed morgue-index indexes" 0 "$rc"
finish
