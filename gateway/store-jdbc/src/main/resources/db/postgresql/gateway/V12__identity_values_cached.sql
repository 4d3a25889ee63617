-- Nothing to change on PostgreSQL: the H2 version of this migration (db/h2/gateway/V12) lets H2 hand out identity
-- values 1000 at a time. A PostgreSQL sequence with a cache gives each connection a block of its own, so ids would no
-- longer rise with insertion across connections (the console's time windows rely on that), and a PostgreSQL sequence
-- is cheap as it is.
SELECT 1;
