package nl.dkgw.routes.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import nl.dkgw.routes.FlowsRuntime;
import nl.dkgw.routes.catalogue.FlowCatalogue;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.route.MessageIdOf;
import nl.dkgw.testkit.RealPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The outbox source on a real PostgreSQL: a row the gateway refuses for good (remedy CHANGE_SUBMISSION or FIX_NODE)
 * is marked REJECTED with the gateway's
 * reason at once (and does not hold up the rows behind it); a row the gateway cannot store now stays NEW and is sent
 * once it can.
 */
class OutboxSourceTest {

    static final String TABLE = "dkgw_outbox";

    @TempDir
    static Path dir;

    static StubEbms ebms = new StubEbms();
    static RealPostgres.Database db;
    static FlowsRuntime flows;

    @BeforeAll
    static void start() throws Exception {
        db = RealPostgres.newDatabase();
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(OutboxTable.ddl(TABLE));
        }
        FlowsConfig config = new FlowsConfig(
                null,
                null,
                null,
                Map.of(
                        TestResultFlow.NAME,
                        new FlowsConfig.FlowConfig(
                                new FlowsConfig.Send(
                                        "cpa",
                                        "svc",
                                        "act",
                                        null,
                                        new FlowsConfig.Sources(
                                                null, false, null, TABLE, Duration.ofMillis(200), null)),
                                null,
                                null)));
        flows = FlowsRuntime.start(
                config, dir, ebms, db.dataSource(), FlowCatalogue.standard(), Clock.systemDefaultZone());
    }

    @AfterAll
    static void stop() {
        if (flows != null) {
            flows.close();
        }
    }

    @BeforeEach
    void up() {
        ebms.down.set(false);
        ebms.refusing.set(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CHANGE_SUBMISSION", "FIX_NODE"})
    void rowsTheGatewayRefusesForGoodAreRejectedWithTheReasonAndTriedOnce(String remedy) throws Exception {
        ebms.refusing.set(remedy);
        long first = insert("T-refused-1-" + remedy);
        long second = insert("T-refused-2-" + remedy);
        await().atMost(Duration.ofSeconds(20)).until(() -> "REJECTED".equals(column(second, "status")));
        assertThat(column(first, "status")).isEqualTo("REJECTED");
        assertThat(column(first, "reason")).isEqualTo("REFUSED: SOME_REASON: refused by the stub");
        assertThat(column(first, "message_id")).isNull();
        assertThat(ebms.attemptsOf(messageId(first))).isEqualTo(1);
        assertThat(ebms.attemptsOf(messageId(second))).isEqualTo(1);
    }

    @Test
    void aRowStaysNewWhileTheGatewayCannotStoreAndIsSentOnceItCan() throws Exception {
        ebms.down.set(true);
        long row = insert("T-later");
        await().atMost(Duration.ofSeconds(20)).until(() -> ebms.attemptsOf(messageId(row)) >= 2);
        assertThat(column(row, "status")).isEqualTo("NEW");
        ebms.down.set(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(column(row, "status")));
        assertThat(column(row, "message_id")).isEqualTo(messageId(row));
        assertThat(ebms.messageIds).contains(messageId(row));
    }

    private static String messageId(long row) {
        return MessageIdOf.event(TestResultFlow.NAME, "outbox-" + TABLE + "-" + row);
    }

    private static long insert(String testId) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO " + TABLE + " (flow, payload) VALUES (?, ?) RETURNING id")) {
            ps.setString(1, TestResultFlow.NAME);
            ps.setString(2, SourcesTest.EVENT.replace("T-1", testId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String column(long row, String column) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM " + TABLE + " WHERE id = ?")) {
            ps.setLong(1, row);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
