package nl.dkgw.routes.source;

/**
 * The outbox table an internal system writes its events into, in the same transaction as its own change. The
 * gateway reads rows with status NEW and sets SENT (with the ebMS MessageId) or REJECTED (with the reason).
 */
public final class OutboxTable {

    private OutboxTable() {}

    /** PostgreSQL DDL of an outbox table of that name. */
    public static String ddl(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " ("
                + " id BIGSERIAL PRIMARY KEY,"
                + " flow VARCHAR(64) NOT NULL,"
                + " payload TEXT NOT NULL,"
                + " status VARCHAR(16) NOT NULL DEFAULT 'NEW',"
                + " message_id VARCHAR(255),"
                + " reason TEXT,"
                + " created_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
                + " handled_at TIMESTAMPTZ);"
                + " CREATE INDEX IF NOT EXISTS " + table.replace('.', '_') + "_new ON " + table
                + " (flow, id) WHERE status = 'NEW'";
    }
}
