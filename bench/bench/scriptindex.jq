# scriptindex.jq - one JSON Lines article to scriptindex's input format:
# "name=value" lines, a continuation line starting with "=" for each further
# line of a value, and a blank line after each article. The date loses its
# hyphens (YYYYMMDD, as morgue keeps it in its value slot). Used by
# bench/bench.sh with jq -r.
def lines: gsub("\r"; "") | split("\n") | join("\n=");
"id=" + .id,
(if .title then "title=" + (.title | gsub("[\r\n]"; " ")) else empty end),
(if .date then "date=" + (.date | gsub("-"; "")) else empty end),
(if .source then "source=" + .source else empty end),
"body=" + (.body | lines),
""
