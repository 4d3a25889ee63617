package nl.dkgw.gateway.store.jdbc;

import static nl.dkgw.gateway.store.jdbc.StoreDatabases.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.ebms.PayloadContent;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.DuplicateMessageException;
import nl.dkgw.gateway.store.FailureReports;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.MessageToPost;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.ReceivedWithReply;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoreException;
import nl.dkgw.gateway.store.StoredMessage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The message rows: a duplicate is refused as a whole, "processed" and "failure reported" are set once and only in
 * the status they belong to. On H2 and on PostgreSQL.
 */
class MessagesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aDuplicateIsRefusedWithNothingOfItStored(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            NewMessage m = message(Direction.IN, MessageStatus.RECEIVED);
            long pk = store.messages().insert(m, null);

            assertThatThrownBy(() -> store.messages().insert(m, StoreDatabases.dueNow("https://a")))
                    .isInstanceOf(DuplicateMessageException.class);
            assertThat(store.payloads().of(pk)).hasSize(1);
            assertThat(store.deliveryTasks().pending()).isZero();
            assertThat(store.messages().envelope(pk)).containsExactly(1, 2);
            assertThat(store.messages().envelope(pk + 1000)).isNull();
        }
    }

    /** A node that sends to itself on one CPA stores a MessageId in both directions; each is found as its own. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aMessageIsFoundByDirectionCpaAndMessageId(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            NewMessage sent = message(Direction.OUT, MessageStatus.PENDING);
            NewMessage received = new NewMessage(
                    Direction.IN,
                    sent.kind(),
                    sent.messageId(),
                    sent.cpaId(),
                    sent.conversationId(),
                    null,
                    sent.fromParty(),
                    sent.fromRole(),
                    sent.toParty(),
                    sent.toRole(),
                    sent.service(),
                    sent.action(),
                    sent.profile(),
                    MessageStatus.RECEIVED,
                    null,
                    new byte[] {7},
                    List.of());
            long sentPk = store.messages().insert(sent, null);
            long receivedPk = store.messages().insert(received, null);

            assertThat(store.messages().find(Direction.OUT, StoreDatabases.CPA, sent.messageId()))
                    .map(StoredMessage::pk)
                    .contains(sentPk);
            assertThat(store.messages().find(Direction.IN, StoreDatabases.CPA, sent.messageId()))
                    .map(StoredMessage::pk)
                    .contains(receivedPk);
            assertThat(store.messages().find(Direction.IN, "another-cpa", sent.messageId()))
                    .isEmpty();
            assertThat(store.messages().find(Direction.OUT, StoreDatabases.CPA, "unknown@test"))
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void onlyAReceivedInboundMessageIsMarkedProcessed(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            long received = store.messages().insert(message(Direction.IN, MessageStatus.RECEIVED), null);
            long sent = store.messages().insert(message(Direction.OUT, MessageStatus.RECEIVED), null);

            assertThat(store.messages().markProcessed(sent)).as("outbound").isFalse();
            assertThat(store.messages().findByPk(sent).orElseThrow().status()).isEqualTo(MessageStatus.RECEIVED);
            assertThat(store.messages().markProcessed(received)).isTrue();
            assertThat(store.messages().markProcessed(received))
                    .as("processed before")
                    .isFalse();
            assertThat(store.messages().findByPk(received).orElseThrow().status())
                    .isEqualTo(MessageStatus.PROCESSED);
            assertThat(store.messages().setStatus(received + 1000, MessageStatus.FAILED, null))
                    .isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aFailureIsReportedOnceAndOnlyWhileTheMessageIsFailed(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            FailureReports reports = store.failureReports();
            long pending = store.messages().insert(message(Direction.OUT, MessageStatus.PENDING), null);
            long failed = store.messages().insert(message(Direction.OUT, MessageStatus.FAILED), null);

            assertThat(reports.markReported(pending)).as("not failed").isFalse();
            assertThat(reports.isReported(pending)).isFalse();
            assertThat(reports.markReported(failed)).isTrue();
            assertThat(reports.markReported(failed)).as("reported before").isFalse();
            assertThat(reports.isReported(failed)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aMessageToPostComesWithEnvelopeAndPayloadsOnlyWhilePending(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            long pending = store.messages().insert(message(Direction.OUT, MessageStatus.PENDING), null);
            long acknowledged = store.messages().insert(message(Direction.OUT, MessageStatus.ACKNOWLEDGED), null);

            MessageToPost toPost = store.messages().toPost(pending).orElseThrow();
            assertThat(toPost.message().pk()).isEqualTo(pending);
            assertThat(toPost.envelope()).containsExactly(1, 2);
            assertThat(toPost.payloads())
                    .singleElement()
                    .satisfies(p -> assertThat(p.data()).containsExactly(3));
            MessageToPost ended = store.messages().toPost(acknowledged).orElseThrow();
            assertThat(ended.message().status()).isEqualTo(MessageStatus.ACKNOWLEDGED);
            assertThat(ended.envelope()).isNull();
            assertThat(ended.payloads()).isEmpty();
            assertThat(store.messages().toPost(acknowledged + 1000)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anInsertedMessageIsReturnedAsAReadWouldReturnIt(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            NewMessage m = message(Direction.OUT, MessageStatus.PENDING);

            StoredMessage returned = store.messages().insertReturning(m, StoreDatabases.dueNow("https://a"));

            assertThat(returned)
                    .isEqualTo(store.messages().findByPk(returned.pk()).orElseThrow());
            assertThat(store.deliveryTasks().find(returned.pk())).isPresent();
            assertThatThrownBy(() -> store.messages().insertReturning(m, null))
                    .isInstanceOf(DuplicateMessageException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aReceivedMessageAndItsAcknowledgmentAreStoredTogetherOrNotAtAll(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            NewMessage received = message(Direction.IN, MessageStatus.RECEIVED);
            NewMessage ack = StoreDatabases.acknowledgmentOf(received);

            ReceivedWithReply stored =
                    store.messages().insertWithReply(received, List.of(), ack, StoreDatabases.dueNow("https://a"));

            StoredMessage row = store.messages().findByPk(stored.messagePk()).orElseThrow();
            assertThat(row.messageId()).isEqualTo(received.messageId());
            assertThat(row.status()).isEqualTo(MessageStatus.RECEIVED);
            MessageToPost toPost = store.messages().toPost(stored.messagePk()).orElseThrow();
            assertThat(stored.reply())
                    .as("the Acknowledgment as the delivery reads it, under the received message's key")
                    .isEqualTo(toPost.message());
            assertThat(toPost.message())
                    .extracting(
                            StoredMessage::pk,
                            StoredMessage::direction,
                            StoredMessage::kind,
                            StoredMessage::messageId,
                            StoredMessage::refToMessageId,
                            StoredMessage::fromParty,
                            StoredMessage::toParty,
                            StoredMessage::action,
                            StoredMessage::status)
                    .containsExactly(
                            stored.messagePk(),
                            Direction.OUT,
                            MessageKind.SIGNAL,
                            ack.messageId(),
                            received.messageId(),
                            received.toParty(),
                            received.fromParty(),
                            "Acknowledgment",
                            MessageStatus.PENDING);
            assertThat(toPost.envelope()).isEqualTo(ack.envelope());
            assertThat(store.messages().find(Direction.OUT, StoreDatabases.CPA, ack.messageId()))
                    .as("no row of its own")
                    .isEmpty();
            assertThat(store.deliveryTasks().find(stored.messagePk())).isPresent();
            assertThat(new JdbcMessageQueries(db.dataSource()).signalsAbout(StoreDatabases.CPA, received.messageId()))
                    .containsExactly(stored.reply());

            NewMessage secondAck = StoreDatabases.acknowledgmentOf(received);
            assertThatThrownBy(() -> store.messages()
                            .insertWithReply(received, List.of(), secondAck, StoreDatabases.dueNow("https://a")))
                    .isInstanceOf(DuplicateMessageException.class);
            assertThat(store.deliveryTasks().pending()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theEndOfAKeptAcknowledgmentsDeliveryChangesItsStatusAndNothingElseOfTheRow(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            long pk = receivedWithItsAcknowledgment(store);
            StoredMessage before = store.messages().findByPk(pk).orElseThrow();

            assertThat(store.deliveryTasks()
                            .deliveryEnded(pk, StoreDatabases.attempt(1, "n1"), MessageStatus.DELIVERED, null))
                    .isTrue();

            assertThat(store.messages().findByPk(pk)).contains(before);
            MessageToPost after = store.messages().toPost(pk).orElseThrow();
            assertThat(after.message().status()).isEqualTo(MessageStatus.DELIVERED);
            assertThat(after.envelope())
                    .as("only a PENDING one is read to post")
                    .isNull();
            assertThat(store.deliveryTasks().find(pk)).isEmpty();
            assertThat(store.deliveryAttempts().of(pk)).hasSize(1);
            assertThat(store.deliveryTasks().deliveryEnded(pk, null, MessageStatus.FAILED, "late"))
                    .as("ended once")
                    .isFalse();
            assertThat(store.messages().toPost(pk).orElseThrow().message().status())
                    .isEqualTo(MessageStatus.DELIVERED);
        }
    }

    /** The purge that drops a processed message's contents drops its posted Acknowledgment's too, not a pending one. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void thePurgeOfAProcessedMessagesContentsTakesItsPostedAcknowledgmentsEnvelope(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            long posted = processedWithItsAcknowledgment(store);
            store.deliveryTasks().deliveryEnded(posted, null, MessageStatus.DELIVERED, null);
            long pending = processedWithItsAcknowledgment(store);

            store.purge().run(Instant.now().plus(Duration.ofHours(1)), Instant.EPOCH, false);

            assertThat(ackEnvelopeOf(db, posted)).isNull();
            assertThat(ackEnvelopeOf(db, pending)).containsExactly(4, 5, 6);
            assertThat(store.messages().toPost(pending).orElseThrow().envelope())
                    .containsExactly(4, 5, 6);
            assertThat(store.messages().toPost(posted).orElseThrow().message().status())
                    .isEqualTo(MessageStatus.DELIVERED);
        }
    }

    private static long processedWithItsAcknowledgment(Store store) throws Exception {
        long pk = receivedWithItsAcknowledgment(store);
        assertThat(store.messages().markProcessed(pk)).isTrue();
        return pk;
    }

    /** A received message stored with its Acknowledgment, not yet posted: the message's key. */
    private static long receivedWithItsAcknowledgment(Store store) throws Exception {
        NewMessage received = message(Direction.IN, MessageStatus.RECEIVED);
        return store.messages()
                .insertWithReply(
                        received,
                        List.of(),
                        StoreDatabases.acknowledgmentOf(received),
                        StoreDatabases.dueNow("https://a"))
                .messagePk();
    }

    private static byte[] ackEnvelopeOf(GatewayDatabase db, long pk) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            return Jdbc.query(c, "SELECT ack_envelope FROM ebms_message WHERE id = ?", rs -> rs.getBytes(1), pk)
                    .get(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void onlyAnAcknowledgmentOfTheReceivedMessageIsKeptWithIt(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            NewMessage received = message(Direction.IN, MessageStatus.RECEIVED);
            NewMessage ofAnother = StoreDatabases.acknowledgmentOf(message(Direction.IN, MessageStatus.RECEIVED));

            assertThatThrownBy(() -> store.messages()
                            .insertWithReply(received, List.of(), ofAnother, StoreDatabases.dueNow("https://a")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("only the Acknowledgment of a received message");
            assertThat(store.messages().find(Direction.IN, StoreDatabases.CPA, received.messageId()))
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void smallPartsAndAHeldTaskAreStoredWithTheirRowInOrder(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            byte[] largest = new byte[JdbcPayloads.IN_ROW];
            Arrays.fill(largest, (byte) 7);
            NewMessage m = message(
                    Direction.OUT,
                    MessageStatus.PENDING,
                    List.of(
                            new Payload("first", "text/xml", "<a/>".getBytes(StandardCharsets.UTF_8)),
                            new Payload("empty", "text/plain", new byte[0]),
                            new Payload("largest-in-row", "application/octet-stream", largest)));

            long pk = store.messages()
                    .insert(m, StoreDatabases.dueNow("https://a").heldAtInsertBy("node-a", Duration.ofMinutes(5)));

            assertThat(store.payloads().of(pk))
                    .extracting(Payload::contentId, Payload::contentType, p -> p.data().length)
                    .containsExactly(
                            tuple("first", "text/xml", 4),
                            tuple("empty", "text/plain", 0),
                            tuple("largest-in-row", "application/octet-stream", JdbcPayloads.IN_ROW));
            assertThat(store.payloads().of(pk).get(2).data()).isEqualTo(largest);
            assertThat(store.deliveryTasks().claimDue("node-b", Duration.ofMinutes(5), 10))
                    .as("held by node-a for its lease")
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aPartShorterThanItAnnouncedStoresNothingOfTheMessage(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            PayloadContent shortOfItsLength = new PayloadContent() {
                @Override
                public InputStream open() {
                    return new ByteArrayInputStream(new byte[] {1, 2, 3});
                }

                @Override
                public long length() {
                    return 10;
                }
            };
            NewMessage m = message(
                    Direction.IN, MessageStatus.RECEIVED, List.of(new Payload("p0", "text/plain", shortOfItsLength)));

            assertThatThrownBy(() -> store.messages().insert(m, null))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("gave 3 bytes, not the 10 its content announced");
            assertThat(store.messages().find(Direction.IN, StoreDatabases.CPA, m.messageId()))
                    .isEmpty();
        }
    }
}
