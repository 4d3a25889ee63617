package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFailureException.Reason.ALGORITHM_REFUSED;
import static nl.dkgw.gateway.security.SecurityFailureException.Reason.OUTBOUND_FAILED;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.ebms.TemporaryFileContent;
import nl.dkgw.gateway.xml.SafeXml;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.encryption.CipherData;
import org.apache.xml.security.encryption.EncryptedData;
import org.apache.xml.security.encryption.EncryptedKey;
import org.apache.xml.security.encryption.XMLCipher;
import org.apache.xml.security.keys.KeyInfo;
import org.apache.xml.security.utils.EncryptionConstants;
import org.w3c.dom.Document;

/**
 * Encrypts payload parts with XML Encryption (Digikoppeling security profile 14) for the receiver's encryption
 * certificate, in the layout of {@link EncryptedPart}: a fresh AES key per part, AES-GCM content encryption, the key
 * wrapped with RSA-OAEP.
 *
 * <p>Compatibility mode (off by default) additionally allows AES-CBC content encryption with RSA PKCS#1 v1.5 key
 * transport, for partners whose adapter cannot do better; it is used only when the CPA asks for a CBC algorithm or
 * for RSA 1.5.
 * 3DES is never used to encrypt.
 */
public final class PayloadEncryptor {

    private final boolean compatibilityMode;
    private final KeyTransport standardKeyTransport;
    private final PartSpool spool;

    /** Standard mode: AES-GCM with RSA-OAEP (MGF1-SHA1) only. */
    public PayloadEncryptor() {
        this(false);
    }

    public PayloadEncryptor(boolean compatibilityMode) {
        this(compatibilityMode, KeyTransport.RSA_OAEP_MGF1P);
    }

    /**
     * @param compatibilityMode allow AES-CBC with RSA 1.5 when asked for (interoperability with older adapters)
     * @param standardKeyTransport the RSA-OAEP variant for GCM content encryption
     */
    public PayloadEncryptor(boolean compatibilityMode, KeyTransport standardKeyTransport) {
        this(compatibilityMode, standardKeyTransport, PartSpool.inTemporaryDirectory());
    }

    /** @param spool where encrypted parts larger than its in-memory limit are written */
    public PayloadEncryptor(boolean compatibilityMode, KeyTransport standardKeyTransport, PartSpool spool) {
        if (standardKeyTransport.compatibilityOnly()) {
            throw new IllegalArgumentException(standardKeyTransport + " cannot be the standard key transport");
        }
        this.compatibilityMode = compatibilityMode;
        this.standardKeyTransport = standardKeyTransport;
        this.spool = Objects.requireNonNull(spool, "spool");
        Santuario.init();
    }

    /**
     * Encrypts every part with the content algorithm the CPA names (SenderDigitalEnvelope/EncryptionAlgorithm). The
     * key transport is RSA-OAEP for GCM; for a CBC algorithm (compatibility mode only) it is RSA 1.5, as the adapters
     * that need CBC expect.
     */
    public List<Payload> encryptAll(
            List<Payload> payloads, X509Certificate receiverEncryptionCertificate, String contentAlgorithmUri)
            throws SecurityFailureException {
        return encryptAll(payloads, receiverEncryptionCertificate, contentAlgorithmUri, Optional.empty());
    }

    /**
     * Encrypts every part with the content algorithm and the key transport the CPA names. When the CPA names no key
     * transport: the standard RSA-OAEP variant for GCM, RSA 1.5 for CBC. AES-CBC and RSA 1.5 need compatibility mode.
     * Parts larger than the spool's in-memory limit come back as {@link TemporaryFileContent}, which the caller
     * releases when done; when one part fails, those already written are deleted.
     */
    public List<Payload> encryptAll(
            List<Payload> payloads,
            X509Certificate receiverEncryptionCertificate,
            String contentAlgorithmUri,
            Optional<String> keyTransportUri)
            throws SecurityFailureException {
        ContentEncryption content = content(contentAlgorithmUri);
        KeyTransport transport = keyTransportUri.isEmpty()
                ? defaultTransport(content)
                : KeyTransport.byUri(keyTransportUri.get().trim())
                        .orElseThrow(() -> new SecurityFailureException(
                                ALGORITHM_REFUSED,
                                "key transport '" + keyTransportUri.get() + "' is not supported; use " + "RSA-OAEP ("
                                        + KeyTransport.RSA_OAEP.uri() + ", " + KeyTransport.RSA_OAEP_MGF1P.uri()
                                        + ")"));
        List<Payload> result = new ArrayList<>(payloads.size());
        try {
            for (Payload p : payloads) {
                result.add(encrypt(p, receiverEncryptionCertificate, content, transport));
            }
        } catch (SecurityFailureException | RuntimeException e) {
            TemporaryFileContent.release(result);
            throw e;
        }
        return result;
    }

    /** Encrypts one part; see {@link #encryptAll}. */
    public Payload encrypt(Payload payload, X509Certificate receiverEncryptionCertificate, String contentAlgorithmUri)
            throws SecurityFailureException {
        ContentEncryption content = content(contentAlgorithmUri);
        return encrypt(payload, receiverEncryptionCertificate, content, defaultTransport(content));
    }

    private static ContentEncryption content(String contentAlgorithmUri) throws SecurityFailureException {
        return ContentEncryption.byUri(contentAlgorithmUri)
                .orElseThrow(() -> new SecurityFailureException(
                        ALGORITHM_REFUSED,
                        "encryption algorithm '" + contentAlgorithmUri
                                + "' is not supported; use AES-128-GCM or AES-256-GCM ("
                                + ContentEncryption.AES128_GCM.uri()
                                + ", " + ContentEncryption.AES256_GCM.uri() + ")"));
    }

    private KeyTransport defaultTransport(ContentEncryption content) {
        return content.use() == ContentEncryption.Use.STANDARD ? standardKeyTransport : KeyTransport.RSA_1_5;
    }

    /** Encrypts one part with an explicit content algorithm and key transport. */
    public Payload encrypt(
            Payload payload,
            X509Certificate receiverEncryptionCertificate,
            ContentEncryption content,
            KeyTransport transport)
            throws SecurityFailureException {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(receiverEncryptionCertificate, "receiverEncryptionCertificate");
        checkAllowed(content, transport);
        PartSpool.Sink sink = spool.newSink("encrypted");
        try {
            SecretKey contentKey = newContentKey(content);
            EncryptedDataLayout layout = layout(payload, receiverEncryptionCertificate, content, transport, contentKey);
            sink.write(layout.beforeCipherValue());
            try (InputStream plain = payload.open();
                    OutputStream base64 = Base64.getEncoder().wrap(new CipherValueLines(sink))) {
                PartCipher.encrypt(content, contentKey, plain, base64);
            }
            sink.write(layout.afterCipherValue());
            return new Payload(payload.contentId(), EncryptedPart.CONTENT_TYPE, sink.finish());
        } catch (Exception e) {
            sink.discard();
            throw new SecurityFailureException(
                    OUTBOUND_FAILED,
                    "encrypting payload part " + payload.contentId()
                            + " with " + content + " for certificate "
                            + Certificates.describe(receiverEncryptionCertificate)
                            + " failed: " + e.getMessage(),
                    e);
        }
    }

    /** The serialised xenc:EncryptedData around its cipher value, which is streamed in between. */
    private record EncryptedDataLayout(byte[] beforeCipherValue, byte[] afterCipherValue) {}

    /**
     * The xenc:EncryptedData document exactly as Santuario's {@code encryptData} and {@code martial} build it (the
     * wrapped content key in its ds:KeyInfo), serialised with a marker in place of the cipher value and cut there.
     */
    private static EncryptedDataLayout layout(
            Payload payload,
            X509Certificate receiverEncryptionCertificate,
            ContentEncryption content,
            KeyTransport transport,
            SecretKey contentKey)
            throws Exception {
        Document doc = SafeXml.newDocument();
        EncryptedKey encryptedKey = wrap(doc, contentKey, receiverEncryptionCertificate, transport);
        KeyInfo recipient = new KeyInfo(doc);
        recipient.addKeyName(
                receiverEncryptionCertificate.getSubjectX500Principal().toString());
        encryptedKey.setKeyInfo(recipient);

        XMLCipher cipher = XMLCipher.getInstance(content.uri());
        String marker = "dkgw-cipher-value-" + UUID.randomUUID();
        EncryptedData data = cipher.createEncryptedData(CipherData.VALUE_TYPE, marker);
        data.setEncryptionMethod(cipher.createEncryptionMethod(content.uri()));
        KeyInfo keyInfo = new KeyInfo(doc);
        keyInfo.add(encryptedKey);
        data.setKeyInfo(keyInfo);
        data.setId(payload.contentId());
        data.setMimeType(payload.contentType());
        data.setType(EncryptedPart.TYPE_ELEMENT);
        doc.appendChild(cipher.martial(doc, data));
        String xml = new String(SafeXml.serialize(doc), StandardCharsets.UTF_8);
        int at = xml.lastIndexOf(marker);
        return new EncryptedDataLayout(
                xml.substring(0, at).getBytes(StandardCharsets.UTF_8),
                xml.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
    }

    private void checkAllowed(ContentEncryption content, KeyTransport transport) throws SecurityFailureException {
        if (content.use() == ContentEncryption.Use.DECRYPT_ONLY_COMPATIBILITY) {
            throw new SecurityFailureException(
                    ALGORITHM_REFUSED,
                    content + " must not be used to encrypt " + "(Digikoppeling ENC); use AES-128-GCM or AES-256-GCM");
        }
        if (!compatibilityMode && content.use() == ContentEncryption.Use.COMPATIBILITY) {
            throw new SecurityFailureException(
                    ALGORITHM_REFUSED,
                    content + " is only used in compatibility mode, "
                            + "which is off; Digikoppeling requires AES-128-GCM or AES-256-GCM");
        }
        if (!compatibilityMode && transport.compatibilityOnly()) {
            throw new SecurityFailureException(
                    ALGORITHM_REFUSED,
                    "key transport " + transport + " is only used in "
                            + "compatibility mode, which is off; Digikoppeling requires RSA-OAEP");
        }
    }

    private static SecretKey newContentKey(ContentEncryption content) throws GeneralSecurityException {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(content.keyBits());
        return generator.generateKey();
    }

    private static EncryptedKey wrap(
            Document doc, SecretKey contentKey, X509Certificate receiver, KeyTransport transport) throws Exception {
        if (transport == KeyTransport.RSA_OAEP) {
            XMLCipher keyCipher =
                    XMLCipher.getInstance(transport.uri(), null, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
            keyCipher.init(XMLCipher.WRAP_MODE, receiver.getPublicKey());
            return keyCipher.encryptKey(doc, contentKey, EncryptionConstants.MGF1_SHA256, null);
        }
        XMLCipher keyCipher = XMLCipher.getInstance(transport.uri());
        keyCipher.init(XMLCipher.WRAP_MODE, receiver.getPublicKey());
        return keyCipher.encryptKey(doc, contentKey);
    }
}
