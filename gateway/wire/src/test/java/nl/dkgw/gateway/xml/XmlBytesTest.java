package nl.dkgw.gateway.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** What {@link XmlBytes} writes is what the JDK's StAX writer writes to a UTF-8 byte stream, byte for byte. */
class XmlBytesTest {

    private static final String TEXT = "Zaak 12 & <status> é € \uD83D\uDE00 ]]> ok";

    private static void document(XMLStreamWriter xml) throws XMLStreamException {
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeStartElement("eb", "Description", "urn:eb");
        xml.writeNamespace("eb", "urn:eb");
        xml.writeAttribute("note", "\"quoted\" & é");
        xml.writeCharacters(TEXT);
        xml.writeEndElement();
        xml.writeEndDocument();
    }

    @Test
    void writesTheSameBytesAsTheWriterOnAUtf8Stream() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        XMLStreamWriter onStream = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(stream, "UTF-8");
        document(onStream);
        onStream.close();

        byte[] written = XmlBytes.of(XmlBytesTest::document);

        assertThat(written).isEqualTo(stream.toByteArray());
        Document readBack = SafeXml.parse(written);
        assertThat(readBack.getDocumentElement().getTextContent()).isEqualTo(TEXT);
        assertThat(readBack.getDocumentElement().getAttribute("note")).isEqualTo("\"quoted\" & é");
    }

    @Test
    void whatTheWriterRefusesIsThrown() {
        assertThatThrownBy(() -> XmlBytes.of(xml -> {
                    xml.writeStartDocument("UTF-8", "1.0");
                    xml.writeEndElement(); // nothing open
                }))
                .isInstanceOf(XMLStreamException.class);
    }
}
