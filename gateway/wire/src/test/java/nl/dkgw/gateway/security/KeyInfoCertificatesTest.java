package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFixtures.A;
import static nl.dkgw.gateway.security.SecurityFixtures.B;
import static nl.dkgw.gateway.security.SecurityFixtures.envelope;
import static nl.dkgw.gateway.security.SecurityFixtures.overTheWire;
import static nl.dkgw.gateway.security.SecurityFixtures.signingCertificate;
import static nl.dkgw.gateway.security.SecurityFixtures.signingKey;
import static nl.dkgw.gateway.security.SecurityFixtures.xmlPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.util.List;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.security.SecurityFailureException.Reason;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The certificates read from a signature's ds:KeyInfo: parsed once for the same encoded text and reused, never for
 * other text, and a certificate that cannot be read is refused as before, also when an earlier one could be.
 */
class KeyInfoCertificatesTest {

    private final List<Payload> payloads = List.of(xmlPayload("cert", "tweemaal hetzelfde certificaat"));

    @Test
    void theSameCertificatesInALaterSignatureAreTheOnesParsedBefore() throws Exception {
        List<X509Certificate> first = KeyInfoCertificates.of(signature(signed(A)));
        List<X509Certificate> second = KeyInfoCertificates.of(signature(signed(A)));

        assertThat(second).containsExactlyElementsOf(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).isSameAs(first.get(i));
        }
        assertThat(KeyInfoCertificates.signer(second)).isEqualTo(signingCertificate(A));
    }

    @Test
    void otherEncodedTextIsParsedOnItsOwn() throws Exception {
        KeyInfoCertificates.of(signature(signed(A)));

        List<X509Certificate> other = KeyInfoCertificates.of(signature(signed(B)));

        assertThat(KeyInfoCertificates.signer(other)).isEqualTo(signingCertificate(B));
        assertThat(KeyInfoCertificates.signer(other)).isNotEqualTo(signingCertificate(A));
    }

    @Test
    void aDamagedCopyOfAKnownCertificateIsRefused() throws Exception {
        KeyInfoCertificates.of(signature(signed(A)));
        Element signature = signature(signed(A));
        Element encoded = (Element) signature
                .getElementsByTagNameNS(Namespaces.DS, "X509Certificate")
                .item(0);
        String text = encoded.getTextContent().trim();
        encoded.setTextContent(text.substring(0, text.length() / 2));

        assertThatThrownBy(() -> KeyInfoCertificates.of(signature))
                .isInstanceOf(SecurityFailureException.class)
                .satisfies(
                        e -> assertThat(((SecurityFailureException) e).reason()).isEqualTo(Reason.MALFORMED_SIGNATURE))
                .hasMessageContaining("not a readable X.509 certificate");
    }

    @Test
    void manyDifferentCertificatesDoNotGrowTheRememberedSetBeyondItsBound() throws Exception {
        Element signature = signature(signed(A));
        Element encoded = (Element) signature
                .getElementsByTagNameNS(Namespaces.DS, "X509Certificate")
                .item(0);
        String text = encoded.getTextContent().trim();
        // the same certificate with a different line layout: other text, so each is parsed and remembered on its own
        for (int i = 1; i <= KeyInfoCertificates.REMEMBERED + 10; i++) {
            encoded.setTextContent(text.substring(0, i) + "\n" + text.substring(i));
            assertThat(KeyInfoCertificates.signer(KeyInfoCertificates.of(signature)))
                    .isEqualTo(signingCertificate(A));
        }

        assertThat(KeyInfoCertificates.remembered()).isLessThanOrEqualTo(KeyInfoCertificates.REMEMBERED);
    }

    private Document signed(String party) throws Exception {
        return overTheWire(new MessageSigner()
                .sign(
                        envelope(payloads),
                        payloads,
                        signingKey(party),
                        SignatureAlgorithms.RSA_SHA256,
                        SignatureAlgorithms.SHA256));
    }

    private static Element signature(Document signed) {
        return SoapParts.signatures(SoapParts.header(signed)).get(0);
    }
}
