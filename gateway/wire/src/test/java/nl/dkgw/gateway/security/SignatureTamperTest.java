package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFixtures.A;
import static nl.dkgw.gateway.security.SecurityFixtures.B;
import static nl.dkgw.gateway.security.SecurityFixtures.C;
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

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.security.SecurityFailureException.Reason;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.testpki.TestPki;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Every way a signed message can be wrong is refused, each with its own reason and a message that names it. */
class SignatureTamperTest {

    private final List<Payload> payloads = List.of(xmlPayload("first", "een"), binaryPayload("second"));

    private Document signedByA() throws SecurityFailureException {
        return overTheWire(new MessageSigner()
                .sign(
                        envelope(payloads),
                        payloads,
                        signingKey(A),
                        SignatureAlgorithms.RSA_SHA256,
                        SignatureAlgorithms.SHA256));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> verifying(
            Document doc, List<Payload> parts, X509Certificate cpaCertificate, Reason reason) {
        return assertThatThrownBy(() -> new SignatureVerifier().verify(doc, parts, cpaCertificate, validator()))
                .isInstanceOf(SecurityFailureException.class)
                .satisfies(
                        e -> assertThat(((SecurityFailureException) e).reason()).isEqualTo(reason));
    }

    @Test
    void payloadChangedByOneByteIsRefused() throws Exception {
        Document signed = signedByA();
        byte[] changed = payloads.get(1).data().clone();
        changed[100] ^= 0x01;
        List<Payload> received = List.of(
                payloads.get(0),
                new Payload(payloads.get(1).contentId(), payloads.get(1).contentType(), changed));

        verifying(signed, received, signingCertificate(A), Reason.DIGEST_MISMATCH)
                .hasMessageContaining("reference cid:" + payloads.get(1).contentId())
                .hasMessageContaining("payload part was changed after signing")
                .hasMessageNotContaining("cid:" + payloads.get(0).contentId());
    }

    @Test
    void changedHeaderFieldIsRefused() throws Exception {
        Document signed = signedByA();
        first(signed, Namespaces.EB, "Action").setTextContent("anotherAction");

        verifying(signed, payloads, signingCertificate(A), Reason.DIGEST_MISMATCH)
                .hasMessageContaining("reference URI=\"\" (the SOAP envelope)")
                .hasMessageContaining("header or body element was changed after signing");
    }

    @Test
    void certificateSwappedInKeyInfoIsRefused() throws Exception {
        // Signed with a's key, but KeyInfo claims b's certificate, which the CPA names: the signature value fails.
        Document signed = signedByA();
        Element certificate = first(signed, Namespaces.DS, "X509Certificate");
        certificate.setTextContent(
                Base64.getEncoder().encodeToString(signingCertificate(B).getEncoded()));

        verifying(signed, payloads, signingCertificate(B), Reason.SIGNATURE_VALUE_INVALID)
                .hasMessageContaining("signature value does not verify")
                .hasMessageContaining("b signing");
    }

    @Test
    void signedByACertificateTheCpaDoesNotNameIsRefused() throws Exception {
        Document signed = signedByA();

        verifying(signed, payloads, signingCertificate(B), Reason.SIGNER_NOT_IN_CPA)
                .hasMessageContaining("signed with certificate 'CN=a signing")
                .hasMessageContaining("but the CPA names 'CN=b signing");
    }

    @Test
    void revokedSignerIsRefused() throws Exception {
        KeyMaterial key = signingKey(C);
        Document signed = overTheWire(new MessageSigner()
                .sign(envelope(payloads), payloads, key, SignatureAlgorithms.RSA_SHA256, SignatureAlgorithms.SHA256));
        new SignatureVerifier().verify(signed, payloads, key.certificate(), validator());

        SecurityFixtures.pki().revoke(C, TestPki.Usage.SIGNING);

        verifying(signed, payloads, key.certificate(), Reason.SIGNER_CERTIFICATE_INVALID)
                .hasMessageContaining("signing certificate 'CN=c signing")
                .hasMessageContaining("revocation (CRL)")
                .hasMessageContaining("revoked");
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
        "http://www.w3.org/2000/09/xmldsig#rsa-sha1, http://www.w3.org/2000/09/xmldsig#sha1, RSA-SHA1",
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256, http://www.w3.org/2000/09/xmldsig#sha1, SHA-1",
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256, http://www.w3.org/2001/04/xmldsig-more#sha224, SHA-224",
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha224, http://www.w3.org/2001/04/xmlenc#sha256, RSA-SHA224"
    })
    void weakAlgorithmsAreRefusedEvenInAValidSignature(String signatureAlgorithm, String digestAlgorithm, String named)
            throws Exception {
        Document signed = overTheWire(
                LegacySigner.sign(envelope(payloads), payloads, signingKey(A), signatureAlgorithm, digestAlgorithm));

        verifying(signed, payloads, signingCertificate(A), Reason.ALGORITHM_REFUSED)
                .hasMessageContaining(named + " (")
                .hasMessageContaining("is refused");
    }

    @Test
    void signerRefusesToUseSha1() {
        assertThatThrownBy(() -> new MessageSigner()
                        .sign(
                                envelope(payloads),
                                payloads,
                                signingKey(A),
                                "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
                                SignatureAlgorithms.SHA256))
                .isInstanceOf(SecurityFailureException.class)
                .hasMessageContaining("RSA-SHA1")
                .satisfies(
                        e -> assertThat(((SecurityFailureException) e).reason()).isEqualTo(Reason.ALGORITHM_REFUSED));
    }

    @Test
    void payloadWithoutCidReferenceIsRefused() throws Exception {
        Payload extra = xmlPayload("smuggled", "not signed");
        List<Payload> received = List.of(payloads.get(0), payloads.get(1), extra);

        verifying(signedByA(), received, signingCertificate(A), Reason.PAYLOAD_NOT_SIGNED)
                .hasMessageContaining("payload part " + extra.contentId())
                .hasMessageContaining("no ds:Reference URI=\"cid:" + extra.contentId() + "\"");
    }

    @Test
    void unsignedMessageIsRefused() {
        verifying(overTheWire(envelope(payloads)), payloads, signingCertificate(A), Reason.NOT_SIGNED)
                .hasMessageContaining("the message is not signed");
    }

    @Test
    void secondSignatureIsRefused() throws Exception {
        Document signed = signedByA();
        Element signature = first(signed, Namespaces.DS, "Signature");
        signature.getParentNode().appendChild(signature.cloneNode(true));

        verifying(signed, payloads, signingCertificate(A), Reason.MORE_THAN_ONE_SIGNATURE)
                .hasMessageContaining("2 ds:Signature elements");
    }

    @Test
    void xpathThatWouldLeaveContentUnsignedIsRefused() throws Exception {
        Document signed = signedByA();
        first(signed, Namespaces.DS, "XPath").setTextContent("false()");

        verifying(signed, payloads, signingCertificate(A), Reason.REFERENCE_LAYOUT)
                .hasMessageContaining("not the ebMS 2.0 filter")
                .hasMessageContaining("'false()'");
    }

    @Test
    void signatureWithoutCertificateIsRefused() throws Exception {
        Document signed = signedByA();
        Element keyInfo = first(signed, Namespaces.DS, "KeyInfo");
        keyInfo.getParentNode().removeChild(keyInfo);

        verifying(signed, payloads, signingCertificate(A), Reason.SIGNER_CERTIFICATE_MISSING)
                .hasMessageContaining("carries no ds:X509Data/ds:X509Certificate");
    }

    @Test
    void referenceToAPartThatIsNotThereIsRefused() throws Exception {
        Document signed = signedByA();

        verifying(signed, List.of(payloads.get(0)), signingCertificate(A), Reason.REFERENCE_LAYOUT)
                .hasMessageContaining("reference cid:" + payloads.get(1).contentId())
                .hasMessageContaining("not in the message");
    }

    @Test
    void contentSlippedInWithANextMshActorIsRefused() throws Exception {
        Document signed = signedByA();
        Element manifest = first(signed, Namespaces.EB, "Manifest");
        Element injected = signed.createElementNS(Namespaces.EB, "eb:Reference");
        injected.setAttributeNS(Namespaces.XLINK, "xlink:href", "cid:injected@evil");
        injected.setAttributeNS(Namespaces.SOAP, "SOAP:actor", Namespaces.ACTOR_NEXT_MSH);
        manifest.appendChild(injected);

        verifying(signed, payloads, signingCertificate(A), Reason.UNSIGNED_CONTENT)
                .hasMessageContaining("element eb:Reference (inside /SOAP:Envelope/SOAP:Body/eb:Manifest)")
                .hasMessageContaining("content added after signing");
    }

    @Test
    void moreReferencesThanSecureValidationAllowsAreRefusedInPlainWords() throws Exception {
        List<Payload> many = new ArrayList<>();
        for (int i = 0; i < SignedInfoRules.MAXIMUM_REFERENCES; i++) {
            many.add(xmlPayload("part" + i, "deel " + i));
        }
        Document signed = overTheWire(new MessageSigner()
                .sign(envelope(many), many, signingKey(A), SignatureAlgorithms.RSA_SHA256, SignatureAlgorithms.SHA256));

        verifying(signed, many, signingCertificate(A), Reason.REFERENCE_LAYOUT)
                .hasMessageContaining("at most " + SignedInfoRules.MAXIMUM_REFERENCES);
    }

    @Test
    void twoPartsWithTheSameContentIdAreRefused() throws Exception {
        List<Payload> twins = List.of(payloads.get(0), payloads.get(1), payloads.get(0));

        verifying(signedByA(), twins, signingCertificate(A), Reason.REFERENCE_LAYOUT)
                .hasMessageContaining(
                        "two payload parts share Content-ID " + payloads.get(0).contentId());
    }
}
