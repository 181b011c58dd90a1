# report.jq - the tables of bench/bench.sh from its results JSON (jq -r):
# headings and notes as plain lines, table rows as "|<TAB>cell<TAB>cell"
# for bench/bench/table.awk to line up.

# A number with d decimals ("-" for null).
def fix(d):
  if . == null then "-"
  else ((. * pow(10; d)) | round) as $i
  | (if $i < 0 then "-" else "" end) as $sign
  | ($i | fabs | tostring) as $s
  | if d == 0 then $sign + $s
    else (if ($s | length) <= d then ("0" * (d + 1 - ($s | length))) + $s else $s end) as $p
    | $sign + $p[0:(($p | length) - d)] + "." + $p[(($p | length) - d):]
    end
  end;
def mb: if . == null then null else . / 1e6 end;
def row(cells): "|\t" + (cells | map(tostring) | join("\t"));
def ratio(a; b): if a == null or b == null or b == 0 then null else a / b end;
def yesno(c): if c == null then "-" elif c then "yes" else "no" end;

# fts5_time(ENGINE; COST; WHAT; FTS5; CORES): why ENGINE (its buildcost
# layout COST) is over 3x FTS5's time, from Xapian's writes and the parsing.
def fts5_time($e; $cost; $what; $f; $cores):
      "* within 3x of FTS5, \($what): \($f.wall_s * 3 | fix(1)) s needed, \($e.wall_s | fix(2)) s taken." +
      (if $cost then
         ($cost | .put_cpu_s - .build_cpu_s - .serialize_cpu_s) as $writes
         | ($cost.parse_cpu_s) as $parse
         | (($writes + $parse) / $cores) as $bound
         | " Xapian's writes of the documents (replace_document, flushes, commits, the merge) took \($writes | fix(1)) s of CPU, and parsing the JSON Lines \($parse | fix(1)) s: at least \($bound | fix(1)) s on \($cores) cores even perfectly parallel, before a word is tokenized." +
         (if $bound > $f.wall_s * 3 then
            " That alone is over this run's budget: with Xapian as the engine, no tokenizer, however fast, would have met it in this run."
          else
            " That leaves \(($f.wall_s * 3 - $bound) | fix(1)) s of wall time (\(($f.wall_s * 3 - $bound) * $cores | fix(1)) s of CPU) for tokenizing, stemming and everything else, which take \([$e.cpu_s - $writes - $parse, 0] | max | fix(1)) s of CPU now (building the documents, Xapian's TermGenerator included: \($cost.build_cpu_s | fix(1)) s). FTS5 reads, tokenizes and writes everything in \($f.cpu_s | fix(1)) s of CPU."
          end)
       else "" end);

. as $r
| $r.ingest as $in
| $r.queries.modes as $q
| ($in.morgue // {}) as $m
| ($in.scriptindex // null) as $si
| ($in.fts5 // null) as $f
| ($in["morgue-pos"] // null) as $mp
| ($r.build_cost // null) as $bc
# Xapian's p99, the higher of its two timings: above it means above the noise.
| (if $q.xapian then [$q.xapian.p99_ms, ($q.xapian_again.p99_ms // $q.xapian.p99_ms)] | max else null end) as $xp99
| [
  "Measured \($r.date) on \($r.machine.cores) cores (\($r.machine.cpu)), \($r.machine.memory); load average at the end \($r.machine.load_average_at_end).",
  "Shared machine: other jobs ran alongside, so absolute times are noisy; read the ratios (the engines took turns).",
  "",
  "Ingestion: \($r.corpus.articles) articles, \($r.corpus.bytes | mb | fix(1)) MB of JSON Lines; median of \($r.settings.runs) run(s)",
  "",
  row(["engine", "wall s", "CPU s", "articles/s", "MB/s", "peak RSS MB", "index MB", "compacted MB", "compact s", "articles in index"]),
  ($in | to_entries[] | .key as $e | .value
   | row([$e, (.wall_s | fix(2)), (.cpu_s | fix(2)), (.articles_per_s | fix(0)), (.mb_per_s | fix(2)),
          (.rss_kb / 1024 | fix(0)), (.index_bytes | mb | fix(1)), (.compact_bytes | mb | fix(1)),
          (.compact_s | fix(1)), (.docs // "-")])),
  "",
  (if $m.compact_tables then
     "morgue's compacted index by Xapian table: " +
     ($m.compact_tables | to_entries | sort_by(-.value)
      | map("\(.key) \(.value | mb | fix(1)) MB") | join(", ")) + "; scriptindex's: " +
     (($si.compact_tables // {}) | to_entries | sort_by(-.value)
      | map("\(.key) \(.value | mb | fix(1)) MB") | join(", ")),
     ""
   else empty end),
  "morgue / peer (below 1: morgue is faster or smaller; morgue is morgue-index as it comes, an index without word positions; morgue-pos is morgue-index --positions; morgue-j1 is morgue-index --jobs 1, one thread)",
  "",
  row(["peer", "wall time", "CPU time", "peak RSS", "index as built", "compacted index"]),
  ($in | to_entries[] | select(.key != "morgue") | .key as $e | .value
   | row([$e, (ratio($m.wall_s; .wall_s) | fix(2)), (ratio($m.cpu_s; .cpu_s) | fix(2)),
          (ratio($m.rss_kb; .rss_kb) | fix(2)),
          (ratio($m.index_bytes; .index_bytes) | fix(2)),
          (ratio($m.compact_bytes; .compact_bytes) | fix(2))])),
  "",
  (if $bc then
     "Where the time of a first build goes (bench/buildcost.c, median of \($bc.positions.runs | length) run(s)): the articles already parsed in memory, then morgue_db_put and the final commit on \($bc.positions.jobs) threads, as morgue-index does without its reader (no file reading, no JSON); and, on as many threads, every document built (record, fields, Xapian's TermGenerator) but not written. What the first spends beyond building is Xapian's writes: replace_document, flushes, the shards' commits and the merge. Parsing is jansson's work on the JSON Lines, timed while loading.",
     "",
     row(["layout", "morgue-index wall s", "without its reader: wall s", "CPU s", "parsing the JSON: CPU s", "building documents: CPU s", "Xapian's writes: CPU s", "writes and parsing on \($bc.positions.jobs) cores: s"]),
     ([["nopos", $m], ["positions", $mp]][] | . as [$k, $e] | select($bc[$k] != null) | $bc[$k]
      | (.put_cpu_s - .build_cpu_s - .serialize_cpu_s) as $w
      | row([(if $k == "positions" then "with positions (morgue-pos)" else "without (morgue)" end),
             ($e.wall_s | fix(2)), (.put_wall_s | fix(2)), (.put_cpu_s | fix(2)), (.parse_cpu_s | fix(2)),
             (.build_cpu_s | fix(2)), ($w | fix(2)), (($w + .parse_cpu_s) / .jobs | fix(2))])),
     ""
   else empty end),
  "Queries: \($r.queries.queries) queries of 1-3 title words (drawn at run time, fixed seed), top 10 by relevance, all words required, warm; each query's median of \($r.queries.rounds) round(s), then percentiles over the queries",
  "",
  row(["mode", "p50 ms", "p90 ms", "p99 ms", "mean ms", "queries with no hit", "failed"]),
  ([["morgue_lib", "morgue: libmorgue, with snippets"],
    ["morgue_lib_nosnip", "morgue: libmorgue, no snippets"],
    ["morgue_lib_bm25", "morgue: libmorgue, no snippets, plain BM25 ranking"],
    ["xapian", "Xapian API, same index: top 10 and the exact count, in one ranked pass"],
    ["xapian_again", "Xapian API again, timed apart (the noise)"],
    ["xapian_estimate", "Xapian API, its default count: an estimate"],
    ["morgue_cli", "morgue-query process (fork+exec)"],
    ["quest_cli", "Xapian quest process (fork+exec), same index"],
    ["fts5", "FTS5: \($r.queries.fts5_method)"]][]
   | . as [$k, $title] | select($q[$k] != null) | $q[$k]
   | row([$title, (.p50_ms | fix(3)), (.p90_ms | fix(3)), (.p99_ms | fix(3)),
          (.mean_ms | fix(3)), (.no_hit_queries // "-"), .failed])),
  (if $r.queries.batch.wall_ms then
     $r.queries.batch as $b
     | row(["all \($r.queries.queries) in one morgue-query --queries process: its wall time / queries",
            "-", "-", "-", ($b.per_query_ms | fix(3)), "-", $b.failed]),
     "",
     "The \($r.queries.queries) queries as processes: one morgue-query --queries process \($b.wall_ms | fix(0)) ms in all (median of \($b.rounds_ms | length) round(s)); \($r.queries.queries) morgue-query processes \($q.morgue_cli.mean_ms * $r.queries.queries | fix(0)) ms (the sum of their medians)\(if $q.quest_cli then "; \($r.queries.queries) quest processes \($q.quest_cli.mean_ms * $r.queries.queries | fix(0)) ms" else "" end)."
   else empty end),
  (if $r.phrases then
     "", "Phrases: the \($r.phrases.queries) queries of 2-3 words above, quoted; libmorgue with snippets, 1 round: without positions (morgue, each candidate checked on its stored article) p50 \($r.phrases.morgue.p50_ms | fix(3)) ms, p99 \($r.phrases.morgue.p99_ms | fix(3)) ms; with positions (morgue-pos) p50 \($r.phrases["morgue-pos"].p50_ms | fix(3)) ms, p99 \($r.phrases["morgue-pos"].p99_ms | fix(3)) ms."
   else empty end),
  (if $q.fts5.engine_timer then
     "", "FTS5 as the sqlite3 shell's own .timer reports it (1 ms resolution): p50 \($q.fts5.engine_timer.p50_ms | fix(1)) ms, p90 \($q.fts5.engine_timer.p90_ms | fix(1)) ms, p99 \($q.fts5.engine_timer.p99_ms | fix(1)) ms."
   else empty end),
  "",
  "Targets (part 2 of the issue) as measured in this run",
  "",
  row(["target", "measured", "met"]),
  (if $si then row(["morgue-index at least 3x faster than scriptindex",
        "scriptindex time / morgue time = \(ratio($si.wall_s; $m.wall_s) | fix(2))",
        yesno(ratio($si.wall_s; $m.wall_s) >= 3)]) else empty end),
  (if $si and $mp then row(["not the default: morgue-index --positions at least 3x faster than scriptindex",
        "scriptindex time / morgue-pos time = \(ratio($si.wall_s; $mp.wall_s) | fix(2))",
        yesno(ratio($si.wall_s; $mp.wall_s) >= 3)]) else empty end),
  (if $f then row(["morgue-index within 3x of FTS5's time",
        "morgue time / FTS5 time = \(ratio($m.wall_s; $f.wall_s) | fix(2))",
        yesno(ratio($m.wall_s; $f.wall_s) <= 3)]) else empty end),
  (if $f and $mp then row(["not the default: morgue-index --positions within 3x of FTS5's time",
        "morgue-pos time / FTS5 time = \(ratio($mp.wall_s; $f.wall_s) | fix(2))",
        yesno(ratio($mp.wall_s; $f.wall_s) <= 3)]) else empty end),
  row(["peak RSS under 1 GB", "\($m.rss_kb / 1024 | fix(0)) MB", yesno($m.rss_kb < 1048576)]),
  (if $f then row(["index no larger than FTS5's database",
        "as built \($m.index_bytes | mb | fix(1)) MB vs \($f.index_bytes | mb | fix(1)) MB; compacted \($m.compact_bytes | mb | fix(1)) MB vs \($f.compact_bytes | mb | fix(1)) MB",
        "\(yesno($m.index_bytes <= $f.index_bytes)) / \(yesno(if $m.compact_bytes == null then null else $m.compact_bytes <= $f.compact_bytes end))"])
   else empty end),
  (if $f and $mp then row(["not the default: morgue-index --positions, index no larger than FTS5's database",
        "as built \($mp.index_bytes | mb | fix(1)) MB vs \($f.index_bytes | mb | fix(1)) MB; compacted \($mp.compact_bytes | mb | fix(1)) MB vs \($f.compact_bytes | mb | fix(1)) MB",
        "\(yesno($mp.index_bytes <= $f.index_bytes)) / \(yesno(if $mp.compact_bytes == null then null else $mp.compact_bytes <= $f.compact_bytes end))"])
   else empty end),
  row(["p99 no worse than plain Xapian on the same index (like for like: plain BM25, no snippets, the top 10 and the exact count; \"no worse\": within Xapian's own two timings)",
       "plain BM25 without snippets \($q.morgue_lib_bm25.p99_ms | fix(3)) ms; Xapian \($q.xapian.p99_ms | fix(3)) ms, again \($q.xapian_again.p99_ms | fix(3)) ms\(if $q.xapian_estimate then "; Xapian estimating the count, as it does by default, \($q.xapian_estimate.p99_ms | fix(3)) ms" else "" end). Beyond Xapian's work: default ranking \($q.morgue_lib_nosnip.p99_ms | fix(3)) ms, with snippets \($q.morgue_lib.p99_ms | fix(3)) ms",
       "\(yesno(if $q.morgue_lib_bm25 then $q.morgue_lib_bm25.p99_ms <= $xp99 else null end)) (default ranking \(yesno($q.morgue_lib_nosnip.p99_ms <= $xp99)), with snippets \(yesno($q.morgue_lib.p99_ms <= $xp99)))"]),
  (if $r.incremental then
     ($r.incremental.runs | map({(.run): .}) | add) as $ir
     | row(["re-run over an unchanged tree under 5% of the full time",
            "\($ir.unchanged.wall_s | fix(2)) s vs \($ir.first.wall_s | fix(2)) s for \($r.incremental.articles_first) articles in 99 files: \(ratio($ir.unchanged.wall_s; $ir.first.wall_s) * 100 | fix(2))%",
            yesno(ratio($ir.unchanged.wall_s; $ir.first.wall_s) < 0.05)]),
       row(["adding 1% new articles costs about 1% of a full run",
            "\($ir.added.wall_s | fix(2)) s for \($r.incremental.articles_added) more articles in a 100th file: \(ratio($ir.added.wall_s; $ir.first.wall_s) * 100 | fix(2))% of the first run",
            yesno(ratio($ir.added.wall_s; $ir.first.wall_s) < 0.03)])
   else empty end),
  row(["p50 under 1 ms through the library",
       "with snippets \($q.morgue_lib.p50_ms | fix(3)) ms, without \($q.morgue_lib_nosnip.p50_ms | fix(3)) ms",
       "\(yesno($q.morgue_lib.p50_ms < 1)) / \(yesno($q.morgue_lib_nosnip.p50_ms < 1))"]),
  "",
  "What limits the unmet ones, and the layout with positions, from this run's figures (the reasoning, what was tried and what is left: bench/README.md, \"The targets, and what limits them\"):",
  "",
  ($r.machine.cores // 1) as $cores
  | (if $si and ratio($si.wall_s; $m.wall_s) < 3 then
       "* 3x scriptindex: \($si.wall_s / 3 | fix(1)) s needed; morgue used \($m.cpu_s | fix(1)) s of CPU, at least \($m.cpu_s / $cores | fix(1)) s on \($cores) cores even perfectly parallel."
     else empty end),
    (if $f and ratio($m.wall_s; $f.wall_s) > 3 then fts5_time($m; $bc.nopos; "as it comes"; $f; $cores) else empty end),
    (if $f and $m.compact_bytes != null and $m.compact_bytes > $f.compact_bytes then
       "* no larger than FTS5: compacted \($m.compact_bytes | mb | fix(1)) MB against \($f.compact_bytes | mb | fix(1)) MB; " +
       ($m.compact_tables // {} | to_entries | sort_by(-.value) | map("\(.key) \(.value | mb | fix(1)) MB") | join(", ")) + "."
     else empty end),
    (if $f and $mp and ratio($mp.wall_s; $f.wall_s) > 3 then fts5_time($mp; $bc.positions; "with --positions (not the default)"; $f; $cores) else empty end),
    (if $f and $mp and $mp.compact_tables and ($mp.compact_bytes > $f.compact_bytes) then
       ($mp.compact_tables | (.position + .postlist + .termlist)) as $bare
       | "* no larger than FTS5, with --positions (not the default): the positions (\($mp.compact_tables.position | mb | fix(1)) MB, for phrases and NEAR) and the stored articles (\($mp.compact_tables.docdata | mb | fix(1)) MB, deflated by Xapian) alone make \(($mp.compact_tables.position + $mp.compact_tables.docdata) | mb | fix(1)) MB against FTS5's whole \($f.compact_bytes | mb | fix(1)) MB, stored text included. Without storing a byte of the articles, the tables Xapian needs for phrase search and for replacing articles (position, postlist, termlist) come to \($bare | mb | fix(1)) MB" +
         (if $bare > $f.compact_bytes then ", over FTS5's whole database: with Xapian as the engine and positions kept, this cannot be met; that is why the default leaves them out." else "." end)
     else empty end),
  (if $q.xapian_estimate and $q.morgue_lib_bm25 and $q.morgue_lib_bm25.p99_ms > $q.xapian_estimate.p99_ms then
     "* p99 against Xapian's default, which only estimates the count: \($q.morgue_lib_bm25.p99_ms | fix(3)) ms against \($q.xapian_estimate.p99_ms | fix(3)) ms. morgue promises exact totals (--count, the JSON total): a single word's is exact from the ranked pass, which stops early as Xapian's does; other queries take a second pass that counts without weighing. Counting in Xapian's one ranked pass instead takes \($q.xapian.p99_ms | fix(3)) ms."
   else empty end),
  (if $q.morgue_lib.p99_ms > $xp99 then
     "* p99: like for like (plain BM25, no snippets) \($q.morgue_lib_bm25.p99_ms | fix(3)) ms against Xapian's \($q.xapian.p99_ms | fix(3)) and \($q.xapian_again.p99_ms | fix(3)) ms; the default ranking features add \(($q.morgue_lib_nosnip.p99_ms - $q.morgue_lib_bm25.p99_ms) | fix(3)) ms and snippets \(($q.morgue_lib.p99_ms - $q.morgue_lib_nosnip.p99_ms) | fix(3)) ms, work plain Xapian does not do (with --rank bm25 and snippet_bytes = 0, libmorgue does Xapian's work)."
   else empty end),
  (if ($r.scaling | length) > 0 then
    "",
    "How cost grows: one run of each engine per size; queries (drawn from that size's articles) one round; morgue's query columns are libmorgue with snippets, FTS5's its own",
    "",
    row(["size", "articles", "engine", "wall s", "CPU s", "articles/s", "peak RSS MB", "index MB", "compacted MB", "query p50 ms", "query p99 ms", "Xapian p99 ms", "CLI p50 ms"]),
    ($r.scaling[] | . as $s
     | $s.ingest | to_entries[] | .key as $e | .value
     | ({morgue: "morgue_lib", fts5: "fts5"}[$e]) as $qk
     | row([$s.size, $s.articles, $e, (.wall_s | fix(2)), (.cpu_s | fix(2)), (.articles_per_s | fix(0)),
            (.rss_kb / 1024 | fix(0)), (.index_bytes | mb | fix(1)), (.compact_bytes | mb | fix(1)),
            (if $qk then $s.queries[$qk].p50_ms | fix(3) else "-" end),
            (if $qk then $s.queries[$qk].p99_ms | fix(3) else "-" end),
            (if $e == "morgue" then $s.queries.xapian.p99_ms | fix(3) else "-" end),
            (if $e == "morgue" then $s.queries.morgue_cli.p50_ms | fix(3) else "-" end)]))
   else empty end)
  ]
| .[]
