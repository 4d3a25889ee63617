package nl.dkgw.gateway.security;

import java.util.ArrayList;
import java.util.List;
import nl.dkgw.gateway.ebms.Namespaces;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Finds the SOAP header and its ds:Signature children in an envelope DOM. */
final class SoapParts {

    private SoapParts() {}

    /** The SOAP 1.1 Header of the envelope, or null when the envelope has none. */
    static Element header(Document envelope) {
        Element root = envelope.getDocumentElement();
        if (root == null
                || !Namespaces.SOAP.equals(root.getNamespaceURI())
                || !"Envelope".equals(root.getLocalName())) {
            return null;
        }
        List<Element> headers = children(root, Namespaces.SOAP, "Header");
        return headers.isEmpty() ? null : headers.get(0);
    }

    static List<Element> signatures(Element header) {
        return children(header, Namespaces.DS, "Signature");
    }

    static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE
                    && namespace.equals(n.getNamespaceURI())
                    && localName.equals(n.getLocalName())) {
                result.add((Element) n);
            }
        }
        return result;
    }

    static Element child(Element parent, String namespace, String localName) {
        List<Element> found = children(parent, namespace, localName);
        return found.isEmpty() ? null : found.get(0);
    }
}
