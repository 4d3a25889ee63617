package nl.dkgw.gateway.xml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Writes a DOM tree as UTF-8 with an XML declaration: a signed envelope (its ds:Signature made by Santuario in the
 * tree) goes to the wire this way. It does what the identity transformer did: every namespace an element or attribute
 * uses is declared where it is not in scope yet, the declarations the tree carries are kept, markup characters are
 * escaped, and a carriage return in text or any line break or tab in an attribute is written as a character
 * reference, so the document reads back with the same text and the same canonical form.
 *
 * <p>It writes to characters itself rather than through the JDK's StAX writer (issue 15: that writer, made anew per
 * document with its own symbol table and property map, and escaping each character through a call of its own, took a
 * twentieth of a signed node's samples; JMH in docs/performance.md). Text without a character to escape, such as the
 * base64 of a certificate or a signature value, is copied in one go.
 *
 * <p>A tree it cannot write (an attribute in a namespace without a prefix) throws {@link XMLStreamException}; {@link
 * SafeXml#serialize} then writes it with the transformer.
 */
final class DomWriter {

    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    private static final int FIRST_CAPACITY = 8192;

    /** Prefix to namespace, one map per open element that declared something; the innermost first. */
    private final Deque<Map<String, String>> scopes = new ArrayDeque<>();

    private final StringBuilder out;

    private DomWriter(StringBuilder out) {
        this.out = out;
        scopes.push(Map.of(XMLConstants.XML_NS_PREFIX, XMLConstants.XML_NS_URI, "", ""));
    }

    /** {@code node} (a document or an element) as UTF-8 bytes with an XML declaration. */
    static byte[] bytes(Node node) throws XMLStreamException {
        StringBuilder out = new StringBuilder(FIRST_CAPACITY);
        out.append(DECLARATION);
        DomWriter writer = new DomWriter(out);
        if (node instanceof Document document) {
            for (Node child = document.getFirstChild(); child != null; child = child.getNextSibling()) {
                writer.node(child);
            }
        } else {
            writer.node(node);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void node(Node node) throws XMLStreamException {
        switch (node.getNodeType()) {
            case Node.ELEMENT_NODE -> element((Element) node);
            case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> text(node.getNodeValue());
            case Node.COMMENT_NODE ->
                out.append("<!--").append(node.getNodeValue()).append("-->");
            case Node.PROCESSING_INSTRUCTION_NODE -> processingInstruction(node.getNodeName(), node.getNodeValue());
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
        NamedNodeMap attributes = element.getAttributes();
        int count = attributes.getLength();
        Map<String, String> declared = new HashMap<>(4);
        for (int i = 0; i < count; i++) {
            Attr a = (Attr) attributes.item(i);
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
                String prefix = XMLConstants.XMLNS_ATTRIBUTE.equals(a.getPrefix()) ? a.getLocalName() : "";
                declared.put(prefix, a.getValue());
            }
        }
        String prefix = orEmpty(element.getPrefix());
        String namespace = orEmpty(element.getNamespaceURI());
        String local = element.getLocalName() == null ? element.getNodeName() : element.getLocalName();
        scopes.push(declared);
        bindIfNeeded(declared, prefix, namespace);
        for (int i = 0; i < count; i++) {
            Attr a = (Attr) attributes.item(i);
            String attributeNamespace = orEmpty(a.getNamespaceURI());
            if (!attributeNamespace.isEmpty() && !XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attributeNamespace)) {
                if (a.getPrefix() == null) {
                    throw new XMLStreamException("attribute " + a.getLocalName() + " has a namespace but no prefix");
                }
                bindIfNeeded(declared, a.getPrefix(), attributeNamespace);
            }
        }

        out.append('<');
        qualifiedName(prefix, local);
        for (Map.Entry<String, String> d : declared.entrySet()) {
            out.append(d.getKey().isEmpty() ? " xmlns" : " xmlns:");
            out.append(d.getKey());
            attributeValue(d.getValue());
        }
        for (int i = 0; i < count; i++) {
            Attr a = (Attr) attributes.item(i);
            String attributeNamespace = a.getNamespaceURI();
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attributeNamespace)) {
                continue; // written with the declarations above
            }
            out.append(' ');
            if (attributeNamespace == null || attributeNamespace.isEmpty()) {
                out.append(a.getLocalName() == null ? a.getName() : a.getLocalName());
            } else {
                qualifiedName(a.getPrefix(), a.getLocalName());
            }
            attributeValue(a.getValue());
        }
        out.append('>');
        children(element);
        out.append("</");
        qualifiedName(prefix, local);
        out.append('>');
        scopes.pop();
    }

    private void qualifiedName(String prefix, String local) {
        if (!prefix.isEmpty()) {
            out.append(prefix).append(':');
        }
        out.append(local);
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

    private void processingInstruction(String target, String data) {
        out.append("<?").append(target);
        if (data != null && !data.isEmpty()) {
            out.append(' ').append(data);
        }
        out.append("?>");
    }

    /**
     * Text with {@code &}, {@code <} and {@code >} escaped, and a carriage return as a character reference: a parser
     * would turn a literal one into a newline.
     */
    private void text(String text) {
        escaped(text, false);
    }

    /**
     * {@code ="value"}, with markup characters and the quote escaped, and a line break or a tab as a character
     * reference: a parser turns literal ones into spaces.
     */
    private void attributeValue(String value) {
        out.append("=\"");
        escaped(value, true);
        out.append('"');
    }

    /** {@code value} with each character {@link #escape} names replaced, the runs between copied in one go. */
    private void escaped(String value, boolean inAttribute) {
        int from = 0;
        for (int i = 0; i < value.length(); i++) {
            String escaped = escape(value.charAt(i), inAttribute);
            if (escaped != null) {
                out.append(value, from, i).append(escaped);
                from = i + 1;
            }
        }
        out.append(value, from, value.length());
    }

    /** What {@code c} is written as in text or in an attribute value; null: as itself. */
    private static String escape(char c, boolean inAttribute) {
        return switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '\r' -> "&#13;";
            case '"' -> inAttribute ? "&quot;" : null;
            case '\n' -> inAttribute ? "&#10;" : null;
            case '\t' -> inAttribute ? "&#9;" : null;
            default -> null;
        };
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
