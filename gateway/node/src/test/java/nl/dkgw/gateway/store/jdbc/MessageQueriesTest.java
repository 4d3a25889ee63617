package nl.dkgw.gateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import nl.dkgw.gateway.admin.AuditLog;
import nl.dkgw.gateway.api.AuditEvent;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageQueries;
import nl.dkgw.gateway.store.MessageQuery;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.PayloadInfo;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.gateway.store.TrafficCount;
import nl.dkgw.testkit.RealPostgres;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console's queries and the audit log run the same on H2 and on PostgreSQL. */
@Slow
class MessageQueriesTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void searchPayloadListTrafficAndAuditWorkOnBothDatabases(String database) throws Exception {
        GatewayDatabase db = open(database);
        try {
            Instant t0 = Instant.now()
                    .truncatedTo(ChronoUnit.HOURS)
                    .minus(Duration.ofHours(2))
                    .plusSeconds(60);
            Store earlier = JdbcStore.of(db.dataSource(), Clock.fixed(t0, ZoneOffset.UTC));
            Store now = JdbcStore.of(db.dataSource());
            long a = earlier.messages().insert(message("cpa-1", "urn:osb:oin:00000001000000000001", "c1_x%"), null);
            long b = now.messages().insert(message("cpa-1", "urn:osb:oin:00000001000000000002", "c2"), null);
            long c = now.messages().insert(message("cpa-2", "urn:osb:oin:00000001000000000002", "c3"), null);
            MessageQueries q = new JdbcMessageQueries(db.dataSource());

            assertThat(pks(q.search(query(null, null, null, null, null, 10)))).containsExactly(c, b, a);
            assertThat(pks(q.search(query("cpa-1", null, null, null, null, 10))))
                    .containsExactly(b, a);
            assertThat(pks(q.search(query(null, "00000001000000000002", null, null, null, 10))))
                    .containsExactly(c, b);
            assertThat(pks(q.search(query(null, "urn:osb:oin:00000001000000000001", null, null, null, 10))))
                    .containsExactly(a);
            // LIKE wildcards in the party are literal
            assertThat(q.search(query(null, "0000000100000000000%", null, null, null, 10)))
                    .isEmpty();
            assertThat(pks(q.search(query(null, null, "c1_x%", null, null, 10))))
                    .containsExactly(a);
            assertThat(pks(q.search(query(null, null, null, t0.plusSeconds(1), null, 10))))
                    .containsExactly(c, b);
            assertThat(pks(q.search(query(null, null, null, null, c, 1)))).containsExactly(b);

            assertThat(q.payloadInfo(b))
                    .containsExactly(
                            new PayloadInfo(0, "p0", "text/plain", 5),
                            new PayloadInfo(1, "p1", "application/octet-stream", 3));
            assertThat(q.payload(b, 1))
                    .hasValueSatisfying(p -> assertThat(p.data()).containsExactly(7, 8, 9));
            assertThat(q.payload(b, 2)).isEmpty();

            List<TrafficCount> traffic = q.trafficByHour(t0.minus(Duration.ofHours(1)));
            assertThat(traffic)
                    .contains(
                            new TrafficCount(
                                    "cpa-1", t0.truncatedTo(ChronoUnit.HOURS), Direction.OUT, MessageStatus.FAILED, 1),
                            new TrafficCount(
                                    "cpa-2",
                                    now.messages()
                                            .findByPk(c)
                                            .orElseThrow()
                                            .createdAt()
                                            .truncatedTo(ChronoUnit.HOURS),
                                    Direction.OUT,
                                    MessageStatus.FAILED,
                                    1));
            assertThat(traffic.stream().mapToLong(TrafficCount::count).sum()).isEqualTo(3);

            AuditLog audit = new AuditLog(new JdbcAuditEvents(db.dataSource()), "node-1", Clock.systemUTC());
            audit.record("alice", "resend", "m-1", "success", "10.0.0.1");
            audit.record("bob", "login", null, "failure (basic)", "10.0.0.2");
            List<AuditEvent> events = audit.latest(10);
            assertThat(events).extracting(AuditEvent::user).containsExactly("bob", "alice");
            assertThat(events.get(1).target()).isEqualTo("m-1");
            assertThat(events.get(1).nodeId()).isEqualTo("node-1");
            assertThat(events.get(0).remoteAddress()).isEqualTo("10.0.0.2");

            // a name longer than its column is kept cut to fit, not lost with the action it audits
            audit.record("x".repeat(300), "login", "t".repeat(600), "failure (basic)", "10.0.0.3");
            AuditEvent longest = audit.latest(1).get(0);
            assertThat(longest.user()).hasSize(256);
            assertThat(longest.target()).hasSize(512);
        } finally {
            db.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void trafficIsCountedInTheDatabasePerCpaHourDirectionAndStatus(String database) throws Exception {
        GatewayDatabase db = open(database);
        try {
            Instant h = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));
            Instant h1 = h.plus(Duration.ofHours(1));
            insertAt(db, h.minusMillis(1), "cpa-a", Direction.OUT, MessageKind.USER, MessageStatus.FAILED);
            insertAt(db, h, "cpa-a", Direction.OUT, MessageKind.USER, MessageStatus.FAILED);
            insertAt(db, h1.minusMillis(1), "cpa-a", Direction.OUT, MessageKind.USER, MessageStatus.FAILED);
            insertAt(db, h1, "cpa-a", Direction.OUT, MessageKind.USER, MessageStatus.FAILED);
            insertAt(db, h1.plusSeconds(60), "cpa-a", Direction.OUT, MessageKind.USER, MessageStatus.ACKNOWLEDGED);
            insertAt(db, h1.plusSeconds(120), "cpa-a", Direction.IN, MessageKind.USER, MessageStatus.RECEIVED);
            insertAt(db, h1.plusSeconds(180), "cpa-a", Direction.OUT, MessageKind.SIGNAL, MessageStatus.DELIVERED);
            // upper case sorts first in Java, whatever the database's collation says
            insertAt(db, h.plusSeconds(1800), "Cpa-B", Direction.IN, MessageKind.USER, MessageStatus.PROCESSED);
            insertAt(db, h.plusSeconds(1801), "Cpa-B", Direction.IN, MessageKind.USER, MessageStatus.PROCESSED);

            List<TrafficCount> expected = List.of(
                    new TrafficCount("Cpa-B", h, Direction.IN, MessageStatus.PROCESSED, 2),
                    new TrafficCount("cpa-a", h, Direction.OUT, MessageStatus.FAILED, 2),
                    new TrafficCount("cpa-a", h1, Direction.IN, MessageStatus.RECEIVED, 1),
                    new TrafficCount("cpa-a", h1, Direction.OUT, MessageStatus.ACKNOWLEDGED, 1),
                    new TrafficCount("cpa-a", h1, Direction.OUT, MessageStatus.FAILED, 1));
            assertThat(new JdbcMessageQueries(db.dataSource()).trafficByHour(h)).containsExactlyElementsOf(expected);
            // hours are UTC hours also when the session's time zone is half an hour off them
            assertThat(new JdbcMessageQueries(inTimeZone(db.dataSource(), "Asia/Kolkata")).trafficByHour(h))
                    .containsExactlyElementsOf(expected);
            assertThat(new JdbcMessageQueries(db.dataSource()).trafficByHour(h1.plus(Duration.ofHours(1))))
                    .isEmpty();
        } finally {
            db.close();
        }
    }

    /**
     * Time windows are read as id ranges (no index on the creation time): the answer is the same as a scan by time,
     * also where a row's creation time is out of step with the ids around it (within {@link CreationIdBound#SLACK}),
     * for windows before, across and after the rows, and when the table is empty.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void timeWindowsFindTheRowsAScanByTimeWouldFind(String database) throws Exception {
        GatewayDatabase db = open(database);
        try {
            MessageQueries q = new JdbcMessageQueries(db.dataSource());
            Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));
            assertThat(q.search(window(base, base.plus(Duration.ofDays(3))))).isEmpty();
            assertThat(q.trafficByHour(base)).isEmpty();

            // a row every 10 s over 40 minutes; every seventh takes its time up to 50 s behind or ahead of the ids
            Map<Long, Instant> created = new LinkedHashMap<>();
            for (int i = 0; i < 240; i++) {
                Instant at = base.plusSeconds(10L * i);
                if (i % 7 == 3) {
                    at = at.plusSeconds(i % 2 == 0 ? 50 : -50);
                }
                created.put(insertAt(db, at, "cpa-w", Direction.OUT, MessageKind.USER, MessageStatus.FAILED), at);
            }

            Instant[] edges = {
                base.minus(Duration.ofHours(1)),
                base,
                base.plusSeconds(5),
                base.plusSeconds(105),
                base.plusSeconds(145),
                base.plusSeconds(300),
                base.plusSeconds(635),
                base.plusSeconds(1200),
                base.plusSeconds(2395),
                base.plusSeconds(2400),
                base.plus(Duration.ofDays(1))
            };
            for (Instant from : edges) {
                for (Instant to : edges) {
                    List<Long> expected = created.entrySet().stream()
                            .filter(e ->
                                    !e.getValue().isBefore(from) && e.getValue().isBefore(to))
                            .map(Map.Entry::getKey)
                            .sorted(Comparator.reverseOrder())
                            .toList();
                    assertThat(pks(q.search(window(from, to))))
                            .as("from %s to %s", from, to)
                            .containsExactlyElementsOf(expected);
                }
                long expectedCount = created.values().stream()
                        .filter(at -> !at.isBefore(from))
                        .count();
                assertThat(q.trafficByHour(from).stream()
                                .mapToLong(TrafficCount::count)
                                .sum())
                        .as("since %s", from)
                        .isEqualTo(expectedCount);
            }
        } finally {
            db.close();
        }
    }

    private static MessageQuery window(Instant from, Instant to) {
        return new MessageQuery(
                null, null, null, null, null, null, null, null, null, from, to, null, MessageQueries.MAX_LIMIT);
    }

    /** Connections of {@code dataSource} whose session time zone is {@code zone}. */
    private static DataSource inTimeZone(DataSource dataSource, String zone) {
        return (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = method.invoke(dataSource, args);
                    if (result instanceof Connection c) {
                        try (Statement st = c.createStatement()) {
                            st.execute("SET TIME ZONE '" + zone + "'");
                        }
                    }
                    return result;
                });
    }

    private static long insertAt(
            GatewayDatabase db, Instant at, String cpaId, Direction direction, MessageKind kind, MessageStatus status)
            throws Exception {
        return JdbcStore.of(db.dataSource(), Clock.fixed(at, ZoneOffset.UTC))
                .messages()
                .insert(
                        new NewMessage(
                                direction,
                                kind,
                                UUID.randomUUID() + "@test",
                                cpaId,
                                "conv",
                                null,
                                "urn:osb:oin:00000001000000000009",
                                "A",
                                "urn:osb:oin:00000001000000000001",
                                "B",
                                "svc",
                                "act",
                                "osb-be",
                                status,
                                null,
                                new byte[] {1},
                                List.of()),
                        null);
    }

    private static MessageQuery query(
            String cpaId, String party, String conversation, Instant from, Long before, int limit) {
        return new MessageQuery(
                cpaId, party, null, null, null, null, MessageKind.USER, null, conversation, from, null, before, limit);
    }

    private static List<Long> pks(List<StoredMessage> found) {
        return found.stream().map(StoredMessage::pk).toList();
    }

    private static GatewayDatabase open(String database) {
        if (database.equals("h2")) {
            return GatewayDatabase.open("jdbc:h2:mem:queries-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        }
        RealPostgres.Database pg = RealPostgres.newDatabase();
        return GatewayDatabase.open(pg.jdbcUrl(), pg.user(), pg.password(), 2);
    }

    private static NewMessage message(String cpaId, String to, String conversation) {
        return new NewMessage(
                Direction.OUT,
                MessageKind.USER,
                UUID.randomUUID() + "@test",
                cpaId,
                conversation,
                null,
                "urn:osb:oin:00000001000000000009",
                "A",
                to,
                "B",
                "svc",
                "act",
                "osb-be",
                MessageStatus.FAILED,
                "refused",
                new byte[] {1},
                List.of(
                        new Payload("p0", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)),
                        new Payload("p1", "application/octet-stream", new byte[] {7, 8, 9})));
    }
}
