-- The index on RefToMessageId holds signal rows only (issue 15). The store looks a message's references up for signals
-- alone (a message's MessageErrors, StatusResponses and Pongs, on the console and when a signal request waits for its
-- reply); a business message's row, most of them without a RefToMessageId, added an entry to this index when it was
-- stored and again each time its status changed (PostgreSQL writes a new entry in every index of a row for each new
-- version of it, unless the update is HOT). A partial index leaves them out: one index fewer to write per business
-- message version.
-- The H2 version of this migration (db/h2/gateway/V16) changes nothing: H2 has no partial indexes.
DROP INDEX ix_ebms_message_ref;
CREATE INDEX ix_ebms_message_ref ON ebms_message (ref_to_message_id) WHERE kind = 'SIGNAL';
