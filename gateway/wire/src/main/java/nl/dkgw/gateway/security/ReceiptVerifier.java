package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFailureException.Reason.RECEIPT_MISMATCH;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.xml.XmlElement;
import org.w3c.dom.Document;

/**
 * Non-repudiation of receipt on the sender's side: a signed Acknowledgment must carry exactly the ds:Reference
 * elements (URI, digest algorithm, digest value) of the signature of the message we sent. Verify the Acknowledgment's
 * own signature with {@link SignatureVerifier} first; this check then proves the receiver acknowledged exactly the
 * content we signed.
 */
public final class ReceiptVerifier {

    private ReceiptVerifier() {}

    /**
     * @param sentReferences the ds:Reference elements of the message we sent ({@link
     *     ReceiptReferences#ofSignedEnvelope} on the stored signed envelope)
     * @param acknowledgmentEnvelope the received, signature-verified Acknowledgment envelope
     */
    public static void check(List<XmlElement> sentReferences, Document acknowledgmentEnvelope)
            throws SecurityFailureException {
        List<XmlElement> received = ReceiptReferences.ofAcknowledgment(acknowledgmentEnvelope).stream()
                .map(XmlElement::of)
                .toList();
        if (received.isEmpty()) {
            throw new SecurityFailureException(
                    RECEIPT_MISMATCH,
                    "the Acknowledgment carries no ds:Reference "
                            + "elements; a signed receipt must carry the references of the acknowledged message");
        }
        Map<String, Digest> sent = digests(sentReferences, "the message we sent");
        Map<String, Digest> acknowledged = digests(received, "the Acknowledgment");
        for (Map.Entry<String, Digest> e : sent.entrySet()) {
            String where = SignedInfoRules.display(e.getKey());
            Digest ours = e.getValue();
            Digest theirs = acknowledged.get(e.getKey());
            if (theirs == null) {
                throw new SecurityFailureException(
                        RECEIPT_MISMATCH,
                        "the Acknowledgment lacks reference " + where
                                + " of the message we sent, so it does not acknowledge that content");
            }
            if (!ours.algorithm.equals(theirs.algorithm) || !ours.value.equals(theirs.value)) {
                throw new SecurityFailureException(
                        RECEIPT_MISMATCH,
                        "reference " + where + ": the Acknowledgment "
                                + "carries digest " + theirs + " but the message we sent has " + ours
                                + "; the receiver acknowledged other content than we signed");
            }
        }
        for (String uri : acknowledged.keySet()) {
            if (!sent.containsKey(uri)) {
                throw new SecurityFailureException(
                        RECEIPT_MISMATCH,
                        "the Acknowledgment carries reference " + SignedInfoRules.display(uri)
                                + ", which the message we sent does not have");
            }
        }
    }

    private record Digest(String algorithm, String value) {
        @Override
        public String toString() {
            return value + " (" + algorithm + ")";
        }
    }

    private static Map<String, Digest> digests(List<XmlElement> references, String whose)
            throws SecurityFailureException {
        Map<String, Digest> result = new LinkedHashMap<>();
        for (XmlElement reference : references) {
            String uri = reference.attribute(null, "URI");
            List<XmlElement> method = reference.children(Namespaces.DS, "DigestMethod");
            List<XmlElement> value = reference.children(Namespaces.DS, "DigestValue");
            if (method.isEmpty() || value.isEmpty()) {
                throw new SecurityFailureException(
                        RECEIPT_MISMATCH, "a ds:Reference in " + whose + " lacks ds:DigestMethod or ds:DigestValue");
            }
            String normalised;
            try {
                normalised = Base64.getEncoder()
                        .encodeToString(Base64.getMimeDecoder()
                                .decode(value.get(0).text().trim()));
            } catch (IllegalArgumentException e) {
                throw new SecurityFailureException(
                        RECEIPT_MISMATCH,
                        "the ds:DigestValue of reference " + SignedInfoRules.display(uri) + " in " + whose
                                + " is not base64");
            }
            if (result.put(uri, new Digest(method.get(0).attribute(null, "Algorithm"), normalised)) != null) {
                throw new SecurityFailureException(
                        RECEIPT_MISMATCH, whose + " has reference " + SignedInfoRules.display(uri) + " twice");
            }
        }
        return result;
    }
}
