package nl.dkgw.gateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.PayloadInfo;
import nl.dkgw.gateway.store.Store;
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

    /** The newest migration of the gateway's schema. */
    private static final int NEWEST = 16;

    /**
     * A gateway history as {@link #rows} lists it: {@code baseline} (when not null), then "n SQL" for each migration from
     * {@code first} to {@link #NEWEST} (V2 is the CPA store's, in its own history).
     */
    private static List<String> history(String baseline, int first) {
        List<String> rows = new ArrayList<>();
        if (baseline != null) {
            rows.add(baseline);
        }
        for (int version = first; version <= NEWEST; version++) {
            if (version != 2) {
                rows.add(version + " SQL");
            }
        }
        return rows;
    }

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
                        .containsExactlyElementsOf(history("5 BASELINE", 6));
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
                    .containsExactlyElementsOf(history("3 BASELINE", 4));
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
                    .containsExactlyElementsOf(history(null, 1));
            assertThat(rows(opened.dataSource(), "flyway_schema_history_cpa")).containsExactly("0 BASELINE", "2 SQL");
            insertMessageAndCpa(opened.dataSource());
        }
    }

    /**
     * Payloads stored before V8 (bytes in a bytea/VARBINARY column) are moved into the streamed column with their
     * size, read back byte for byte (the small one with the list, the large one as a stream), and on PostgreSQL each
     * became a large object that a purge unlinks.
     */
    @ParameterizedTest
    @EnumSource(Db.class)
    void payloadsStoredBeforeTheStreamedColumnStayReadable(Db kind) throws Exception {
        Connect db = kind.fresh();
        Flyway.configure()
                .dataSource(db.dataSource())
                .locations(GatewayDatabase.GATEWAY_SCHEMA.location())
                .table(GatewayDatabase.GATEWAY_SCHEMA.historyTable())
                .target("7")
                .load()
                .migrate();
        insertMessage(db.dataSource());
        byte[] large = new byte[(int) JdbcPayloads.READ_WITH_THE_LIST * 2 + 5];
        new Random(7).nextBytes(large);
        List<byte[]> parts = List.of(new byte[0], new byte[] {1, 2, 3}, large);
        long pk;
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO ebms_payload"
                        + " (message_pk, seq, content_id, content_type, data) VALUES (?, ?, ?, 'text/plain', ?)")) {
            pk = Jdbc.number(c, "SELECT id AS n FROM ebms_message WHERE message_id = 'old@test'");
            for (int seq = 0; seq < parts.size(); seq++) {
                ps.setLong(1, pk);
                ps.setInt(2, seq);
                ps.setString(3, "p" + seq);
                ps.setBytes(4, parts.get(seq));
                ps.executeUpdate();
            }
        }

        try (GatewayDatabase opened = GatewayDatabase.open(db.url(), db.user(), db.password(), 2)) {
            assertThat(rows(opened.dataSource(), "flyway_schema_history_gateway"))
                    .containsExactlyElementsOf(history(null, 1));
            Store store = JdbcStore.of(opened.dataSource());
            List<Payload> read = store.payloads().of(pk);
            assertThat(read).hasSize(3);
            for (int seq = 0; seq < parts.size(); seq++) {
                assertThat(read.get(seq).size()).isEqualTo(parts.get(seq).length);
                try (InputStream in = read.get(seq).open()) {
                    assertThat(in.readAllBytes()).as("part %d", seq).isEqualTo(parts.get(seq));
                }
            }
            assertThat(new JdbcMessageQueries(opened.dataSource()).payloadInfo(pk))
                    .extracting(PayloadInfo::size)
                    .containsExactly(0L, 3L, (long) large.length);
            if (kind == Db.POSTGRES) {
                assertThat(PayloadStreamsTest.largeObjects(opened.dataSource())).isEqualTo(3);
            }
            store.purge().run(Instant.now().plus(Duration.ofDays(1)), false);
            assertThat(store.payloads().of(pk)).isEmpty();
            if (kind == Db.POSTGRES) {
                assertThat(PayloadStreamsTest.largeObjects(opened.dataSource())).isZero();
            }
        }
    }

    /**
     * V12: on H2 the identity columns hand out values a thousand at a time (H2 writes a store of its own each time its
     * advance runs out, by default every 32 rows); on PostgreSQL they keep a cache of one, so ids rise with insertion
     * across connections.
     */
    @ParameterizedTest
    @EnumSource(Db.class)
    void identityValuesAreTakenAThousandAtATimeOnH2Only(Db kind) throws Exception {
        Connect db = kind.fresh();
        try (GatewayDatabase opened = GatewayDatabase.open(db.url(), db.user(), db.password(), 2);
                Connection c = opened.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        kind == Db.H2
                                ? "SELECT LOWER(TABLE_NAME) AS t, IDENTITY_CACHE AS cache FROM INFORMATION_SCHEMA.COLUMNS "
                                        + "WHERE IS_IDENTITY = 'YES' AND TABLE_SCHEMA = 'PUBLIC'"
                                : "SELECT s.relname AS t, q.seqcache AS cache FROM pg_sequence q JOIN pg_class s "
                                        + "ON s.oid = q.seqrelid");
                ResultSet rs = ps.executeQuery()) {
            List<String> caches = new ArrayList<>();
            while (rs.next()) {
                caches.add(rs.getString("t") + " " + rs.getLong("cache"));
            }
            long expected = kind == Db.H2 ? 1000 : 1;
            assertThat(caches)
                    .hasSizeGreaterThanOrEqualTo(5)
                    .allSatisfy(c2 -> assertThat(c2).endsWith(" " + expected));
            if (kind == Db.H2) {
                assertThat(caches)
                        .contains(
                                "ebms_message 1000",
                                "delivery_attempt 1000",
                                "audit_event 1000",
                                "refused_signal 1000",
                                "gb_transfer 1000");
            }
        }
    }

    private static void insertMessageAndCpa(DataSource dataSource) throws SQLException {
        insertMessage(dataSource);
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO cpa (cpa_id, status, start_time, end_time, xml, version, imported_at,"
                    + " updated_at) VALUES ('cpa-1', 'ACTIVE', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '<cpa/>', 1,"
                    + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        }
    }

    /** A delivered outbound message, old@test, as the code of V1 to V7 wrote it. */
    private static void insertMessage(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement message = c.prepareStatement("INSERT INTO ebms_message (direction, kind, message_id,"
                        + " cpa_id, conversation_id, from_party, to_party, service, action, status, envelope,"
                        + " created_at, updated_at) VALUES ('OUT', 'USER', 'old@test', 'cpa-1', 'c', 'a', 'b', 's',"
                        + " 'Act', 'DELIVERED', ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
            message.setBytes(1, new byte[] {1});
            message.executeUpdate();
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
