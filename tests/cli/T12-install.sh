# T12-install - `make install PREFIX=DIR` puts the tools, the library, the
# header, the man pages, libmorgue.pc and the bash completion under DIR; the
# installed tools run, a program built with pkg-config's flags links against
# the installed library and runs, and the completion completes options and
# their values.
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
         share/man/man1/morgue-query.1 share/man/man3/libmorgue.3 lib/pkgconfig/libmorgue.pc \
         share/bash-completion/completions/morgue-index \
         share/bash-completion/completions/morgue-query; do
    check_eq "installed $f" yes "$([ -e "$TMP/inst/$f" ] && echo yes)"
done
run "$TMP/inst/bin/morgue-query" --version
check_contains "installed morgue-query runs" "morgue-query" "$out"
run "$TMP/inst/bin/morgue-index" -q -d "$TMP/db" corpus/000_ea9997eae0faef6f.txt
check_eq "installed morgue-index indexes" 0 "$rc"

# pkg-config: a tiny client of the installed library, built with nothing but
# the flags libmorgue.pc gives, counts the index just made.
PC="$TMP/inst/lib/pkgconfig"
pc=$(grep '^prefix=' "$PC/libmorgue.pc")
check_eq "libmorgue.pc names the install prefix" "prefix=$TMP/inst" "$pc"
cat >"$TMP/client.c" <<'C'
#include <stdio.h>
#include <morgue.h>
int main(int argc, char **argv)
{
    morgue_db_t *db;
    char *error = NULL;
    uint64_t n = 0;
    if (argc != 2 || morgue_db_open(argv[1], MORGUE_READ, 0, NULL, &db, &error) != MORGUE_OK)
        return 1;
    morgue_status_t st = morgue_db_count(db, &n);
    morgue_db_close(db);
    printf("%llu %s\n", (unsigned long long)n, morgue_status_string(st));
    return 0;
}
C
if ! command -v pkg-config >/dev/null; then
    skip "no pkg-config"
else
    flags=$(PKG_CONFIG_PATH="$PC" pkg-config --cflags --libs libmorgue)
    check_eq "pkg-config knows libmorgue" 0 "$?"
    check_contains "... its Cflags name the installed include/" "-I$TMP/inst/include" "$flags"
    run ${CC:-cc} -o "$TMP/client" "$TMP/client.c" $flags
    check_eq "a client builds with pkg-config's flags ($err)" 0 "$rc"
    run env LD_LIBRARY_PATH="$TMP/inst/lib" "$TMP/client" "$TMP/db"
    check_eq "... and runs against the installed libmorgue.so" "1 success" "$out"
    check_contains "... that one" "$TMP/inst/lib/libmorgue.so.1" \
        "$(LD_LIBRARY_PATH="$TMP/inst/lib" ldd "$TMP/client" 2>/dev/null)"
    # Static: libmorgue.a and the private libraries pkg-config --static adds.
    static=$(PKG_CONFIG_PATH="$PC" pkg-config --static --libs libmorgue |
             sed "s|-lmorgue|$TMP/inst/lib/libmorgue.a|")
    run ${CC:-cc} -o "$TMP/client-static" "$TMP/client.c" \
        $(PKG_CONFIG_PATH="$PC" pkg-config --cflags libmorgue) $static
    check_eq "a client links libmorgue.a with pkg-config --static's libraries ($err)" 0 "$rc"
    run "$TMP/client-static" "$TMP/db"
    check_eq "... and runs" "1 success" "$out"
fi

# Bash completion: source the installed script, set COMP_WORDS and
# COMP_CWORD as bash would, call the function, print COMPREPLY.
complete_words() {
    PATH="$TMP/inst/bin:$PATH" bash -c '
        . "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        _morgue
        echo "${COMPREPLY[*]}"' sh "$TMP/inst/share/bash-completion/completions/$1" "$@"
}
if ! command -v bash >/dev/null; then
    skip "no bash: completion not tried"
else
    check_eq "morgue-query --fo completes" "--format" "$(complete_words morgue-query --fo)"
    check_eq "morgue-query --format completes the four formats" "text json jsonl tsv" \
        "$(complete_words morgue-query --format '')"
    check_eq "--format=j completes" "json jsonl" "$(complete_words morgue-query --format = j)"
    check_eq "morgue-index --so completes" "--source" "$(complete_words morgue-index --so)"
    check_eq "morgue-index --format completes the readers" \
        "$(printf '%s\n' feed warc csv reuters trec mail jsonl html text | sort | tr '\n' ' ')" \
        "$(complete_words morgue-index --format '' | tr ' ' '\n' | sort | tr '\n' ' ')"
    check_eq "--rank completes a list's last item" "tuned,proximity" \
        "$(complete_words morgue-query --rank tuned,pro)"
    check_eq "a query word completes to a field" "title:" "$(complete_words morgue-query ti)"
    # Every long option of --help is offered for "--".
    for tool in morgue-index morgue-query; do
        want=$("$TMP/inst/bin/$tool" --help | grep -oE '^ +(-[a-z], )?--[a-z-]+' |
               sed 's/.*--/--/' | sort | tr '\n' ' ')
        check_eq "$tool --<TAB> offers every option of --help" "$want" \
            "$(complete_words "$tool" -- | tr ' ' '\n' | sort | tr '\n' ' ')"
    done
    # The lists the script holds: they must match the tools and lib/fields.c.
    script=cli/morgue-completion.bash
    for f in $(sed -n 's/^ *{ "\([a-z]*\)", .*/\1/p' lib/fields.c) date; do
        check_contains "the completion knows the field $f:" " $f:" "$(tr '\n"' '  ' <"$script" | tr -s ' ')"
    done
    qhelp=$("$TMP/inst/bin/morgue-query" --help)
    for v in relevance newest oldest auto always never bm25 tuned stopwords proximity \
             feedback short recent; do
        check_contains "morgue-query --help names the completed value $v" "$v" "$qhelp"
    done
fi
finish
