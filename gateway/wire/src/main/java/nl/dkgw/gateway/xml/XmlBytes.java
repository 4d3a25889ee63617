package nl.dkgw.gateway.xml;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A document written through the JDK's StAX writer as UTF-8 bytes. The writer writes to characters, which it hands
 * on in runs (the text between two escaped characters), and the text is encoded once at the end: given an output
 * stream instead, the JDK's writer encodes and hands over one byte at a time (issue 15: that per-byte path took half
 * the time of writing a signed envelope). The characters go to a {@link StringBuilder}, without the lock that {@link
 * java.io.StringWriter} takes per run.
 */
public final class XmlBytes {

    /** What goes into the document, from its XML declaration to its end. */
    @FunctionalInterface
    public interface Content {
        void writeTo(XMLStreamWriter xml) throws XMLStreamException;
    }

    /**
     * One factory per thread: the JDK's factory makes a new writer per call, but its properties are not documented as
     * safe to share. {@code newDefaultFactory} names the JDK's own, so no class-path scan per document.
     */
    private static final ThreadLocal<XMLOutputFactory> OUTPUT =
            ThreadLocal.withInitial(XMLOutputFactory::newDefaultFactory);

    private static final int FIRST_CAPACITY = 8192;

    private XmlBytes() {}

    /** The UTF-8 bytes of what {@code content} writes; it should declare UTF-8 if it writes a declaration. */
    public static byte[] of(Content content) throws XMLStreamException {
        Text text = new Text();
        XMLStreamWriter xml = OUTPUT.get().createXMLStreamWriter(text);
        try {
            content.writeTo(xml);
            xml.flush();
        } finally {
            xml.close();
        }
        return text.chars.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The characters written, in one builder that only the writing thread touches. */
    private static final class Text extends Writer {

        private final StringBuilder chars = new StringBuilder(FIRST_CAPACITY);

        @Override
        public void write(int c) {
            chars.append((char) c);
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            chars.append(buffer, offset, length);
        }

        @Override
        public void write(String text, int offset, int length) {
            chars.append(text, offset, offset + length);
        }

        @Override
        public void flush() {
            // nothing held back
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
