package nl.dkgw.gateway.store.jdbc;

import static nl.dkgw.gateway.store.jdbc.StoreDatabases.CPA;
import static nl.dkgw.gateway.store.jdbc.StoreDatabases.dueNow;
import static nl.dkgw.gateway.store.jdbc.StoreDatabases.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.PeerAnswers.Acknowledged;
import nl.dkgw.gateway.store.PeerAnswers.FirstAnswer;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoredMessage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An Acknowledgment or MessageError changes the outbound message it names only while that message is still waiting
 * for one; the status precondition sits in the UPDATE, and its row count is the answer. On H2 and on PostgreSQL.
 */
class PeerAnswersTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anAcknowledgmentDoesNotReopenAFailedMessage(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            NewMessage sent = message(Direction.OUT, MessageStatus.FAILED);
            long pk = store.messages().insert(sent, dueNow("https://a"));

            assertThat(store.peerAnswers().acknowledge(CPA, sent.messageId(), new byte[] {9}))
                    .isEqualTo(Acknowledged.ALREADY_ENDED);
            assertThat(store.messages().findByPk(pk).orElseThrow().status()).isEqualTo(MessageStatus.FAILED);
            assertThat(store.messages().receipt(pk)).isNull();
            assertThat(store.messages().hasReceipt(pk)).isFalse();
            assertThat(store.deliveryTasks().find(pk))
                    .as("the task goes only with a closing acknowledgment")
                    .isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anAcknowledgmentClosesOnlyAnOutboundMessage(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            NewMessage received = message(Direction.IN, MessageStatus.RECEIVED);
            long pk = store.messages().insert(received, null);

            assertThat(store.peerAnswers().acknowledge(CPA, received.messageId(), new byte[] {9}))
                    .isEqualTo(Acknowledged.UNKNOWN);
            assertThat(store.messages().findByPk(pk).orElseThrow().status()).isEqualTo(MessageStatus.RECEIVED);

            NewMessage bestEffort = message(Direction.OUT, MessageStatus.DELIVERED);
            long delivered = store.messages().insert(bestEffort, null);
            assertThat(store.peerAnswers().acknowledge(CPA, bestEffort.messageId(), new byte[] {9}))
                    .isEqualTo(Acknowledged.CLOSED);
            assertThat(store.messages().findByPk(delivered).orElseThrow().status())
                    .isEqualTo(MessageStatus.ACKNOWLEDGED);
            assertThat(store.messages().receipt(delivered)).containsExactly(9);
            assertThat(store.messages().hasReceipt(delivered)).isTrue();
            assertThat(store.messages().hasReceipt(-1)).as("no such message").isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aMessageErrorFailsOnlyAMessageThatHadNotEnded(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            NewMessage acked = message(Direction.OUT, MessageStatus.PENDING);
            long closed = store.messages().insert(acked, dueNow("https://a"));
            store.peerAnswers().acknowledge(CPA, acked.messageId(), new byte[] {9});

            assertThat(store.peerAnswers().refusedByPeer(closed, "MessageError from peer"))
                    .isFalse();
            StoredMessage m = store.messages().findByPk(closed).orElseThrow();
            assertThat(m.status()).isEqualTo(MessageStatus.ACKNOWLEDGED);
            assertThat(m.statusDetail()).isNull();

            long pending = store.messages().insert(message(Direction.OUT, MessageStatus.PENDING), dueNow("https://a"));
            assertThat(store.peerAnswers().refusedByPeer(pending, "MessageError from peer"))
                    .isTrue();
            assertThat(store.messages().findByPk(pending).orElseThrow().status())
                    .isEqualTo(MessageStatus.FAILED);
            assertThat(store.deliveryTasks().find(pending)).isEmpty();
            assertThat(store.peerAnswers().refusedByPeer(pending, "again"))
                    .as("failed before")
                    .isFalse();
            assertThat(store.messages().findByPk(pending).orElseThrow().statusDetail())
                    .isEqualTo("MessageError from peer");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aSynchronousAcknowledgmentIsRecordedWithTheAttemptThatCarriedIt(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            NewMessage sent = message(Direction.OUT, MessageStatus.PENDING);
            long pk = store.messages().insert(sent, dueNow("https://a"));

            assertThat(store.peerAnswers()
                            .acknowledge(CPA, sent.messageId(), new byte[] {9}, pk, StoreDatabases.attempt(1, "n1")))
                    .isEqualTo(Acknowledged.CLOSED);
            assertThat(store.messages().findByPk(pk).orElseThrow().status()).isEqualTo(MessageStatus.ACKNOWLEDGED);
            assertThat(store.deliveryTasks().find(pk)).isEmpty();
            assertThat(store.deliveryAttempts().of(pk))
                    .singleElement()
                    .satisfies(a -> assertThat(a.nodeId()).isEqualTo("n1"));

            assertThat(store.peerAnswers()
                            .acknowledge(CPA, sent.messageId(), new byte[] {9}, pk, StoreDatabases.attempt(2, "n1")))
                    .as("the same acknowledgment again")
                    .isEqualTo(Acknowledged.ALREADY_ENDED);
            assertThat(store.deliveryAttempts().of(pk)).hasSize(2);

            assertThat(store.peerAnswers()
                            .acknowledge(CPA, "unknown@x", new byte[] {9}, pk, StoreDatabases.attempt(3, "n1")))
                    .isEqualTo(Acknowledged.UNKNOWN);
            assertThat(store.deliveryAttempts().of(pk))
                    .as("nothing written for an unknown message")
                    .hasSize(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anUncheckedAcknowledgmentClosesOnlyAWaitingMessageOfTheGivenProfiles(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            NewMessage unsigned = message(Direction.OUT, MessageStatus.PENDING);
            long pk = store.messages().insert(unsigned, dueNow("https://a"));
            Set<String> osbRm = Set.of("osb-rm", "osb-be");

            FirstAnswer closed =
                    store.peerAnswers().acknowledgeUnchecked(CPA, unsigned.messageId(), new byte[] {9}, osbRm);
            assertThat(closed.closed()).isTrue();
            assertThat(store.messages().findByPk(pk).orElseThrow().status()).isEqualTo(MessageStatus.ACKNOWLEDGED);
            assertThat(store.messages().receipt(pk)).containsExactly(9);
            assertThat(store.deliveryTasks().find(pk)).isEmpty();

            FirstAnswer again =
                    store.peerAnswers().acknowledgeUnchecked(CPA, unsigned.messageId(), new byte[] {8}, osbRm);
            assertThat(again.closed()).as("ended before").isFalse();
            assertThat(again.named()).map(StoredMessage::pk).contains(pk);
            assertThat(store.messages().receipt(pk)).containsExactly(9);

            NewMessage signed = message(Direction.OUT, MessageStatus.PENDING);
            long signedPk = store.messages().insert(signed, dueNow("https://a"));
            FirstAnswer other = store.peerAnswers()
                    .acknowledgeUnchecked(CPA, signed.messageId(), new byte[] {9}, Set.of("osb-rm-s"));
            assertThat(other.closed()).as("another profile: left to the caller").isFalse();
            assertThat(other.named()).map(StoredMessage::pk).contains(signedPk);
            assertThat(other.namedEnvelope()).as("for the receipt check").containsExactly(1, 2);
            assertThat(store.messages().findByPk(signedPk).orElseThrow().status())
                    .isEqualTo(MessageStatus.PENDING);
            assertThat(store.deliveryTasks().find(signedPk)).isPresent();

            assertThat(store.peerAnswers().acknowledgeUnchecked(CPA, "unknown@x", new byte[] {9}, osbRm))
                    .isEqualTo(new FirstAnswer(false, Optional.empty(), null));
        }
    }
}
