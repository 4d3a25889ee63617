package nl.dkgw.gateway.xml;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.w3c.dom.Attr;
import org.w3c.dom.CharacterData;
import org.w3c.dom.Comment;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * An element as read, with its attributes, child elements and text, and nothing else: what a reader of a small
 * document (an ebMS envelope) looks at. Made from bytes with StAX, which costs far less than a DOM tree, or from a DOM
 * element where one exists already; both give the same element for the same XML.
 */
public final class XmlElement {

    /**
     * One factory per thread (the StAX specification does not promise that a factory may be shared), which reuses its
     * reader for documents up to {@link #LARGEST_REUSED} bytes: building a reader cost more than reading an ebMS
     * header (issue 15: a third of the parse of an Acknowledgment).
     */
    private static final ThreadLocal<XMLInputFactory> REUSING =
            ThreadLocal.withInitial(SafeXml::newReusingStreamFactory);
    /** A larger document gets a reader of its own, so no kept reader holds buffers grown to its size. */
    private static final ThreadLocal<XMLInputFactory> FRESH = ThreadLocal.withInitial(SafeXml::newStreamFactory);
    /** The largest document read with a reused reader: an ebMS header is a few KiB. */
    static final int LARGEST_REUSED = 64 * 1024;

    private final String namespace;
    private final String localName;
    private final String qualifiedName;
    private final List<Attribute> attributes;
    private final List<Object> content = new ArrayList<>(); // XmlElement and String, in document order

    /** An attribute; {@code namespace} null for an unprefixed one. */
    private record Attribute(String namespace, String localName, String value) {}

    private XmlElement(String namespace, String localName, String qualifiedName, List<Attribute> attributes) {
        this.namespace = namespace == null || namespace.isEmpty() ? null : namespace;
        this.localName = localName;
        this.qualifiedName = qualifiedName;
        this.attributes = attributes;
    }

    /**
     * Reads untrusted bytes as {@link SafeXml#parse} does: a DOCTYPE anywhere, and elements nested deeper than {@link
     * SafeXml#MAX_DEPTH}, are refused, with the same words.
     *
     * @return the document element
     */
    public static XmlElement parse(byte[] xml) throws SAXException {
        XMLStreamReader r = null;
        // a reader kept for reuse holds on to its input: the bytes are let go when the document has been read
        ReleasableBytes input = new ReleasableBytes(xml);
        try {
            r = (xml.length <= LARGEST_REUSED ? REUSING : FRESH).get().createXMLStreamReader(input);
            Deque<XmlElement> open = new ArrayDeque<>();
            XmlElement root = null;
            while (r.hasNext()) {
                switch (r.next()) {
                    case XMLStreamConstants.DTD ->
                        throw new SAXException("DOCTYPE is disallowed: a SOAP part may not declare a document type");
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (open.size() >= SafeXml.MAX_DEPTH) {
                            throw new SAXException(SafeXml.tooDeep());
                        }
                        XmlElement e = started(r);
                        if (open.isEmpty()) {
                            root = e;
                        } else {
                            open.peek().content.add(e);
                        }
                        open.push(e);
                    }
                    case XMLStreamConstants.END_ELEMENT -> open.pop();
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!open.isEmpty()) {
                            open.peek().content.add(r.getText());
                        }
                    }
                    default -> {
                        // comments, processing instructions, the document's start and end: not content
                    }
                }
            }
            if (root == null) {
                throw new SAXException("the document has no root element");
            }
            return root;
        } catch (XMLStreamException | RuntimeException e) {
            throw new SAXException(e.getMessage(), e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // a reader over a byte array holds nothing
                }
            }
            input.release();
        }
    }

    /** A stream over a byte array that lets go of the array when told, whoever still holds the stream. */
    private static final class ReleasableBytes extends InputStream {
        private ByteArrayInputStream bytes;

        ReleasableBytes(byte[] xml) {
            this.bytes = new ByteArrayInputStream(xml);
        }

        void release() {
            bytes = null;
        }

        @Override
        public int read() {
            return bytes == null ? -1 : bytes.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return bytes == null ? -1 : bytes.read(b, off, len);
        }

        @Override
        public int available() {
            return bytes == null ? 0 : bytes.available();
        }
    }

    private static XmlElement started(XMLStreamReader r) {
        List<Attribute> attributes = new ArrayList<>(r.getAttributeCount());
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String ns = r.getAttributeNamespace(i);
            attributes.add(new Attribute(
                    ns == null || ns.isEmpty() ? null : ns, r.getAttributeLocalName(i), r.getAttributeValue(i)));
        }
        String prefix = r.getPrefix();
        String local = r.getLocalName();
        return new XmlElement(
                r.getNamespaceURI(),
                local,
                prefix == null || prefix.isEmpty() ? local : prefix + ":" + local,
                attributes);
    }

    /** The same element, read from a DOM tree. */
    public static XmlElement of(Element dom) {
        NamedNodeMap map = dom.getAttributes();
        List<Attribute> attributes = new ArrayList<>(map.getLength());
        for (int i = 0; i < map.getLength(); i++) {
            Attr a = (Attr) map.item(i);
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
                continue; // namespace declarations are not attributes to StAX either
            }
            String local = a.getLocalName() == null ? a.getName() : a.getLocalName();
            attributes.add(new Attribute(a.getNamespaceURI(), local, a.getValue()));
        }
        String local = dom.getLocalName() == null ? dom.getNodeName() : dom.getLocalName();
        XmlElement e = new XmlElement(dom.getNamespaceURI(), local, dom.getNodeName(), attributes);
        for (Node n = dom.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                e.content.add(of(child));
            } else if (n instanceof CharacterData text && !(n instanceof Comment)) {
                e.content.add(text.getData());
            }
        }
        return e;
    }

    /** The namespace URI, null when the element has none. */
    public String namespace() {
        return namespace;
    }

    public String localName() {
        return localName;
    }

    /** The name as written, with its prefix ({@code eb:MessageHeader}). */
    public String qualifiedName() {
        return qualifiedName;
    }

    /** The value of the attribute {@code {namespace}localName} (namespace null for an unprefixed one), "" when absent. */
    public String attribute(String namespace, String localName) {
        for (Attribute a : attributes) {
            if (localName.equals(a.localName()) && Objects.equals(namespace, a.namespace())) {
                return a.value();
            }
        }
        return "";
    }

    /** The child elements in {@code namespace} (any when null) named {@code localName} (any when null), in order. */
    public List<XmlElement> children(String namespace, String localName) {
        List<XmlElement> found = new ArrayList<>();
        for (Object o : content) {
            if (o instanceof XmlElement e
                    && (namespace == null || namespace.equals(e.namespace))
                    && (localName == null || localName.equals(e.localName))) {
                found.add(e);
            }
        }
        return found;
    }

    /** Whether this element or one below it is {@code {namespace}localName}. */
    public boolean contains(String namespace, String localName) {
        if (namespace.equals(this.namespace) && localName.equals(this.localName)) {
            return true;
        }
        for (Object o : content) {
            if (o instanceof XmlElement e && e.contains(namespace, localName)) {
                return true;
            }
        }
        return false;
    }

    /** All text in this element and below it, in document order, as DOM's {@code getTextContent()} gives it. */
    public String text() {
        if (content.size() == 1 && content.get(0) instanceof String only) {
            return only;
        }
        StringBuilder text = new StringBuilder();
        appendText(text);
        return text.toString();
    }

    private void appendText(StringBuilder text) {
        for (Object o : content) {
            if (o instanceof String s) {
                text.append(s);
            } else {
                ((XmlElement) o).appendText(text);
            }
        }
    }
}
