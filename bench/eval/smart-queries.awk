# smart-queries.awk - the queries of a SMART collection (cran.qry,
# CISI.QRY) as lines "qid TAB words", for bench/eval.sh. Run by
# bench/eval.sh only.
#
# The query text is its ".T" title (CISI gives one to some queries) and its
# ".W" text; ".A" and ".B" are ignored. With -v renumber=1 queries are
# numbered 1, 2, 3... in file order (cranqrel numbers cran.qry's queries so,
# while their ".I" numbers have gaps); otherwise the ".I" number is kept.
# The text is lower-cased and every character other than a-z and 0-9
# becomes a space, the same for every system evaluated: punctuation carries
# no meaning here, and an upper-case AND, OR or NOT in a natural-language
# question must not turn into a query operator.

function flush() {
    if (qid != "") {
        text = tolower(text)
        gsub(/[^a-z0-9]+/, " ", text)
        sub(/^ /, "", text)
        sub(/ $/, "", text)
        printf "%s\t%s\n", qid, text
    }
    qid = text = ""
}

/^\.I / { flush(); n++; qid = renumber ? n : $2 + 0; field = ""; next }
/^\.[TAWBXKC][ \t\r]*$/ { field = substr($0, 2, 1); next }
field == "T" || field == "W" { text = text " " $0; next }
END { flush() }
