package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFixtures.A;
import static nl.dkgw.gateway.security.SecurityFixtures.binaryPayload;
import static nl.dkgw.gateway.security.SecurityFixtures.encryptionCertificate;
import static nl.dkgw.gateway.security.SecurityFixtures.encryptionKey;
import static nl.dkgw.gateway.security.SecurityFixtures.envelope;
import static nl.dkgw.gateway.security.SecurityFixtures.signingKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.ebms.TemporaryFileContent;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.pki.testpki.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;

/**
 * Interoperability evidence from an implementation this project did not write: xmlsec1 (libxmlsec1 + OpenSSL)
 * verifies our ebMS signatures, and we decrypt the XML-Enc parts it produces (and it decrypts ours).
 */
class XmlSec1InteroperabilityTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void xmlsec1() {
        XmlSec1.require();
    }

    @ParameterizedTest
    @EnumSource(Canonicalization.class)
    void xmlsec1VerifiesOurEnvelopeSignature(Canonicalization canonicalization) throws Exception {
        Document signed = new MessageSigner(canonicalization)
                .sign(
                        envelope(List.of()),
                        List.of(),
                        signingKey(A),
                        SignatureAlgorithms.RSA_SHA256,
                        SignatureAlgorithms.SHA256);
        Path file = dir.resolve("signed.xml");
        Files.write(file, SafeXml.serialize(signed));
        Path trusted = SecurityFixtures.pki().trustStorePem();

        XmlSec1.Result result = XmlSec1.run(List.of("--verify", "--trusted-pem", trusted.toString(), file.toString()));
        assertThat(result.succeeded())
                .as("xmlsec1 --verify says:%n%s", result.output())
                .isTrue();
        assertThat(result.output()).contains("OK");

        // Negative control: xmlsec1 really checks the envelope digest.
        String tampered =
                Files.readString(file, StandardCharsets.UTF_8).replace(">verstrekkingAanAfnemer<", ">andereActie<");
        assertThat(tampered).contains(">andereActie<");
        Files.writeString(file, tampered, StandardCharsets.UTF_8);
        XmlSec1.Result refused = XmlSec1.run(List.of("--verify", "--trusted-pem", trusted.toString(), file.toString()));
        assertThat(refused.succeeded())
                .as("xmlsec1 must refuse the tampered envelope:%n%s", refused.output())
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(
            value = ContentEncryption.class,
            names = {"AES128_GCM", "AES256_GCM"})
    void weDecryptWhatXmlsec1Encrypts(ContentEncryption algorithm) throws Exception {
        Payload original = new Payload(
                "xmlsec1-part@dkgw.test", "application/pdf", binaryPayload("x").data());
        String keyName = encryptionCertificate(A).getSubjectX500Principal().toString();
        Path template = dir.resolve("template.xml");
        Files.writeString(
                template,
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"
                    xmlns:dsig="http://www.w3.org/2000/09/xmldsig#" Id="%s" MimeType="%s"
                    Type="http://www.w3.org/2001/04/xmlenc#Element">
                  <xenc:EncryptionMethod Algorithm="%s"/>
                  <dsig:KeyInfo>
                    <xenc:EncryptedKey>
                      <xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/>
                      <dsig:KeyInfo><dsig:KeyName/></dsig:KeyInfo>
                      <xenc:CipherData><xenc:CipherValue/></xenc:CipherData>
                    </xenc:EncryptedKey>
                  </dsig:KeyInfo>
                  <xenc:CipherData><xenc:CipherValue/></xenc:CipherData>
                </xenc:EncryptedData>
                """.formatted(original.contentId(), original.contentType(), algorithm.uri()),
                StandardCharsets.UTF_8);
        Path plaintext = dir.resolve("payload.bin");
        Files.write(plaintext, original.data());
        Path encrypted = dir.resolve("encrypted.xml");
        Path certificate = SecurityFixtures.pki().chainPem(A, TestPki.Usage.ENCRYPTION);

        XmlSec1.Result result = XmlSec1.run(List.of(
                "--encrypt",
                "--pubkey-cert-pem:" + keyName,
                certificate.toString(),
                "--session-key",
                "aes-" + (algorithm == ContentEncryption.AES128_GCM ? 128 : 256),
                "--binary-data",
                plaintext.toString(),
                "--output",
                encrypted.toString(),
                template.toString()));
        assertThat(result.succeeded())
                .as("xmlsec1 --encrypt says:%n%s", result.output())
                .isTrue();
        String xml = Files.readString(encrypted, StandardCharsets.UTF_8);
        assertThat(xml).contains(algorithm.uri()).contains("<dsig:KeyName>" + keyName + "</dsig:KeyName>");

        Payload decrypted = new PayloadDecryptor()
                .decrypt(
                        new Payload(original.contentId(), "application/xml", Files.readAllBytes(encrypted)),
                        encryptionKey(A));
        assertThat(decrypted.data()).isEqualTo(original.data());
        assertThat(decrypted.contentType()).isEqualTo("application/pdf");
    }

    /**
     * Our parts carry Type="xenc#Element" (the ebms-core layout), so xmlsec1, a generic XML-Enc tool, puts the
     * plaintext in place of the EncryptedData element: for an XML payload the output document is the payload. (For a
     * binary payload a generic tool cannot do that; ebms-core and {@link PayloadDecryptor} ignore Type.)
     */
    @Test
    void xmlsec1DecryptsWhatWeEncrypt() throws Exception {
        Payload original = new Payload(
                "ours@dkgw.test",
                "text/xml",
                ("<bericht xmlns=\"urn:test\"><tekst>" + "vertrouwelijk \u00e9\u00e9n</tekst></bericht>")
                        .getBytes(StandardCharsets.UTF_8));
        Payload encrypted =
                new PayloadEncryptor().encrypt(original, encryptionCertificate(A), ContentEncryption.AES256_GCM.uri());
        Path file = dir.resolve("ours.xml");
        Files.write(file, encrypted.data());
        Path out = dir.resolve("ours.out.xml");
        String keyName = encryptionCertificate(A).getSubjectX500Principal().toString();

        XmlSec1.Result result = XmlSec1.run(List.of(
                "--decrypt",
                "--privkey-pem:" + keyName,
                SecurityFixtures.pki()
                        .privateKeyPem(A, TestPki.Usage.ENCRYPTION)
                        .toString(),
                "--output",
                out.toString(),
                file.toString()));
        assertThat(result.succeeded())
                .as("xmlsec1 --decrypt says:%n%s", result.output())
                .isTrue();
        Document decrypted = SafeXml.parse(Files.readAllBytes(out));
        assertThat(decrypted.getDocumentElement().getNamespaceURI()).isEqualTo("urn:test");
        assertThat(decrypted.getDocumentElement().getLocalName()).isEqualTo("bericht");
        assertThat(decrypted.getDocumentElement().getTextContent()).isEqualTo("vertrouwelijk \u00e9\u00e9n");
    }
    /**
     * A part that the streaming encryptor wrote through a temporary file, large enough for thousands of cipher value
     * lines, decrypts with xmlsec1 to the same document.
     */
    @Test
    void xmlsec1DecryptsALargePartWeEncryptedThroughAFile() throws Exception {
        String text = "vertrouwelijk \u00e9\u00e9n ".repeat(20_000);
        Payload original = new Payload(
                "large@dkgw.test",
                "text/xml",
                ("<bericht xmlns=\"urn:test\"><tekst>" + text + "</tekst></bericht>").getBytes(StandardCharsets.UTF_8));
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Payload encrypted = new PayloadEncryptor(false, KeyTransport.RSA_OAEP_MGF1P, new PartSpool(spool, 0))
                .encrypt(original, encryptionCertificate(A), ContentEncryption.AES128_GCM.uri());
        assertThat(encrypted.content()).isInstanceOf(TemporaryFileContent.class);
        Path file = ((TemporaryFileContent) encrypted.content()).file();
        Path out = dir.resolve("large.out.xml");
        String keyName = encryptionCertificate(A).getSubjectX500Principal().toString();

        XmlSec1.Result result = XmlSec1.run(List.of(
                "--decrypt",
                "--privkey-pem:" + keyName,
                SecurityFixtures.pki()
                        .privateKeyPem(A, TestPki.Usage.ENCRYPTION)
                        .toString(),
                "--output",
                out.toString(),
                file.toString()));
        assertThat(result.succeeded())
                .as("xmlsec1 --decrypt says:%n%s", result.output())
                .isTrue();
        Document decrypted = SafeXml.parse(Files.readAllBytes(out));
        assertThat(decrypted.getDocumentElement().getTextContent()).isEqualTo(text);
        ((TemporaryFileContent) encrypted.content()).close();
        assertThat(file).doesNotExist();
    }
}
