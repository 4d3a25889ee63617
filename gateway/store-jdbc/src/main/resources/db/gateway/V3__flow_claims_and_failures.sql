-- The Camel routing layer on the message store (issue 6). Portable between H2 2.x and PostgreSQL 15.
--  * source_id: the id of the source event an outbound message was made from (JMS message id, outbox row,
--    file digest, Idempotency-Key), so a failed message can be traced back to it.
--  * claimed_by / claimed_until: a lease a node takes on a message before it hands it to a route (a received
--    message to an ebms consumer, a failed one to the failure report); another node skips it until the lease ends,
--    so two nodes on one database never deliver the same message, and a dead node's claims are taken over.
--  * failure_reported_at: when the failure of an outbound message was reported (reported once, across restarts).
ALTER TABLE ebms_message ADD COLUMN source_id VARCHAR(256);
ALTER TABLE ebms_message ADD COLUMN claimed_by VARCHAR(128);
ALTER TABLE ebms_message ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE ebms_message ADD COLUMN failure_reported_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_ebms_message_route ON ebms_message (direction, kind, status, cpa_id, action);
-- Failures from before the failure queue existed are not reported: whoever ran the node saw them already.
UPDATE ebms_message SET failure_reported_at = updated_at WHERE direction = 'OUT' AND status = 'FAILED';
