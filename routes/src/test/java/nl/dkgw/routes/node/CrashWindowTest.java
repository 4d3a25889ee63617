package nl.dkgw.routes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.JMSContext;
import jakarta.jms.QueueBrowser;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.NodeInternals;
import nl.dkgw.gateway.camel.EbmsComponent;
import nl.dkgw.gateway.camel.FlowCpa;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.routes.FlowsRuntime;
import nl.dkgw.routes.catalogue.FlowCatalogue;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.route.MessageIdOf;
import nl.dkgw.routes.source.OutboxTable;
import nl.dkgw.routes.vaccination.VaccinationFlow;
import nl.dkgw.testkit.RealPostgres;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window a crash can hit: the ebMS message is stored, but the source has not yet committed (JMS transaction,
 * outbox mark). The source offers the event again, it gets the same MessageId, and the peer receives it once.
 */
@Slow
class CrashWindowTest {

    @TempDir
    static Path dir;

    static LocalChain chain;
    static String cpaId;
    static RealPostgres.Database db;
    static CrashAfterStoring ebms;
    static FlowsRuntime flows;

    @BeforeAll
    static void start() throws Exception {
        chain = LocalChain.start(dir.resolve("chain"), Map.of(), Duration.ofSeconds(1), List.of(), SyncReplyMode.NONE);
        cpaId = FlowCpa.add(chain, Profile.OSB_RM);
        db = RealPostgres.newDatabase();
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(OutboxTable.ddl("outbox"));
        }
        Map<String, FlowsConfig.FlowConfig> defs = new LinkedHashMap<>();
        defs.put(
                TestResultFlow.NAME,
                new FlowsConfig.FlowConfig(
                        new FlowsConfig.Send(
                                cpaId,
                                FlowCpa.SERVICE,
                                FlowCpa.TEST_RESULT,
                                null,
                                new FlowsConfig.Sources("crash.testresults", false, null, null, null, null)),
                        null,
                        null));
        defs.put(
                VaccinationFlow.NAME,
                new FlowsConfig.FlowConfig(
                        new FlowsConfig.Send(
                                cpaId,
                                FlowCpa.SERVICE,
                                FlowCpa.VACCINATION,
                                null,
                                new FlowsConfig.Sources(null, false, null, "outbox", Duration.ofMillis(200), 10)),
                        null,
                        null));
        ebms = new CrashAfterStoring(new EbmsComponent(chain.consumer()));
        flows = FlowsRuntime.start(
                new FlowsConfig(null, null, null, defs),
                dir.resolve("flows"),
                ebms,
                db.dataSource(),
                FlowCatalogue.standard(),
                Clock.systemDefaultZone());
    }

    @AfterAll
    static void stop() {
        if (flows != null) {
            flows.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void aJmsEventWhoseCommitWasLostIsSentOnce() throws Exception {
        ebms.crashes.set(1);
        try (JMSContext context = flows.connectionFactory().createContext()) {
            context.createProducer()
                    .send(
                            context.createQueue("crash.testresults"),
                            FlowEvents.event(TestResultFlow.NAME, "crash-jms-1"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ebms.crashes.get() == 0 && queueIsEmpty());
        assertThat(sent(FlowCpa.TEST_RESULT)).hasSize(1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> received(FlowCpa.TEST_RESULT).size() == 1
                        && received(FlowCpa.TEST_RESULT).get(0).status() == MessageStatus.RECEIVED);
        String messageId = received(FlowCpa.TEST_RESULT).get(0).messageId();
        assertThat(messageId).startsWith(TestResultFlow.NAME + ".jms-");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> chain.consumer()
                                .report(messageId)
                                .orElseThrow()
                                .message()
                                .status()
                        == MessageStatus.ACKNOWLEDGED);
        assertThat(received(FlowCpa.TEST_RESULT)).hasSize(1);
        assertThat(sent(FlowCpa.TEST_RESULT)).containsExactly(messageId);
    }

    @Test
    void anOutboxRowWhoseMarkWasLostIsSentOnce() throws Exception {
        ebms.crashes.set(2);
        long id;
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "INSERT INTO outbox (flow, payload) VALUES ('" + VaccinationFlow.NAME + "', '"
                            + FlowEvents.event(VaccinationFlow.NAME, "crash-outbox-1") + "')",
                    Statement.RETURN_GENERATED_KEYS);
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        String messageId = MessageIdOf.event(VaccinationFlow.NAME, "outbox-outbox-" + id);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(outboxStatus(id)));
        assertThat(ebms.crashes.get()).isZero();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> chain.consumer()
                                .report(messageId)
                                .orElseThrow()
                                .message()
                                .status()
                        == MessageStatus.ACKNOWLEDGED);
        assertThat(sent(FlowCpa.VACCINATION)).containsExactly(messageId);
        assertThat(received(FlowCpa.VACCINATION)).extracting(m -> m.messageId()).containsExactly(messageId);
    }

    /** The MessageIds of the user messages the GGD node stored for sending with that action. */
    private static List<String> sent(String action) {
        return NodeInternals.store(chain.consumer())
                .messages()
                .list(nl.dkgw.gateway.store.Direction.OUT, nl.dkgw.gateway.store.MessageKind.USER, null, 1000)
                .stream()
                .filter(m -> m.action().equals(action))
                .map(m -> m.messageId())
                .toList();
    }

    private static List<nl.dkgw.gateway.store.StoredMessage> received(String action) {
        return chain.provider().received(cpaId, null, 1000).stream()
                .filter(m -> m.action().equals(action))
                .toList();
    }

    private static boolean queueIsEmpty() throws Exception {
        try (JMSContext context = flows.connectionFactory().createContext();
                QueueBrowser browser = context.createBrowser(context.createQueue("crash.testresults"))) {
            return Collections.list(browser.getEnumeration()).isEmpty();
        }
    }

    private static String outboxStatus(long id) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT status FROM outbox WHERE id = " + id)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
