# T90-docs - the man pages and --help agree: every long option that
# `morgue-index --help` and `morgue-query --help` print appears in the
# matching man page (as \-\-name or --name), and every option the man page
# lists under OPTIONS is one that --help prints.
. "$(dirname "$0")/lib.sh"

# Long option names of a --help text, one per line: the option lines are
# "  -d, --db DIR ..." or "      --prune ...".
help_options() {
    sed -n 's/^ *\(-[A-Za-z0-9], \)\{0,1\}--\([a-z][a-z0-9-]*\).*/\2/p'
}

# Long option names tagged in the OPTIONS section of a man page: the line
# after each .TP, between ".SH OPTIONS" and the next .SH.
man_options() {
    awk '/^\.SH / { in_opts = ($0 ~ /^\.SH "?OPTIONS"?$/); next }
         in_opts && tag { print; tag = 0; next }
         in_opts && /^\.TP/ { tag = 1 }' "$1" |
        sed 's/\\-/-/g' | grep -o -- '--[a-z][a-z0-9-]*' | sed 's/^--//' | sort -u
}

# in_page NAME PAGE: the page mentions --NAME (written \-\-NAME or --NAME).
in_page() {
    sed 's/\\-/-/g' "$2" | grep -Eq -- "--$1([^a-z0-9-]|\$)"
}

for tool in index query; do
    bin="$ROOT/$MORGUE_BUILD/morgue-$tool"
    page="docs/morgue-$tool.1"
    if [ ! -f "$page" ]; then
        fail "$page is missing"
        continue
    fi
    run "$bin" --help
    check_eq "morgue-$tool --help exits 0" 0 "$rc"
    helped=$(echo "$out" | help_options | sort -u)
    if [ -z "$helped" ]; then
        fail "morgue-$tool --help lists no long options"
        continue
    fi
    tagged=$(man_options "$page")
    if [ -z "$tagged" ]; then
        fail "$page has no options under OPTIONS"
        continue
    fi
    for name in $helped; do
        if in_page "$name" "$page"; then
            pass
        else
            fail "--$name is in morgue-$tool --help but not in $page"
        fi
    done
    for name in $tagged; do
        if echo "$helped" | grep -qx -- "$name"; then
            pass
        else
            fail "--$name is under OPTIONS in $page but not in morgue-$tool --help"
        fi
    done
done

finish
