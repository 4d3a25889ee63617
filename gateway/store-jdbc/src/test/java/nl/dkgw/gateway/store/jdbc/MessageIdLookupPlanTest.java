package nl.dkgw.gateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plans kept for the statements that find a message by its MessageId with CPA and direction: an Acknowledgment's
 * closing UPDATE and {@code Messages.find}. A node's connections prepare them on the server and, after a few
 * executions, PostgreSQL runs a generic plan made once; made while the message table held a few hundred rows and had
 * never been analyzed, the closing UPDATE scanned the route index (direction, kind, status, CPA, action) whenever it
 * named the direction, and kept doing so. Here each plan is made in that state and must use the unique key; on H2,
 * whose plan is kept in its query cache from before its first ANALYZE, the whole of that key.
 */
class MessageIdLookupPlanTest {

    @TempDir
    Path dir;

    @Test
    void onPostgresqlAGenericPlanMadeOnAYoungNeverAnalyzedTableUsesTheUniqueKey() throws Exception {
        try (GatewayDatabase db = StoreDatabases.open("postgres", dir);
                Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE ebms_message SET (autovacuum_enabled = false)");
            s.execute("INSERT INTO ebms_message (direction, kind, message_id, cpa_id, conversation_id, from_party, "
                    + "to_party, service, action, profile, status, envelope, receipt, created_at, updated_at) "
                    + "SELECT 'OUT', 'USER', gen_random_uuid()::text || '@test', 'cpa-1', gen_random_uuid()::text, "
                    + "'urn:osb:oin:00000001000000000001', 'urn:osb:oin:00000001000000000002', 'urn:svc', 'Act', "
                    + "'osb-rm', CASE WHEN x > 995 THEN 'PENDING' ELSE 'ACKNOWLEDGED' END, "
                    + "convert_to(repeat('x', 2500), 'UTF8'), convert_to(repeat('y', 1500), 'UTF8'), now(), now() "
                    + "FROM generate_series(1, 1000) x");
            s.execute("SET plan_cache_mode = force_generic_plan");

            String checked = QueryPlans.prepared(
                    s,
                    "checked",
                    "bytea, timestamptz, varchar, varchar",
                    JdbcPeerAnswers.close(DatabaseProduct.POSTGRESQL),
                    "'\\x00', now(), 'cpa-1', 'm@test'");
            String unchecked = QueryPlans.prepared(
                    s,
                    "unchecked",
                    "bytea, timestamptz, varchar, varchar, varchar, varchar",
                    JdbcPeerAnswers.closeRestrictedTo(DatabaseProduct.POSTGRESQL, 2),
                    "'\\x00', now(), 'cpa-1', 'm@test', 'osb-rm', 'osb-be'");
            String find = QueryPlans.prepared(
                    s, "find", "varchar, varchar", JdbcMessages.find(DatabaseProduct.POSTGRESQL), "'cpa-1', 'm@test'");

            for (String plan : List.of(checked, unchecked, find)) {
                assertThat(plan)
                        .contains("Index Scan using uq_ebms_message on ebms_message")
                        .doesNotContain("ix_ebms_message_route");
            }
        }
    }

    /**
     * H2 keeps a prepared statement's plan too (its query cache), made from what it knows when the statement is first
     * prepared: before its first automatic ANALYZE, without the direction named, the CPA index looked as good as the
     * unique key.
     */
    @Test
    void onH2APlanMadeBeforeTheFirstAnalyzeUsesTheWholeUniqueKey() throws Exception {
        try (GatewayDatabase db = StoreDatabases.open("h2", dir);
                Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO ebms_message (direction, kind, message_id, cpa_id, conversation_id, from_party, "
                    + "to_party, service, action, profile, status, envelope, created_at, updated_at) "
                    + "SELECT 'OUT', 'USER', RANDOM_UUID() || '@test', 'cpa-1', RANDOM_UUID(), 'A', 'B', 'urn:svc', "
                    + "'Act', 'osb-rm', 'ACKNOWLEDGED', X'00', now(), now() FROM SYSTEM_RANGE(1, 1000)");

            for (String sql : List.of(
                    JdbcPeerAnswers.close(DatabaseProduct.H2),
                    JdbcPeerAnswers.closeRestrictedTo(DatabaseProduct.H2, 2))) {
                assertThat(h2Plan(c, sql, i -> i == 1 ? new byte[] {0} : i == 2 ? Instant.now() : "x"))
                        .containsPattern(
                                "UQ_EBMS_MESSAGE_INDEX_\\w+: DIRECTION = 'OUT' AND CPA_ID = \\?3 AND MESSAGE_ID = \\?4")
                        .doesNotContain("IX_EBMS_MESSAGE_CPA");
            }
            assertThat(h2Plan(c, JdbcMessages.find(DatabaseProduct.H2), i -> i == 1 ? "OUT" : "x"))
                    .containsPattern(
                            "UQ_EBMS_MESSAGE_INDEX_\\w+: MESSAGE_ID = \\?3 AND DIRECTION = \\?1 AND CPA_ID = \\?2")
                    .doesNotContain("IX_EBMS_MESSAGE_CPA");
        }
    }

    /** H2's plan of {@code sql} with each parameter bound to {@code argument.apply(its position)}, on one line. */
    private static String h2Plan(Connection c, String sql, IntFunction<Object> argument) throws Exception {
        try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 1; i <= explain.getParameterMetaData().getParameterCount(); i++) {
                explain.setObject(i, argument.apply(i));
            }
            try (ResultSet rs = explain.executeQuery()) {
                rs.next();
                return rs.getString(1).replaceAll("\\s+", " ");
            }
        }
    }
}
