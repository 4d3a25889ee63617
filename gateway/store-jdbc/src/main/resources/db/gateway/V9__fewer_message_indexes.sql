-- Fewer index trees to rewrite per message (issue 15): every insert and every status change of a message updates
-- each index of ebms_message, and on H2 each changed index page is written again at commit.
--  * The uniqueness of (direction, cpa_id, message_id) is now kept by an index that leads with message_id, so the
--    same tree answers the look-up by MessageId alone; the separate message_id index of V4 goes.
--  * ix_ebms_message_status (direction, kind, status) is the first part of V3's ix_ebms_message_route, which serves
--    the same queries.
ALTER TABLE ebms_message DROP CONSTRAINT uq_ebms_message;
ALTER TABLE ebms_message ADD CONSTRAINT uq_ebms_message UNIQUE (message_id, direction, cpa_id);
DROP INDEX ix_ebms_message_message_id;
DROP INDEX ix_ebms_message_status;
