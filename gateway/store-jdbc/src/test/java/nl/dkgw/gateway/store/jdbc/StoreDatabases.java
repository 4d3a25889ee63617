package nl.dkgw.gateway.store.jdbc;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.testkit.RealPostgres;

/** The two databases the store tests run on (H2 in a file, a fresh database on the testkit's PostgreSQL) and rows. */
final class StoreDatabases {

    static final String CPA = "cpa-1";

    private StoreDatabases() {}

    static GatewayDatabase open(String database, Path dir) {
        if (database.equals("h2")) {
            return GatewayDatabase.open("jdbc:h2:file:" + dir.resolve("store").toAbsolutePath(), null, null, 4);
        }
        RealPostgres.Database db = RealPostgres.newDatabase();
        return GatewayDatabase.open(db.jdbcUrl(), db.user(), db.password(), 4);
    }

    /** A business message in {@code direction} and {@code status}, with one payload. */
    static NewMessage message(Direction direction, MessageStatus status) {
        return message(direction, status, List.of(new Payload("p0", "text/plain", new byte[] {3})));
    }

    /** A business message in {@code direction} and {@code status} with {@code payloads}. */
    static NewMessage message(Direction direction, MessageStatus status, List<Payload> payloads) {
        return message(direction, status, new byte[] {1, 2}, payloads);
    }

    /** A business message in {@code direction} and {@code status} with {@code envelope} and {@code payloads}. */
    static NewMessage message(Direction direction, MessageStatus status, byte[] envelope, List<Payload> payloads) {
        return new NewMessage(
                direction,
                MessageKind.USER,
                UUID.randomUUID() + "@test",
                CPA,
                "conv",
                null,
                "urn:osb:oin:00000001000000000001",
                "A",
                "urn:osb:oin:00000001000000000002",
                "B",
                "urn:svc",
                "Act",
                "osb-rm",
                status,
                null,
                envelope,
                payloads);
    }

    /** The asynchronous Acknowledgment of {@code received}, as the receiving node makes it: not yet posted. */
    static NewMessage acknowledgmentOf(NewMessage received) {
        return acknowledgmentOf(received, new byte[] {4, 5, 6});
    }

    /** {@link #acknowledgmentOf(NewMessage)} with {@code envelope}. */
    static NewMessage acknowledgmentOf(NewMessage received, byte[] envelope) {
        return new NewMessage(
                Direction.OUT,
                MessageKind.SIGNAL,
                UUID.randomUUID() + "@test",
                received.cpaId(),
                received.conversationId(),
                received.messageId(),
                received.toParty(),
                received.toRole(),
                received.fromParty(),
                received.fromRole(),
                KeptAcknowledgment.MSH_SERVICE,
                KeptAcknowledgment.ACTION,
                null,
                MessageStatus.PENDING,
                null,
                envelope,
                List.of());
    }

    /** A task due now, three attempts, to be acknowledged. */
    static DeliveryTask dueNow(String endpoint) {
        Instant now = Instant.now();
        return new DeliveryTask(0, endpoint, now, 0, 3, Duration.ofSeconds(20), now.plus(Duration.ofHours(1)), true);
    }

    static DeliveryAttempt attempt(int no, String nodeId) {
        return new DeliveryAttempt(no, nodeId, Instant.now(), 5, "https://peer/ebms", null, "RETRYABLE", "timeout");
    }
}
