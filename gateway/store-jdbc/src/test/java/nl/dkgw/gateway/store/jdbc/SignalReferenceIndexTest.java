package nl.dkgw.gateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL the RefToMessageId index holds signal rows only (migration V16): business messages, replies with a
 * RefToMessageId among them, write no entry in it, and the two look-ups by RefToMessageId (a message's signals on the
 * console, the reply a signal request waits for) still find their rows through it, also with the generic plan a node's
 * connections use after a few executions.
 */
class SignalReferenceIndexTest {

    /** A B-tree index into which nothing was ever written: its meta page alone. */
    private static final long EMPTY_INDEX_BYTES = 8192;

    @TempDir
    Path dir;

    @Test
    void businessMessagesWriteNoEntryAndSignalsAreFoundThroughTheIndex() throws Exception {
        try (GatewayDatabase db = StoreDatabases.open("postgres", dir);
                Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(insert("'IN', 'USER', 'RECEIVED'", "'earlier-' || x || '@test'", 2000));
            s.execute("UPDATE ebms_message SET status = 'PROCESSED' WHERE kind = 'USER'");
            assertThat(indexBytes(s))
                    .as("2000 business messages, each stored and updated")
                    .isEqualTo(EMPTY_INDEX_BYTES);

            s.execute(insert("'IN', 'SIGNAL', 'RECEIVED'", "'m-' || x || '@test'", 3));
            s.execute("ANALYZE ebms_message");
            s.execute("SET plan_cache_mode = force_generic_plan");

            String signalRows = QueryPlans.prepared(
                    s, "rows_about", "varchar, varchar", JdbcMessageQueries.SIGNAL_ROWS_ABOUT, "'cpa-1', 'm-2@test'");
            String reply = QueryPlans.prepared(
                    s, "reply", "varchar, varchar", JdbcMessages.SIGNAL_REPLY, "'cpa-1', 'm-2@test'");
            for (String plan : List.of(signalRows, reply)) {
                assertThat(plan).contains("ix_ebms_message_ref");
            }
            assertThat(JdbcStore.of(db.dataSource()).messages().findSignalReply("cpa-1", "m-2@test"))
                    .hasValueSatisfying(m -> assertThat(m.refToMessageId()).isEqualTo("m-2@test"));
        }
    }

    /** {@code rows} rows of the given direction, kind and status, each referring to the message {@code ref} names. */
    private static String insert(String directionKindStatus, String ref, int rows) {
        return "INSERT INTO ebms_message (direction, kind, status, message_id, ref_to_message_id, cpa_id, "
                + "conversation_id, from_party, to_party, service, action, profile, envelope, created_at, updated_at) "
                + "SELECT " + directionKindStatus + ", gen_random_uuid()::text || '@test', " + ref + ", 'cpa-1', "
                + "gen_random_uuid()::text, 'urn:osb:oin:00000001000000000001', 'urn:osb:oin:00000001000000000002', "
                + "'urn:svc', 'Act', 'osb-rm', '\\x00'::bytea, now(), now() FROM generate_series(1, " + rows + ") x";
    }

    private static long indexBytes(Statement s) throws Exception {
        try (var rs = s.executeQuery("SELECT pg_relation_size('ix_ebms_message_ref')")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
