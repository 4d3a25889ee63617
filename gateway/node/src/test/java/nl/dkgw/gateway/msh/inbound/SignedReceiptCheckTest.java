package nl.dkgw.gateway.msh.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.Profile;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.ebms.EnvelopeWriter;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.msh.MessageIds;
import nl.dkgw.gateway.msh.MessageSecurity;
import nl.dkgw.gateway.msh.MshEvents;
import nl.dkgw.gateway.msh.SignalFactory;
import nl.dkgw.gateway.msh.SignalReceiver;
import nl.dkgw.gateway.security.ReceiptReferences;
import nl.dkgw.gateway.security.SecurityFailureException;
import nl.dkgw.gateway.security.VerifiedSignature;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.jdbc.GatewayDatabase;
import nl.dkgw.gateway.store.jdbc.JdbcRefusedSignals;
import nl.dkgw.gateway.store.jdbc.JdbcStore;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.gateway.xml.XmlElement;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.validation.CertificateValidator;
import nl.dkgw.pki.validation.DirectoryCrlSource;
import nl.dkgw.pki.validation.PkioCertificateValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The sender's check of a signed receipt on osb-rm-s: "us" sends a signed message, the peer verifies it and answers
 * with a signed Acknowledgment carrying its references, and "us" checks that receipt. An asynchronous Acknowledgment
 * has had its signature verified as an inbound signal already ({@link MessageSecurity#verifySignal}), so the receipt
 * check then compares signer and references only; these tests hold that shortcut to the same verdicts as the full
 * check.
 */
class SignedReceiptCheckTest {

    static InboundCheckFixture f;
    static MessageSecurity us;
    static MessageSecurity peer;

    @BeforeAll
    static void fixture() throws Exception {
        f = InboundCheckFixture.get();
        CertificateValidator validator = PkioCertificateValidator.builder(f.pki.trustAnchors())
                .crlSource(new DirectoryCrlSource(f.pki.crlDirectory()))
                .build();
        us = new MessageSecurity(
                Optional.of(f.pki.keyMaterial("us", TestPki.Usage.TLS_CLIENT)), Optional.empty(), validator, false);
        peer = new MessageSecurity(
                Optional.of(f.pki.keyMaterial("peer", TestPki.Usage.TLS_CLIENT)), Optional.empty(), validator, false);
    }

    private static Cpa cpa() {
        return f.cpa(Profile.OSB_RM_S);
    }

    private static X509Certificate peerSigningCertificate() {
        return cpa().signingCertificateOf(PartyId.oin(InboundCheckFixture.PEER_OIN))
                .orElseThrow();
    }

    /** What "us" signs and sends: the fixture's message with a signed receipt asked, payload {@code report}. */
    private static byte[] sent(String report) throws Exception {
        InboundCheckFixture.Message m = f.message(Profile.OSB_RM_S);
        m.ackRequested = new EbmsMessage.AckRequested(Namespaces.ACTOR_TO_PARTY_MSH, true);
        m.payloads.set(0, new Payload(m.payloads.get(0).contentId(), "application/xml", report.getBytes()));
        return us.seal(m.context().message(), m.payloads, f.channel(Profile.OSB_RM_S));
    }

    /** The peer's signed Acknowledgment of {@code sent}, after verifying it as its inbound checks do. */
    private static byte[] receiptFor(byte[] sent, String report) throws Exception {
        InboundCheckFixture.Message m = f.message(Profile.OSB_RM_S);
        m.payloads.set(0, new Payload(m.payloads.get(0).contentId(), "application/xml", report.getBytes()));
        Document envelope = SafeXml.parse(sent);
        InboundContext received = new InboundContext(
                new EnvelopeReader().read(envelope, m.payloads),
                envelope,
                m.clientCertificate,
                InboundCheckFixture.NOW);
        received.cpa(cpa());
        received.channel(f.channel(Profile.OSB_RM_S));
        new SignatureCheck(peer).check(received);
        EbmsMessage ack = new SignalFactory(new MessageIds("peer.test"))
                .acknowledgment(received.message().header());
        return peer.signReceipt(ack, received.signature(), received.channel());
    }

    /** The receipt as "us" verifies it when it arrives as an inbound signal. */
    private static VerifiedSignature verifiedAsSignal(Document receipt) throws Exception {
        return us.verifySignal(receipt, cpa(), PartyId.oin(InboundCheckFixture.PEER_OIN))
                .orElseThrow();
    }

    /** A message as sent, the peer's signed receipt of it, and that receipt's signature as verified on arrival. */
    private record Receipt(byte[] sent, byte[] envelope, Document document, VerifiedSignature verified) {}

    private static Receipt receiptOf(String report) throws Exception {
        byte[] sent = sent(report);
        byte[] envelope = receiptFor(sent, report);
        Document document = SafeXml.parse(envelope);
        return new Receipt(sent, envelope, document, verifiedAsSignal(document));
    }

    @Test
    void aReceiptOfWhatWasSentPassesWithAndWithoutItsSignatureVerifiedBefore() throws Exception {
        Receipt receipt = receiptOf("<report>1</report>");
        List<XmlElement> sent = ReceiptReferences.ofSignedEnvelope(XmlElement.parse(receipt.sent()));

        assertThat(receipt.verified().signer()).isEqualTo(peerSigningCertificate());
        assertThatCode(() -> us.checkReceipt(sent, receipt.document(), receipt.verified(), peerSigningCertificate()))
                .doesNotThrowAnyException();
        assertThatCode(() -> us.checkReceipt(
                        sent,
                        receipt.envelope(),
                        peerSigningCertificate(),
                        cpa().certificatesOf(PartyId.oin(InboundCheckFixture.PEER_OIN))))
                .doesNotThrowAnyException();
    }

    @Test
    void aReceiptOfOtherContentIsRefusedWithoutVerifyingItsSignatureAgain() throws Exception {
        Receipt ofOther = receiptOf("<report>2</report>");
        List<XmlElement> sent = ReceiptReferences.ofSignedEnvelope(XmlElement.parse(sent("<report>1</report>")));

        assertThatThrownBy(
                        () -> us.checkReceipt(sent, ofOther.document(), ofOther.verified(), peerSigningCertificate()))
                .isInstanceOfSatisfying(
                        SecurityFailureException.class,
                        e -> assertThat(e.reason()).isEqualTo(SecurityFailureException.Reason.RECEIPT_MISMATCH));
    }

    @Test
    void theReferencesOfTheSignedTreeCheckAsThoseReadBackFromTheSentBytes() throws Exception {
        // what the sender keeps in memory when it signs (read from the tree) against what it reads back when it has
        // not kept them (read from the stored bytes)
        Receipt receipt = receiptOf("<report>1</report>");
        Receipt ofOther = receiptOf("<report>2</report>");
        List<XmlElement> fromTree = ReceiptReferences.ofSignedEnvelope(SafeXml.parse(receipt.sent()));
        List<XmlElement> readBack = ReceiptReferences.ofSignedEnvelope(XmlElement.parse(receipt.sent()));
        List<X509Certificate> peerCertificates = cpa().certificatesOf(PartyId.oin(InboundCheckFixture.PEER_OIN));

        assertThat(fromTree).hasSize(readBack.size()).hasSize(2);
        for (List<XmlElement> references : List.of(fromTree, readBack)) {
            assertThatCode(() -> us.checkReceipt(
                            references, receipt.document(), receipt.verified(), peerSigningCertificate()))
                    .doesNotThrowAnyException();
            assertThatCode(() ->
                            us.checkReceipt(references, receipt.envelope(), peerSigningCertificate(), peerCertificates))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> us.checkReceipt(
                            references, ofOther.document(), ofOther.verified(), peerSigningCertificate()))
                    .isInstanceOfSatisfying(
                            SecurityFailureException.class,
                            e -> assertThat(e.reason()).isEqualTo(SecurityFailureException.Reason.RECEIPT_MISMATCH));
        }
    }

    /**
     * A message this node did not keep in memory (signed before a restart, or by another node on the same database):
     * its receipt is checked against the envelope read back from the store, and still refused for other content.
     */
    @Test
    void aReceiptOfAMessageNotKeptIsCheckedAgainstTheStoredEnvelope() throws Exception {
        GatewayDatabase db =
                GatewayDatabase.open("jdbc:h2:mem:receipt-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        try {
            Store store = JdbcStore.of(db.dataSource());
            SignalReceiver receiver = new SignalReceiver(
                    store,
                    new JdbcRefusedSignals(db.dataSource()),
                    cpaId -> Optional.of(cpa()),
                    us,
                    new MshEvents() {});
            Receipt receipt = receiptOf("<report>1</report>");
            Receipt ofOther = receiptOf("<report>2</report>");
            long pk = stored(store, receipt.sent());

            assertThat(receiver.onSignal(
                            acknowledgment(ofOther), ofOther.envelope(), ofOther.document(), ofOther.verified()))
                    .as("another message's receipt, here given as this one's")
                    .isEqualTo(SignalReceiver.Effect.IGNORED);
            assertThat(store.messages().findByPk(pk).orElseThrow().status()).isEqualTo(MessageStatus.PENDING);

            assertThat(receiver.onSignal(
                            acknowledgment(receipt), receipt.envelope(), receipt.document(), receipt.verified()))
                    .isEqualTo(SignalReceiver.Effect.ACKNOWLEDGED);
            assertThat(store.messages().findByPk(pk).orElseThrow().status()).isEqualTo(MessageStatus.ACKNOWLEDGED);
        } finally {
            db.close();
        }
    }

    /** The Acknowledgment a receipt carries: every receipt here names the fixture's one MessageId. */
    private static EbmsMessage acknowledgment(Receipt receipt) throws Exception {
        return new EnvelopeReader().read(receipt.document(), List.of());
    }

    /** {@code sent} stored as an outbound osb-rm-s message waiting for its Acknowledgment. */
    private static long stored(Store store, byte[] sent) throws Exception {
        EbmsMessage m = new EnvelopeReader().read(SafeXml.parse(sent), List.of());
        return store.messages()
                .insert(
                        new NewMessage(
                                Direction.OUT,
                                MessageKind.USER,
                                m.header().messageId(),
                                m.header().cpaId(),
                                m.header().conversationId(),
                                null,
                                m.header().from().toString(),
                                m.header().fromRole(),
                                m.header().to().toString(),
                                m.header().toRole(),
                                m.header().service(),
                                m.header().action(),
                                Profile.OSB_RM_S.code(),
                                MessageStatus.PENDING,
                                null,
                                sent,
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

    @Test
    void anEnvelopeWithoutASignatureHasNoReferencesToKeep() throws Exception {
        byte[] unsigned =
                new EnvelopeWriter().bytes(f.message(Profile.OSB_RM).context().message());

        assertThatThrownBy(() -> ReceiptReferences.ofSignedEnvelope(SafeXml.parse(unsigned)))
                .isInstanceOfSatisfying(
                        SecurityFailureException.class,
                        e -> assertThat(e.reason()).isEqualTo(SecurityFailureException.Reason.NOT_SIGNED));
    }

    @Test
    void aReceiptVerifiedWithAnotherCertificateThanThePeersIsRefused() throws Exception {
        Receipt receipt = receiptOf("<report>1</report>");
        X509Certificate ours = cpa().signingCertificateOf(PartyId.oin(InboundCheckFixture.US_OIN))
                .orElseThrow();

        assertThatThrownBy(() -> us.checkReceipt(
                        ReceiptReferences.ofSignedEnvelope(XmlElement.parse(receipt.sent())),
                        receipt.document(),
                        receipt.verified(),
                        ours))
                .isInstanceOfSatisfying(
                        SecurityFailureException.class,
                        e -> assertThat(e.reason()).isEqualTo(SecurityFailureException.Reason.SIGNER_NOT_IN_CPA));
    }

    @Test
    void anUnsignedSignalHasNoVerifiedSignature() throws Exception {
        EbmsMessage ack = new SignalFactory(new MessageIds("peer.test"))
                .acknowledgment(f.message(Profile.OSB_RM_S).context().message().header());
        Document unsigned = SafeXml.parse(peer.sealSignal(ack, cpa(), PartyId.oin("00000099000000003000")));

        assertThat(us.verifySignal(unsigned, cpa(), PartyId.oin(InboundCheckFixture.PEER_OIN)))
                .isEmpty();
    }
}
