package nl.dkgw.gateway.security;

import java.security.cert.X509Certificate;
import java.util.List;
import org.w3c.dom.Element;

/**
 * The outcome of a successful verification.
 *
 * @param signature the verified ds:Signature element (in the envelope's document)
 * @param references its ds:Reference elements, in document order: what a signed Acknowledgment must carry
 * @param signer the signing certificate (equal to the CPA's certificate for the sending party)
 */
public record VerifiedSignature(Element signature, List<Element> references, X509Certificate signer) {
    public VerifiedSignature {
        references = List.copyOf(references);
    }
}
