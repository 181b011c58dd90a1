# seeds.sh - sourced by fuzz/run.sh and tests/cli/T61-fuzz-regressions.sh:
# fuzz_harnesses lists the harness names (fuzz/*.c but replay.c);
# fuzz_seeds NAME lists the files and directories of the project's fixtures
# a harness starts from (its regression fixtures, tests/fuzz/NAME/, are
# added by the callers); fuzz_max_len NAME is the longest input it is given.
# Run from the project root.

fuzz_harnesses() {
    for f in fuzz/*.c; do
        n=$(basename "$f" .c)
        [ "$n" = replay ] || echo "$n"
    done
}

# The foundation fixtures: the files at the top of corpus/ and corpus/broken/.
_fuzz_base() {
    find corpus -maxdepth 1 -type f | sort
    echo corpus/broken
}

fuzz_seeds() {
    case "$1" in
    reader_text) _fuzz_base ;;
    reader_jsonl) _fuzz_base; echo tests/fixtures/ranking ;;
    reader_html) _fuzz_base; echo corpus/html ;;
    reader_feed) _fuzz_base; echo corpus/feed ;;
    reader_reuters) _fuzz_base; echo corpus/reuters ;;
    reader_trec) _fuzz_base; echo corpus/trec ;;
    reader_mail) _fuzz_base; echo corpus/mail ;;
    reader_warc) _fuzz_base; echo corpus/warc ;;
    reader_csv) _fuzz_base; echo corpus/csv ;;
    input|normalize) echo corpus; echo tests/fixtures ;;
    date) echo fuzz/seeds/date ;;
    query|query_prep) echo fuzz/seeds/query ;;
    snippet) echo fuzz/seeds/query; find corpus -maxdepth 1 -name '*.txt' | sort ;;
    *) echo "fuzz_seeds: unknown harness $1" >&2; return 1 ;;
    esac
}

fuzz_max_len() {
    case "$1" in
    input) echo 200000 ;;          # past the 64 KiB blocks of indexer/input.c
    reader_*) echo 65536 ;;
    normalize) echo 16384 ;;
    snippet) echo 8192 ;;
    query|query_prep) echo 1024 ;;
    date) echo 256 ;;
    *) echo 4096 ;;
    esac
}

# The dictionary a harness uses, if there is one.
fuzz_dict() {
    case "$1" in
    reader_html|reader_feed|reader_warc) d=fuzz/dict/markup.dict ;;
    reader_reuters|reader_trec) d=fuzz/dict/sgml.dict ;;
    reader_mail) d=fuzz/dict/mail.dict ;;
    date) d=fuzz/dict/date.dict ;;
    query|query_prep|snippet) d=fuzz/dict/query.dict ;;
    *) d= ;;
    esac
    [ -n "$d" ] && [ -f "$d" ] && echo "$d"
    return 0
}
