package nl.dkgw.routes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.ChainDatabase;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.camel.FlowCpa;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.flow.FlowHeaders;
import nl.dkgw.routes.route.FlowEndpoints;
import nl.dkgw.testkit.Slow;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two receiving nodes of one party on one real PostgreSQL database both run the inbound delivery of a flow (an
 * {@code ebms} consumer each) into a webhook: every received message is delivered exactly once, both for a backlog the
 * two nodes start on at the same moment and for messages arriving while both poll.
 */
@Slow
class TwoReceivingNodesTest {

    static final int BATCH = 40;

    @TempDir
    Path dir;

    final List<String> delivered = new CopyOnWriteArrayList<>();

    @Test
    void twoNodesOnOneDatabaseDeliverEachReceivedMessageOnce() throws Exception {
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        webhook.createContext("/cims", x -> {
            delivered.add(x.getRequestHeaders().getFirst("X-Dkgw-Message-Id"));
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        webhook.start();
        List<AutoCloseable> running = new ArrayList<>();
        try (LocalChain chain = LocalChain.start(
                dir.resolve("chain"),
                ChainDatabase.POSTGRES.jdbcUrls(),
                Duration.ofSeconds(1),
                List.of(),
                SyncReplyMode.NONE)) {
            String cpaId = FlowCpa.add(chain, Profile.OSB_RM);
            Gateway rivm1 = chain.provider();
            Gateway rivm2 = Gateway.start(secondNode(chain.config(LocalChain.PROVIDER.name())), dir.resolve("rivm-2"));
            running.add(rivm2);
            GatewayFlows ggd = GatewayFlows.start(
                    chain.consumer(),
                    new FlowsConfig(
                            null,
                            null,
                            null,
                            Map.of(
                                    TestResultFlow.NAME,
                                    new FlowsConfig.FlowConfig(
                                            new FlowsConfig.Send(
                                                    cpaId, FlowCpa.SERVICE, FlowCpa.TEST_RESULT, null, null),
                                            null,
                                            null))),
                    dir.resolve("ggd-flows"));
            running.add(0, ggd);
            ProducerTemplate events = ggd.runtime().camel().createProducerTemplate();

            // a backlog: received while no node delivers, then both nodes start on it at once
            send(events, "backlog", BATCH);
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            rivm1.received(cpaId, FlowCpa.SERVICE, FlowCpa.TEST_RESULT, MessageStatus.RECEIVED, 1000)
                                            .size()
                                    == BATCH);
            FlowsConfig receive = new FlowsConfig(
                    null,
                    null,
                    null,
                    Map.of(
                            TestResultFlow.NAME,
                            new FlowsConfig.FlowConfig(
                                    null,
                                    new FlowsConfig.Receive(
                                            cpaId,
                                            FlowCpa.SERVICE,
                                            FlowCpa.TEST_RESULT,
                                            null,
                                            new FlowsConfig.DeliverTo(
                                                    null,
                                                    null,
                                                    "http://127.0.0.1:"
                                                            + webhook.getAddress()
                                                                    .getPort() + "/cims")),
                                    null)));
            CompletableFuture<GatewayFlows> flows1 = CompletableFuture.supplyAsync(() -> start(rivm1, receive, "1"));
            CompletableFuture<GatewayFlows> flows2 = CompletableFuture.supplyAsync(() -> start(rivm2, receive, "2"));
            running.add(0, flows1.get());
            running.add(0, flows2.get());
            awaitAllProcessed(rivm1, cpaId, BATCH);

            // then messages arriving while both nodes poll
            send(events, "live", BATCH);
            awaitAllProcessed(rivm1, cpaId, 2 * BATCH);

            assertThat(delivered).hasSize(2 * BATCH).doesNotHaveDuplicates();
            assertThat(rivm2.received(cpaId, FlowCpa.SERVICE, FlowCpa.TEST_RESULT, MessageStatus.PROCESSED, 1000))
                    .hasSize(2 * BATCH);
        } finally {
            for (AutoCloseable c : running) {
                c.close();
            }
            webhook.stop(0);
        }
    }

    private static GatewayConfig secondNode(GatewayConfig base) {
        return new GatewayConfig(
                new GatewayConfig.Node("rivm-2", "data"),
                new GatewayConfig.Ebms("127.0.0.1", 0, "/ebms"),
                GatewayConfig.Admin.withoutAuthentication("127.0.0.1", 0),
                base.tls(),
                base.database(),
                base.delivery(),
                base.limits(),
                base.cpa(),
                base.security(),
                base.retention());
    }

    private GatewayFlows start(Gateway node, FlowsConfig config, String name) {
        try {
            return GatewayFlows.start(node, config, dir.resolve("rivm-flows-" + name));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(ProducerTemplate events, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            events.sendBodyAndHeader(
                    FlowEndpoints.entry(TestResultFlow.NAME),
                    FlowEvents.event(TestResultFlow.NAME, prefix + "-" + i),
                    FlowHeaders.SOURCE_ID,
                    prefix + "-" + i);
        }
    }

    private void awaitAllProcessed(Gateway node, String cpaId, int count) {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> node.received(cpaId, FlowCpa.SERVICE, FlowCpa.TEST_RESULT, MessageStatus.PROCESSED, 1000)
                                .size()
                        == count);
    }
}
