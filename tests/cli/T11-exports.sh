#!/bin/sh
# T11-exports.sh - libmorgue.so exports exactly the functions declared in
# include/morgue.h: every one of them, as code, and nothing else (no
# internal mg_/xb_/idset_ names, no C++ or third-party symbols).
. "$(dirname "$0")/lib.sh"

SO="$ROOT/$MORGUE_BUILD/libmorgue.so"
HEADER="$ROOT/include/morgue.h"

if ! command -v nm >/dev/null 2>&1; then
    skip "nm is not installed (binutils)"
    finish
    exit
fi
if [ ! -f "$SO" ]; then
    fail "$SO is missing (make builds it)"
    finish
    exit
fi

# The function names declared in the header: comments removed, then every
# identifier followed by "(" that starts with morgue_.
awk '
{
    line = $0; out = ""
    while (line != "") {
        if (incomment) {
            i = index(line, "*/")
            if (i == 0) { line = ""; break }
            line = substr(line, i + 2); incomment = 0
        } else {
            i = index(line, "/*")
            if (i == 0) { out = out line; line = "" }
            else { out = out substr(line, 1, i - 1) " "; line = substr(line, i + 2); incomment = 1 }
        }
    }
    print out
}' "$HEADER" | grep -o 'morgue_[A-Za-z0-9_]*[[:space:]]*(' | sed 's/[[:space:]]*($//' |
    sort -u >"$TMP/declared"

# What the library defines for the dynamic linker.
nm -D --defined-only "$SO" >"$TMP/nm" 2>"$TMP/nm.err"
check_eq "nm -D reads the library" "" "$(cat "$TMP/nm.err")"
awk 'NF >= 3 { print $3 }' "$TMP/nm" | sed 's/@.*//' | sort -u >"$TMP/exported"

ndeclared=$(wc -l <"$TMP/declared" | tr -d ' ')
if [ "$ndeclared" -ge 20 ]; then pass; else fail "only $ndeclared functions found in the header"; fi
# Spot checks that the header parsing finds what it should, and only that.
for f in morgue_status_string morgue_db_open morgue_search morgue_results_free morgue_doc_free \
         morgue_text_repair morgue_search_options_init; do
    check_contains "the header declares $f" "
$f
" "
$(cat "$TMP/declared")
"
done
for t in morgue_status_t morgue_db_t morgue_article_t morgue_hit_t morgue_span_t; do
    check_not_contains "types are not functions: $t" "$t" "$(cat "$TMP/declared")"
done

missing=$(comm -23 "$TMP/declared" "$TMP/exported")
extra=$(comm -13 "$TMP/declared" "$TMP/exported")
check_eq "every declared function is exported" "" "$missing"
check_eq "nothing but the declared functions is exported" "" "$extra"

# Each export is code in the text section (not data, not weak, not indirect).
check_eq "every export is a function (type T)" "" "$(awk 'NF >= 3 && $2 != "T" { print $2 " " $3 }' "$TMP/nm")"

# The header and the library agree for a real client: a program that takes
# the address of every declared function links against libmorgue.so.
if command -v "${CC:-cc}" >/dev/null 2>&1; then
    {
        echo '#include <stdio.h>'
        echo '#include "morgue.h"'
        echo 'int main(void) {'
        echo '    void (*const fns[])(void) = {'
        sed 's/.*/        (void (*)(void))\&&,/' "$TMP/declared"
        echo '    };'
        echo '    printf("%zu\\n", sizeof fns / sizeof *fns);'
        echo '    return 0;'
        echo '}'
    } >"$TMP/client.c"
    # The sanitizer build's library needs its runtime, resolved at run time.
    if "${CC:-cc}" -I"$ROOT/include" -o "$TMP/client" "$TMP/client.c" "$SO" \
        -Wl,--unresolved-symbols=ignore-in-shared-libs 2>"$TMP/cc.err"; then
        pass
    else
        fail "a client of every declared function does not link: $(cat "$TMP/cc.err")"
    fi
else
    skip "no C compiler: link check skipped"
fi

finish
