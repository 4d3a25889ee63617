package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFixtures.A;
import static nl.dkgw.gateway.security.SecurityFixtures.envelope;
import static nl.dkgw.gateway.security.SecurityFixtures.overTheWire;
import static nl.dkgw.gateway.security.SecurityFixtures.pki;
import static nl.dkgw.gateway.security.SecurityFixtures.signingCertificate;
import static nl.dkgw.gateway.security.SecurityFixtures.signingKey;
import static nl.dkgw.gateway.security.SecurityFixtures.validator;
import static nl.dkgw.gateway.security.SecurityFixtures.xmlPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.security.SecurityFailureException.Reason;
import nl.dkgw.pki.IntermediateCertificates;
import nl.dkgw.pki.SubjectName;
import nl.dkgw.pki.validation.CertificateValidator;
import nl.dkgw.pki.validation.DirectoryCrlSource;
import nl.dkgw.pki.validation.PkioCertificateValidator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * A signature whose ds:KeyInfo holds only the signer's certificate (XML-DSig allows it; the reference adapter signs
 * so), verified against a trust store with only the root: the path to the root is built from the intermediates the
 * node is configured with, or those the CPA holds for the party, and the refusal without them names the missing issuer.
 */
class LeafOnlyKeyInfoTest {

    private final List<Payload> payloads = List.of(xmlPayload("leaf", "alleen het eigen certificaat"));
    private final X509Certificate issuing = pki().issuingCaCertificate();
    private final X509Certificate domain = pki().caCertificates().get(1);

    @TempDir
    Path dir;

    @Test
    void ourSignerCarriesTheChainByDefaultAndOnlyTheLeafWhenAsked() throws Exception {
        Document chain = signed(KeyInfoContent.CHAIN);
        Document leaf = signed(KeyInfoContent.LEAF);

        assertThat(KeyInfoCertificates.of(
                        SoapParts.signatures(SoapParts.header(chain)).get(0)))
                .containsExactly(signingCertificate(A), issuing, domain);
        assertThat(KeyInfoCertificates.of(
                        SoapParts.signatures(SoapParts.header(leaf)).get(0)))
                .containsExactly(signingCertificate(A));
        assertThat(leaf.getElementsByTagNameNS(Namespaces.DS, "X509Certificate").getLength())
                .isEqualTo(1);
    }

    @Test
    void withoutItsIntermediatesTheSignerIsRefusedAndTheMissingIssuerIsNamed() throws Exception {
        Document signed = signed(KeyInfoContent.LEAF);

        assertThatThrownBy(() ->
                        new SignatureVerifier().verify(signed, payloads, signingCertificate(A), List.of(), validator()))
                .isInstanceOf(SecurityFailureException.class)
                .satisfies(e -> assertThat(((SecurityFailureException) e).reason())
                        .isEqualTo(Reason.SIGNER_CERTIFICATE_INVALID))
                .hasMessageContaining("no path from '" + SubjectName.of(signingCertificate(A))
                        + "' to a trusted root: issuer '" + SubjectName.of(issuing) + "' not found")
                .hasMessageContaining("configure it under tls.intermediates")
                .hasMessageContaining("dkgw certs trust add");
    }

    @Test
    void theConfiguredIntermediatesCompleteThePath() throws Exception {
        Path bundle = Files.writeString(dir.resolve("intermediates.pem"), pem(issuing, domain));
        CertificateValidator configured = PkioCertificateValidator.builder(pki().trustAnchors())
                .intermediates(IntermediateCertificates.load(bundle))
                .crlSource(new DirectoryCrlSource(pki().crlDirectory()))
                .build();

        VerifiedSignature verified = new SignatureVerifier()
                .verify(signed(KeyInfoContent.LEAF), payloads, signingCertificate(A), List.of(), configured);

        assertThat(verified.signer()).isEqualTo(signingCertificate(A));
    }

    @Test
    void theCaCertificatesInTheCpaCompleteThePath() throws Exception {
        List<X509Certificate> inCpa = List.of(signingCertificate(A), issuing, domain);

        VerifiedSignature verified = new SignatureVerifier()
                .verify(signed(KeyInfoContent.LEAF), payloads, signingCertificate(A), inCpa, validator());

        assertThat(verified.signer()).isEqualTo(signingCertificate(A));
    }

    @Test
    void cpaAndConfiguredIntermediatesTogetherCompleteThePathButNeitherReplacesTheRoot() throws Exception {
        CertificateValidator knowsDomainCa = PkioCertificateValidator.builder(pki().trustAnchors())
                .intermediates(IntermediateCertificates.of(List.of(domain)))
                .build();
        new SignatureVerifier()
                .verify(signed(KeyInfoContent.LEAF), payloads, signingCertificate(A), List.of(issuing), knowsDomainCa);

        assertThatThrownBy(() -> new SignatureVerifier()
                        .verify(
                                signed(KeyInfoContent.LEAF),
                                payloads,
                                signingCertificate(A),
                                List.of(issuing),
                                validator()))
                .hasMessageContaining("issuer '" + SubjectName.of(domain) + "' not found");
    }

    private Document signed(KeyInfoContent keyInfo) throws Exception {
        return overTheWire(new MessageSigner(Canonicalization.INCLUSIVE, keyInfo)
                .sign(
                        envelope(payloads),
                        payloads,
                        signingKey(A),
                        SignatureAlgorithms.RSA_SHA256,
                        SignatureAlgorithms.SHA256));
    }

    private static String pem(X509Certificate... certificates) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate c : certificates) {
                writer.writeObject(c);
            }
        }
        return text.toString();
    }
}
