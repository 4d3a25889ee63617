package nl.dkgw.gateway.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.ChainDatabase;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.testkit.FreePort;
import nl.dkgw.testkit.Slow;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out: three nodes of one party (same certificates, their own node ids and ports) share one PostgreSQL
 * database and deliver osb-rm messages to one receiving node. One of them is killed with SIGKILL while it holds
 * deliveries (its posts are held on the way, so it certainly has claimed work when it dies); the others take that
 * work over once its lease ({@value #LEASE_SECONDS} s) runs out. Every message is acknowledged and received exactly
 * once. A CPA imported or deleted on one node is used (or refused) by another node of the same database.
 *
 * <p>Acknowledgments come back synchronously (mshSignalsOnly): the sending party's cluster needs no load balancer
 * in front of it for this test; asynchronous acknowledgments would go to the one endpoint the CPA names.
 */
@Slow
class ThreeSendingNodesTest {

    private static final int LEASE_SECONDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE = LocalChain.serviceName(Profile.OSB_RM);

    @TempDir
    Path dir;

    @Test
    void threeNodesShareTheWorkAndTakeOverTheWorkOfOneKilledMidRun() throws Exception {
        ExecutorService submitters = Executors.newFixedThreadPool(3);
        try (LocalChain chain = LocalChain.start(
                        dir,
                        ChainDatabase.POSTGRES.jdbcUrls(),
                        Duration.ofSeconds(1),
                        List.of(),
                        SyncReplyMode.MSH_SIGNALS_ONLY);
                HeldLink heldLink = new HeldLink(chain.provider().ebmsPort())) {
            String cpaId = chain.addCpa(Profile.OSB_RM, Duration.ofSeconds(1), SyncReplyMode.MSH_SIGNALS_ONLY);
            String ggd = LocalChain.CONSUMER.name();
            GatewayConfig base = chain.config(ggd);
            int ggdPort = chain.node(ggd).ebmsPort();
            SharedStore shared = new SharedStore(base.database().url());
            chain.stop(ggd);

            // the third node reaches the receiver through a link the test can hold: same CPA endpoint, but its JVM
            // resolves the receiver's host name to the link's address
            try (SendingNode one = SendingNode.configure(node(base, "ggd-1", ggdPort), logs("ggd-1"));
                    SendingNode two = SendingNode.configure(node(base, "ggd-2", FreePort.find()), logs("ggd-2"));
                    SendingNode three = SendingNode.configure(
                            node(base, "ggd-3", FreePort.find()), logs("ggd-3"), HeldLink.ADDRESS)) {
                List<SendingNode> nodes = List.of(one, two, three);
                nodes.forEach(SendingNode::start);
                nodes.forEach(SendingNode::awaitReady);
                List<String> submitted = new ArrayList<>();

                // 1. all three nodes take submissions and deliver
                submitted.addAll(submitSpread(submitters, cpaId, "a", 50, one, two, three));
                awaitAcknowledged(shared, submitted);

                // 2. the third node's posts are held; it takes submissions (and so claims their deliveries)
                heldLink.hold();
                List<String> toThree = submitSpread(submitters, cpaId, "b", 30, three);
                submitted.addAll(toThree);
                await("ggd-3 posting into the held link")
                        .atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> heldLink.heldWrites() > 0
                                && !shared.claimedBy("ggd-3").isEmpty());
                three.kill();
                Set<Long> orphaned = shared.claimedBy("ggd-3");
                System.out.printf("scale-out: killed ggd-3 (SIGKILL) holding %d claimed deliveries%n", orphaned.size());
                assertThat(orphaned)
                        .as("deliveries ggd-3 had claimed when it was killed")
                        .isNotEmpty();

                // 3. the two survivors take more work, and finish what ggd-3 had claimed after its lease ran out
                submitted.addAll(submitSpread(submitters, cpaId, "c", 60, one, two));
                awaitAcknowledged(shared, submitted);

                for (long pk : orphaned) {
                    assertThat(shared.status(pk)).isEqualTo("ACKNOWLEDGED");
                    assertThat(shared.attemptingNodes(pk, "ACKNOWLEDGED"))
                            .as("who finished message %d", pk)
                            .hasSize(1)
                            .doesNotContain("ggd-3");
                }
                Map<String, Integer> acknowledging = shared.acknowledgingNodes();
                System.out.println("scale-out: acknowledged deliveries per node " + acknowledging);
                assertThat(acknowledging.keySet()).contains("ggd-1", "ggd-2", "ggd-3");
                assertThat(acknowledging.values().stream()
                                .mapToInt(Integer::intValue)
                                .sum())
                        .isEqualTo(submitted.size());

                Map<String, Integer> received = new HashMap<>();
                for (StoredMessage m : chain.provider().received(cpaId, null, 100_000)) {
                    received.merge(m.messageId(), 1, Integer::sum);
                }
                assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(submitted);
                assertThat(received.values()).allMatch(n -> n == 1);

                // 4. a CPA imported on one node is used by another node of the same database, and so is its deletion
                cpaChangesReachTheOtherNode(chain, one, two);
            }
        } finally {
            submitters.shutdownNow();
        }
    }

    private static void cpaChangesReachTheOtherNode(LocalChain chain, SendingNode one, SendingNode two)
            throws Exception {
        String xml = chain.generateCpa(
                Profile.OSB_BE, Duration.ofSeconds(1), SyncReplyMode.MSH_SIGNALS_ONLY, LocalChain.demoActions());
        String beCpa = chain.provider().importCpa(xml).cpa().cpaId();
        HttpResponse<String> imported = one.post("/api/cpas", "application/xml", xml);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);

        String service = LocalChain.serviceName(Profile.OSB_BE);
        assertThat(submit(two, beCpa, service, "cpa-import@scaleout.dkgw.test").statusCode())
                .isEqualTo(202);
        await("the message on the CPA imported on ggd-1 delivered by ggd-2")
                .atMost(Duration.ofSeconds(30))
                .until(() -> chain.provider().received(beCpa, null, 10).size() == 1);

        HttpResponse<String> deleted = one.delete("/api/cpas/" + SendingNode.encode(beCpa));
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        int[] n = {0};
        await("ggd-2 refuses the CPA deleted on ggd-1")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> submit(two, beCpa, service, "cpa-deleted-" + n[0]++ + "@scaleout.dkgw.test")
                                .statusCode()
                        == 422);
    }

    /** Where a node's configuration and log go: under target/, so the logs outlive a failed run. */
    private static Path logs(String node) {
        return Path.of("target", "scaleout", node).toAbsolutePath();
    }

    /** The base configuration of the sending party with this node's id, ports and a short lease. */
    private static GatewayConfig node(GatewayConfig base, String id, int ebmsPort) {
        GatewayConfig.Database db = base.database();
        return new GatewayConfig(
                new GatewayConfig.Node(id, "data"),
                new GatewayConfig.Ebms("127.0.0.1", ebmsPort, "/ebms"),
                GatewayConfig.Admin.withoutAuthentication("127.0.0.1", FreePort.find()),
                base.tls(),
                new GatewayConfig.Database(db.url(), db.user(), db.password(), 6),
                new GatewayConfig.Delivery(
                        4,
                        Duration.ofMillis(200),
                        Duration.ofSeconds(LEASE_SECONDS),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        3,
                        Duration.ofSeconds(1)),
                base.limits(),
                new GatewayConfig.Cpa(List.of(), Map.of(), Map.of()),
                base.security(),
                base.retention());
    }

    /** Submits {@code perNode} messages to each node, all nodes at once; returns the MessageIds. */
    private static List<String> submitSpread(
            ExecutorService submitters, String cpaId, String batch, int perNode, SendingNode... nodes)
            throws Exception {
        List<Future<List<String>>> running = new ArrayList<>();
        for (SendingNode node : nodes) {
            running.add(submitters.submit(() -> {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < perNode; i++) {
                    String id = batch + "-" + node.id() + "-" + i + "@scaleout.dkgw.test";
                    await("submission " + id)
                            .atMost(Duration.ofSeconds(30))
                            .pollDelay(Duration.ZERO)
                            .pollInterval(Duration.ofMillis(100))
                            .ignoreExceptions()
                            .until(() -> submit(node, cpaId, SERVICE, id).statusCode() == 202);
                    ids.add(id);
                }
                return ids;
            }));
        }
        List<String> all = new ArrayList<>();
        for (Future<List<String>> f : running) {
            all.addAll(f.get(2, TimeUnit.MINUTES));
        }
        return all;
    }

    private static HttpResponse<String> submit(SendingNode node, String cpaId, String service, String messageId)
            throws Exception {
        String body = JSON.createObjectNode()
                .put("cpaId", cpaId)
                .put("messageId", messageId)
                .put("service", service)
                .put("action", LocalChain.TO_PROVIDER)
                .set(
                        "payloads",
                        JSON.createArrayNode()
                                .add(JSON.createObjectNode()
                                        .put("contentType", "text/plain")
                                        .put("text", "scale-out " + messageId)))
                .toString();
        return node.post("/api/messages", "application/json", body);
    }

    private static void awaitAcknowledged(SharedStore shared, List<String> ids) throws Exception {
        try {
            await(ids.size() + " messages acknowledged")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        Map<String, String> statuses = shared.outboundStatuses();
                        return ids.stream().allMatch(id -> "ACKNOWLEDGED".equals(statuses.get(id)));
                    });
        } catch (ConditionTimeoutException e) {
            Map<String, String> statuses = shared.outboundStatuses();
            StringBuilder why = new StringBuilder("not every message was acknowledged; the first ones that were not:");
            for (String id : ids.stream()
                    .filter(id -> !"ACKNOWLEDGED".equals(statuses.get(id)))
                    .limit(5)
                    .toList()) {
                why.append("\n  ").append(shared.history(id));
            }
            throw new AssertionError(why.toString(), e);
        }
    }
}
