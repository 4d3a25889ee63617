package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFixtures.A;
import static nl.dkgw.gateway.security.SecurityFixtures.B;
import static nl.dkgw.gateway.security.SecurityFixtures.binaryPayload;
import static nl.dkgw.gateway.security.SecurityFixtures.encryptionCertificate;
import static nl.dkgw.gateway.security.SecurityFixtures.encryptionKey;
import static nl.dkgw.gateway.security.SecurityFixtures.envelope;
import static nl.dkgw.gateway.security.SecurityFixtures.overTheWire;
import static nl.dkgw.gateway.security.SecurityFixtures.signingCertificate;
import static nl.dkgw.gateway.security.SecurityFixtures.signingKey;
import static nl.dkgw.gateway.security.SecurityFixtures.validator;
import static nl.dkgw.gateway.security.SecurityFixtures.xmlPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.security.SecurityFailureException.Reason;
import nl.dkgw.gateway.xml.SafeXml;
import org.apache.xml.security.encryption.EncryptedData;
import org.apache.xml.security.encryption.EncryptedKey;
import org.apache.xml.security.encryption.XMLCipher;
import org.apache.xml.security.keys.KeyInfo;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** XML Encryption of payload parts: AES-GCM round trips, tampering, and the compatibility mode's boundaries. */
class PayloadEncryptionTest {

    private static final String XENC = "http://www.w3.org/2001/04/xmlenc#";

    private final Payload plain = xmlPayload("enc", "vertrouwelijk");

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(
            ThrowableAssert.ThrowingCallable call, Reason reason) {
        return assertThatThrownBy(call)
                .isInstanceOf(SecurityFailureException.class)
                .satisfies(
                        e -> assertThat(((SecurityFailureException) e).reason()).isEqualTo(reason));
    }

    @ParameterizedTest
    @EnumSource(
            value = ContentEncryption.class,
            names = {"AES128_GCM", "AES256_GCM"})
    void gcmRoundTripRestoresBytesAndContentType(ContentEncryption algorithm) throws Exception {
        for (Payload original : List.of(plain, binaryPayload("enc-bin"))) {
            Payload encrypted = new PayloadEncryptor().encrypt(original, encryptionCertificate(B), algorithm.uri());

            assertThat(encrypted.contentId()).isEqualTo(original.contentId());
            assertThat(encrypted.contentType()).isEqualTo("application/xml");
            assertThat(encrypted.data()).isNotEqualTo(original.data());
            Payload decrypted = new PayloadDecryptor().decrypt(encrypted, encryptionKey(B));
            assertThat(decrypted.data()).isEqualTo(original.data());
            assertThat(decrypted.contentType()).isEqualTo(original.contentType());
            assertThat(decrypted.contentId()).isEqualTo(original.contentId());
        }
    }

    @Test
    void encryptedPartHasTheLayoutDeployedAdaptersUse() throws Exception {
        Payload encrypted =
                new PayloadEncryptor().encrypt(plain, encryptionCertificate(B), ContentEncryption.AES128_GCM.uri());

        Element data = SafeXml.parse(encrypted.data()).getDocumentElement();
        assertThat(data.getNamespaceURI()).isEqualTo(XENC);
        assertThat(data.getLocalName()).isEqualTo("EncryptedData");
        assertThat(data.getAttribute("Type")).isEqualTo(XENC + "Element");
        assertThat(data.getAttribute("MimeType")).isEqualTo(plain.contentType());
        assertThat(data.getAttribute("Id")).isEqualTo(plain.contentId());
        assertThat(child(data, XENC, "EncryptionMethod").getAttribute("Algorithm"))
                .isEqualTo("http://www.w3.org/2009/xmlenc11#aes128-gcm");
        Element key = child(child(data, Namespaces.DS, "KeyInfo"), XENC, "EncryptedKey");
        assertThat(child(key, XENC, "EncryptionMethod").getAttribute("Algorithm"))
                .isEqualTo("http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p");
        assertThat(child(child(key, Namespaces.DS, "KeyInfo"), Namespaces.DS, "KeyName")
                        .getTextContent())
                .isEqualTo(encryptionCertificate(B).getSubjectX500Principal().toString());
    }

    @Test
    void xmlEncryption11RsaOaepRoundTrips() throws Exception {
        Payload encrypted = new PayloadEncryptor(false, KeyTransport.RSA_OAEP)
                .encrypt(plain, encryptionCertificate(B), ContentEncryption.AES256_GCM.uri());

        assertThat(new String(encrypted.data(), StandardCharsets.UTF_8))
                .contains("http://www.w3.org/2009/xmlenc11#rsa-oaep")
                .contains("mgf1sha256");
        assertThat(new PayloadDecryptor().decrypt(encrypted, encryptionKey(B)).data())
                .isEqualTo(plain.data());
    }

    @Test
    void tamperedCiphertextIsRefused() throws Exception {
        Payload encrypted =
                new PayloadEncryptor().encrypt(plain, encryptionCertificate(B), ContentEncryption.AES256_GCM.uri());
        Document doc = SafeXml.parse(encrypted.data());
        Element cipherValue =
                (Element) doc.getElementsByTagNameNS(XENC, "CipherValue").item(1);
        assertThat(cipherValue.getParentNode().getParentNode().getLocalName()).isEqualTo("EncryptedData");
        byte[] bytes =
                Base64.getMimeDecoder().decode(cipherValue.getTextContent().trim());
        bytes[bytes.length / 2] ^= 0x01;
        cipherValue.setTextContent(Base64.getEncoder().encodeToString(bytes));
        Payload tampered = new Payload(encrypted.contentId(), encrypted.contentType(), SafeXml.serialize(doc));

        refused(() -> new PayloadDecryptor().decrypt(tampered, encryptionKey(B)), Reason.DECRYPTION_FAILED)
                .hasMessageContaining("payload part " + plain.contentId() + " cannot be decrypted")
                .hasMessageContaining("changed in transit");
    }

    @Test
    void partForAnotherRecipientIsRefused() throws Exception {
        Payload encrypted =
                new PayloadEncryptor().encrypt(plain, encryptionCertificate(B), ContentEncryption.AES128_GCM.uri());

        refused(() -> new PayloadDecryptor().decrypt(encrypted, encryptionKey(A)), Reason.WRONG_RECIPIENT)
                .hasMessageContaining("was encrypted for 'CN=b encryption")
                .hasMessageContaining("not for our encryption certificate 'CN=a encryption");
    }

    @Test
    void keyNameThatIsNoDistinguishedNameIsNoReasonToRefuse() throws Exception {
        Payload encrypted =
                new PayloadEncryptor().encrypt(plain, encryptionCertificate(B), ContentEncryption.AES128_GCM.uri());
        String xml = new String(encrypted.data(), StandardCharsets.UTF_8);
        String subject = encryptionCertificate(B).getSubjectX500Principal().toString();
        assertThat(xml).contains(subject);
        Payload aliased = new Payload(
                encrypted.contentId(),
                encrypted.contentType(),
                xml.replace(subject, "partner-encryption-key").getBytes(StandardCharsets.UTF_8));

        assertThat(new PayloadDecryptor().decrypt(aliased, encryptionKey(B)).data())
                .isEqualTo(plain.data());
    }

    @Test
    void plainPartWhereEncryptionIsRequiredIsRefused() {
        refused(() -> new PayloadDecryptor().decrypt(plain, encryptionKey(B)), Reason.NOT_ENCRYPTED)
                .hasMessageContaining("is not encrypted")
                .hasMessageContaining("{urn:test}bericht");
        refused(() -> new PayloadDecryptor().decrypt(binaryPayload("x"), encryptionKey(B)), Reason.NOT_ENCRYPTED)
                .hasMessageContaining("not an XML document");
    }

    @ParameterizedTest
    @EnumSource(
            value = ContentEncryption.class,
            names = {"AES128_CBC", "AES256_CBC"})
    void cbcWithRsa15IsRefusedUnlessInCompatibilityMode(ContentEncryption cbc) throws Exception {
        refused(
                        () -> new PayloadEncryptor().encrypt(plain, encryptionCertificate(B), cbc.uri()),
                        Reason.ALGORITHM_REFUSED)
                .hasMessageContaining(cbc.displayName())
                .hasMessageContaining("compatibility mode, which is off");
        refused(
                        () -> new PayloadEncryptor()
                                .encrypt(
                                        plain,
                                        encryptionCertificate(B),
                                        ContentEncryption.AES128_GCM,
                                        KeyTransport.RSA_1_5),
                        Reason.ALGORITHM_REFUSED)
                .hasMessageContaining("RSA PKCS#1 v1.5");

        Payload legacy = new PayloadEncryptor(true).encrypt(plain, encryptionCertificate(B), cbc.uri());
        assertThat(new String(legacy.data(), StandardCharsets.UTF_8))
                .contains(cbc.uri())
                .contains("http://www.w3.org/2001/04/xmlenc#rsa-1_5");

        refused(() -> new PayloadDecryptor().decrypt(legacy, encryptionKey(B)), Reason.ALGORITHM_REFUSED)
                .hasMessageContaining(cbc.displayName())
                .hasMessageContaining("only accepted in compatibility mode, which is off");
        Payload decrypted = new PayloadDecryptor(true).decrypt(legacy, encryptionKey(B));
        assertThat(decrypted.data()).isEqualTo(plain.data());
        assertThat(decrypted.contentType()).isEqualTo(plain.contentType());
    }

    @Test
    void gcmWithRsa15KeyTransportIsOnlyDecryptedInCompatibilityMode() throws Exception {
        Payload legacyKey = new PayloadEncryptor(true)
                .encrypt(plain, encryptionCertificate(B), ContentEncryption.AES128_GCM, KeyTransport.RSA_1_5);

        refused(() -> new PayloadDecryptor().decrypt(legacyKey, encryptionKey(B)), Reason.ALGORITHM_REFUSED)
                .hasMessageContaining("key transport RSA PKCS#1 v1.5");
        assertThat(new PayloadDecryptor(true)
                        .decrypt(legacyKey, encryptionKey(B))
                        .data())
                .isEqualTo(plain.data());
    }

    @Test
    void theKeyTransportTheCpaNamesIsUsedAndWithoutOneItFollowsTheContentAlgorithm() throws Exception {
        String oaep11 = "http://www.w3.org/2009/xmlenc11#rsa-oaep";
        String mgf1p = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p";
        String rsa15 = "http://www.w3.org/2001/04/xmlenc#rsa-1_5";
        record Case(boolean compatibility, ContentEncryption content, Optional<String> named, String used) {}
        for (Case c : List.of(
                new Case(false, ContentEncryption.AES128_GCM, Optional.of(oaep11), oaep11),
                new Case(false, ContentEncryption.AES256_GCM, Optional.of(" " + mgf1p + " "), mgf1p),
                new Case(false, ContentEncryption.AES128_GCM, Optional.empty(), mgf1p),
                new Case(true, ContentEncryption.AES128_CBC, Optional.empty(), rsa15),
                new Case(true, ContentEncryption.AES256_CBC, Optional.of(rsa15), rsa15),
                new Case(true, ContentEncryption.AES128_CBC, Optional.of(oaep11), oaep11),
                new Case(true, ContentEncryption.AES128_GCM, Optional.of(rsa15), rsa15))) {
            Payload encrypted = new PayloadEncryptor(c.compatibility())
                    .encryptAll(
                            List.of(plain),
                            encryptionCertificate(B),
                            c.content().uri(),
                            c.named())
                    .get(0);

            Element data = SafeXml.parse(encrypted.data()).getDocumentElement();
            assertThat(child(data, XENC, "EncryptionMethod").getAttribute("Algorithm"))
                    .as(c.toString())
                    .isEqualTo(c.content().uri());
            Element key = child(child(data, Namespaces.DS, "KeyInfo"), XENC, "EncryptedKey");
            assertThat(child(key, XENC, "EncryptionMethod").getAttribute("Algorithm"))
                    .as(c.toString())
                    .isEqualTo(c.used());
            assertThat(new PayloadDecryptor(c.compatibility())
                            .decrypt(encrypted, encryptionKey(B))
                            .data())
                    .isEqualTo(plain.data());
        }
        refused(
                        () -> new PayloadEncryptor()
                                .encryptAll(
                                        List.of(plain),
                                        encryptionCertificate(B),
                                        ContentEncryption.AES128_GCM.uri(),
                                        Optional.of(rsa15)),
                        Reason.ALGORITHM_REFUSED)
                .hasMessageContaining("compatibility mode, which is off");
        refused(
                        () -> new PayloadEncryptor(true)
                                .encryptAll(
                                        List.of(plain),
                                        encryptionCertificate(B),
                                        ContentEncryption.AES128_GCM.uri(),
                                        Optional.of("urn:rsa-2")),
                        Reason.ALGORITHM_REFUSED)
                .hasMessageContaining("key transport 'urn:rsa-2' is not supported");
    }

    @Test
    void tripleDesIsNeverUsedToEncryptAndOnlyDecryptedInCompatibilityMode() throws Exception {
        for (boolean compatibility : new boolean[] {false, true}) {
            refused(
                            () -> new PayloadEncryptor(compatibility)
                                    .encrypt(plain, encryptionCertificate(B), ContentEncryption.TRIPLE_DES.uri()),
                            Reason.ALGORITHM_REFUSED)
                    .hasMessageContaining("3DES-CBC")
                    .hasMessageContaining("must not be used to encrypt");
        }
        Payload old = tripleDesEncrypted(plain);

        refused(() -> new PayloadDecryptor().decrypt(old, encryptionKey(B)), Reason.ALGORITHM_REFUSED)
                .hasMessageContaining("3DES-CBC");
        assertThat(new PayloadDecryptor(true).decrypt(old, encryptionKey(B)).data())
                .isEqualTo(plain.data());
    }

    @Test
    void signThenEncryptThenDecryptThenVerify() throws Exception {
        List<Payload> payloads = List.of(plain, binaryPayload("se-bin"));
        Document signed = new MessageSigner()
                .sign(
                        envelope(payloads),
                        payloads,
                        signingKey(A),
                        SignatureAlgorithms.RSA_SHA256,
                        SignatureAlgorithms.SHA256);
        List<Payload> onTheWire = new PayloadEncryptor()
                .encryptAll(payloads, encryptionCertificate(B), ContentEncryption.AES256_GCM.uri());

        List<Payload> decrypted = new PayloadDecryptor().decryptAll(onTheWire, encryptionKey(B));
        new SignatureVerifier().verify(overTheWire(signed), decrypted, signingCertificate(A), validator());
    }

    /** An old adapter's part: 3DES-CBC content, RSA 1.5 key transport, made with Santuario directly. */
    private static Payload tripleDesEncrypted(Payload p) throws Exception {
        Santuario.init();
        KeyGenerator generator = KeyGenerator.getInstance("DESede");
        SecretKey key = generator.generateKey();
        Document doc = SafeXml.newDocument();
        XMLCipher keyCipher = XMLCipher.getInstance(XMLCipher.RSA_v1dot5);
        keyCipher.init(XMLCipher.WRAP_MODE, encryptionCertificate(B).getPublicKey());
        EncryptedKey encryptedKey = keyCipher.encryptKey(doc, key);
        XMLCipher cipher = XMLCipher.getInstance(XMLCipher.TRIPLEDES);
        cipher.init(XMLCipher.ENCRYPT_MODE, key);
        EncryptedData data = cipher.getEncryptedData();
        KeyInfo keyInfo = new KeyInfo(doc);
        keyInfo.add(encryptedKey);
        data.setKeyInfo(keyInfo);
        data.setMimeType(p.contentType());
        data = cipher.encryptData(doc, null, new ByteArrayInputStream(p.data()));
        doc.appendChild(cipher.martial(doc, data));
        return new Payload(p.contentId(), "application/xml", SafeXml.serialize(doc));
    }

    private static Element child(Element parent, String namespace, String localName) {
        Element e = SoapParts.child(parent, namespace, localName);
        assertThat(e)
                .as("%s has a child {%s}%s", parent.getNodeName(), namespace, localName)
                .isNotNull();
        return e;
    }
}
