package nl.dkgw.gateway.inbound;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.testpki.TestPki;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS client credentials for a third organisation that is not a party of the chain's CPAs, issued by the chain's own
 * test issuing CA: a correct, trusted PKIoverheid-shaped chain whose subject serialNumber carries the third party's
 * own OIN. (TestPki fixes its parties at generation time and LocalChain generates its PKI itself, so the third party
 * is issued here with the CA key TestPki keeps in {@code ca/ca-keys.p12}.)
 */
final class ThirdPartyCredentials {

    private ThirdPartyCredentials() {}

    static KeyMaterial issue(TestPki pki, String name, String oin) throws Exception {
        char[] password = pki.password();
        KeyStore caKeys = KeyStore.getInstance(
                pki.dir().resolve("ca").resolve("ca-keys.p12").toFile(), password);
        PrivateKey issuingKey = (PrivateKey) caKeys.getKey("issuing", password);
        X509Certificate issuing = pki.issuingCaCertificate();
        X509Certificate domain = pki.caCertificates().get(1);

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "NL")
                .addRDN(BCStyle.O, name)
                .addRDN(BCStyle.SERIALNUMBER, oin)
                .addRDN(BCStyle.CN, name + " tls-client")
                .build();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuing,
                new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(30))),
                subject,
                keys.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(issuing));
        builder.addExtension(
                Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuingKey)));
        return new KeyMaterial(keys.getPrivate(), List.of(certificate, issuing, domain));
    }
}
