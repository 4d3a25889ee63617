package nl.dkgw.gateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.RouteClaims;
import nl.dkgw.gateway.store.RouteFilter;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.testkit.RealPostgres;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The message store's side of the routes, on H2 and on real PostgreSQL: consumers select by CPA, service and action in
 * the database; a claim (lease) keeps a message from every other node until it ends or is released; failed messages
 * page by key, keep their source id, and count as reported once.
 */
@Slow
class RouteClaimsTest {

    static final String SERVICE = "urn:svc";

    @TempDir
    Path dir;

    private GatewayDatabase open(String database) {
        if (database.equals("h2")) {
            return GatewayDatabase.open("jdbc:h2:file:" + dir.resolve("store").toAbsolutePath(), null, null, 8);
        }
        RealPostgres.Database db = RealPostgres.newDatabase();
        return GatewayDatabase.open(db.jdbcUrl(), db.user(), db.password(), 8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aClaimOfSeveralMessagesCommitsOnce(String database) throws Exception {
        try (GatewayDatabase db = open(database)) {
            StoreTransactions counts = StoreTransactions.ofOneNode();
            Store store = JdbcStore.of(db.dataSource(), java.time.Clock.systemUTC(), counts);
            for (int i = 0; i < 3; i++) {
                received(store, "cpa-a", "Mine");
            }
            long committed = counts.committed();
            long autoCommit = counts.autoCommit();
            Instant now = Instant.now();

            assertThat(store.routeClaims()
                            .claimReceived(
                                    new RouteFilter("cpa-a", SERVICE, "Mine"), "node-1", now, now.plusSeconds(60), 10))
                    .hasSize(3);
            assertThat(counts.committed() - committed)
                    .as("the three claims commit together")
                    .isEqualTo(1);
            assertThat(counts.autoCommit() - autoCommit)
                    .as("no claim commits on its own")
                    .isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aConsumerForOneActionSeesOnlyItsMessagesEvenBehindManyOthers(String database) throws Exception {
        try (GatewayDatabase db = open(database)) {
            Store store = JdbcStore.of(db.dataSource());
            for (int i = 0; i < 30; i++) {
                received(store, "cpa-a", "Other");
                received(store, "cpa-b", "Mine");
            }
            long mine = received(store, "cpa-a", "Mine");
            RouteFilter filter = new RouteFilter("cpa-a", SERVICE, "Mine");

            assertThat(store.messages().listReceived(filter, MessageStatus.RECEIVED, 5))
                    .extracting(StoredMessage::pk)
                    .containsExactly(mine);
            Instant now = Instant.now();
            assertThat(store.routeClaims().claimReceived(filter, "node-1", now, now.plusSeconds(60), 5))
                    .extracting(StoredMessage::pk)
                    .containsExactly(mine);
            assertThat(store.messages()
                            .listReceived(new RouteFilter("cpa-a", SERVICE, null), MessageStatus.RECEIVED, 100))
                    .hasSize(31);
            assertThat(store.messages().listReceived(new RouteFilter(null, null, "Mine"), null, 100))
                    .hasSize(31);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aClaimKeepsAMessageFromOtherNodesUntilItsLeaseEndsOrItIsReleased(String database) throws Exception {
        try (GatewayDatabase db = open(database)) {
            Store store = JdbcStore.of(db.dataSource());
            long first = received(store, "cpa", "Act");
            long second = received(store, "cpa", "Act");
            RouteFilter filter = new RouteFilter("cpa", SERVICE, "Act");
            Instant t0 = Instant.now();

            assertThat(store.routeClaims().claimReceived(filter, "node-a", t0, t0.plusSeconds(60), 10))
                    .extracting(StoredMessage::pk)
                    .containsExactly(first, second);
            assertThat(store.routeClaims().claimReceived(filter, "node-b", t0.plusSeconds(59), t0.plusSeconds(120), 10))
                    .isEmpty();

            // node-a gave the first one up (its route failed): node-b may take it at once
            store.routeClaims().release(first, "node-a");
            assertThat(store.routeClaims().claimReceived(filter, "node-b", t0.plusSeconds(1), t0.plusSeconds(120), 10))
                    .extracting(StoredMessage::pk)
                    .containsExactly(first);
            // node-a died holding the second: once its lease ran out, node-b takes it over
            assertThat(store.routeClaims().claimReceived(filter, "node-b", t0.plusSeconds(61), t0.plusSeconds(120), 10))
                    .extracting(StoredMessage::pk)
                    .containsExactly(second);
            assertThat(store.messages().markProcessed(second)).isTrue();
            assertThat(store.routeClaims()
                            .claimReceived(filter, "node-c", t0.plusSeconds(500), t0.plusSeconds(600), 10))
                    .extracting(StoredMessage::pk)
                    .containsExactly(first);

            // a restarting node gives up what it held
            store.routeClaims().releaseAll("node-c");
            assertThat(store.routeClaims()
                            .claimReceived(filter, "node-d", t0.plusSeconds(501), t0.plusSeconds(600), 10))
                    .extracting(StoredMessage::pk)
                    .containsExactly(first);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void onlyTheNodeHoldingAClaimCanHoldOrReleaseIt(String database) throws Exception {
        try (GatewayDatabase db = open(database)) {
            Store store = JdbcStore.of(db.dataSource());
            RouteClaims claims = store.routeClaims();
            long pk = received(store, "cpa", "Act");
            RouteFilter filter = new RouteFilter("cpa", SERVICE, "Act");
            Instant t0 = Instant.now();
            claims.claimReceived(filter, "node-a", t0, t0.plusSeconds(60), 10);

            assertThat(claims.hold(pk, "node-b", t0.minusSeconds(1))).isFalse();
            assertThat(claims.release(pk, "node-b")).isFalse();
            assertThat(claims.claimReceived(filter, "node-c", t0.plusSeconds(1), t0.plusSeconds(120), 10))
                    .as("node-a's lease stands")
                    .isEmpty();

            assertThat(claims.hold(pk, "node-a", t0.plusSeconds(300))).isTrue();
            assertThat(claims.claimReceived(filter, "node-c", t0.plusSeconds(100), t0.plusSeconds(120), 10))
                    .as("held past its first lease")
                    .isEmpty();
            assertThat(claims.release(pk, "node-a")).isTrue();
            assertThat(claims.release(pk, "node-a")).as("released before").isFalse();
            assertThat(claims.claimReceived(filter, "node-c", t0.plusSeconds(100), t0.plusSeconds(120), 10))
                    .extracting(StoredMessage::pk)
                    .containsExactly(pk);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void nodesClaimingAtOnceNeverShareAMessage(String database) throws Exception {
        try (GatewayDatabase db = open(database)) {
            Store store = JdbcStore.of(db.dataSource());
            Set<Long> all = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                all.add(received(store, "cpa", "Act"));
            }
            RouteFilter filter = new RouteFilter("cpa", SERVICE, "Act");
            ExecutorService nodes = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<Long>>> claims = new ArrayList<>();
                for (int n = 0; n < 4; n++) {
                    String node = "node-" + n;
                    Callable<List<Long>> claimer = () -> {
                        List<Long> mine = new ArrayList<>();
                        Instant now = Instant.now();
                        for (int round = 0; round < 30; round++) {
                            store.routeClaims()
                                    .claimReceived(filter, node, now, now.plusSeconds(60), 10)
                                    .forEach(m -> mine.add(m.pk()));
                        }
                        return mine;
                    };
                    claims.add(nodes.submit(claimer));
                }
                List<Long> claimed = new ArrayList<>();
                for (Future<List<Long>> f : claims) {
                    claimed.addAll(f.get());
                }
                assertThat(claimed).doesNotHaveDuplicates();
                assertThat(new HashSet<>(claimed)).isEqualTo(all);
            } finally {
                nodes.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void failedMessagesPageByKeyKeepTheirSourceIdAndAreReportedOnce(String database) throws Exception {
        try (GatewayDatabase db = open(database)) {
            Store store = JdbcStore.of(db.dataSource());
            long one = sent(store, "Act", MessageStatus.FAILED, "src-1");
            sent(store, "Act", MessageStatus.ACKNOWLEDGED, "src-ok");
            long two = sent(store, "Other", MessageStatus.FAILED, "src-2");
            long three = sent(store, "Act", MessageStatus.FAILED, null);
            long four = sent(store, "Act", MessageStatus.FAILED, "src-4");
            RouteFilter act = new RouteFilter("cpa", SERVICE, "Act");

            List<StoredMessage> page1 = store.failureReports().listFailed(act, 0, 2);
            assertThat(page1).extracting(StoredMessage::pk).containsExactly(one, three);
            assertThat(page1.get(0).sourceId()).isEqualTo("src-1");
            assertThat(page1.get(0).statusDetail()).isEqualTo("retries exhausted");
            assertThat(store.failureReports().listFailed(act, three, 2))
                    .extracting(StoredMessage::pk)
                    .containsExactly(four);
            assertThat(store.failureReports().listFailed(RouteFilter.ALL, 0, 10))
                    .extracting(StoredMessage::pk)
                    .containsExactly(one, two, three, four);
            assertThat(store.messages().findByPk(two).orElseThrow().sourceId()).isEqualTo("src-2");
            String longId = "rest-" + "k".repeat(400);
            String stored = store.messages()
                    .findByPk(sent(store, "Act", MessageStatus.PENDING, longId))
                    .orElseThrow()
                    .sourceId();
            assertThat(stored)
                    .hasSize(256)
                    .startsWith("rest-kkk")
                    .isEqualTo(JdbcMessages.sourceIdColumn(longId))
                    .isNotEqualTo(JdbcMessages.sourceIdColumn(longId + "x"));

            Instant t0 = Instant.now();
            List<StoredMessage> claimed =
                    store.routeClaims().claimUnreportedFailures(act, "node-a", t0, t0.plusSeconds(60), 10);
            assertThat(claimed).extracting(StoredMessage::pk).containsExactly(one, three, four);
            assertThat(store.routeClaims().claimUnreportedFailures(act, "node-b", t0, t0.plusSeconds(60), 10))
                    .isEmpty();
            assertThat(store.failureReports().markReported(one)).isTrue();
            assertThat(store.failureReports().markReported(one)).isFalse();
            assertThat(store.failureReports().isReported(one)).isTrue();
            assertThat(store.failureReports().isReported(three)).isFalse();
            store.routeClaims().releaseAll("node-a");
            assertThat(store.routeClaims().claimUnreportedFailures(act, "node-b", t0, t0.plusSeconds(60), 10))
                    .extracting(StoredMessage::pk)
                    .containsExactly(three, four);
        }
    }

    /** An upgrade to V3 does not report failures the node had before the failure queue existed. */
    @Test
    void failuresFromBeforeTheUpgradeAreNotReported() throws Exception {
        RealPostgres.Database db = RealPostgres.newDatabase();
        SchemaUpgradeTest.legacyLayout(db.dataSource(), "2");
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO ebms_message (direction, kind, message_id, cpa_id, conversation_id, "
                    + "from_party, to_party, service, action, status, envelope, created_at, updated_at) VALUES "
                    + "('OUT', 'USER', 'old@test', 'cpa', 'c', 'a', 'b', '" + SERVICE + "', 'Act', 'FAILED', "
                    + "'x'::bytea, now(), now())");
        }
        try (GatewayDatabase upgraded = GatewayDatabase.open(db.jdbcUrl(), db.user(), db.password(), 2)) {
            Store store = JdbcStore.of(upgraded.dataSource());
            long old =
                    store.messages().findByMessageId("old@test").orElseThrow().pk();
            assertThat(store.failureReports().isReported(old)).isTrue();
            long fresh = sent(store, "Act", MessageStatus.FAILED, "src-new");
            Instant now = Instant.now();
            assertThat(store.routeClaims()
                            .claimUnreportedFailures(
                                    new RouteFilter("cpa", SERVICE, "Act"), "n", now, now.plusSeconds(60), 10))
                    .extracting(StoredMessage::pk)
                    .containsExactly(fresh);
        }
    }

    private static long received(Store store, String cpaId, String action) throws Exception {
        return store.messages().insert(message(Direction.IN, cpaId, action, MessageStatus.RECEIVED, null, null), null);
    }

    private static long sent(Store store, String action, MessageStatus status, String sourceId) throws Exception {
        return store.messages()
                .insert(
                        message(
                                Direction.OUT,
                                "cpa",
                                action,
                                status,
                                status == MessageStatus.FAILED ? "retries exhausted" : null,
                                sourceId),
                        null);
    }

    private static NewMessage message(
            Direction direction, String cpaId, String action, MessageStatus status, String detail, String sourceId) {
        String id = UUID.randomUUID() + "@claims.test";
        return new NewMessage(
                direction,
                MessageKind.USER,
                id,
                cpaId,
                "conv",
                null,
                "urn:osb:oin:1",
                "A",
                "urn:osb:oin:2",
                "B",
                SERVICE,
                action,
                "osb-rm",
                status,
                detail,
                "<Envelope/>".getBytes(StandardCharsets.UTF_8),
                List.of(new Payload("p@test", "application/xml", "<p/>".getBytes(StandardCharsets.UTF_8))),
                sourceId);
    }
}
