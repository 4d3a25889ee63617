-- H2 keeps an identity column's next value in its metadata and writes it again, in a store of its own, each time the
-- values it handed out in advance run out: by default every 32 rows, which with ebms_message's two rows per received
-- message and the sender's message, attempt and audit rows came to a whole extra store every few messages (issue 15:
-- 5-6 % of a node's CPU under load). With 1000 values in advance that store comes once every 1000 rows. Ids stay in
-- insertion order; a node killed mid-way skips the rest of the values it had taken (a gap, which nothing minds).
-- The PostgreSQL version of this migration (db/postgresql/gateway/V12) changes nothing: there each connection would
-- take its own block of values, and ids would no longer rise with insertion across connections.
ALTER TABLE ebms_message ALTER COLUMN id SET CACHE 1000;
ALTER TABLE delivery_attempt ALTER COLUMN id SET CACHE 1000;
ALTER TABLE audit_event ALTER COLUMN id SET CACHE 1000;
ALTER TABLE refused_signal ALTER COLUMN id SET CACHE 1000;
ALTER TABLE gb_transfer ALTER COLUMN id SET CACHE 1000;
