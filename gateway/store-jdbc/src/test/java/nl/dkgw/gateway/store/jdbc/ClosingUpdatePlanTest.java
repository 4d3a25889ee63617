package nl.dkgw.gateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan PostgreSQL keeps for an Acknowledgment's closing UPDATE. A node's connections prepare it on the server and,
 * after a few executions, run a generic plan made once; made while the message table held a few hundred rows and had
 * never been analyzed, it scanned the route index (direction, kind, status, CPA, action) whenever the UPDATE named the
 * direction, and kept doing so. Here the plan is made in that state, as a generic plan, and must use the unique key.
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
                    JdbcPeerAnswers.CLOSE,
                    "'\\x00', now(), " + "'cpa-1', 'm@test'");
            String unchecked = genericPlan(
                    s,
                    "unchecked",
                    "bytea, timestamptz, varchar, varchar, varchar, varchar",
                    JdbcPeerAnswers.closeRestrictedTo(2),
                    "'\\x00', now(), 'cpa-1', 'm@test', 'osb-rm', 'osb-be'");

            for (String plan : List.of(checked, unchecked)) {
                assertThat(plan)
                        .contains("Index Scan using uq_ebms_message on ebms_message")
                        .doesNotContain("ix_ebms_message_route");
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
