# table.awk - lays out the tables of bench/bench/report.jq: a line "|<TAB>a<TAB>b"
# is a table row (the first row of a run of them is the header); every other
# line is printed as it is. The columns are padded to line up, in Markdown.
function flush(   i, j, line, pad) {
    for (i = 1; i <= nrows; i++) {
        line = "|"
        for (j = 1; j <= ncols; j++) {
            pad = width[j] - length(cell[i, j])
            line = line " " cell[i, j] sprintf("%" (pad > 0 ? pad : 0) "s", "") " |"
        }
        print line
        if (i == 1) {
            line = "|"
            for (j = 1; j <= ncols; j++) {
                pad = ""
                while (length(pad) < width[j] + 2)
                    pad = pad "-"
                line = line pad "|"
            }
            print line
        }
    }
    nrows = 0
    ncols = 0
    split("", width)
}
/^\|\t/ {
    n = split(substr($0, 3), f, "\t")
    nrows++
    if (n > ncols)
        ncols = n
    for (j = 1; j <= n; j++) {
        cell[nrows, j] = f[j]
        if (length(f[j]) > width[j])
            width[j] = length(f[j])
    }
    next
}
{ if (nrows) flush(); print }
END { if (nrows) flush() }
