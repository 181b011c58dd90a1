-- fts5.sql - the SQLite FTS5 peer of bench/bench.sh: loads the articles of
-- the JSON Lines file named on the .import line (bench.sh writes it in place
-- of @ARTICLES@) in one transaction, then merges the index with 'optimize'.
-- Same fields as morgue and scriptindex; the title counts three times the
-- body in bm25 (the 'rank' setting), which ORDER BY rank then uses.
.bail on
CREATE VIRTUAL TABLE articles USING fts5(
    id UNINDEXED, title, date UNINDEXED, source UNINDEXED, body,
    tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO articles(articles, rank) VALUES('rank', 'bm25(0.0, 3.0, 0.0, 0.0, 1.0)');
BEGIN;
CREATE TEMP TABLE lines(j TEXT);
-- One JSON object a line: ascii mode with a unit-separator column
-- separator reads each line whole (JSON escapes every control character).
.mode ascii
.separator "\037" "\n"
.import @ARTICLES@ lines
INSERT INTO articles(id, title, date, source, body)
    SELECT json_extract(j, '$.id'), json_extract(j, '$.title'), json_extract(j, '$.date'),
           json_extract(j, '$.source'), json_extract(j, '$.body') FROM temp.lines;
DROP TABLE temp.lines;
COMMIT;
INSERT INTO articles(articles) VALUES('optimize');
