# distinct-words.awk - articles whose words are all different, the worst
# case for the memory of indexing (each word a term of its own). Used by
# tests/cli/T73-memory-bound.sh and bench/memory.sh.
#   awk -v lines=N -v bytes=B [-v first=K] [-v format=jsonl|text|csv] -f distinct-words.awk
# prints N articles of about B bytes of text each (JSON Lines by default;
# text: one article, the words alone; csv: a header and N rows). Word i of
# the run is "q" and 8 hex digits: i times an odd number modulo 2^32,
# different for each i below 2^32, i counting on from first (default 0)
# across the articles, so that a test knows which word is where.
function w(i) { return sprintf("q%08x", (i * 2654435761) % 4294967296) }
BEGIN {
    if (format == "") format = "jsonl"
    if (first == "") first = 0
    per = int(bytes / 10)   # each word is 9 characters and a space
    n = first
    if (format == "csv") print "id,title,body"
    for (k = 1; k <= lines; k++) {
        if (format == "jsonl") printf "{\"id\":\"big%d\",\"title\":\"Big %d\",\"body\":\"", k, k
        else if (format == "csv") printf "big%d,Big %d,", k, k
        for (j = 0; j < per; j++) printf "%s ", w(n++)
        if (format == "jsonl") print "\"}"
        else print ""
    }
}
