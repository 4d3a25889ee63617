-- A payload part of known size up to 16 KiB is kept in its row, as bytea, instead of as a large object (issue 15):
-- a large object costs a row in pg_largeobject_metadata, one in pg_largeobject with its index, and four round trips
-- (create, open, write, close) for a part that fits in a few pages of the row. data (the oid) is then null. Larger
-- parts, and parts whose size is not known up front, stay large objects and are still read as streams. Exactly one
-- of the two holds a part's bytes. Parts stored before this migration keep their large objects.
-- The H2 version of this migration is db/h2/gateway/V13.
ALTER TABLE ebms_payload ADD COLUMN small_data BYTEA;
ALTER TABLE ebms_payload ALTER COLUMN data DROP NOT NULL;
ALTER TABLE ebms_payload ADD CONSTRAINT ck_ebms_payload_bytes_in_one_place
    CHECK ((data IS NULL) <> (small_data IS NULL));
