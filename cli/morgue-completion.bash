# morgue-completion.bash - bash completion for morgue-index and morgue-query,
# installed by `make install` as share/bash-completion/completions/morgue-index
# and .../morgue-query. The long options are read from the tool's own --help
# (the option table, cli/options.h), so they cannot go stale; so are
# morgue-index's formats (from its "unknown format" message). The values of
# morgue-query's --format, --sort, --color and --rank, and the query fields
# (lib/fields.c's table, plus date:), are listed here: tests/cli/T12 checks
# them against --help and lib/fields.c. Plain bash: no bash-completion
# helpers needed.

# The long options of the tool $1, from its --help.
_morgue_options()
{
    "$1" --help 2>/dev/null |
        sed -n 's/^ *\(-[A-Za-z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p'
}

# morgue-index's formats, from the message that rejects an unknown one.
_morgue_formats()
{
    "$1" --format '?' 2>&1 >/dev/null |
        sed -n 's/.*(known: \(.*\))$/\1/p' | tr -d ','
}

_morgue()
{
    local tool=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev= i=$COMP_CWORD
    COMPREPLY=()
    # "--format=js": bash splits at '=', so the option is two words back.
    if [ "$cur" = "=" ]; then
        cur=
        prev=${COMP_WORDS[i - 1]}
    elif [ "$i" -ge 2 ] && [ "${COMP_WORDS[i - 1]}" = "=" ]; then
        prev=${COMP_WORDS[i - 2]}
    elif [ "$i" -ge 1 ]; then
        prev=${COMP_WORDS[i - 1]}
    fi
    local values=
    case "${tool##*/}:$prev" in
    morgue-index:--format) values=$(_morgue_formats "$tool") ;;
    morgue-query:--format) values="text json jsonl tsv" ;;
    morgue-query:--sort) values="relevance newest oldest" ;;
    morgue-query:--color) values="auto always never" ;;
    morgue-query:--rank)
        # A comma-separated list: complete its last item.
        local head=
        case "$cur" in *,*) head=${cur%,*},; cur=${cur##*,} ;; esac
        local r
        for r in $(compgen -W "default bm25 tuned stopwords proximity feedback short recent
                               -tuned -stopwords -proximity -feedback -short -recent" -- "$cur"); do
            COMPREPLY+=("$head$r")
        done
        return 0 ;;
    *:--db|*:-d)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -d -- "$cur"))
        return 0 ;;
    *:--language|*:--source|*:--map|*:--wait|*:--batch|*:--max-read|*:--jobs|*:-j| \
    *:--limit|*:-n|*:--offset|*:--since|*:--until|*:--timeout|*:--show)
        return 0 ;;   # a value of the user's own
    esac
    if [ -n "$values" ]; then
        COMPREPLY=($(compgen -W "$values" -- "$cur"))
        return 0
    fi
    case "$cur" in
    --*) COMPREPLY=($(compgen -W "$(_morgue_options "$tool")" -- "$cur")) ;;
    *)
        # morgue-index: a PATH, which bash's own file completion does
        # (complete -o default, below).
        if [ "${tool##*/}" = morgue-query ] && [ -n "$cur" ]; then
            # A query word: a field name, if it begins one.
            COMPREPLY=($(compgen -W "title: source: author: place: topic: person: org:
                                     company: exchange: category: group: keyword: lang:
                                     id: date:" -- "$cur"))
            [ ${#COMPREPLY[@]} -gt 0 ] && compopt -o nospace 2>/dev/null
        fi ;;
    esac
    return 0
}

complete -o default -F _morgue morgue-index
complete -F _morgue morgue-query
