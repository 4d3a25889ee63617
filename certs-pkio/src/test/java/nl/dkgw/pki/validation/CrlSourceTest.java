package nl.dkgw.pki.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.testpki.TestPki.PartySpec;
import nl.dkgw.pki.testpki.TestPki.Usage;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrlSourceTest {

    @TempDir
    Path dir;

    @Test
    void firstOfSkipsAnExpiredCrlWhenALaterSourceHasAFreshOne() {
        TestPki pki = TestPki.generate(dir, List.of(new PartySpec("alice", "00000099000000001000")));
        X509CRL fresh = pki.crl("issuing");
        Instant now = Instant.now();
        pki.reissueCrls(now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(2)));
        X509CRL expired = pki.crl("issuing");
        var cert = pki.certificate("alice", Usage.TLS_CLIENT);
        var issuer = pki.issuingCaCertificate();

        assertThat(CrlSource.firstOf((c, i) -> Optional.of(expired), (c, i) -> Optional.of(fresh))
                        .crlFor(cert, issuer))
                .contains(fresh);
        assertThat(CrlSource.firstOf((c, i) -> Optional.of(fresh), (c, i) -> Optional.of(expired))
                        .crlFor(cert, issuer))
                .contains(fresh);
        assertThat(CrlSource.firstOf((c, i) -> Optional.empty(), (c, i) -> Optional.of(expired))
                        .crlFor(cert, issuer))
                .contains(expired);
        assertThat(CrlSource.firstOf((c, i) -> Optional.empty()).crlFor(cert, issuer))
                .isEmpty();
    }

    @Test
    void directorySourcePicksTheIssuersCrlAndNoticesRewrites() {
        TestPki pki = TestPki.generate(dir, List.of(new PartySpec("alice", "00000099000000001000")));
        DirectoryCrlSource source = new DirectoryCrlSource(pki.crlDirectory());
        var cert = pki.certificate("alice", Usage.TLS_CLIENT);

        assertThat(source.crlFor(cert, pki.issuingCaCertificate()).orElseThrow().isRevoked(cert))
                .isFalse();
        pki.revoke("alice", Usage.TLS_CLIENT);
        assertThat(source.crlFor(cert, pki.issuingCaCertificate()).orElseThrow().isRevoked(cert))
                .isTrue();
        assertThat(source.crlFor(
                                pki.issuingCaCertificate(), pki.caCertificates().get(1))
                        .orElseThrow()
                        .getIssuerX500Principal())
                .isEqualTo(pki.caCertificates().get(1).getSubjectX500Principal());
        assertThat(new DirectoryCrlSource(dir.resolve("absent")).crlFor(cert, pki.issuingCaCertificate()))
                .isEmpty();
    }

    @Test
    void aCrlIsUsedOnlyForTheIssuerWhoseKeySignedItHoweverOftenItIsAskedFor() throws Exception {
        TestPki pki = TestPki.generate(dir, List.of(new PartySpec("alice", "00000099000000001000")));
        X509Certificate issuer = pki.issuingCaCertificate();
        X509Certificate impostor = sameNameOtherKey(issuer);
        var cert = pki.certificate("alice", Usage.TLS_CLIENT);
        DirectoryCrlSource source = new DirectoryCrlSource(pki.crlDirectory());

        for (int i = 0; i < 3; i++) {
            assertThat(source.crlFor(cert, issuer)).isPresent();
            assertThat(source.crlFor(cert, impostor))
                    .as("same issuer name, another key")
                    .isEmpty();
        }
    }

    @Test
    void aCrlFileAddedOrRemovedIsSeenAtTheNextLookup() throws Exception {
        TestPki pki = TestPki.generate(dir.resolve("pki"), List.of(new PartySpec("alice", "00000099000000001000")));
        var cert = pki.certificate("alice", Usage.TLS_CLIENT);
        Path crls = Files.createDirectories(dir.resolve("crls"));
        // a directory last changed long ago: its listing is reused until it changes
        Files.setLastModifiedTime(crls, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        DirectoryCrlSource source = new DirectoryCrlSource(crls);
        assertThat(source.crlFor(cert, pki.issuingCaCertificate())).isEmpty();
        assertThat(source.crlFor(cert, pki.issuingCaCertificate())).isEmpty();

        List<Path> published;
        try (var files = Files.list(pki.crlDirectory())) {
            published = files.toList();
        }
        for (Path crl : published) {
            Files.copy(crl, crls.resolve(crl.getFileName()));
        }
        assertThat(source.crlFor(cert, pki.issuingCaCertificate())).isPresent();

        for (Path crl : published) {
            Files.delete(crls.resolve(crl.getFileName()));
        }
        assertThat(source.crlFor(cert, pki.issuingCaCertificate())).isEmpty();
        assertThat(source.all()).isEmpty();
    }

    /** A self-signed certificate with the subject of {@code issuer} and a key of its own. */
    private static X509Certificate sameNameOtherKey(X509Certificate issuer) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        Instant now = Instant.now();
        return new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                name,
                                BigInteger.ONE,
                                Date.from(now.minus(Duration.ofDays(1))),
                                Date.from(now.plus(Duration.ofDays(1))),
                                name,
                                keys.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    }
}
