package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.StoredReceived;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.gateway.store.jdbc.PartStreamLimit;
import nl.dkgw.testkit.SeededBytes;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sender with twice as many delivery workers as database connections delivers a burst of messages whose parts are
 * too large to be read with their row (each post holds a connection while it streams the part): the posts take turns
 * for the one part stream this pool allows, and every message is acknowledged, its bytes intact at the receiver. That
 * the streams never exceed the bound is shown on the store itself ({@code PayloadStreamsTest}).
 */
@Slow
class ManyLargePartsFewConnectionsTest {

    private static final int MESSAGES = 12;
    private static final int PART_BYTES = 200 * 1024;
    private static final int POOL = 6;

    @TempDir
    Path dir;

    @Test
    void everyLargeMessageOfABurstIsDeliveredThoughTheWorkersOutnumberTheConnections() throws Exception {
        assertThat(PartStreamLimit.onPool(POOL, 1).streams())
                .as("one part stream at a time on this pool")
                .isEqualTo(1);
        try (LocalChain chain = LocalChain.start(
                dir,
                Map.of(),
                Duration.ofSeconds(1),
                List.of(Profile.OSB_RM),
                SyncReplyMode.NONE,
                ManyLargePartsFewConnectionsTest::smallPoolManyWorkers)) {
            Gateway consumer = chain.consumer();
            assertThat(consumer.config().delivery().workers()).isGreaterThan(POOL);
            String cpaId = chain.cpaId(Profile.OSB_RM);
            Map<String, String> sent = new HashMap<>();
            List<StoredMessage> submitted = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                SeededBytes bytes = new SeededBytes(PART_BYTES, 100 + i);
                StoredMessage m = consumer.submit(Submission.of(
                        cpaId,
                        LocalChain.serviceName(Profile.OSB_RM),
                        LocalChain.TO_PROVIDER,
                        Submission.Part.of(
                                "application/octet-stream", bytes.open().readAllBytes())));
                submitted.add(m);
                sent.put(m.messageId(), bytes.sha256());
            }

            for (StoredMessage m : submitted) {
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> consumer.report(m.messageId())
                                        .orElseThrow()
                                        .message()
                                        .status()
                                == MessageStatus.ACKNOWLEDGED);
            }
            List<StoredMessage> received = chain.provider().received(cpaId, null, 100);
            assertThat(received).hasSize(MESSAGES);
            for (StoredMessage r : received) {
                StoredReceived stored = chain.provider().fetch(r.pk()).orElseThrow();
                assertThat(stored.payloads()).hasSize(1);
                assertThat(SeededBytes.sha256(stored.payloads().get(0).open()))
                        .as("the bytes of %s", r.messageId())
                        .isEqualTo(sent.get(r.messageId()));
            }
        }
    }

    private static GatewayConfig smallPoolManyWorkers(GatewayConfig c) {
        GatewayConfig.Database db = c.database();
        GatewayConfig.Delivery d = c.delivery();
        return new GatewayConfig(
                c.node(),
                c.ebms(),
                c.admin(),
                c.tls(),
                new GatewayConfig.Database(db.url(), db.user(), db.password(), POOL, 1, db.commitLinger()),
                new GatewayConfig.Delivery(
                        POOL * 2,
                        d.pollInterval(),
                        d.lease(),
                        d.connectTimeout(),
                        d.requestTimeout(),
                        d.signalRetries(),
                        d.signalRetryInterval()),
                c.limits(),
                c.cpa(),
                c.security(),
                c.retention(),
                c.gb());
    }
}
