package nl.dkgw.gateway.security;

import java.util.List;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.pki.KeyMaterial;
import org.apache.xml.security.signature.XMLSignature;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Signs like an old adapter would, with any algorithm (SHA-1, SHA-224): Santuario used directly, the ebMS layout kept,
 * so tests can show the verifier refusing weak algorithms in a genuinely valid signature.
 */
final class LegacySigner {

    private LegacySigner() {}

    static Document sign(
            Document envelope,
            List<Payload> payloads,
            KeyMaterial key,
            String signatureAlgorithm,
            String digestAlgorithm)
            throws Exception {
        Santuario.init();
        Element header = SoapParts.header(envelope);
        XMLSignature signature = new XMLSignature(envelope, "", signatureAlgorithm, Canonicalization.INCLUSIVE.uri());
        header.appendChild(signature.getElement());
        signature.addResourceResolver(new CidResolver(payloads));
        signature.addDocument(
                "", EbmsSignatureLayout.envelopeTransforms(envelope, Canonicalization.INCLUSIVE), digestAlgorithm);
        for (Payload p : payloads) {
            signature.addDocument(CidResolver.uriOf(p), null, digestAlgorithm);
        }
        signature.addKeyInfo(key.certificate());
        signature.sign(key.privateKey());
        return envelope;
    }
}
