package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFailureException.Reason.ALGORITHM_REFUSED;
import static nl.dkgw.gateway.security.SecurityFailureException.Reason.DECRYPTION_FAILED;
import static nl.dkgw.gateway.security.SecurityFailureException.Reason.WRONG_RECIPIENT;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.ebms.PayloadContent;
import nl.dkgw.gateway.ebms.TemporaryFileContent;
import nl.dkgw.pki.KeyMaterial;
import org.apache.xml.security.encryption.EncryptedKey;
import org.apache.xml.security.encryption.XMLCipher;
import org.apache.xml.security.encryption.XMLEncryptionException;
import org.w3c.dom.Element;

/**
 * Decrypts payload parts encrypted as {@link EncryptedPart} describes, with our encryption key (which may live in an
 * HSM: the private key is only used through the JCA to unwrap the content key). Restores the original bytes and
 * content type (from the MimeType attribute).
 *
 * <p>Accepted in standard mode: AES-128/256-GCM content encryption with RSA-OAEP key transport. Compatibility mode
 * (off by default) also accepts AES-128/256-CBC, old 3DES-CBC, and RSA PKCS#1 v1.5 key transport.
 */
public final class PayloadDecryptor {

    private final boolean compatibilityMode;
    private final PartSpool spool;

    /** Standard mode: AES-GCM with RSA-OAEP only. */
    public PayloadDecryptor() {
        this(false);
    }

    public PayloadDecryptor(boolean compatibilityMode) {
        this(compatibilityMode, PartSpool.inTemporaryDirectory());
    }

    /** @param spool where decrypted parts larger than its in-memory limit are written */
    public PayloadDecryptor(boolean compatibilityMode, PartSpool spool) {
        this.compatibilityMode = compatibilityMode;
        this.spool = Objects.requireNonNull(spool, "spool");
        Santuario.init();
    }

    /**
     * Decrypts every part (see {@link #decrypt}); when one fails, the temporary files of those already decrypted are
     * deleted.
     */
    public List<Payload> decryptAll(List<Payload> payloads, KeyMaterial ownEncryptionKey)
            throws SecurityFailureException {
        List<Payload> result = new ArrayList<>(payloads.size());
        try {
            for (Payload p : payloads) {
                result.add(decrypt(p, ownEncryptionKey));
            }
        } catch (SecurityFailureException | RuntimeException e) {
            TemporaryFileContent.release(result);
            throw e;
        }
        return result;
    }

    /**
     * Decrypts one part as a stream: the header is read into a small DOM, the cipher value streams through the
     * cipher into memory (small parts) or a temporary file of the spool (a {@link
     * nl.dkgw.gateway.ebms.TemporaryFileContent} the caller deletes when done). Plaintext is handed out only after
     * the GCM tag (or the CBC padding) checked out; otherwise what was written is deleted.
     */
    public Payload decrypt(Payload encrypted, KeyMaterial ownEncryptionKey) throws SecurityFailureException {
        Objects.requireNonNull(ownEncryptionKey, "ownEncryptionKey");
        String part = "payload part " + encrypted.contentId();
        try (InputStream in = encrypted.open();
                EncryptedDataReader data = EncryptedDataReader.open(in, part, encrypted.contentType())) {
            String contentUri = data.contentAlgorithm();
            ContentEncryption content = ContentEncryption.byUri(contentUri)
                    .orElseThrow(() -> new SecurityFailureException(
                            ALGORITHM_REFUSED,
                            part + ": content encryption algorithm '" + contentUri
                                    + "' is not accepted; accepted are AES-128-GCM and AES-256-GCM"));
            if (!compatibilityMode && content.use() != ContentEncryption.Use.STANDARD) {
                throw new SecurityFailureException(
                        ALGORITHM_REFUSED,
                        part + ": content encryption " + content
                                + " is only accepted in compatibility mode, which is off; Digikoppeling requires AES-GCM");
            }
            Element encryptedKey = encryptedKey(data.keyInfo(), part);
            Element keyMethod = SoapParts.child(encryptedKey, EncryptedPart.XENC, "EncryptionMethod");
            String transportUri = keyMethod == null ? "" : keyMethod.getAttribute("Algorithm");
            KeyTransport transport = KeyTransport.byUri(transportUri)
                    .orElseThrow(() -> new SecurityFailureException(
                            ALGORITHM_REFUSED,
                            part + ": key transport algorithm '" + transportUri
                                    + "' is not accepted; accepted is RSA-OAEP"));
            if (!compatibilityMode && transport.compatibilityOnly()) {
                throw new SecurityFailureException(
                        ALGORITHM_REFUSED,
                        part + ": key transport " + transport
                                + " is only accepted in compatibility mode, which is off; Digikoppeling requires RSA-OAEP");
            }
            checkRecipient(encryptedKey, ownEncryptionKey.certificate(), part);

            PartSpool.Sink plaintext = spool.newSink("decrypted");
            PayloadContent decrypted;
            try {
                Key contentKey = unwrap(encryptedKey, content, ownEncryptionKey);
                PartCipher.decrypt(content, contentKey, Base64.getMimeDecoder().wrap(data.cipherValue()), plaintext);
                data.finish();
                decrypted = plaintext.finish();
            } catch (XMLEncryptionException | GeneralSecurityException | IOException | RuntimeException e) {
                plaintext.discard();
                throw new SecurityFailureException(
                        DECRYPTION_FAILED,
                        part + " cannot be decrypted with our encryption "
                                + "key (certificate " + Certificates.describe(ownEncryptionKey.certificate())
                                + "): the ciphertext or the wrapped key was changed in transit, or it was encrypted "
                                + "for another key (" + rootCause(e) + ")",
                        e);
            } catch (SecurityFailureException e) {
                plaintext.discard();
                throw e;
            }
            String mimeType = data.mimeType();
            return new Payload(
                    encrypted.contentId(),
                    mimeType.isBlank() ? EncryptedPart.DEFAULT_PLAINTEXT_TYPE : mimeType,
                    decrypted);
        } catch (IOException e) {
            throw new SecurityFailureException(DECRYPTION_FAILED, part + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The content key, unwrapped with our private key (through the JCA, so an HSM's key works) as Santuario does. */
    private static Key unwrap(Element encryptedKey, ContentEncryption content, KeyMaterial own)
            throws XMLEncryptionException {
        XMLCipher keyCipher = XMLCipher.getInstance();
        keyCipher.setSecureValidation(true);
        keyCipher.init(XMLCipher.UNWRAP_MODE, own.privateKey());
        EncryptedKey key = keyCipher.loadEncryptedKey(encryptedKey.getOwnerDocument(), encryptedKey);
        return keyCipher.decryptKey(key, content.uri());
    }

    private static Element encryptedKey(Element keyInfo, String part) throws SecurityFailureException {
        List<Element> keys =
                keyInfo == null ? List.of() : SoapParts.children(keyInfo, EncryptedPart.XENC, "EncryptedKey");
        if (keys.size() != 1) {
            throw new SecurityFailureException(
                    DECRYPTION_FAILED,
                    part + ": the xenc:EncryptedData carries "
                            + keys.size()
                            + " xenc:EncryptedKey elements in its ds:KeyInfo; exactly one is expected, holding "
                            + "the content key wrapped for our encryption certificate");
        }
        return keys.get(0);
    }

    /**
     * When the EncryptedKey names its recipient (ds:KeyName with a subject DN, or ds:X509Data), it must be our
     * encryption certificate. A part without a recipient name (or with a key name that is no DN) is simply tried
     * with our key.
     */
    private static void checkRecipient(Element encryptedKey, X509Certificate own, String part)
            throws SecurityFailureException {
        Element keyInfo = SoapParts.child(encryptedKey, Namespaces.DS, "KeyInfo");
        if (keyInfo == null) {
            return;
        }
        for (Element keyName : SoapParts.children(keyInfo, Namespaces.DS, "KeyName")) {
            String name = keyName.getTextContent().trim();
            if (!name.isEmpty() && !sameSubject(name, own)) {
                throw new SecurityFailureException(
                        WRONG_RECIPIENT,
                        part + " was encrypted for '" + name
                                + "', not for our encryption certificate " + Certificates.describe(own)
                                + "; the sender used another certificate than the CPA's");
            }
        }
        for (Element data : SoapParts.children(keyInfo, Namespaces.DS, "X509Data")) {
            for (Element encoded : SoapParts.children(data, Namespaces.DS, "X509Certificate")) {
                X509Certificate named = certificate(encoded.getTextContent());
                if (named != null && !named.equals(own)) {
                    throw new SecurityFailureException(
                            WRONG_RECIPIENT,
                            part + " was encrypted for certificate "
                                    + Certificates.describe(named) + ", not for our encryption certificate "
                                    + Certificates.describe(own));
                }
            }
        }
    }

    /**
     * Whether a KeyName names our certificate. Only a KeyName that reads as a distinguished name can name another
     * certificate; other key names (aliases some tools write) are not evidence either way.
     */
    private static boolean sameSubject(String name, X509Certificate own) {
        if (name.equals(own.getSubjectX500Principal().toString())) {
            return true;
        }
        try {
            return new X500Principal(name).equals(own.getSubjectX500Principal());
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static X509Certificate certificate(String base64) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(
                            new ByteArrayInputStream(Base64.getMimeDecoder().decode(base64.trim())));
        } catch (CertificateException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
