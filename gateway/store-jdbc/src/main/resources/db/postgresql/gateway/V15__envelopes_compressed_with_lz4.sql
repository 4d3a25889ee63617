-- Envelopes and small payload parts compressed with lz4 instead of pglz where the server can (issue 15). A signed
-- envelope is 6-10 KB, so PostgreSQL compresses it before moving it out of the row; with pglz that compression was
-- 40-50 % of the time of the statements that write one (the sender's insert and the update that keeps the receipt,
-- the receiver's insert with two envelopes). lz4 compresses several times faster and keeps somewhat more bytes
-- (docs/performance.md, 2026-12-07 night). Only values written from now on are compressed with lz4; values already
-- stored stay as they are and read the same. A server before PostgreSQL 14, or one built without lz4, keeps pglz:
-- its default_toast_compression does not offer lz4, and nothing changes.
-- The H2 version of this migration (db/h2/gateway/V15) changes nothing: H2 does not compress row values.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE ebms_message ALTER COLUMN envelope SET COMPRESSION lz4,
                                 ALTER COLUMN receipt SET COMPRESSION lz4,
                                 ALTER COLUMN ack_envelope SET COMPRESSION lz4;
        ALTER TABLE ebms_payload ALTER COLUMN small_data SET COMPRESSION lz4;
    END IF;
END
$$;
