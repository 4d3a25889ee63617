package nl.dkgw.pki.testpki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A CA of the test PKI: its key and certificate, and the means to issue certificates and CRLs with Bouncy Castle. */
final class TestCertificateAuthority {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a leaf certificate should look like. */
    record LeafProfile(
            X500Name subject,
            PublicKey publicKey,
            Instant notBefore,
            Instant notAfter,
            int keyUsage,
            List<KeyPurposeId> extendedKeyUsage,
            List<GeneralName> subjectAltNames,
            String signatureAlgorithm,
            String ocspUrl) {}

    private final String fileName;
    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final String crlUrl;

    TestCertificateAuthority(String fileName, PrivateKey privateKey, X509Certificate certificate, String crlUrl) {
        this.fileName = fileName;
        this.privateKey = privateKey;
        this.certificate = certificate;
        this.crlUrl = crlUrl;
    }

    static TestCertificateAuthority selfSignedRoot(
            String fileName, X500Name name, KeyPair keys, Instant notBefore, Instant notAfter, String crlUrl) {
        X509Certificate cert = build(
                name,
                keys.getPublic(),
                name,
                keys.getPublic(),
                keys.getPrivate(),
                notBefore,
                notAfter,
                "SHA256withRSA",
                builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    builder.addExtension(
                            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                });
        return new TestCertificateAuthority(fileName, keys.getPrivate(), cert, crlUrl);
    }

    TestCertificateAuthority subordinate(
            String subFileName,
            X500Name name,
            KeyPair keys,
            int pathLength,
            Instant notBefore,
            Instant notAfter,
            String subCrlUrl) {
        X509Certificate cert = build(
                name,
                keys.getPublic(),
                issuerName(),
                certificate.getPublicKey(),
                privateKey,
                notBefore,
                notAfter,
                "SHA256withRSA",
                builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
                    builder.addExtension(
                            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                    addCrlDistributionPoint(builder);
                });
        return new TestCertificateAuthority(subFileName, keys.getPrivate(), cert, subCrlUrl);
    }

    X509Certificate issue(LeafProfile profile) {
        return build(
                profile.subject(),
                profile.publicKey(),
                issuerName(),
                certificate.getPublicKey(),
                privateKey,
                profile.notBefore(),
                profile.notAfter(),
                profile.signatureAlgorithm(),
                builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    if (profile.keyUsage() != 0) {
                        builder.addExtension(Extension.keyUsage, true, new KeyUsage(profile.keyUsage()));
                    }
                    if (!profile.extendedKeyUsage().isEmpty()) {
                        builder.addExtension(
                                Extension.extendedKeyUsage,
                                false,
                                new ExtendedKeyUsage(profile.extendedKeyUsage().toArray(KeyPurposeId[]::new)));
                    }
                    if (!profile.subjectAltNames().isEmpty()) {
                        builder.addExtension(
                                Extension.subjectAlternativeName,
                                false,
                                new GeneralNames(profile.subjectAltNames().toArray(GeneralName[]::new)));
                    }
                    addCrlDistributionPoint(builder);
                    if (profile.ocspUrl() != null) {
                        builder.addExtension(
                                Extension.authorityInfoAccess,
                                false,
                                new AuthorityInformationAccess(
                                        X509ObjectIdentifiers.ocspAccessMethod,
                                        new GeneralName(GeneralName.uniformResourceIdentifier, profile.ocspUrl())));
                    }
                });
    }

    /** A CRL listing the given serial numbers as revoked (reason keyCompromise), valid from thisUpdate. */
    X509CRL crl(List<BigInteger> revoked, Instant thisUpdate, Instant nextUpdate, BigInteger crlNumber) {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(issuerName(), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            for (BigInteger serial : revoked) {
                builder.addCRLEntry(serial, Date.from(thisUpdate), CRLReason.keyCompromise);
            }
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    utils.createAuthorityKeyIdentifier(certificate.getPublicKey()));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
            X509CRLHolder holder = builder.build(signer("SHA256withRSA", privateKey));
            return new JcaX509CRLConverter().getCRL(holder);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot build test CRL: " + e.getMessage(), e);
        }
    }

    String fileName() {
        return fileName;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    X509Certificate certificate() {
        return certificate;
    }

    private X500Name issuerName() {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    private void addCrlDistributionPoint(X509v3CertificateBuilder builder) throws CertIOException {
        if (crlUrl == null) {
            return;
        }
        GeneralNames names = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl));
        DistributionPoint point = new DistributionPoint(new DistributionPointName(names), null, null);
        builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {point}));
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws CertIOException;
    }

    private static X509Certificate build(
            X500Name subject,
            PublicKey subjectKey,
            X500Name issuer,
            PublicKey issuerKey,
            PrivateKey signingKey,
            Instant notBefore,
            Instant notAfter,
            String signatureAlgorithm,
            Extensions extensions) {
        try {
            BigInteger serial = new BigInteger(96, RANDOM).setBit(95);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer, serial, Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(
                    Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKey));
            extensions.add(builder);
            X509CertificateHolder holder = builder.build(signer(signatureAlgorithm, signingKey));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot build test certificate for " + subject + ": " + e.getMessage(), e);
        }
    }

    private static ContentSigner signer(String algorithm, PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(algorithm).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("Cannot create " + algorithm + " signer: " + e.getMessage(), e);
        }
    }
}
