# smart-docs.awk - one SMART-format document collection (cran.all.1400,
# CISI.ALL) as tab-separated lines "id TAB title TAB author TAB body", for
# bench/eval.sh. Run by bench/eval.sh only.
#
# A record starts with ".I n"; ".T" is the title, ".A" the authors (one per
# line in CISI, joined with "; "), ".W" the text (a record may have several
# ".W" sections: they are joined). ".B", ".X" (CISI cross-references), ".K"
# and ".C" are ignored. Runs of white space, tabs included, become one
# space, so that a field never holds a tab or a line break.

function squash(s) {
    gsub(/[ \t\r]+/, " ", s)
    sub(/^ /, "", s)
    sub(/ $/, "", s)
    return s
}

function flush() {
    if (id != "")
        printf "%s\t%s\t%s\t%s\n", id, squash(title), squash(author), squash(body)
    id = title = author = body = ""
}

/^\.I / { flush(); id = $2 + 0; field = ""; next }
/^\.[TAWBXKC][ \t\r]*$/ { field = substr($0, 2, 1); next }
field == "T" { title = title " " $0; next }
field == "A" { line = squash($0); if (line != "") author = author (author != "" ? "; " : "") line; next }
field == "W" { body = body " " $0; next }
END { flush() }
