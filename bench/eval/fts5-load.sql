-- fts5-load.sql - the SQLite FTS5 baseline of bench/eval.sh: one table with
-- the title and body of each document under the porter unicode61
-- tokenizer. Run with docs.json (a JSON array of the documents, made by jq
-- from the collection's JSON Lines) in the current directory.
CREATE VIRTUAL TABLE doc USING fts5(id UNINDEXED, title, body,
                                    tokenize = 'porter unicode61');
INSERT INTO doc (id, title, body)
    SELECT json_extract(value, '$.id'), json_extract(value, '$.title'),
           json_extract(value, '$.body')
    FROM json_each(readfile('docs.json'));
