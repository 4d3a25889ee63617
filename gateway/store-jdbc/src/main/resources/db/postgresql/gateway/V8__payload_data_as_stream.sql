-- Payload bytes kept so that they can be written and read as a stream (issue 15), PostgreSQL's version: each part
-- is a large object, the column holds its oid. A bytea is read whole into memory and cannot exceed 1 GB; a large
-- object is written and read in pieces. size_bytes is filled at insert, so listing the parts with their sizes reads
-- no payload bytes. The H2 version of this migration is db/h2/gateway/V8 (a BLOB).
ALTER TABLE ebms_payload ADD COLUMN streamed_data OID;
ALTER TABLE ebms_payload ADD COLUMN size_bytes BIGINT;
UPDATE ebms_payload SET streamed_data = lo_from_bytea(0, data), size_bytes = OCTET_LENGTH(data);
ALTER TABLE ebms_payload DROP COLUMN data;
ALTER TABLE ebms_payload RENAME COLUMN streamed_data TO data;
ALTER TABLE ebms_payload ALTER COLUMN data SET NOT NULL, ALTER COLUMN size_bytes SET NOT NULL;

-- A large object lives apart from the row that names it: deleting the row (by a DELETE, or by ON DELETE CASCADE from
-- ebms_message, which purge relies on) would leave it behind for good. This trigger unlinks it in the same
-- transaction, whichever statement removes the row; a large object already gone (removed by hand, by vacuumlo) is
-- not an error, so a purge never fails on it.
CREATE FUNCTION ebms_payload_unlink_data() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_largeobject_metadata WHERE oid = OLD.data) THEN
        PERFORM lo_unlink(OLD.data);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER ebms_payload_unlink_data_on_delete AFTER DELETE ON ebms_payload
    FOR EACH ROW EXECUTE PROCEDURE ebms_payload_unlink_data();

CREATE TRIGGER ebms_payload_unlink_data_on_update AFTER UPDATE OF data ON ebms_payload
    FOR EACH ROW WHEN (OLD.data IS DISTINCT FROM NEW.data) EXECUTE PROCEDURE ebms_payload_unlink_data();
