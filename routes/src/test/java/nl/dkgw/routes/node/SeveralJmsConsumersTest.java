package nl.dkgw.routes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.NodeInternals;
import nl.dkgw.gateway.camel.EbmsComponent;
import nl.dkgw.gateway.camel.FlowCpa;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.routes.FlowsRuntime;
import nl.dkgw.routes.catalogue.FlowCatalogue;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.flow.FlowHeaders;
import nl.dkgw.routes.lopendezaken.StatusNoticeFlow;
import nl.dkgw.routes.route.MessageIdOf;
import nl.dkgw.routes.vaccination.VaccinationFlow;
import nl.dkgw.testkit.Slow;
import org.apache.camel.component.jms.JmsEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow's JMS queue read by {@value #CONSUMERS} concurrent consumers on GGD's node (embedded Artemis), sending to
 * RIVM's node: every event queued becomes one ebMS message, stored once and received once, also when consumers fail
 * and the broker redelivers to another consumer (a retryable refusal before the store, or a failure after the store
 * and before the JMS commit). The same holds for a queue of files sent through Grote Berichten.
 */
@Slow
class SeveralJmsConsumersTest {

    static final int CONSUMERS = 4;
    static final String TEST_RESULTS = "many.testresults";
    static final String VACCINATIONS = "many.vaccinations";
    static final String FILES = "many.files";

    @TempDir
    static Path dir;

    static LocalChain chain;
    static String cpaId;
    static CrashAfterStoring ebms;
    static FlowsRuntime flows;

    @BeforeAll
    static void start() throws Exception {
        chain = LocalChain.start(
                dir.resolve("chain"),
                Map.of(),
                Duration.ofSeconds(1),
                List.of(),
                SyncReplyMode.NONE,
                c -> c.withGb(GatewayConfig.Gb.on()));
        cpaId = FlowCpa.add(chain, Profile.OSB_RM);
        Map<String, FlowsConfig.FlowConfig> defs = new LinkedHashMap<>();
        defs.put(TestResultFlow.NAME, flow(FlowCpa.TEST_RESULT, TEST_RESULTS));
        defs.put(VaccinationFlow.NAME, flow(FlowCpa.VACCINATION, VACCINATIONS));
        defs.put(
                StatusNoticeFlow.NAME,
                new FlowsConfig.FlowConfig(
                        new FlowsConfig.Send(
                                cpaId,
                                FlowCpa.SERVICE,
                                FlowCpa.CASE_STATUS,
                                null,
                                new FlowsConfig.Sources(FILES, false, null, null, null, null, CONSUMERS),
                                null,
                                true),
                        null,
                        Map.of("sender-oin", "00000001002220647000")));
        ebms = new CrashAfterStoring(new EbmsComponent(chain.consumer()));
        flows = FlowsRuntime.start(
                new FlowsConfig(null, null, null, defs),
                dir.resolve("flows"),
                ebms,
                null,
                FlowCatalogue.standard(),
                Clock.systemDefaultZone());
    }

    private static FlowsConfig.FlowConfig flow(String action, String queue) {
        return new FlowsConfig.FlowConfig(
                new FlowsConfig.Send(
                        cpaId,
                        FlowCpa.SERVICE,
                        action,
                        null,
                        new FlowsConfig.Sources(queue, false, null, null, null, null, CONSUMERS)),
                null,
                null);
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
    void theQueueIsReadByTheConfiguredNumberOfConsumers() {
        JmsEndpoint endpoint = (JmsEndpoint) flows.camel()
                .getRoute("flow-" + TestResultFlow.NAME + "-jms-source")
                .getEndpoint();
        assertThat(endpoint.getConcurrentConsumers()).isEqualTo(CONSUMERS);
        assertThat(endpoint.getMaxConcurrentConsumers()).isEqualTo(CONSUMERS);
        assertThat(endpoint.isTransacted()).isTrue();
        JmsEndpoint files = (JmsEndpoint) flows.camel()
                .getRoute("flow-" + StatusNoticeFlow.NAME + "-jms-file-source")
                .getEndpoint();
        assertThat(files.getConcurrentConsumers()).isEqualTo(CONSUMERS);
        assertThat(files.isTransacted()).isTrue();
    }

    @Test
    void filesFromTheQueueGoThroughGbOnceEachAlsoWhenAConsumerFailsAfterTheStore() throws Exception {
        ebms.crashes.set(3);
        Set<String> expected = new TreeSet<>();
        try (JMSContext context = flows.connectionFactory().createContext()) {
            Queue queue = context.createQueue(FILES);
            JMSProducer producer = context.createProducer();
            for (int i = 0; i < 12; i++) {
                BytesMessage file = context.createBytesMessage();
                file.writeBytes(("zaak " + i + " status\n").repeat(100).getBytes(StandardCharsets.UTF_8));
                file.setStringProperty(FlowHeaders.FILE_NAME, "status-" + i + ".txt");
                file.setStringProperty(FlowHeaders.FILE_CONTENT_TYPE, "text/plain");
                producer.send(queue, file);
                expected.add(MessageIdOf.event(StatusNoticeFlow.NAME, "jms-" + file.getJMSMessageID()));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ebms.crashes.get() == 0);
        assertSentAndReceivedOnce(FlowCpa.CASE_STATUS, FILES, expected);
    }

    @Test
    void threeHundredEventsArriveOnceEach() throws Exception {
        Set<String> expected = queue(TestResultFlow.NAME, TEST_RESULTS, 300);
        assertSentAndReceivedOnce(FlowCpa.TEST_RESULT, TEST_RESULTS, expected);
    }

    @Test
    void eventsRolledBackByOneConsumerAreStillSentOnce() throws Exception {
        ebms.refusals.set(15);
        ebms.crashes.set(15);
        Set<String> expected = queue(VaccinationFlow.NAME, VACCINATIONS, 100);
        await().atMost(Duration.ofSeconds(120)).until(() -> ebms.refusals.get() == 0 && ebms.crashes.get() == 0);
        assertSentAndReceivedOnce(FlowCpa.VACCINATION, VACCINATIONS, expected);
    }

    /** Puts {@code count} events of the flow on the queue; answers the MessageIds they must be sent under. */
    private static Set<String> queue(String flow, String queueName, int count) throws Exception {
        Set<String> messageIds = new TreeSet<>();
        try (JMSContext context = flows.connectionFactory().createContext()) {
            Queue queue = context.createQueue(queueName);
            JMSProducer producer = context.createProducer();
            for (int i = 0; i < count; i++) {
                TextMessage message = context.createTextMessage(FlowEvents.event(flow, queueName + "-" + i));
                producer.send(queue, message);
                messageIds.add(MessageIdOf.event(flow, "jms-" + message.getJMSMessageID()));
            }
        }
        assertThat(messageIds).hasSize(count);
        return messageIds;
    }

    /**
     * Waits until the queue is drained and RIVM's node received as many messages as were queued, then checks message
     * by message: GGD's node stored each expected MessageId once and nothing else, RIVM's node received each once.
     */
    private static void assertSentAndReceivedOnce(String action, String queueName, Set<String> expected) {
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> queueIsEmpty(queueName) && received(action).size() >= expected.size());
        assertThat(timesEach(sent(action))).as("stored for sending").isEqualTo(once(expected));
        assertThat(timesEach(received(action))).as("received").isEqualTo(once(expected));
    }

    private static Map<String, Long> timesEach(List<String> messageIds) {
        return messageIds.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static Map<String, Long> once(Set<String> messageIds) {
        return messageIds.stream().collect(Collectors.toMap(Function.identity(), id -> 1L));
    }

    private static List<String> sent(String action) {
        return NodeInternals.store(chain.consumer())
                .messages()
                .list(Direction.OUT, MessageKind.USER, null, 5000)
                .stream()
                .filter(m -> m.action().equals(action))
                .map(StoredMessage::messageId)
                .toList();
    }

    private static List<String> received(String action) {
        return chain.provider().received(cpaId, null, 5000).stream()
                .filter(m -> m.action().equals(action))
                .map(StoredMessage::messageId)
                .toList();
    }

    private static boolean queueIsEmpty(String queueName) throws Exception {
        try (JMSContext context = flows.connectionFactory().createContext();
                QueueBrowser browser = context.createBrowser(context.createQueue(queueName))) {
            return Collections.list(browser.getEnumeration()).isEmpty();
        }
    }
}
