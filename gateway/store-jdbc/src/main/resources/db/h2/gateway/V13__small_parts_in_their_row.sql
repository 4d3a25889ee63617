-- A payload part of known size up to 16 KiB is kept in its own column of the row (issue 15), as on PostgreSQL
-- (db/postgresql/gateway/V13, where it saves a large object per part); data (the BLOB) is then null. On H2 a BLOB
-- that small was kept in the row already (MAX_LENGTH_INPLACE_LOB), so this changes where the bytes sit, not what a
-- commit writes; it keeps the store's statements the same on both databases. Exactly one of the two holds a part's
-- bytes.
ALTER TABLE ebms_payload ADD COLUMN small_data VARBINARY;
ALTER TABLE ebms_payload ALTER COLUMN data SET NULL;
ALTER TABLE ebms_payload ADD CONSTRAINT ck_ebms_payload_bytes_in_one_place
    CHECK ((data IS NULL) <> (small_data IS NULL));
