-- Grote Berichten, the sender's side and clusters.
--
-- gb_offered_file: one row per file this party offers on its file endpoint, inserted when the file is stored and
-- tied to its metadata message once that is accepted. It says which CPA the file was offered under (the endpoint
-- asks the CPA as it is at download time who may fetch it), how far the receiving party has fetched it (bytes
-- served from the start without a gap) and when the stored file was removed and why (fetched, expired, refused).
-- Purged with its message.
--
-- gb_transfer gets a lease like delivery_task: the node that downloads a file holds it and renews it; another node of
-- the same database takes the download over only once the lease ran out.
-- Portable between H2 2.x and PostgreSQL 15.
CREATE TABLE gb_offered_file (
    file_id        VARCHAR(32)    NOT NULL PRIMARY KEY,
    message_pk     BIGINT         REFERENCES ebms_message (id) ON DELETE CASCADE,
    message_id     VARCHAR(256),
    cpa_id         VARCHAR(256)   NOT NULL,
    filename       VARCHAR(200)   NOT NULL,
    content_type   VARCHAR(256)   NOT NULL,
    size_bytes     BIGINT         NOT NULL,
    checksum       VARCHAR(128)   NOT NULL,
    receiver_oin   VARCHAR(64)    NOT NULL,
    stored_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    bytes_served   BIGINT         NOT NULL,
    fetched_at     TIMESTAMP WITH TIME ZONE,
    removed_at     TIMESTAMP WITH TIME ZONE,
    removed_reason VARCHAR(32)
);
CREATE INDEX ix_gb_offered_file_message ON gb_offered_file (message_pk);

ALTER TABLE gb_transfer ADD COLUMN claimed_by VARCHAR(100);
ALTER TABLE gb_transfer ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
