# T91-architecture - docs/architecture.md stays true: every file it names
# exists, every source file of the library, the tools and their shared code
# is named in its module map, and every one of those files opens with a
# comment that names it ("/* NAME - what it owns ...").
. "$(dirname "$0")/lib.sh"

doc=docs/architecture.md
if [ ! -f "$doc" ]; then
    fail "$doc is missing"
    finish
fi

# Paths the page names: words like lib/put.c or indexer/readers/*.c (a
# pattern), and placeholders such as lib/rank_NAME.c.
named=$(grep -oE '\b(include|lib|indexer|query|cli|tests|bench|docs|fuzz|corpus)/[A-Za-z0-9_./*-]*[A-Za-z0-9_/*]' "$doc" |
        sort -u)
[ -n "$named" ] || fail "$doc names no files"
for p in $named; do
    case "$p" in
    *NAME*) # a placeholder, as in lib/rank_NAME.c
        pass ;;
    *'*'*) # a pattern such as indexer/readers/*.c: something must match it
        set -- $p
        if [ -e "$1" ]; then pass; else fail "$doc names $p, which matches nothing"; fi ;;
    *)
        if [ -e "$p" ]; then pass; else fail "$doc names $p, which does not exist"; fi ;;
    esac
done

# Every source file of the code a newcomer walks through is in the map.
for f in include/*.h lib/*.c lib/*.cc lib/*.h indexer/*.c indexer/*.h indexer/*/*.c \
         indexer/*/*.h query/*.c query/*.h cli/*.c cli/*.h; do
    [ -e "$f" ] || continue
    if echo "$named" | grep -qxF "$f"; then
        pass
    else
        fail "$f is not named in $doc"
    fi
    base=$(basename "$f")
    if head -n 1 "$f" | grep -qF "/* $base - "; then
        pass
    else
        fail "$f does not open with a comment '/* $base - ...'"
    fi
done

finish
