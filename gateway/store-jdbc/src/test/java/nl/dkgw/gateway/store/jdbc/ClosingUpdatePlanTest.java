package nl.dkgw.gateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan PostgreSQL keeps for an Acknowledgment's closing UPDATE. A node's connections prepare it on the server and,
 * after a few executions, run a generic plan made once; made while the message table held a few hundred rows and had
 * never been analyzed, it scanned the route index (direction, kind, status, CPA, action) whenever the UPDATE named the
 * direction, and kept doing so. Here the plan is made in that state, as a generic plan, and must use the unique key;
 * and on H2, whose form names the direction, the plan made before its first ANALYZE must use all of that key.
 */
class ClosingUpdatePlanTest {

    @TempDir
    Path dir;

    @Test
    void aGenericPlanMadeOnAYoungNeverAnalyzedTableFindsTheMessageByItsUniqueKey() throws Exception {
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

            String checked = genericPlan(
                    s,
                    "checked",
                    "bytea, timestamptz, varchar, varchar",
                    JdbcPeerAnswers.close(DatabaseProduct.POSTGRESQL),
                    "'\\x00', now(), " + "'cpa-1', 'm@test'");
            String unchecked = genericPlan(
                    s,
                    "unchecked",
                    "bytea, timestamptz, varchar, varchar, varchar, varchar",
                    JdbcPeerAnswers.closeRestrictedTo(DatabaseProduct.POSTGRESQL, 2),
                    "'\\x00', now(), 'cpa-1', 'm@test', 'osb-rm', 'osb-be'");

            for (String plan : List.of(checked, unchecked)) {
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
                try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + sql)) {
                    for (int i = 1; i <= explain.getParameterMetaData().getParameterCount(); i++) {
                        explain.setObject(i, i == 1 ? new byte[] {0} : i == 2 ? Instant.now() : "x");
                    }
                    try (ResultSet rs = explain.executeQuery()) {
                        rs.next();
                        assertThat(rs.getString(1).replaceAll("\\s+", " "))
                                .containsPattern(
                                        "UQ_EBMS_MESSAGE_INDEX_\\w+: DIRECTION = 'OUT' AND CPA_ID = \\?3 AND MESSAGE_ID = \\?4")
                                .doesNotContain("IX_EBMS_MESSAGE_CPA");
                    }
                }
            }
        }
    }

    /** {@code sql} prepared on the server with {@code types} (its {@code ?} numbered), and its generic plan. */
    private static String genericPlan(Statement s, String name, String types, String sql, String arguments)
            throws Exception {
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            if (ch == '?') {
                numbered.append('$').append(++n);
            } else {
                numbered.append(ch);
            }
        }
        s.execute("PREPARE " + name + "(" + types + ") AS " + numbered);
        List<String> plan = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE " + name + "(" + arguments + ")")) {
            while (rs.next()) {
                plan.add(rs.getString(1));
            }
        }
        return String.join("\n", plan);
    }
}
