-- Nothing to change on H2: the PostgreSQL version of this migration (db/postgresql/gateway/V16) keeps only signal rows in
-- the RefToMessageId index. H2 has no partial indexes; its index keeps every row.
SELECT 1;
