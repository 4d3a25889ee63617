package nl.dkgw.gateway.msh.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.util.Optional;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.Profile;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.msh.MessageIds;
import nl.dkgw.gateway.msh.MessageSecurity;
import nl.dkgw.gateway.msh.SignalFactory;
import nl.dkgw.gateway.security.SecurityFailureException;
import nl.dkgw.gateway.security.VerifiedSignature;
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
        XmlElement sent = XmlElement.parse(receipt.sent());

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
        XmlElement sent = XmlElement.parse(sent("<report>1</report>"));

        assertThatThrownBy(
                        () -> us.checkReceipt(sent, ofOther.document(), ofOther.verified(), peerSigningCertificate()))
                .isInstanceOfSatisfying(
                        SecurityFailureException.class,
                        e -> assertThat(e.reason()).isEqualTo(SecurityFailureException.Reason.RECEIPT_MISMATCH));
    }

    @Test
    void aReceiptVerifiedWithAnotherCertificateThanThePeersIsRefused() throws Exception {
        Receipt receipt = receiptOf("<report>1</report>");
        X509Certificate ours = cpa().signingCertificateOf(PartyId.oin(InboundCheckFixture.US_OIN))
                .orElseThrow();

        assertThatThrownBy(() ->
                        us.checkReceipt(XmlElement.parse(receipt.sent()), receipt.document(), receipt.verified(), ours))
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
