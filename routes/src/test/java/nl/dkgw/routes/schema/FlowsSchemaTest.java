package nl.dkgw.routes.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.source.OutboxTable;
import nl.dkgw.testkit.RealPostgres;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;

/** The flows database's tables come from the routes module's own migration, in its own history. */
@Slow
class FlowsSchemaTest {

    private static FlowsConfig config(String outbox, String inbound) {
        Map<String, FlowsConfig.FlowConfig> flows = new LinkedHashMap<>();
        flows.put(
                "a",
                new FlowsConfig.FlowConfig(
                        new FlowsConfig.Send(
                                "cpa",
                                "s",
                                "act",
                                null,
                                new FlowsConfig.Sources(null, false, null, outbox, null, null)),
                        null,
                        null));
        if (inbound != null) {
            flows.put(
                    "b",
                    new FlowsConfig.FlowConfig(
                            null,
                            new FlowsConfig.Receive(
                                    "cpa", "s", "act", null, new FlowsConfig.DeliverTo(null, inbound, null)),
                            null));
        }
        return new FlowsConfig(null, null, null, flows);
    }

    @Test
    void anOutboxMadeBeforeKeepsItsRowsAndATableAddedLaterIsCreated() throws Exception {
        DataSource db = RealPostgres.newDatabase().dataSource();
        execute(db, OutboxTable.ddl("app_outbox"));
        execute(db, "INSERT INTO app_outbox (flow, payload) VALUES ('a', '{}')");

        FlowsSchema.migrate(db, config("app_outbox", null));
        FlowsSchema.migrate(db, config("app_outbox", null));
        assertThat(count(db, "app_outbox")).isEqualTo(1);
        assertThat(history(db)).containsExactly("0 BASELINE", "null JDBC");

        FlowsSchema.migrate(db, config("app_outbox", "app_inbound"));
        assertThat(count(db, "app_inbound")).isZero();
        assertThat(count(db, "app_outbox")).isEqualTo(1);
        assertThat(history(db)).containsExactly("0 BASELINE", "null JDBC", "null JDBC");
    }

    @Test
    void anEmptyDatabaseGetsItsTables() throws Exception {
        DataSource db = RealPostgres.newDatabase().dataSource();
        FlowsSchema.migrate(db, config("dkgw_outbox", "cims_vaccination"));
        execute(db, "INSERT INTO dkgw_outbox (flow, payload) VALUES ('a', '{}')");
        assertThat(count(db, "dkgw_outbox")).isEqualTo(1);
        assertThat(count(db, "cims_vaccination")).isZero();
    }

    private static void execute(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(DataSource db, String table) throws SQLException {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> history(DataSource db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, type FROM " + FlowsSchema.HISTORY
                        + " WHERE success ORDER BY installed_rank")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return rows;
    }
}
