package nl.dkgw.gateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewFileTransfer;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.testkit.RealPostgres;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Delivery leases and due times are measured on the database's clock: a task due now is due on the database's
 * "now", a lease ends at the database's now plus the lease, and a retry is scheduled from the database's now. On H2
 * and on the PostgreSQL a cluster shares.
 */
@Slow
class LeaseOnDatabaseTimeTest {

    private static final Duration LEASE = Duration.ofSeconds(45);

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void claimsLeasesAndRetriesFollowTheDatabaseClock(String database) throws Exception {
        GatewayDatabase db = open(database);
        try {
            Store store = JdbcStore.of(db.dataSource());
            long pk = store.messages().insert(message(), dueAt(Instant.now()));

            // due at once, claimed by one node for the lease, measured from the database's now
            List<DeliveryTask> first = store.deliveryTasks().claimDue("node-a", LEASE, 10);
            assertThat(first).extracting(DeliveryTask::messagePk).containsExactly(pk);
            Duration leaseLeft = untilDatabaseNow(db, "delivery_task", "claimed_until", pk);
            assertThat(leaseLeft).isGreaterThan(LEASE.dividedBy(2)).isLessThanOrEqualTo(LEASE);
            assertThat(store.deliveryTasks().claimDue("node-b", LEASE, 10)).isEmpty();
            // a node whose clock runs ten minutes ahead still sees the lease as live
            Store aheadNode = JdbcStore.of(db.dataSource(), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)));
            assertThat(aheadNode.deliveryTasks().claimDue("node-c", LEASE, 10)).isEmpty();
            // ...and a task it submits is due at once, not ten minutes late for the others
            long aheadPk = aheadNode
                    .messages()
                    .insert(
                            message(),
                            dueAt(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10))
                                    .instant()));
            assertThat(store.deliveryTasks().claimDue("node-b", LEASE, 10))
                    .extracting(DeliveryTask::messagePk)
                    .containsExactly(aheadPk);

            // a task held at insert is claimed for its lease from the database's now: nobody else takes it
            long heldPk =
                    store.messages().insert(message(), dueAt(Instant.now()).heldAtInsertBy("node-h", LEASE));
            Duration heldLeft = untilDatabaseNow(db, "delivery_task", "claimed_until", heldPk);
            // more than half the lease left: the lease is counted in seconds, not in milliseconds or minutes
            assertThat(heldLeft).isGreaterThan(LEASE.dividedBy(2)).isLessThanOrEqualTo(LEASE);
            assertThat(untilDatabaseNow(db, "delivery_task", "next_attempt_at", heldPk))
                    .isLessThanOrEqualTo(Duration.ZERO);
            assertThat(store.deliveryTasks().claimDue("node-b", LEASE, 10)).isEmpty();
            setColumn(
                    db,
                    "delivery_task",
                    "claimed_until",
                    store.databaseClock().now().minusMillis(1),
                    heldPk);
            assertThat(store.deliveryTasks().claimDue("node-b", LEASE, 10))
                    .extracting(DeliveryTask::messagePk)
                    .containsExactly(heldPk);

            // the lease runs out on the database's clock: then another node takes the task over
            setColumn(
                    db,
                    "delivery_task",
                    "claimed_until",
                    store.databaseClock().now().minusMillis(1),
                    pk);
            assertThat(store.deliveryTasks().claimDue("node-b", LEASE, 10))
                    .extracting(DeliveryTask::messagePk)
                    .containsExactly(pk);

            // the retry is due retry-interval after the database's now, and not before
            store.deliveryTasks()
                    .attemptFinished(
                            pk,
                            "node-b",
                            new DeliveryAttempt(
                                    1, "node-b", Instant.now(), 5, "https://peer/ebms", 503, "RETRYABLE", "busy"),
                            Duration.ofSeconds(20));
            Duration untilRetry = untilDatabaseNow(db, "delivery_task", "next_attempt_at", pk);
            assertThat(untilRetry).isGreaterThan(Duration.ofSeconds(10)).isLessThanOrEqualTo(Duration.ofSeconds(20));
            assertThat(store.deliveryTasks().claimDue("node-a", LEASE, 10)).isEmpty();
            setColumn(
                    db,
                    "delivery_task",
                    "next_attempt_at",
                    store.databaseClock().now().minusMillis(1),
                    pk);
            assertThat(store.deliveryTasks().claimDue("node-a", LEASE, 10))
                    .extracting(DeliveryTask::attempts)
                    .containsExactly(1);
        } finally {
            db.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aFileTransfersLeaseFollowsTheDatabaseClock(String database) throws Exception {
        GatewayDatabase db = open(database);
        try {
            Store store = JdbcStore.of(db.dataSource());
            NewFileTransfer file =
                    new NewFileTransfer("x", "text/csv", 10, "SHA256", "ab".repeat(32), "https://peer/gb/files/x");
            long pk = store.messages().insert(message(), null, List.of(file));
            String id = JdbcFileTransfers.transferId(pk, 1);

            assertThat(store.fileTransfers().claim(id, "node-a", LEASE)).isTrue();
            assertThat(untilDatabaseNow(db, "gb_transfer", "claimed_until", pk))
                    .as("the lease counted in seconds from the database's now")
                    .isGreaterThan(LEASE.dividedBy(2))
                    .isLessThanOrEqualTo(LEASE);
            assertThat(store.fileTransfers().claim(id, "node-b", LEASE)).isFalse();
            Store aheadNode = JdbcStore.of(db.dataSource(), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)));
            assertThat(aheadNode.fileTransfers().claim(id, "node-c", LEASE))
                    .as("a node whose clock runs ten minutes ahead still sees the lease as live")
                    .isFalse();

            setColumn(
                    db,
                    "gb_transfer",
                    "claimed_until",
                    store.databaseClock().now().minusMillis(1),
                    pk);
            assertThat(store.fileTransfers().claim(id, "node-b", LEASE)).isTrue();
        } finally {
            db.close();
        }
    }

    private static GatewayDatabase open(String database) {
        if (database.equals("h2")) {
            return GatewayDatabase.open("jdbc:h2:mem:lease-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        }
        RealPostgres.Database pg = RealPostgres.newDatabase();
        return GatewayDatabase.open(pg.jdbcUrl(), pg.user(), pg.password(), 2);
    }

    /** A task due at {@code at}, three attempts 20 s apart, to be acknowledged within the hour. */
    private static DeliveryTask dueAt(Instant at) {
        return new DeliveryTask(
                0,
                "https://peer/ebms",
                at,
                0,
                3,
                Duration.ofSeconds(20),
                Instant.now().plus(Duration.ofHours(1)),
                true);
    }

    private static NewMessage message() {
        return new NewMessage(
                Direction.OUT,
                MessageKind.USER,
                UUID.randomUUID() + "@test",
                "cpa-1",
                "conv-1",
                null,
                "urn:osb:oin:1",
                "A",
                "urn:osb:oin:2",
                "B",
                "svc",
                "act",
                "osb-rm",
                MessageStatus.PENDING,
                null,
                new byte[] {1},
                List.of(new Payload("p1", "text/plain", new byte[] {2})));
    }

    /** How far the column's time lies after the database's CURRENT_TIMESTAMP. */
    private static Duration untilDatabaseNow(GatewayDatabase db, String table, String column, long pk)
            throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT " + column + ", CURRENT_TIMESTAMP FROM " + table + " WHERE message_pk = ?")) {
            ps.setLong(1, pk);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return Duration.between(
                        rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getObject(1, OffsetDateTime.class).toInstant());
            }
        }
    }

    private static void setColumn(GatewayDatabase db, String table, String column, Instant value, long pk)
            throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps =
                        c.prepareStatement("UPDATE " + table + " SET " + column + " = ? WHERE message_pk = ?")) {
            ps.setObject(1, value.atOffset(ZoneOffset.UTC));
            ps.setLong(2, pk);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
