package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFixtures.A;
import static nl.dkgw.gateway.security.SecurityFixtures.B;
import static nl.dkgw.gateway.security.SecurityFixtures.acknowledgmentEnvelope;
import static nl.dkgw.gateway.security.SecurityFixtures.binaryPayload;
import static nl.dkgw.gateway.security.SecurityFixtures.envelope;
import static nl.dkgw.gateway.security.SecurityFixtures.first;
import static nl.dkgw.gateway.security.SecurityFixtures.overTheWire;
import static nl.dkgw.gateway.security.SecurityFixtures.signingCertificate;
import static nl.dkgw.gateway.security.SecurityFixtures.signingKey;
import static nl.dkgw.gateway.security.SecurityFixtures.validator;
import static nl.dkgw.gateway.security.SecurityFixtures.xmlPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.security.SecurityFailureException.Reason;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.gateway.xml.XmlElement;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Non-repudiation of receipt: b verifies a's signed message, answers with a signed Acknowledgment carrying the
 * message's ds:Reference elements, and a checks that receipt against the message it sent.
 */
class SignedReceiptTest {

    private final List<Payload> payloads = List.of(xmlPayload("receipt", "een"), binaryPayload("receipt-bin"));

    /** a's side: the signed envelope as stored and sent. */
    private Document sent() throws SecurityFailureException {
        return new MessageSigner()
                .sign(
                        envelope(payloads),
                        payloads,
                        signingKey(A),
                        SignatureAlgorithms.RSA_SHA256,
                        SignatureAlgorithms.SHA256);
    }

    /** a's side: the references of the message it sent, read from its DOM tree. */
    private static List<XmlElement> referencesOf(Document sent) throws SecurityFailureException {
        return ReceiptReferences.ofSignedEnvelope(XmlElement.of(sent.getDocumentElement()));
    }

    /** b's side: verify the message, then build and sign the Acknowledgment that carries its references. */
    private Document signedReceiptFor(Document received, List<Payload> receivedPayloads) throws Exception {
        VerifiedSignature verified =
                new SignatureVerifier().verify(received, receivedPayloads, signingCertificate(A), validator());
        String messageId = first(received, Namespaces.EB, "MessageId").getTextContent();
        Document ack = acknowledgmentEnvelope(messageId);
        ReceiptReferences.attach(ack, verified.references());
        return overTheWire(new MessageSigner()
                .sign(ack, List.of(), signingKey(B), SignatureAlgorithms.RSA_SHA256, SignatureAlgorithms.SHA256));
    }

    @Test
    void signedReceiptCarriesTheReferencesOfTheAcknowledgedMessage() throws Exception {
        Document sent = sent();
        Document ack = signedReceiptFor(overTheWire(sent), payloads);

        // a: verify b's signature on the Acknowledgment, then that it acknowledges exactly what a signed.
        new SignatureVerifier().verify(ack, List.of(), signingCertificate(B), validator());
        ReceiptVerifier.check(referencesOf(sent), ack);

        List<Element> carried = ReceiptReferences.ofAcknowledgment(ack);
        assertThat(carried)
                .extracting(e -> e.getAttribute("URI"))
                .containsExactly(
                        "",
                        "cid:" + payloads.get(0).contentId(),
                        "cid:" + payloads.get(1).contentId());
        assertThat(carried.get(0).getParentNode().getLocalName()).isEqualTo("Acknowledgment");
        EbmsMessage read = new EnvelopeReader().read(ack, List.of());
        assertThat(read.acknowledgment().refToMessageId())
                .isEqualTo(first(sent, Namespaces.EB, "MessageId").getTextContent());
    }

    @Test
    void theSentEnvelopeReadBackWithStaxGivesTheSameReferencesAsItsDomTree() throws Exception {
        Document sent = sent();
        XmlElement readBack = XmlElement.parse(SafeXml.serialize(sent));
        Document ack = signedReceiptFor(overTheWire(sent), payloads);

        List<XmlElement> fromStax = ReceiptReferences.ofSignedEnvelope(readBack);
        List<XmlElement> fromDom = referencesOf(sent);
        assertThat(fromStax)
                .extracting(r -> r.attribute(null, "URI"))
                .containsExactly(
                        "",
                        "cid:" + payloads.get(0).contentId(),
                        "cid:" + payloads.get(1).contentId())
                .isEqualTo(fromDom.stream().map(r -> r.attribute(null, "URI")).toList());
        assertThat(fromStax)
                .extracting(r -> r.children(Namespaces.DS, "DigestValue").get(0).text())
                .isEqualTo(fromDom.stream()
                        .map(r ->
                                r.children(Namespaces.DS, "DigestValue").get(0).text())
                        .toList());
        ReceiptVerifier.check(fromStax, ack);
    }

    @Test
    void anEnvelopeWithoutASignatureHasNoReferencesToCompare() throws Exception {
        XmlElement unsigned = XmlElement.parse(SafeXml.serialize(envelope(payloads)));

        assertThatThrownBy(() -> ReceiptReferences.ofSignedEnvelope(unsigned))
                .isInstanceOfSatisfying(
                        SecurityFailureException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_SIGNED))
                .hasMessageContaining("has 0 ds:Signature elements in SOAP:Header");
    }

    @Test
    void receiptForOtherContentIsRefused() throws Exception {
        Document sent = sent();
        // b received (and acknowledged) another message with other payloads.
        List<Payload> other = List.of(xmlPayload("receipt", "twee"), binaryPayload("receipt-bin"));
        Document otherMessage = overTheWire(new MessageSigner()
                .sign(
                        envelope(other),
                        other,
                        signingKey(A),
                        SignatureAlgorithms.RSA_SHA256,
                        SignatureAlgorithms.SHA256));
        Document ack = signedReceiptFor(otherMessage, other);
        new SignatureVerifier().verify(ack, List.of(), signingCertificate(B), validator());

        assertThatThrownBy(() -> ReceiptVerifier.check(referencesOf(sent), ack))
                .isInstanceOf(SecurityFailureException.class)
                .hasMessageContaining("reference URI=\"\" (the SOAP envelope): the Acknowledgment carries digest")
                .hasMessageContaining("acknowledged other content than we signed")
                .satisfies(
                        e -> assertThat(((SecurityFailureException) e).reason()).isEqualTo(Reason.RECEIPT_MISMATCH));
    }

    @Test
    void acknowledgmentWithoutReferencesIsNotASignedReceipt() throws Exception {
        Document sent = sent();
        Document ack = overTheWire(new MessageSigner()
                .sign(
                        acknowledgmentEnvelope("x@a"),
                        List.of(),
                        signingKey(B),
                        SignatureAlgorithms.RSA_SHA256,
                        SignatureAlgorithms.SHA256));

        assertThatThrownBy(() -> ReceiptVerifier.check(referencesOf(sent), ack))
                .isInstanceOf(SecurityFailureException.class)
                .hasMessageContaining("carries no ds:Reference elements");
    }

    @Test
    void receiptMissingAPayloadReferenceIsRefused() throws Exception {
        Document sent = sent();
        VerifiedSignature verified =
                new SignatureVerifier().verify(overTheWire(sent), payloads, signingCertificate(A), validator());
        Document ack = acknowledgmentEnvelope("x@a");
        ReceiptReferences.attach(ack, verified.references().subList(0, 2));

        assertThatThrownBy(() -> ReceiptVerifier.check(referencesOf(sent), overTheWire(ack)))
                .isInstanceOf(SecurityFailureException.class)
                .hasMessageContaining("lacks reference cid:" + payloads.get(1).contentId());
    }

    @Test
    void referencesInTheReceiptAreProtectedByItsSignature() throws Exception {
        Document ack = signedReceiptFor(overTheWire(sent()), payloads);
        Element digest = (Element) ReceiptReferences.ofAcknowledgment(ack)
                .get(1)
                .getElementsByTagNameNS(Namespaces.DS, "DigestValue")
                .item(0);
        digest.setTextContent("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");

        assertThatThrownBy(() -> new SignatureVerifier().verify(ack, List.of(), signingCertificate(B), validator()))
                .isInstanceOf(SecurityFailureException.class)
                .satisfies(
                        e -> assertThat(((SecurityFailureException) e).reason()).isEqualTo(Reason.DIGEST_MISMATCH));
    }
}
