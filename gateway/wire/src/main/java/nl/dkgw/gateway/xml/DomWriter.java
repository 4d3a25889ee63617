package nl.dkgw.gateway.xml;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Writes a DOM tree as UTF-8 through the JDK's StAX writer, with an XML declaration: a signed envelope (its
 * ds:Signature made by Santuario in the tree) goes to the wire this way. It does what the identity transformer did
 * (issue 15: a twentieth of a node's samples on the signed path went to that transformer's set-up and its walk over
 * the tree): every namespace an element or attribute uses is declared where it is
 * not in scope yet, the declarations the tree carries are kept, and a carriage return in text or any line break or
 * tab in an attribute is written as a character reference, so the document reads back with the same text and the
 * same canonical form.
 *
 * <p>A tree this writer does not write (an attribute value with a line break or a tab, which the StAX writer cannot
 * escape; anything the StAX writer refuses) throws {@link XMLStreamException}; {@link SafeXml#serialize} then writes
 * it with the transformer.
 */
final class DomWriter {

    /** Prefix to namespace, one map per open element that declared something; the innermost first. */
    private final Deque<Map<String, String>> scopes = new ArrayDeque<>();

    private final XMLStreamWriter xml;

    private DomWriter(XMLStreamWriter xml) {
        this.xml = xml;
        scopes.push(Map.of(XMLConstants.XML_NS_PREFIX, XMLConstants.XML_NS_URI, "", ""));
    }

    /** {@code node} (a document or an element) as UTF-8 bytes with an XML declaration. */
    static byte[] bytes(Node node) throws XMLStreamException {
        return XmlBytes.of(xml -> {
            xml.writeStartDocument("UTF-8", "1.0");
            DomWriter writer = new DomWriter(xml);
            if (node instanceof Document document) {
                for (Node child = document.getFirstChild(); child != null; child = child.getNextSibling()) {
                    writer.node(child);
                }
            } else {
                writer.node(node);
            }
            xml.writeEndDocument();
        });
    }

    private void node(Node node) throws XMLStreamException {
        switch (node.getNodeType()) {
            case Node.ELEMENT_NODE -> element((Element) node);
            case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> text(node.getNodeValue());
            case Node.COMMENT_NODE -> xml.writeComment(node.getNodeValue());
            case Node.PROCESSING_INSTRUCTION_NODE ->
                xml.writeProcessingInstruction(node.getNodeName(), node.getNodeValue());
            case Node.ENTITY_REFERENCE_NODE -> children(node);
            default -> {
                // a document type (refused when parsing) or a node that cannot occur inside an element
            }
        }
    }

    private void children(Node parent) throws XMLStreamException {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            node(child);
        }
    }

    private void element(Element element) throws XMLStreamException {
        Map<String, String> declared = new HashMap<>();
        List<Attr> attributes = new ArrayList<>();
        NamedNodeMap all = element.getAttributes();
        for (int i = 0; i < all.getLength(); i++) {
            Attr a = (Attr) all.item(i);
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
                String prefix = XMLConstants.XMLNS_ATTRIBUTE.equals(a.getPrefix()) ? a.getLocalName() : "";
                declared.put(prefix, a.getValue());
            } else {
                attributes.add(a);
            }
        }
        String prefix = orEmpty(element.getPrefix());
        String namespace = orEmpty(element.getNamespaceURI());
        String local = element.getLocalName() == null ? element.getNodeName() : element.getLocalName();
        scopes.push(declared);
        bindIfNeeded(declared, prefix, namespace);
        for (Attr a : attributes) {
            String attributeNamespace = orEmpty(a.getNamespaceURI());
            if (!attributeNamespace.isEmpty()) {
                if (a.getPrefix() == null) {
                    throw new XMLStreamException("attribute " + a.getLocalName() + " has a namespace but no prefix");
                }
                bindIfNeeded(declared, a.getPrefix(), attributeNamespace);
            }
        }

        xml.writeStartElement(prefix, local, namespace);
        for (Map.Entry<String, String> d : declared.entrySet()) {
            if (d.getKey().isEmpty()) {
                xml.writeDefaultNamespace(d.getValue());
            } else {
                xml.writeNamespace(d.getKey(), d.getValue());
            }
        }
        for (Attr a : attributes) {
            String value = attributeValue(a.getValue());
            if (a.getNamespaceURI() == null || a.getNamespaceURI().isEmpty()) {
                xml.writeAttribute(a.getLocalName() == null ? a.getName() : a.getLocalName(), value);
            } else {
                xml.writeAttribute(a.getPrefix(), a.getNamespaceURI(), a.getLocalName(), value);
            }
        }
        children(element);
        xml.writeEndElement();
        scopes.pop();
    }

    /** Declares {@code prefix} on this element when it is not bound to {@code namespace} where the element is. */
    private void bindIfNeeded(Map<String, String> declared, String prefix, String namespace) {
        if (!namespace.equals(inScope(prefix))) {
            declared.put(prefix, namespace);
        }
    }

    private String inScope(String prefix) {
        for (Map<String, String> scope : scopes) {
            String bound = scope.get(prefix);
            if (bound != null) {
                return bound;
            }
        }
        return prefix.isEmpty() ? "" : null;
    }

    /** Text as is, but a carriage return as a character reference: a parser would turn a literal one into a newline. */
    private void text(String text) throws XMLStreamException {
        int from = 0;
        for (int i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', from)) {
            xml.writeCharacters(text.substring(from, i));
            xml.writeEntityRef("#13");
            from = i + 1;
        }
        xml.writeCharacters(from == 0 ? text : text.substring(from));
    }

    /**
     * An attribute value as it is. One with a line break or a tab is refused: a parser turns literal ones into spaces,
     * and the StAX writer cannot write them as character references (it escapes the {@code &} of one).
     */
    private static String attributeValue(String value) throws XMLStreamException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\t') {
                throw new XMLStreamException("an attribute value with a line break or a tab");
            }
        }
        return value;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
