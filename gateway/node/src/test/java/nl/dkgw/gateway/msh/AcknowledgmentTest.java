package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.MessageHeader;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.security.VerifiedSignature;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.PeerAnswers;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.jdbc.GatewayDatabase;
import nl.dkgw.gateway.store.jdbc.JdbcRefusedSignals;
import nl.dkgw.gateway.store.jdbc.JdbcStore;
import nl.dkgw.gateway.xml.SafeXml;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * An Acknowledgment closes a message that is still waiting for it, once: one that ended before (FAILED, or
 * acknowledged already) stays as it is and the acknowledgment is not counted again.
 */
class AcknowledgmentTest {

    private static final PartyId US = PartyId.oin("00000099000000001000");
    private static final PartyId PEER = PartyId.oin("00000099000000002000");
    private static final String CPA = "cpa-with-peer";

    private final AtomicInteger acknowledged = new AtomicInteger();
    private GatewayDatabase db;
    private Store store;
    private SignalReceiver receiver;

    @BeforeEach
    void open() {
        db = GatewayDatabase.open("jdbc:h2:mem:ack-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        store = JdbcStore.of(db.dataSource());
        receiver = new SignalReceiver(
                store, new JdbcRefusedSignals(db.dataSource()), cpaId -> Optional.empty(), null, new MshEvents() {
                    @Override
                    public void acknowledged(String cpaId) {
                        acknowledged.incrementAndGet();
                    }
                });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anAcknowledgmentClosesAWaitingMessageOnce() throws Exception {
        long pk = sent("ack-twice@us.test");

        assertThat(receiver.onSignal(ack("ack-twice@us.test"), new byte[] {1}))
                .isEqualTo(SignalReceiver.Effect.ACKNOWLEDGED);
        assertThat(receiver.onSignal(ack("ack-twice@us.test"), new byte[] {2}))
                .isEqualTo(SignalReceiver.Effect.ACKNOWLEDGED);

        assertThat(acknowledged).hasValue(1);
        assertThat(store.messages().findByPk(pk).orElseThrow().status()).isEqualTo(MessageStatus.ACKNOWLEDGED);
        assertThat(store.messages().receipt(pk)).as("the first receipt is kept").containsExactly(1);
        assertThat(store.deliveryTasks().find(pk)).isEmpty();
    }

    @Test
    void aSignedAcknowledgmentOfAMessageSentUnsignedClosesItToo() throws Exception {
        long pk = sent("signed-ack@us.test");
        Document received = SafeXml.newDocument();
        Element signature = received.createElementNS(Namespaces.DS, "ds:Signature");
        received.appendChild(signature);

        assertThat(receiver.onSignal(
                        ack("signed-ack@us.test"),
                        new byte[] {1},
                        received,
                        new VerifiedSignature(signature, List.of(), null)))
                .isEqualTo(SignalReceiver.Effect.ACKNOWLEDGED);

        assertThat(acknowledged).hasValue(1);
        assertThat(store.messages().findByPk(pk).orElseThrow().status()).isEqualTo(MessageStatus.ACKNOWLEDGED);
        assertThat(store.messages().receipt(pk)).containsExactly(1);
        assertThat(store.deliveryTasks().find(pk)).isEmpty();
    }

    @Test
    void anAcknowledgmentForAFailedMessageChangesNothingAndCountsNothing() throws Exception {
        long pk = sent("failed@us.test");
        store.messages().setStatus(pk, MessageStatus.FAILED, "delivery failed after 3 attempt(s)");

        receiver.onSignal(ack("failed@us.test"), new byte[] {1});

        assertThat(acknowledged).hasValue(0);
        assertThat(store.messages().findByPk(pk).orElseThrow().status()).isEqualTo(MessageStatus.FAILED);
        assertThat(store.messages().findByPk(pk).orElseThrow().statusDetail())
                .isEqualTo("delivery failed after 3 attempt(s)");
        assertThat(store.messages().receipt(pk)).isNull();
        assertThat(store.deliveryTasks().find(pk))
                .as("the task goes only with an acknowledgment that applied")
                .isPresent();
    }

    /**
     * On a signed channel the sender reads what the receipt must carry from what it kept when it signed the message,
     * and only otherwise from the stored envelope: here an envelope that cannot be read, so which of the two decided
     * shows in the outcome.
     */
    @Test
    void aSignedMessageKeptInMemoryIsCheckedWithoutReadingItsEnvelopeBack() throws Exception {
        MessageSecurity security = new MessageSecurity(Optional.empty(), Optional.empty(), null, false);
        SignalReceiver signed = receiverWith(store, security);
        long kept = sent("kept@us.test", "osb-rm-s", "not an envelope".getBytes());
        long notKept = sent("not-kept@us.test", "osb-rm-s", "not an envelope".getBytes());
        security.expectedReceipts().expect(CPA, "kept@us.test", new ExpectedReceipts.Expected(false, List.of()));

        assertThat(signed.onSignal(ack("kept@us.test"), new byte[] {1})).isEqualTo(SignalReceiver.Effect.ACKNOWLEDGED);
        assertThat(signed.onSignal(ack("not-kept@us.test"), new byte[] {1}))
                .as("read back from the store, which fails")
                .isEqualTo(SignalReceiver.Effect.IGNORED);

        assertThat(store.messages().findByPk(kept).orElseThrow().status()).isEqualTo(MessageStatus.ACKNOWLEDGED);
        assertThat(store.messages().findByPk(notKept).orElseThrow().status()).isEqualTo(MessageStatus.PENDING);
        assertThat(security.expectedReceipts().find(CPA, "kept@us.test"))
                .as("let go once acknowledged")
                .isEmpty();
    }

    /**
     * With what the receipt must carry kept in memory, the message is known to be this node's, sent on the signal's
     * CPA: the Acknowledgment is checked and applied in one transaction, without looking the message up first.
     */
    @Test
    void aKeptSignedMessageIsClosedWithoutALookUpFirst() throws Exception {
        MessageSecurity security = new MessageSecurity(Optional.empty(), Optional.empty(), null, false);
        AtomicInteger connections = new AtomicInteger();
        Store counted = JdbcStore.of(new DelegatingDataSource(db.dataSource()) {
            @Override
            public Connection getConnection() throws SQLException {
                connections.incrementAndGet();
                return super.getConnection();
            }
        });
        SignalReceiver signed = receiverWith(counted, security);
        long kept = sent("closed-at-once@us.test", "osb-rm-s", "not an envelope".getBytes());
        long notKept = sent("looked-up@us.test", "osb-rm", new byte[] {1});
        security.expectedReceipts()
                .expect(CPA, "closed-at-once@us.test", new ExpectedReceipts.Expected(false, List.of()));

        assertThat(signed.onSignal(ack("closed-at-once@us.test"), new byte[] {1}))
                .isEqualTo(SignalReceiver.Effect.ACKNOWLEDGED);
        assertThat(connections).as("one transaction: the closing update").hasValue(1);
        assertThat(counted.messages().findByPk(kept).orElseThrow().status()).isEqualTo(MessageStatus.ACKNOWLEDGED);
        assertThat(counted.deliveryTasks().find(kept)).isEmpty();
        assertThat(security.expectedReceipts().find(CPA, "closed-at-once@us.test"))
                .isEmpty();

        connections.set(0);
        assertThat(signed.onSignal(ack("looked-up@us.test"), new byte[] {1}))
                .isEqualTo(SignalReceiver.Effect.ACKNOWLEDGED);
        assertThat(connections)
                .as("a message not kept: closed by the unchecked update")
                .hasValue(1);
        assertThat(counted.messages().findByPk(notKept).orElseThrow().status()).isEqualTo(MessageStatus.ACKNOWLEDGED);
    }

    @Test
    void theStoreSaysWhatAnAcknowledgmentDid() throws Exception {
        long pk = sent("told@us.test");

        assertThat(store.peerAnswers().acknowledge(CPA, "told@us.test", new byte[] {1}))
                .isEqualTo(PeerAnswers.Acknowledged.CLOSED);
        assertThat(store.peerAnswers().acknowledge(CPA, "told@us.test", new byte[] {1}))
                .isEqualTo(PeerAnswers.Acknowledged.ALREADY_ENDED);
        assertThat(store.peerAnswers().acknowledge(CPA, "never-sent@us.test", new byte[] {1}))
                .isEqualTo(PeerAnswers.Acknowledged.UNKNOWN);
        assertThat(store.peerAnswers().acknowledge("another-cpa", "told@us.test", new byte[] {1}))
                .isEqualTo(PeerAnswers.Acknowledged.UNKNOWN);
        assertThat(store.messages().findByPk(pk).orElseThrow().status()).isEqualTo(MessageStatus.ACKNOWLEDGED);
    }

    /**
     * The delivery's final failure commits while an acknowledgment is being applied (between the store's reading the
     * message and its writing, if it did those apart): whichever commits first wins, and the store says which.
     */
    @Test
    void aFailureAndAnAcknowledgmentAtOnceEndTheMessageOnce() throws Exception {
        long pk = sent("raced@us.test");
        AtomicInteger connections = new AtomicInteger();
        boolean[] failedMeanwhile = new boolean[1];
        Store racing = JdbcStore.of(new DelegatingDataSource(db.dataSource()) {
            @Override
            public Connection getConnection() throws SQLException {
                if (connections.incrementAndGet() == 2) {
                    failedMeanwhile[0] =
                            store.deliveryTasks().deliveryEnded(pk, null, MessageStatus.FAILED, "no Acknowledgment");
                }
                return super.getConnection();
            }
        });

        PeerAnswers.Acknowledged acked = racing.peerAnswers().acknowledge(CPA, "raced@us.test", new byte[] {1});

        MessageStatus status = store.messages().findByPk(pk).orElseThrow().status();
        if (failedMeanwhile[0]) {
            assertThat(status).isEqualTo(MessageStatus.FAILED);
            assertThat(acked).isEqualTo(PeerAnswers.Acknowledged.ALREADY_ENDED);
        } else {
            assertThat(status).isEqualTo(MessageStatus.ACKNOWLEDGED);
            assertThat(acked).isEqualTo(PeerAnswers.Acknowledged.CLOSED);
            assertThat(store.deliveryTasks().deliveryEnded(pk, null, MessageStatus.FAILED, "no Acknowledgment"))
                    .isFalse();
        }
    }

    /** A receiver on {@code on} that keeps expected receipts in {@code security}; no CPA known, no events counted. */
    private SignalReceiver receiverWith(Store on, MessageSecurity security) {
        return new SignalReceiver(
                on, new JdbcRefusedSignals(db.dataSource()), cpaId -> Optional.empty(), security, new MshEvents() {});
    }

    private long sent(String messageId) throws Exception {
        return sent(messageId, "osb-rm", new byte[] {1});
    }

    private long sent(String messageId, String profile, byte[] envelope) throws Exception {
        return store.messages()
                .insert(
                        new NewMessage(
                                Direction.OUT,
                                MessageKind.USER,
                                messageId,
                                CPA,
                                "conv-1",
                                null,
                                US.toString(),
                                "Aanleverer",
                                PEER.toString(),
                                "Ontvanger",
                                "svc",
                                "act",
                                profile,
                                MessageStatus.PENDING,
                                null,
                                envelope,
                                List.of()),
                        new DeliveryTask(
                                0,
                                "https://peer.test/ebms",
                                Instant.now(),
                                0,
                                3,
                                Duration.ofSeconds(30),
                                Instant.now().plus(Duration.ofHours(1)),
                                true));
    }

    /** A DataSource that hands out its delegate's connections; a test overrides what it needs to interleave. */
    private static class DelegatingDataSource implements DataSource {
        private final DataSource delegate;

        DelegatingDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return delegate.getConnection(user, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return delegate.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return delegate.isWrapperFor(type);
        }
    }

    private static EbmsMessage ack(String ref) {
        MessageHeader h = new MessageHeader(
                CPA,
                "conv-1",
                PEER,
                null,
                US,
                null,
                Namespaces.MSH_SERVICE,
                null,
                "Acknowledgment",
                UUID.randomUUID() + "@peer.test",
                Instant.now(),
                ref,
                null,
                false);
        return new EbmsMessage(
                h,
                null,
                false,
                null,
                new EbmsMessage.Acknowledgment(Instant.now(), ref),
                List.of(),
                null,
                null,
                null,
                List.of());
    }
}
