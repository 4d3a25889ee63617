package nl.dkgw.gateway.security;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.xml.XmlElement;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Signed receipts (ebMS 2.0 section 6.3.2.1, Digikoppeling security profile 8): the eb:Acknowledgment of a signed
 * message that asked for {@code AckRequested signed="true"} carries copies of the ds:Reference elements of that
 * message's signature, and the Acknowledgment envelope itself is signed. This class reads those references and puts
 * them into an Acknowledgment; {@link ReceiptVerifier} checks them on the sender's side.
 */
public final class ReceiptReferences {

    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";

    private ReceiptReferences() {}

    /**
     * The ds:Reference elements of the signature in SOAP:Header of a signed envelope (e.g. a message we sent, read back
     * from the store with {@link XmlElement#parse}, which costs far less than a DOM tree; {@link XmlElement#of} for a
     * DOM tree at hand).
     *
     * @param envelope the document element
     */
    public static List<XmlElement> ofSignedEnvelope(XmlElement envelope) throws SecurityFailureException {
        List<XmlElement> signatures = List.of();
        if (Namespaces.SOAP.equals(envelope.namespace()) && "Envelope".equals(envelope.localName())) {
            List<XmlElement> headers = envelope.children(Namespaces.SOAP, "Header");
            if (!headers.isEmpty()) {
                signatures = headers.get(0).children(Namespaces.DS, "Signature");
            }
        }
        requireOneSignature(signatures.size());
        List<XmlElement> signedInfo = signatures.get(0).children(Namespaces.DS, "SignedInfo");
        requireSignedInfo(!signedInfo.isEmpty());
        return signedInfo.get(0).children(Namespaces.DS, "Reference");
    }

    /**
     * As {@link #ofSignedEnvelope(XmlElement)}, for a signed envelope at hand as a DOM tree (a message just signed):
     * only its ds:Reference elements are read.
     */
    public static List<XmlElement> ofSignedEnvelope(Document envelope) throws SecurityFailureException {
        Element header = SoapParts.header(envelope);
        List<Element> signatures = header == null ? List.of() : SoapParts.signatures(header);
        requireOneSignature(signatures.size());
        Element signedInfo = SoapParts.child(signatures.get(0), Namespaces.DS, "SignedInfo");
        requireSignedInfo(signedInfo != null);
        return SoapParts.children(signedInfo, Namespaces.DS, "Reference").stream()
                .map(XmlElement::of)
                .toList();
    }

    private static void requireOneSignature(int signatures) throws SecurityFailureException {
        if (signatures != 1) {
            throw new SecurityFailureException(
                    SecurityFailureException.Reason.NOT_SIGNED,
                    "the envelope has " + signatures
                            + " ds:Signature elements in SOAP:Header; a signed receipt needs exactly one");
        }
    }

    private static void requireSignedInfo(boolean present) throws SecurityFailureException {
        if (!present) {
            throw new SecurityFailureException(
                    SecurityFailureException.Reason.MALFORMED_SIGNATURE, "the ds:Signature has no ds:SignedInfo");
        }
    }

    /** The ds:Reference elements an eb:Acknowledgment carries (empty when it is not a signed receipt). */
    public static List<Element> ofAcknowledgment(Document acknowledgmentEnvelope) {
        Element acknowledgment = acknowledgment(acknowledgmentEnvelope);
        return acknowledgment == null ? List.of() : SoapParts.children(acknowledgment, Namespaces.DS, "Reference");
    }

    /**
     * Copies the acknowledged message's ds:Reference elements (from {@link VerifiedSignature#references()}) into the
     * eb:Acknowledgment of {@code acknowledgmentEnvelope}, after its existing children. Call this before signing the
     * Acknowledgment envelope with {@link MessageSigner}.
     *
     * @throws IllegalArgumentException when the envelope has no eb:Acknowledgment in SOAP:Header
     */
    public static void attach(Document acknowledgmentEnvelope, List<Element> messageReferences) {
        Element acknowledgment = acknowledgment(acknowledgmentEnvelope);
        if (acknowledgment == null) {
            throw new IllegalArgumentException("the envelope has no eb:Acknowledgment in SOAP:Header");
        }
        for (Element reference : messageReferences) {
            if (!Namespaces.DS.equals(reference.getNamespaceURI()) || !"Reference".equals(reference.getLocalName())) {
                throw new IllegalArgumentException("not a ds:Reference: " + reference.getNodeName());
            }
            Element copy = (Element) acknowledgmentEnvelope.importNode(reference, true);
            declareInScopeNamespaces(reference, copy);
            acknowledgment.appendChild(copy);
        }
    }

    private static Element acknowledgment(Document envelope) {
        Element header = SoapParts.header(envelope);
        return header == null ? null : SoapParts.child(header, Namespaces.EB, "Acknowledgment");
    }

    /**
     * A copied element loses the namespace declarations it inherited from its old ancestors (for instance xmlns:ds on
     * ds:Signature, or the SOAP prefix the XPath transform uses). Declaring them on the copy keeps it meaningful and
     * makes its canonical form the same before and after serialisation.
     */
    private static void declareInScopeNamespaces(Element original, Element copy) {
        Map<String, String> inScope = new HashMap<>();
        for (Node n = original; n != null && n.getNodeType() == Node.ELEMENT_NODE; n = n.getParentNode()) {
            NamedNodeMap attributes = n.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr a = (Attr) attributes.item(i);
                if (XMLNS.equals(a.getNamespaceURI())) {
                    inScope.putIfAbsent(a.getName(), a.getValue());
                }
            }
        }
        if (original.getPrefix() != null) {
            inScope.putIfAbsent("xmlns:" + original.getPrefix(), original.getNamespaceURI());
        }
        List<Map.Entry<String, String>> missing = new ArrayList<>();
        for (Map.Entry<String, String> e : inScope.entrySet()) {
            if (!copy.hasAttributeNS(XMLNS, localNameOf(e.getKey()))) {
                missing.add(e);
            }
        }
        for (Map.Entry<String, String> e : missing) {
            copy.setAttributeNS(XMLNS, e.getKey(), e.getValue());
        }
    }

    private static String localNameOf(String qualifiedName) {
        int colon = qualifiedName.indexOf(':');
        return colon < 0 ? qualifiedName : qualifiedName.substring(colon + 1);
    }
}
