-- A received message's Acknowledgment, when it is sent asynchronously, is kept in the received message's own row
-- (issue 15) instead of a message row of its own: its MessageId, its delivery status (PENDING until posted, then
-- DELIVERED or FAILED) and its envelope as posted. Its delivery task is keyed by the received message. A row of its
-- own cost the receiver a second wide row with five index entries per message, and a status change of that row
-- rewrote its entry in the route index. Acknowledgments stored before this migration keep their rows.
ALTER TABLE ebms_message ADD COLUMN ack_message_id VARCHAR(256);
ALTER TABLE ebms_message ADD COLUMN ack_status VARCHAR(32);
ALTER TABLE ebms_message ADD COLUMN ack_envelope BYTEA;
