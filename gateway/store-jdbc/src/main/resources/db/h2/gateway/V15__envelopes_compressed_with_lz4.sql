-- Nothing to change on H2: the PostgreSQL version of this migration (db/postgresql/gateway/V15) has the server compress
-- envelopes and small payload parts with lz4 instead of pglz. H2 keeps row values as they are, uncompressed.
SELECT 1;
