package nl.dkgw.gateway.security;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.pki.KeyMaterial;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.keys.content.X509Data;
import org.apache.xml.security.signature.XMLSignature;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Signs an ebMS 2.0 envelope and its payload parts as ebMS 2.0 section 4.1 prescribes and Digikoppeling profiles it:
 * a ds:Signature as the last child of SOAP:Header with one Reference URI="" (enveloped-signature, the nextMSH actor
 * XPath filter, C14N) and one Reference {@code cid:<Content-ID>} per payload part (digest over the part's bytes), and
 * the signing certificate in ds:KeyInfo/ds:X509Data, with its CA certificates (root excluded) unless told to carry
 * the signing certificate only ({@link KeyInfoContent}).
 *
 * <p>The key may live in an HSM: only {@link KeyMaterial#privateKey()} is used, through the JCA.
 */
public final class MessageSigner {

    private final Canonicalization canonicalization;
    private final KeyInfoContent keyInfo;

    /** Signs with inclusive C14N, as deployed Digikoppeling adapters do, and the certificate chain in ds:KeyInfo. */
    public MessageSigner() {
        this(Canonicalization.INCLUSIVE);
    }

    public MessageSigner(Canonicalization canonicalization) {
        this(canonicalization, KeyInfoContent.CHAIN);
    }

    public MessageSigner(Canonicalization canonicalization, KeyInfoContent keyInfo) {
        this.canonicalization = Objects.requireNonNull(canonicalization, "canonicalization");
        this.keyInfo = Objects.requireNonNull(keyInfo, "keyInfo");
        Santuario.init();
    }

    /**
     * Adds the signature to {@code envelope} (in place) and returns it. Sign the plaintext payloads: encryption of
     * the parts, if the profile asks for it, comes after signing (the receiver decrypts, then verifies).
     *
     * @param signatureAlgorithmUri the CPA's SenderNonRepudiation/SignatureAlgorithm, RSA-SHA256/384/512
     * @param digestAlgorithmUri the CPA's SenderNonRepudiation/HashFunction, SHA-256/384/512
     * @throws SecurityFailureException ALGORITHM_REFUSED for a weak algorithm, OUTBOUND_FAILED when signing fails
     */
    public Document sign(
            Document envelope,
            List<Payload> payloads,
            KeyMaterial key,
            String signatureAlgorithmUri,
            String digestAlgorithmUri)
            throws SecurityFailureException {
        Objects.requireNonNull(key, "key");
        SignatureAlgorithms.requireAcceptedSignature(
                signatureAlgorithmUri, "the signing configuration (CPA " + "SenderNonRepudiation/SignatureAlgorithm)");
        SignatureAlgorithms.requireAcceptedDigest(
                digestAlgorithmUri, "the signing configuration (CPA " + "SenderNonRepudiation/HashFunction)");
        Element header = SoapParts.header(envelope);
        if (header == null) {
            throw new IllegalArgumentException("the document is not a SOAP 1.1 envelope with a SOAP Header");
        }
        if (!SoapParts.signatures(header).isEmpty()) {
            throw new IllegalStateException("the envelope is already signed");
        }
        CidResolver resolver = new CidResolver(payloads);
        XMLSignature signature = null;
        try {
            signature = new XMLSignature(envelope, "", signatureAlgorithmUri, canonicalization.uri());
            header.appendChild(signature.getElement());
            signature.addResourceResolver(resolver);
            signature.addDocument(
                    "", EbmsSignatureLayout.envelopeTransforms(envelope, canonicalization), digestAlgorithmUri);
            for (Payload p : payloads) {
                signature.addDocument(CidResolver.uriOf(p), null, digestAlgorithmUri);
            }
            X509Data certificates = new X509Data(envelope);
            List<X509Certificate> carried = keyInfo == KeyInfoContent.LEAF ? List.of(key.certificate()) : key.chain();
            for (X509Certificate c : carried) {
                if (!isSelfSigned(c)) {
                    certificates.addCertificate(c);
                }
            }
            if (certificates.lengthCertificate() == 0) {
                certificates.addCertificate(key.certificate());
            }
            signature.getKeyInfo().add(certificates);
            signature.sign(key.privateKey());
            return envelope;
        } catch (XMLSecurityException | RuntimeException e) {
            if (signature != null && signature.getElement().getParentNode() == header) {
                header.removeChild(signature.getElement());
            }
            throw new SecurityFailureException(
                    SecurityFailureException.Reason.OUTBOUND_FAILED,
                    "signing the message with the key of certificate '"
                            + key.certificate().getSubjectX500Principal().getName() + "' failed: " + e.getMessage(),
                    e);
        } finally {
            resolver.close();
        }
    }

    private static boolean isSelfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }
}
