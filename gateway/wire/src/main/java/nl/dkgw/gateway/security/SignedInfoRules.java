package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFailureException.Reason.ALGORITHM_REFUSED;
import static nl.dkgw.gateway.security.SecurityFailureException.Reason.MALFORMED_SIGNATURE;
import static nl.dkgw.gateway.security.SecurityFailureException.Reason.PAYLOAD_NOT_SIGNED;
import static nl.dkgw.gateway.security.SecurityFailureException.Reason.REFERENCE_LAYOUT;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import org.apache.xml.security.signature.Manifest;
import org.w3c.dom.Element;

/**
 * Checks the ds:SignedInfo of an inbound signature before any cryptography: accepted algorithms only, exactly one
 * envelope reference with the ebMS transforms, one cid: reference per payload part and nothing else.
 */
final class SignedInfoRules {

    private static final String DS = Namespaces.DS;
    /** Santuario's secure validation refuses more references than this in one SignedInfo. */
    static final int MAXIMUM_REFERENCES = Manifest.MAXIMUM_REFERENCE_COUNT;

    private SignedInfoRules() {}

    /** Returns the ds:Reference elements of SignedInfo after checking them all. */
    static List<Element> check(Element signature, List<Payload> payloads) throws SecurityFailureException {
        Element signedInfo = required(signature, "SignedInfo", "the ds:Signature");
        Element c14n = required(signedInfo, "CanonicalizationMethod", "ds:SignedInfo");
        String c14nUri = c14n.getAttribute("Algorithm");
        if (!Canonicalization.isAccepted(c14nUri)) {
            throw new SecurityFailureException(
                    ALGORITHM_REFUSED,
                    "ds:SignedInfo: canonicalization algorithm '" + c14nUri
                            + "' is refused; accepted are inclusive and exclusive C14N (1.0, 1.1)");
        }
        Element method = required(signedInfo, "SignatureMethod", "ds:SignedInfo");
        SignatureAlgorithms.requireAcceptedSignature(method.getAttribute("Algorithm"), "ds:SignedInfo");

        List<Element> references = SoapParts.children(signedInfo, DS, "Reference");
        if (references.size() > MAXIMUM_REFERENCES) {
            throw new SecurityFailureException(
                    REFERENCE_LAYOUT,
                    "ds:SignedInfo has " + references.size()
                            + " references; at most " + MAXIMUM_REFERENCES + " (the envelope and "
                            + (MAXIMUM_REFERENCES - 1)
                            + " payload parts) are verified, the limit of Santuario's secure validation");
        }
        int envelopeReferences = 0;
        Set<String> signedParts = new HashSet<>();
        Set<String> partIds = new HashSet<>();
        for (Payload p : payloads) {
            if (!partIds.add(p.contentId())) {
                throw new SecurityFailureException(
                        REFERENCE_LAYOUT,
                        "two payload parts share Content-ID " + p.contentId()
                                + ", so a cid: reference cannot say which of them is signed");
            }
        }
        for (Element reference : references) {
            if (!reference.hasAttribute("URI")) {
                throw new SecurityFailureException(
                        REFERENCE_LAYOUT,
                        "a ds:Reference has no URI attribute; ebMS "
                                + "signatures reference the envelope (URI=\"\") and the payload parts (URI=\"cid:...\")");
            }
            String uri = reference.getAttribute("URI");
            String where = "reference " + display(uri);
            Element digest = required(reference, "DigestMethod", where);
            SignatureAlgorithms.requireAcceptedDigest(digest.getAttribute("Algorithm"), where);
            List<Element> transforms = transforms(reference);
            if (uri.isEmpty()) {
                envelopeReferences++;
                checkEnvelopeTransforms(transforms);
            } else if (CidResolver.contentIdOf(uri) != null) {
                String id = CidResolver.contentIdOf(uri);
                if (!partIds.contains(id)) {
                    throw new SecurityFailureException(
                            REFERENCE_LAYOUT,
                            where + " names a payload part that is " + "not in the message (the message has parts "
                                    + partIds + ")");
                }
                if (!signedParts.add(id)) {
                    throw new SecurityFailureException(REFERENCE_LAYOUT, where + " occurs twice in ds:SignedInfo");
                }
                if (!transforms.isEmpty()) {
                    throw new SecurityFailureException(
                            REFERENCE_LAYOUT,
                            where + " has transforms ("
                                    + transforms.get(0).getAttribute("Algorithm")
                                    + "); a payload part is signed as the "
                                    + "bytes it travels as, without transforms");
                }
            } else {
                throw new SecurityFailureException(
                        REFERENCE_LAYOUT,
                        where + " is neither the envelope "
                                + "(URI=\"\") nor a payload part (URI=\"cid:...\"); other references are not accepted");
            }
        }
        if (envelopeReferences != 1) {
            throw new SecurityFailureException(
                    REFERENCE_LAYOUT,
                    "ds:SignedInfo has " + envelopeReferences
                            + " references with URI=\"\"; exactly one must cover the SOAP envelope");
        }
        for (Payload p : payloads) {
            if (!signedParts.contains(p.contentId())) {
                throw new SecurityFailureException(
                        PAYLOAD_NOT_SIGNED,
                        "payload part " + p.contentId() + " ("
                                + p.contentType() + ") is not covered by the signature: ds:SignedInfo has no "
                                + "ds:Reference URI=\"cid:" + p.contentId() + "\"");
            }
        }
        return references;
    }

    private static void checkEnvelopeTransforms(List<Element> transforms) throws SecurityFailureException {
        boolean enveloped = false;
        boolean xpath = false;
        for (int i = 0; i < transforms.size(); i++) {
            Element t = transforms.get(i);
            String algorithm = t.getAttribute("Algorithm");
            if (EbmsSignatureLayout.ENVELOPED_SIGNATURE.equals(algorithm) && !enveloped) {
                enveloped = true;
            } else if (EbmsSignatureLayout.XPATH.equals(algorithm) && !xpath) {
                Element expression = SoapParts.child(t, DS, "XPath");
                if (expression == null || !EbmsSignatureLayout.isActorFilter(expression)) {
                    throw new SecurityFailureException(
                            REFERENCE_LAYOUT,
                            "reference URI=\"\" (the SOAP envelope): "
                                    + "its XPath transform is not the ebMS 2.0 filter "
                                    + EbmsSignatureLayout.ACTOR_FILTER
                                    + (expression == null
                                            ? ""
                                            : " but '"
                                                    + expression
                                                            .getTextContent()
                                                            .trim() + "'")
                                    + "; another expression could leave signed content out");
                }
                xpath = true;
            } else if (Canonicalization.isAccepted(algorithm) && i == transforms.size() - 1) {
                // the final canonicalisation
            } else {
                throw new SecurityFailureException(
                        ALGORITHM_REFUSED,
                        "reference URI=\"\" (the SOAP envelope): "
                                + "transform '" + algorithm + "' is refused at position " + (i + 1) + "; accepted are "
                                + "enveloped-signature, the ebMS nextMSH XPath filter and a final C14N, each once");
            }
        }
        if (!enveloped) {
            throw new SecurityFailureException(
                    REFERENCE_LAYOUT,
                    "reference URI=\"\" (the SOAP envelope) lacks the "
                            + "enveloped-signature transform, so it cannot cover the envelope that contains the signature");
        }
    }

    private static List<Element> transforms(Element reference) {
        Element transforms = SoapParts.child(reference, DS, "Transforms");
        return transforms == null ? List.of() : SoapParts.children(transforms, DS, "Transform");
    }

    private static Element required(Element parent, String localName, String where) throws SecurityFailureException {
        Element e = SoapParts.child(parent, DS, localName);
        if (e == null) {
            throw new SecurityFailureException(MALFORMED_SIGNATURE, where + " has no ds:" + localName);
        }
        return e;
    }

    static String display(String uri) {
        return uri.isEmpty() ? "URI=\"\" (the SOAP envelope)" : uri;
    }
}
