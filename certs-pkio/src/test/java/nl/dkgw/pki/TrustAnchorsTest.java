package nl.dkgw.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import nl.dkgw.pki.support.SharedTestPki;
import nl.dkgw.pki.testpki.TestPki;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrustAnchorsTest {

    static KeyPair keys;
    final TestPki pki = SharedTestPki.get();

    @BeforeAll
    static void key() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        keys = generator.generateKeyPair();
    }

    @Test
    void readsAnchorsFromKeyStoreAndPem() {
        assertThat(TrustAnchors.fromKeyStore(pki.trustStore(), pki.password()).certificates())
                .containsExactly(pki.rootCertificate());
        assertThat(TrustAnchors.fromPem(pki.trustStorePem()).certificates()).containsExactly(pki.rootCertificate());
        assertThat(TrustAnchors.of(List.of(pki.rootCertificate(), pki.rootCertificate()))
                        .certificates())
                .hasSize(1);
    }

    @Test
    void refusesACertificateClaimingToBeTheG1RootWithAnotherFingerprint() throws Exception {
        X509Certificate fake = selfSigned("CN=Staat der Nederlanden Private Root CA - G1,O=Staat der Nederlanden,C=NL");

        assertThatThrownBy(() -> TrustAnchors.of(List.of(fake)))
                .isInstanceOf(UntrustedAnchorException.class)
                .hasMessageContaining("Staat der Nederlanden Private Root CA - G1")
                .hasMessageContaining(PkiOverheidRoots.G1.sha256())
                .hasMessageContaining(CertificateThumbprint.sha256(fake))
                .hasMessageContaining("cert.pkioverheid.nl");
    }

    @Test
    void refusesAFakeG4RootAlsoWhenAddedToExistingAnchors() throws Exception {
        X509Certificate fake =
                selfSigned("CN=Staat der Nederlanden - G4 Root Priv G-TLS - 2024,O=Staat der Nederlanden,C=NL");
        TrustAnchors anchors = pki.trustAnchors();

        assertThatThrownBy(() -> anchors.with(fake))
                .isInstanceOf(UntrustedAnchorException.class)
                .hasMessageContaining(PkiOverheidRoots.G4.sha256());
    }

    @Test
    void acceptsRootsThatDoNotClaimAPkiOverheidName() throws Exception {
        X509Certificate other = selfSigned("CN=Some Private Root,C=NL");

        assertThat(TrustAnchors.of(List.of(other)).certificates()).containsExactly(other);
        assertThat(PkiOverheidRoots.isGenuine(other)).isFalse();
    }

    static X509Certificate selfSigned(String dn) throws Exception {
        X500Name name = new X500Name(dn);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var builder = new JcaX509v3CertificateBuilder(
                name, BigInteger.TEN, Date.from(now), Date.from(now.plus(1, ChronoUnit.DAYS)), name, keys.getPublic());
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }
}
