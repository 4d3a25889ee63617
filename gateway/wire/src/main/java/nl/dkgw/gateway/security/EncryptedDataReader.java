package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFailureException.Reason.DECRYPTION_FAILED;
import static nl.dkgw.gateway.security.SecurityFailureException.Reason.NOT_ENCRYPTED;

import java.io.IOException;
import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads an encrypted payload part ({@link EncryptedPart}) as a stream: the small header (attributes, EncryptionMethod,
 * the ds:KeyInfo copied into a DOM for the key unwrapping) up to the cipher value, whose text is then streamed without
 * being held. The parser is the JDK's StAX, hardened as {@link SafeXml}: a DOCTYPE is refused (so no entities, no
 * external access), the header is bounded in depth and size.
 */
final class EncryptedDataReader implements AutoCloseable {

    /** The header is some kilobytes (a wrapped key, a key name or a certificate); this is far beyond. */
    static final int MAX_HEADER_CHARS = 1024 * 1024;

    private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(SafeXml::newStreamFactory);

    private final XMLStreamReader reader;
    private final String part;
    private String id = "";
    private String mimeType = "";
    private String contentAlgorithm = "";
    private Element keyInfo;
    private long headerChars;

    private EncryptedDataReader(XMLStreamReader reader, String part) {
        this.reader = reader;
        this.part = part;
    }

    /**
     * Reads up to the EncryptedData's cipher value.
     *
     * @param part        the part in words, for messages
     * @param contentType the part's content type, for messages
     */
    static EncryptedDataReader open(InputStream in, String part, String contentType) throws SecurityFailureException {
        XMLStreamReader r;
        try {
            r = FACTORY.get().createXMLStreamReader(in);
            while (r.next() != XMLStreamConstants.START_ELEMENT) {
                if (r.getEventType() == XMLStreamConstants.DTD) {
                    throw new XMLStreamException("a DOCTYPE is not allowed");
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw new SecurityFailureException(
                    NOT_ENCRYPTED,
                    part + " (" + contentType + ") is not "
                            + "encrypted: it is not an XML document, so not an xenc:EncryptedData");
        }
        String namespace = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
        if (!EncryptedPart.XENC.equals(namespace) || !"EncryptedData".equals(r.getLocalName())) {
            throw new SecurityFailureException(
                    NOT_ENCRYPTED,
                    part + " (" + contentType + ") is not "
                            + "encrypted: its root element is {" + (namespace.isEmpty() ? null : namespace) + "}"
                            + r.getLocalName() + ", not xenc:EncryptedData");
        }
        EncryptedDataReader data = new EncryptedDataReader(r, part);
        try {
            data.readHeader();
        } catch (XMLStreamException e) {
            throw data.unreadable(e);
        }
        return data;
    }

    String id() {
        return id;
    }

    String mimeType() {
        return mimeType;
    }

    /** The EncryptionMethod's Algorithm, empty when there is none. */
    String contentAlgorithm() {
        return contentAlgorithm;
    }

    /** The ds:KeyInfo as a DOM element, or null when there is none. */
    Element keyInfo() {
        return keyInfo;
    }

    private void readHeader() throws XMLStreamException, SecurityFailureException {
        id = attribute("Id");
        mimeType = attribute("MimeType");
        while (true) {
            int event = reader.nextTag();
            if (event == XMLStreamConstants.END_ELEMENT) {
                throw noCipherValue();
            }
            String namespace = reader.getNamespaceURI();
            String name = reader.getLocalName();
            if (EncryptedPart.XENC.equals(namespace) && "EncryptionMethod".equals(name)) {
                contentAlgorithm = attribute("Algorithm");
                skipElement();
            } else if (Namespaces.DS.equals(namespace) && "KeyInfo".equals(name)) {
                Document doc = SafeXml.newDocument();
                keyInfo = (Element) doc.appendChild(copyElement(doc));
            } else if (EncryptedPart.XENC.equals(namespace) && "CipherData".equals(name)) {
                if (reader.nextTag() != XMLStreamConstants.START_ELEMENT
                        || !EncryptedPart.XENC.equals(reader.getNamespaceURI())
                        || !"CipherValue".equals(reader.getLocalName())) {
                    throw noCipherValue();
                }
                return;
            } else {
                skipElement();
            }
        }
    }

    private String attribute(String name) {
        String value = reader.getAttributeValue(null, name);
        return value == null ? "" : value;
    }

    private SecurityFailureException noCipherValue() {
        return new SecurityFailureException(
                DECRYPTION_FAILED,
                part + ": the xenc:EncryptedData carries no xenc:CipherData/xenc:CipherValue (a CipherReference to "
                        + "data elsewhere is not accepted)");
    }

    SecurityFailureException unreadable(Exception e) {
        return new SecurityFailureException(
                NOT_ENCRYPTED, part + " is not a well-formed xenc:EncryptedData document: " + e.getMessage(), e);
    }

    private void skipElement() throws XMLStreamException, SecurityFailureException {
        int depth = 1;
        while (depth > 0) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                countHeader(depth, 1);
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.CHARACTERS) {
                countHeader(depth, reader.getTextLength());
            }
        }
    }

    /** Copies the element the reader is on, with its subtree, into {@code doc}; the reader ends on its end tag. */
    private Element copyElement(Document doc) throws XMLStreamException, SecurityFailureException {
        Element root = startElement(doc);
        Node current = root;
        int depth = 1;
        while (depth > 0) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    countHeader(depth, 1);
                    current = current.appendChild(startElement(doc));
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    depth--;
                    current = current.getParentNode();
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    countHeader(depth, reader.getTextLength());
                    current.appendChild(doc.createTextNode(reader.getText()));
                }
                default -> {
                    // comments and processing instructions are no part of the key information
                }
            }
        }
        return root;
    }

    private Element startElement(Document doc) {
        String namespace = reader.getNamespaceURI();
        String prefix = reader.getPrefix();
        String qualified =
                prefix == null || prefix.isEmpty() ? reader.getLocalName() : prefix + ":" + reader.getLocalName();
        Element e = doc.createElementNS(namespace == null || namespace.isEmpty() ? null : namespace, qualified);
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            String declared = reader.getNamespacePrefix(i);
            e.setAttributeNS(
                    XMLConstants.XMLNS_ATTRIBUTE_NS_URI,
                    declared == null || declared.isEmpty() ? "xmlns" : "xmlns:" + declared,
                    reader.getNamespaceURI(i));
        }
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String attributeNamespace = reader.getAttributeNamespace(i);
            String attributePrefix = reader.getAttributePrefix(i);
            String local = reader.getAttributeLocalName(i);
            e.setAttributeNS(
                    attributeNamespace == null || attributeNamespace.isEmpty() ? null : attributeNamespace,
                    attributePrefix == null || attributePrefix.isEmpty() ? local : attributePrefix + ":" + local,
                    reader.getAttributeValue(i));
        }
        return e;
    }

    private void countHeader(int depth, int chars) throws SecurityFailureException {
        headerChars += chars;
        if (depth > SafeXml.MAX_DEPTH || headerChars > MAX_HEADER_CHARS) {
            throw new SecurityFailureException(
                    DECRYPTION_FAILED,
                    part + ": the xenc:EncryptedData's key information is nested more than " + SafeXml.MAX_DEPTH
                            + " levels deep or larger than " + MAX_HEADER_CHARS + " characters; refused");
        }
    }

    /**
     * The text of the EncryptedData's CipherValue as ASCII octets, read as it streams in; ends at its end tag.
     * Characters outside ASCII are passed as '?', which a base64 decoder for MIME skips like line breaks.
     */
    InputStream cipherValue() {
        return new CipherValueText();
    }

    /** Reads the rest of the document, so a part that is not well-formed to its end is refused. */
    void finish() throws SecurityFailureException {
        try {
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamConstants.DTD) {
                    throw new XMLStreamException("a DOCTYPE is not allowed");
                }
            }
        } catch (XMLStreamException e) {
            throw unreadable(e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (XMLStreamException e) {
            // the underlying stream is closed by its owner
        }
    }

    private final class CipherValueText extends InputStream {
        private char[] text;
        private int at;
        private int end;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (at == end) {
                if (ended || !nextText()) {
                    return -1;
                }
            }
            int n = Math.min(len, end - at);
            for (int i = 0; i < n; i++) {
                char c = text[at + i];
                b[off + i] = c < 0x80 ? (byte) c : (byte) '?';
            }
            at += n;
            return n;
        }

        private boolean nextText() throws IOException {
            try {
                while (true) {
                    int event = reader.next();
                    switch (event) {
                        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                            text = reader.getTextCharacters();
                            at = reader.getTextStart();
                            end = at + reader.getTextLength();
                            return true;
                        }
                        case XMLStreamConstants.END_ELEMENT -> {
                            ended = true;
                            return false;
                        }
                        case XMLStreamConstants.START_ELEMENT ->
                            throw new IOException(
                                    "the xenc:CipherValue holds an element; it must hold base64 text only");
                        default -> {
                            // comments and processing instructions are no part of the value
                        }
                    }
                }
            } catch (XMLStreamException e) {
                throw new IOException("the xenc:EncryptedData is not well-formed: " + e.getMessage(), e);
            }
        }
    }
}
