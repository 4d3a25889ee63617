package nl.dkgw.gateway.xml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * XML parsing and serialisation hardened for untrusted input: no DTDs (hence no entity expansion, no XXE),
 * no external access, namespace aware, elements nested at most {@link #MAX_DEPTH} deep.
 */
public final class SafeXml {

    /**
     * How deep elements may be nested in a parsed document. An ebMS envelope needs about ten levels (the signature's
     * XPath transform is eight deep) and an encrypted payload part fewer; the limit leaves room for header blocks of
     * other parties while keeping every walk over the tree (serialising, canonicalising, recursive code in libraries)
     * short and off the edge of the thread's stack.
     */
    public static final int MAX_DEPTH = 500;

    /** The JDK parser's feature that builds a tree's nodes only when they are first asked for. */
    static final String DEFER_NODE_EXPANSION = "http://apache.org/xml/features/dom/defer-node-expansion";

    private static final DocumentBuilderFactory FACTORY = newFactory();

    private SafeXml() {}

    private static DocumentBuilderFactory newFactory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setAttribute("jdk.xml.maxElementDepth", String.valueOf(MAX_DEPTH));
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            // The whole tree is built while parsing. By default the JDK's parser defers it: it records the document in
            // arrays and makes each node when first asked for it, which saves work only for a tree that is mostly not
            // read. A received envelope is read whole (its header, its signature's references, the canonical form),
            // so deferring cost more than it saved (issue 15: verifying a signed envelope, parse included, took 0.81
            // to 0.88 of the time without it; JMH in docs/performance.md).
            f.setFeature(DEFER_NODE_EXPANSION, false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be hardened", e);
        }
    }

    /** Turns a recoverable parse error into a failure, as a well-formedness error is. */
    private static final DefaultHandler STRICT = new DefaultHandler() {
        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    /**
     * One hardened builder per thread, reset after each use: making a builder sets up a whole parser configuration,
     * which showed in every message's profile. {@link DocumentBuilder#reset()} restores the state the factory gave it.
     */
    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(() -> {
        try {
            return FACTORY.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be hardened", e);
        }
    });

    /** Parses untrusted bytes; a DOCTYPE anywhere, and elements nested deeper than {@link #MAX_DEPTH}, are refused. */
    public static Document parse(byte[] xml) throws SAXException {
        DocumentBuilder builder = BUILDER.get();
        try {
            builder.setErrorHandler(STRICT);
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            if (String.valueOf(e.getMessage()).contains("maxElementDepth")) { // the JDK's words for it are obscure
                throw new SAXException(tooDeep() + ": " + e.getMessage(), e);
            }
            throw e;
        } catch (IOException e) {
            throw new SAXException(e.getMessage(), e);
        } finally {
            builder.reset();
        }
    }

    /** The JDK StAX factory's property that lets it reuse a closed reader. */
    private static final String REUSE_INSTANCE = "reuse-instance";

    /**
     * A StAX input factory hardened as the DOM parser is: no DTD support (a DOCTYPE is reported as an event, which the
     * readers refuse), no external entities or access, namespace aware, text not coalesced. Not shared between threads.
     */
    public static XMLInputFactory newStreamFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    /**
     * As {@link #newStreamFactory()}, a factory that hands out its last reader again, reset, once that was closed
     * (the JDK's {@code reuse-instance}): a reader costs more to build than a small document costs to read. The reset
     * keeps the factory's hardening. Without that property (another StAX implementation) it makes a reader each time.
     * Not shared between threads; a reader kept for reuse holds on to the last document's input, see {@link
     * XmlElement#parse}.
     */
    static XMLInputFactory newReusingStreamFactory() {
        XMLInputFactory f = newStreamFactory();
        try {
            f.setProperty(REUSE_INSTANCE, Boolean.TRUE);
        } catch (IllegalArgumentException notSupported) {
            // another StAX implementation, or a JDK that refuses it: a new reader for each document
        }
        return f;
    }

    /** Why a document nested deeper than {@link #MAX_DEPTH} is refused, in the words both parsers use. */
    static String tooDeep() {
        return "elements are nested more than " + MAX_DEPTH + " levels deep, which is refused (no ebMS message needs "
                + "it; deep trees only cost the receiver time)";
    }

    public static Document newDocument() {
        return BUILDER.get().newDocument();
    }

    /** One transformer per thread for the trees {@link DomWriter} leaves: looking the factory up scans the class path. */
    private static final ThreadLocal<Transformer> SERIALIZER = ThreadLocal.withInitial(SafeXml::newSerializer);

    private static Transformer newSerializer() {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "no");
            return t;
        } catch (TransformerConfigurationException e) {
            throw new IllegalStateException("no XML serialiser", e);
        }
    }

    /**
     * {@code node} (a document or an element) as UTF-8 with an XML declaration. Written by {@link DomWriter}; a tree
     * it does not write goes through the identity transformer.
     */
    public static byte[] serialize(Node node) {
        try {
            return DomWriter.bytes(node);
        } catch (XMLStreamException notWritten) {
            return transform(node);
        }
    }

    private static byte[] transform(Node node) {
        try {
            Transformer t = SERIALIZER.get();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(node), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialise XML", e);
        }
    }
}
