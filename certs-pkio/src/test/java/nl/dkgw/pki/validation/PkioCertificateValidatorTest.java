package nl.dkgw.pki.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.dkgw.pki.IntermediateCertificates;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.Oin;
import nl.dkgw.pki.SubjectName;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.support.SharedTestPki;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.testpki.TestPki.Usage;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkioCertificateValidatorTest {

    final TestPki pki = SharedTestPki.get();
    final CertificateValidator withoutCrls = CertificateValidator.trustAnchorsOnly(pki.trustAnchors());
    final CertificateValidator withCrls = PkioCertificateValidator.builder(pki.trustAnchors())
            .crlSource(new DirectoryCrlSource(pki.crlDirectory()))
            .build();
    final Instant now = Instant.now();

    private List<X509Certificate> chain(String party) {
        return KeyMaterial.fromPkcs12(pki.tlsClient(party), pki.password()).chain();
    }

    @Test
    void acceptsAGoodChainWithAndWithoutCrls() {
        assertThat(withoutCrls.validate(chain("alice"), now)).isEqualTo(ValidationResult.ok());
        assertThat(withCrls.validate(chain("alice"), now).problems()).isEmpty();
    }

    @Test
    void acceptsTheChainInAnyOrderAndWithTheRootIncluded() {
        List<X509Certificate> c = chain("bob");
        List<X509Certificate> shuffled = List.of(c.get(0), c.get(2), pki.rootCertificate(), c.get(1));
        assertThat(withCrls.validate(shuffled, now).valid()).isTrue();
    }

    @Test
    void rejectsAnExpiredCertificate() {
        ValidationResult result = withoutCrls.validate(chain("expired"), now);

        assertThat(result.valid()).isFalse();
        assertThat(result.summary())
                .contains("expired")
                .contains("[validity period]")
                .contains("expired on")
                .contains("renew");
    }

    @Test
    void rejectsACertificateNotYetValid() {
        assertThat(withoutCrls.validate(chain("early"), now).summary())
                .contains("[validity period]")
                .contains("not yet valid");
    }

    @Test
    void rejectsARevokedCertificateOnlyWhenCheckingCrls() {
        assertThat(withoutCrls.validate(chain("revoked"), now).valid()).isTrue();
        ValidationResult result = withCrls.validate(chain("revoked"), now);

        assertThat(result.summary())
                .contains("[revocation (CRL)]")
                .contains("was revoked on")
                .contains("KEY_COMPROMISE")
                .contains("revoked");
    }

    @Test
    void aRememberedPathIsStillCheckedForRevocationAtEveryValidation(@TempDir Path crls) throws Exception {
        PkioCertificateValidator validator = PkioCertificateValidator.builder(pki.trustAnchors())
                .crlSource(new DirectoryCrlSource(crls))
                .build();

        ValidationResult withoutCrl = validator.validate(chain("revoked"), now);
        assertThat(withoutCrl.summary()).as("no CRL yet: fails closed").contains("[revocation (CRL)]");
        assertThat(validator.rememberedPaths())
                .as("the path itself passed PKIX, and is remembered")
                .isEqualTo(1);

        try (DirectoryStream<Path> published = Files.newDirectoryStream(pki.crlDirectory())) {
            for (Path crl : published) {
                Files.copy(crl, crls.resolve(crl.getFileName()));
            }
        }
        assertThat(validator.validate(chain("revoked"), now).summary())
                .contains("[revocation (CRL)]")
                .contains("was revoked on");
        assertThat(validator.validate(chain("alice"), now).problems()).isEmpty();
        assertThat(validator.rememberedPaths()).isEqualTo(2);
    }

    @Test
    void aRememberedPathIsNotUsedOutsideItsCertificatesValidity() {
        PkioCertificateValidator validator =
                PkioCertificateValidator.builder(pki.trustAnchors()).build();
        List<X509Certificate> alice = chain("alice");
        assertThat(validator.validate(alice, now).problems()).isEmpty();

        Instant afterTheLeafExpired = alice.get(0).getNotAfter().toInstant().plusSeconds(1);
        assertThat(validator.validate(alice, afterTheLeafExpired).summary()).contains("[validity period]");
        assertThat(validator.validate(alice, now).problems()).isEmpty();
    }

    @Test
    void aChainThatFailsACertificateCheckIsRefusedAgainOnEveryValidation() {
        PkioCertificateValidator validator =
                PkioCertificateValidator.builder(pki.trustAnchors()).build();

        for (int i = 0; i < 3; i++) {
            assertThat(validator.validate(chain("nokeyusage"), now).summary()).contains("[key usage]");
            assertThat(validator.validate(chain("sha1"), now).summary()).contains("[SHA-2 signature]");
        }
        assertThat(validator.rememberedPaths())
                .as("a remembered path skips these checks, so only a path that passed them is remembered")
                .isZero();
        assertThat(validator.validate(chain("alice"), now).problems()).isEmpty();
        assertThat(validator.validate(chain("alice"), now).problems()).isEmpty();
        assertThat(validator.rememberedPaths()).isEqualTo(1);
    }

    @Test
    void aChainThatFailsIsNotRemembered() {
        PkioCertificateValidator validator =
                PkioCertificateValidator.builder(pki.trustAnchors()).build();

        assertThat(validator.validate(chain("expired"), now).valid()).isFalse();
        assertThat(validator.validate(List.of(chain("alice").get(0)), now).valid())
                .as("no intermediates: no path")
                .isFalse();

        assertThat(validator.rememberedPaths()).isZero();
    }

    @Test
    void rejectsACertificateWhoseOinIsNotTheExpectedParty() {
        ValidationResult result = withCrls.validate(chain("wrongoin"), now, Oin.parse("00000099000000005000"));

        assertThat(result.summary())
                .contains("[OIN mismatch]")
                .contains("00000099999999999000")
                .contains("00000099000000005000 was expected");
        assertThat(withCrls.validate(chain("alice"), now, Oin.parse(SharedTestPki.ALICE_OIN))
                        .valid())
                .isTrue();
    }

    @Test
    void rejectsACertificateMissingDigitalSignature() {
        assertThat(withoutCrls.validate(chain("nokeyusage"), now).summary())
                .contains("[key usage]")
                .contains("lacks keyUsage [DIGITAL_SIGNATURE]");
        CertificateValidator lenient = PkioCertificateValidator.builder(pki.trustAnchors())
                .requiredKeyUsage(EnumSet.of(KeyUsage.KEY_ENCIPHERMENT))
                .build();
        assertThat(lenient.validate(chain("nokeyusage"), now).valid()).isTrue();
    }

    @Test
    void rejectsASha1SignedCertificate() {
        assertThat(withoutCrls.validate(chain("sha1"), now).summary())
                .contains("[SHA-2 signature]")
                .contains("SHA1withRSA");
    }

    @Test
    void rejectsAChainUnderAnUntrustedRoot() {
        assertThat(withoutCrls.validate(chain("rogue"), now).summary())
                .contains("[trusted root]")
                .contains("DKGW TEST Untrusted Root CA");
    }

    @Test
    void rejectsAChainMissingItsIntermediates() {
        ValidationResult result = withoutCrls.validate(List.of(chain("alice").get(0)), now);

        assertThat(result.summary()).contains("[trusted root]").contains("send its full chain");
    }

    @Test
    void aLeafOnlyChainWithoutItsIntermediatesNamesTheMissingIssuerAndWhereToPutIt() {
        X509Certificate leaf = chain("alice").get(0);

        ValidationResult result = withCrls.validate(List.of(leaf), now);

        assertThat(result.valid()).isFalse();
        assertThat(result.summary())
                .contains("[trusted root] no path from '" + SubjectName.of(leaf) + "' to a trusted root: issuer '"
                        + SubjectName.issuerOf(leaf) + "' not found")
                .contains("configure it under tls.intermediates")
                .contains("dkgw certs trust add");
    }

    @Test
    void aLeafOnlyChainIsAcceptedWithItsIntermediatesConfigured() {
        CertificateValidator withIntermediates = PkioCertificateValidator.builder(pki.trustAnchors())
                .intermediates(IntermediateCertificates.of(
                        List.of(pki.issuingCaCertificate(), pki.caCertificates().get(1))))
                .crlSource(new DirectoryCrlSource(pki.crlDirectory()))
                .build();

        assertThat(withIntermediates
                        .validate(List.of(chain("alice").get(0)), now)
                        .problems())
                .isEmpty();
        assertThat(withIntermediates
                        .validate(List.of(chain("revoked").get(0)), now)
                        .summary())
                .contains("[revocation (CRL)]");
        assertThat(withIntermediates
                        .validate(List.of(chain("expired").get(0)), now)
                        .summary())
                .contains("[validity period]");
    }

    @Test
    void anIntermediateIsNeverATrustAnchor() {
        List<X509Certificate> rogue = chain("rogue");
        CertificateValidator knowsRogueIssuer = PkioCertificateValidator.builder(pki.trustAnchors())
                .intermediates(IntermediateCertificates.of(List.of(rogue.get(1))))
                .build();
        assertThat(knowsRogueIssuer.validate(List.of(rogue.get(0)), now).summary())
                .contains("[trusted root]");

        CertificateValidator withoutTheRoot = PkioCertificateValidator.builder(TrustAnchors.of(List.of(rogue.get(2))))
                .intermediates(IntermediateCertificates.of(
                        List.of(pki.issuingCaCertificate(), pki.caCertificates().get(1))))
                .build();
        assertThat(withoutTheRoot
                        .validate(List.of(chain("alice").get(0), pki.rootCertificate()), now)
                        .summary())
                .contains("[trusted root]")
                .contains("it ends at root '" + SubjectName.of(pki.rootCertificate())
                        + "', which is not among the trust anchors");
    }

    @Test
    void aLeafTrustedDirectlyIsStillCheckedForKeyUsageOinAndValidity() {
        X509Certificate expiredLeaf = chain("expired").get(0);
        CertificateValidator direct = CertificateValidator.trustAnchorsOnly(TrustAnchors.of(List.of(expiredLeaf)));

        assertThat(direct.validate(List.of(expiredLeaf), now).summary()).contains("[validity period]");
    }

    @Test
    void rejectsAnEmptyChain() {
        assertThat(withoutCrls.validate(List.of(), now).summary()).contains("No certificate was presented");
    }

    @Test
    void rejectsACertificateWithoutOin() {
        List<X509Certificate> caOnly =
                List.of(pki.issuingCaCertificate(), pki.caCertificates().get(1));
        CertificateValidator anyUsage = PkioCertificateValidator.builder(pki.trustAnchors())
                .requiredKeyUsage(EnumSet.noneOf(KeyUsage.class))
                .build();
        assertThat(anyUsage.validate(caOnly, now).summary()).contains("[OIN in subject serialNumber]");
    }

    @Test
    void anExpiredCrlFailsClosedUnlessWithinGrace() {
        Instant later = now.plus(Duration.ofDays(8));

        assertThat(withCrls.validate(chain("alice"), later).summary())
                .contains("[revocation (CRL)]")
                .contains("expired at");
        CertificateValidator graceful = PkioCertificateValidator.builder(pki.trustAnchors())
                .crlSource(new DirectoryCrlSource(pki.crlDirectory()))
                .crlGrace(Duration.ofDays(2))
                .build();
        assertThat(graceful.validate(chain("alice"), later).valid()).isTrue();
    }

    @Test
    void aMissingCrlFailsClosedAndNamesTheDistributionPoint() {
        CertificateValidator noCrls = PkioCertificateValidator.builder(pki.trustAnchors())
                .crlSource((cert, issuer) -> Optional.empty())
                .build();

        assertThat(noCrls.validate(chain("alice"), now).summary())
                .contains("no CRL of its issuer")
                .contains("issuing.crl");
    }

    /**
     * The issuing CA's CRL comes alternately as published and forged (its name, another key): the forged one is
     * refused every time, also right after the published one passed, whose check is remembered.
     */
    @Test
    void aCrlNotSignedByItsIssuerIsRefusedEachTimeItComes() throws Exception {
        DirectoryCrlSource published = new DirectoryCrlSource(pki.crlDirectory());
        X509Certificate issuing = pki.issuingCaCertificate();
        X509CRL forged = forgedCrlOf(issuing);
        AtomicBoolean forge = new AtomicBoolean();
        CertificateValidator validator = PkioCertificateValidator.builder(pki.trustAnchors())
                .crlSource((cert, issuer) ->
                        forge.get() && issuer.equals(issuing) ? Optional.of(forged) : published.crlFor(cert, issuer))
                .build();

        for (int i = 0; i < 2; i++) {
            forge.set(false);
            assertThat(validator.validate(chain("alice"), now).problems()).isEmpty();
            forge.set(true);
            assertThat(validator.validate(chain("alice"), now).summary())
                    .contains("[revocation (CRL)]")
                    .contains("is not signed by that issuer");
        }
    }

    /** A CRL in the name of {@code issuer}, current, signed by a key of its own. */
    private static X509CRL forgedCrlOf(X509Certificate issuer) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Instant at = Instant.now();
        X509v2CRLBuilder crl = new X509v2CRLBuilder(
                X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                Date.from(at.minus(Duration.ofHours(1))));
        crl.setNextUpdate(Date.from(at.plus(Duration.ofDays(1))));
        return new JcaX509CRLConverter()
                .getCRL(crl.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    }

    @Test
    void everyDefectHasItsOwnRule() {
        List<String> rules = List.of("expired", "early", "nokeyusage", "sha1", "rogue").stream()
                .map(p -> withCrls.validate(chain(p), now).problems().get(0).replaceAll("^.*?\\[(.*?)\\].*", "$1"))
                .toList();
        assertThat(rules)
                .containsExactly("validity period", "validity period", "key usage", "SHA-2 signature", "trusted root");
        assertThat(pki.certificate("expired", Usage.TLS_CLIENT).getNotAfter().toInstant())
                .isBefore(now);
    }
}
