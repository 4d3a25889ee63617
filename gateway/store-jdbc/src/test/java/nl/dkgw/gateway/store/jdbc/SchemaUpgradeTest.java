package nl.dkgw.gateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import nl.dkgw.testkit.RealPostgres;
import nl.dkgw.testkit.Slow;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node's database made before each module had its own Flyway history (one {@code flyway_schema_history} holding
 * the gateway's V1, V3, V4, V5 and the CPA store's V2) is taken over by the new code without losing a row or running
 * a migration twice; on H2 and on PostgreSQL.
 */
@Slow
class SchemaUpgradeTest {

    enum Db {
        H2,
        POSTGRES;

        Connect fresh() {
            if (this == H2) {
                String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
                JdbcDataSource h2 = new JdbcDataSource();
                h2.setURL(url);
                h2.setUser("sa");
                return new Connect(url, "sa", "", h2);
            }
            RealPostgres.Database db = RealPostgres.newDatabase();
            return new Connect(db.jdbcUrl(), db.user(), db.password(), db.dataSource());
        }
    }

    record Connect(String url, String user, String password, DataSource dataSource) {}

    /**
     * The layout the code before the split made: every module's migrations in one shared history. That code had
     * V1 to V5; {@code target} null stands for all of them (later migrations, such as V6, came after the split).
     */
    static void legacyLayout(DataSource dataSource, String target) {
        var config = Flyway.configure().dataSource(dataSource).locations("classpath:db/gateway", "classpath:db/cpa");
        config.target(target == null ? "5" : target).load().migrate();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void anUpgradedDatabaseKeepsItsRowsAndRunsNoMigrationAgain(Db kind) throws Exception {
        Connect db = kind.fresh();
        legacyLayout(db.dataSource(), null);
        insertMessageAndCpa(db.dataSource());
        List<String> sharedBefore = rows(db.dataSource(), "flyway_schema_history");
        assertThat(sharedBefore).hasSize(5);

        for (int start = 0; start < 2; start++) {
            try (GatewayDatabase opened = GatewayDatabase.open(db.url(), db.user(), db.password(), 2)) {
                assertThat(count(opened.dataSource(), "ebms_message")).isEqualTo(1);
                assertThat(count(opened.dataSource(), "cpa")).isEqualTo(1);
                assertThat(rows(opened.dataSource(), "flyway_schema_history_gateway"))
                        .containsExactly("5 BASELINE", "6 SQL", "7 SQL", "8 SQL");
                assertThat(rows(opened.dataSource(), "flyway_schema_history_cpa"))
                        .containsExactly("2 BASELINE");
                assertThat(rows(opened.dataSource(), "flyway_schema_history")).isEqualTo(sharedBefore);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void anOlderDatabaseGetsOnlyTheMigrationsItLacks(Db kind) throws Exception {
        Connect db = kind.fresh();
        legacyLayout(db.dataSource(), "3");
        insertMessageAndCpa(db.dataSource());
        try (GatewayDatabase opened = GatewayDatabase.open(db.url(), db.user(), db.password(), 2)) {
            assertThat(rows(opened.dataSource(), "flyway_schema_history_gateway"))
                    .containsExactly("3 BASELINE", "4 SQL", "5 SQL", "6 SQL", "7 SQL", "8 SQL");
            assertThat(rows(opened.dataSource(), "flyway_schema_history_cpa")).containsExactly("2 BASELINE");
            assertThat(count(opened.dataSource(), "ebms_message")).isEqualTo(1);
            assertThat(count(opened.dataSource(), "audit_event")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aNewDatabaseGetsEachModulesMigrationsInItsOwnHistory(Db kind) throws Exception {
        Connect db = kind.fresh();
        try (GatewayDatabase opened = GatewayDatabase.open(db.url(), db.user(), db.password(), 2)) {
            assertThat(rows(opened.dataSource(), "flyway_schema_history_gateway"))
                    .containsExactly("1 SQL", "3 SQL", "4 SQL", "5 SQL", "6 SQL", "7 SQL", "8 SQL");
            assertThat(rows(opened.dataSource(), "flyway_schema_history_cpa")).containsExactly("0 BASELINE", "2 SQL");
            insertMessageAndCpa(opened.dataSource());
        }
    }

    private static void insertMessageAndCpa(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement message = c.prepareStatement("INSERT INTO ebms_message (direction, kind, message_id,"
                        + " cpa_id, conversation_id, from_party, to_party, service, action, status, envelope,"
                        + " created_at, updated_at) VALUES ('OUT', 'USER', 'old@test', 'cpa-1', 'c', 'a', 'b', 's',"
                        + " 'Act', 'DELIVERED', ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
                Statement s = c.createStatement()) {
            message.setBytes(1, new byte[] {1});
            message.executeUpdate();
            s.executeUpdate("INSERT INTO cpa (cpa_id, status, start_time, end_time, xml, version, imported_at,"
                    + " updated_at) VALUES ('cpa-1', 'ACTIVE', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '<cpa/>', 1,"
                    + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        }
    }

    private static long count(DataSource dataSource, String table) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** "version type" per row of a Flyway history, in order; the marker row Flyway writes on H2 when it creates the
     *  table is left out. */
    private static List<String> rows(DataSource dataSource, String history) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT \"version\", \"type\" FROM \"" + history
                        + "\" WHERE \"success\" = TRUE AND \"type\" <> 'TABLE' ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return rows;
    }
}
