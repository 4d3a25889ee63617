package nl.dkgw.gateway.gb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.ChainDatabase;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.api.FileSubmission;
import nl.dkgw.gateway.api.MessageRoute;
import nl.dkgw.gateway.api.MessageSummary;
import nl.dkgw.gateway.api.ReceivedFile;
import nl.dkgw.gateway.api.SubmitResult;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.testkit.FreePort;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two receiving nodes of one party on one PostgreSQL database, both with GB on: a file announced to the cluster is
 * downloaded by one node only, the one holding the transfer's lease, which it renews while it downloads; when that
 * node stops mid-download the other takes the transfer over once the lease ran out, and the file arrives and is
 * delivered once. A second file, with both nodes up, goes over one connection.
 */
@Slow
class GbClusterDownloadTest {

    private static final long SIZE = 16L * 1024 * 1024;
    /** delivery.lease, which GB transfers are leased for too; connect + request timeout stay below it. */
    private static final Duration LEASE = Duration.ofSeconds(6);

    @TempDir
    Path dir;

    @Test
    void oneNodeOfTheClusterDownloadsAFileAndAnotherTakesOverWhenItStops() throws Exception {
        try (StallingProxy proxy = new StallingProxy(2L * 1024 * 1024)) {
            GatewayConfig.Gb gb = new GatewayConfig.Gb(
                    true, null, "https://127.0.0.1:" + proxy.port() + "/gb/files/", null, null, 2, 5);
            try (LocalChain chain = LocalChain.start(
                    dir,
                    ChainDatabase.POSTGRES.jdbcUrls(),
                    Duration.ofSeconds(2),
                    List.of(Profile.OSB_RM),
                    SyncReplyMode.NONE,
                    c -> shortLease(c).withGb(gb))) {
                proxy.target(chain.consumer().ebmsPort());
                String provider = LocalChain.PROVIDER.name();
                GatewayConfig base = chain.config(provider);
                String second = provider + "-2";
                Files.createDirectories(dir.resolve(second));
                try (Gateway other = Gateway.start(secondNode(base, second), dir.resolve(second))) {
                    String url = base.database().url();
                    MessageSummary sent = send(chain, 31, "cluster-1.bin");
                    await().atMost(Duration.ofMinutes(1))
                            .until(() -> !proxy.bytesToClient().isEmpty()
                                    && proxy.bytesToClient().get(0) >= 2L * 1024 * 1024);
                    String holder = claimedBy(url, sent.messageId());
                    assertThat(holder).isIn(provider, second);

                    // the first download stalls; longer than a lease, the other node never fetches the file too
                    await().during(LEASE.plusSeconds(2))
                            .atMost(LEASE.plusSeconds(10))
                            .until(() -> proxy.bytesToClient().size() == 1
                                    && holder.equals(claimedBy(url, sent.messageId())));

                    // the holder stops (its lease is not given back): the other takes over once the lease ran out
                    Gateway survivor;
                    if (holder.equals(provider)) {
                        chain.stop(provider);
                        survivor = other;
                    } else {
                        other.close();
                        survivor = chain.provider();
                    }
                    String survivorId = survivor.nodeId();
                    MessageRoute route = MessageRoute.cpa(chain.cpaId(Profile.OSB_RM));
                    List<MessageSummary> claimed = new ArrayList<>();
                    await().atMost(Duration.ofMinutes(2)).until(() -> {
                        claimed.addAll(survivor.inbound().claim(route, 10, Duration.ofMinutes(1)));
                        return !claimed.isEmpty();
                    });
                    assertThat(claimed).extracting(MessageSummary::messageId).containsExactly(sent.messageId());
                    assertThat(claimedBy(url, sent.messageId())).isEqualTo(survivorId);
                    ReceivedFile file =
                            survivor.largeFiles().files(claimed.get(0).pk()).get(0);
                    assertThat(file.status()).isEqualTo(ReceivedFile.Status.COMPLETED);
                    assertThat(GeneratedStream.sha256(survivor.largeFiles().open(file)))
                            .isEqualTo(GeneratedStream.sha256(31, SIZE));
                    assertThat(proxy.bytesToClient())
                            .as("the stalled connection and the survivor's")
                            .hasSize(2);
                    assertThat(survivor.inbound().complete(claimed.get(0).pk())).isTrue();
                    assertThat(survivor.inbound().claim(route, 10, Duration.ofMinutes(1)))
                            .isEmpty();
                }
            }
        }
    }

    /** A file with both receiving nodes up goes over one connection, downloaded by one of them. */
    @Test
    void withBothNodesUpAFileIsFetchedOnce() throws Exception {
        try (StallingProxy proxy = new StallingProxy(Long.MAX_VALUE)) {
            GatewayConfig.Gb gb = new GatewayConfig.Gb(
                    true, null, "https://127.0.0.1:" + proxy.port() + "/gb/files/", null, null, 2, 5);
            try (LocalChain chain = LocalChain.start(
                    dir,
                    ChainDatabase.POSTGRES.jdbcUrls(),
                    Duration.ofSeconds(2),
                    List.of(Profile.OSB_RM),
                    SyncReplyMode.NONE,
                    c -> shortLease(c).withGb(gb))) {
                proxy.target(chain.consumer().ebmsPort());
                String provider = LocalChain.PROVIDER.name();
                GatewayConfig base = chain.config(provider);
                String second = provider + "-2";
                Files.createDirectories(dir.resolve(second));
                try (Gateway other = Gateway.start(secondNode(base, second), dir.resolve(second))) {
                    MessageSummary sent = send(chain, 32, "cluster-2.bin");
                    MessageRoute route = MessageRoute.cpa(chain.cpaId(Profile.OSB_RM));
                    List<MessageSummary> claimed = new ArrayList<>();
                    await().atMost(Duration.ofMinutes(2)).until(() -> {
                        claimed.addAll(chain.provider().inbound().claim(route, 10, Duration.ofMinutes(1)));
                        return !claimed.isEmpty();
                    });
                    assertThat(claimed).extracting(MessageSummary::messageId).containsExactly(sent.messageId());
                    // both nodes rescan for transfers every lease/3; longer than a lease, no second fetch starts
                    await().during(LEASE.plusSeconds(2))
                            .atMost(LEASE.plusSeconds(10))
                            .until(() -> proxy.bytesToClient().size() == 1);
                    assertThat(proxy.bytesToClient().get(0)).isGreaterThanOrEqualTo(SIZE);
                    assertThat(claimedBy(base.database().url(), sent.messageId()))
                            .isIn(provider, second);
                }
            }
        }
    }

    private static MessageSummary send(LocalChain chain, long seed, String name) throws Exception {
        SubmitResult result = chain.consumer()
                .largeFiles()
                .send(FileSubmission.of(
                        chain.cpaId(Profile.OSB_RM),
                        LocalChain.serviceName(Profile.OSB_RM),
                        LocalChain.TO_PROVIDER,
                        new GeneratedStream(seed, SIZE),
                        name,
                        "application/octet-stream"));
        assertThat(result).isInstanceOf(SubmitResult.Accepted.class);
        return ((SubmitResult.Accepted) result).message();
    }

    /** Which node holds the lease on the (one) transfer of the received message, read from the shared database. */
    private static String claimedBy(String jdbcUrl, String messageId) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement ps = c.prepareStatement("SELECT t.claimed_by FROM gb_transfer t JOIN ebms_message m "
                        + "ON m.id = t.message_pk WHERE m.message_id = ? AND m.direction = 'IN'")) {
            ps.setString(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static GatewayConfig shortLease(GatewayConfig c) {
        return new GatewayConfig(
                c.node(),
                c.ebms(),
                c.admin(),
                c.tls(),
                c.database(),
                new GatewayConfig.Delivery(
                        4,
                        Duration.ofMillis(200),
                        LEASE,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        3,
                        Duration.ofSeconds(1)),
                c.limits(),
                c.cpa(),
                c.security(),
                c.retention(),
                c.gb());
    }

    /** The provider's configuration as a second node of the same party: own id, ports and data, same database. */
    private static GatewayConfig secondNode(GatewayConfig base, String id) {
        return new GatewayConfig(
                new GatewayConfig.Node(id, "data"),
                new GatewayConfig.Ebms("127.0.0.1", FreePort.find(), "/ebms"),
                base.admin(),
                base.tls(),
                base.database(),
                base.delivery(),
                base.limits(),
                base.cpa(),
                base.security(),
                base.retention(),
                base.gb());
    }
}
