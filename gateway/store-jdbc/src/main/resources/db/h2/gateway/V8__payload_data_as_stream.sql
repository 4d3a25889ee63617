-- Payload bytes kept so that they can be written and read as a stream (issue 15), H2's version: a BLOB, which H2
-- keeps outside the row and hands out as a stream, instead of a VARBINARY held whole in the row. size_bytes is
-- filled at insert, so listing the parts with their sizes reads no payload bytes.
-- The PostgreSQL version of this migration is db/postgresql/gateway/V8 (a large object per part).
ALTER TABLE ebms_payload ADD COLUMN streamed_data BLOB;
ALTER TABLE ebms_payload ADD COLUMN size_bytes BIGINT;
UPDATE ebms_payload SET streamed_data = data, size_bytes = OCTET_LENGTH(data);
ALTER TABLE ebms_payload DROP COLUMN data;
ALTER TABLE ebms_payload ALTER COLUMN streamed_data RENAME TO data;
ALTER TABLE ebms_payload ALTER COLUMN data SET NOT NULL;
ALTER TABLE ebms_payload ALTER COLUMN size_bytes SET NOT NULL;
