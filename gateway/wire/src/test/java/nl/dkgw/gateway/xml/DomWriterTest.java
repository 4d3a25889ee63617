package nl.dkgw.gateway.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.Init;
import org.apache.xml.security.c14n.Canonicalizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What {@link SafeXml#serialize} writes reads back as the same document: the same canonical form (C14N with
 * comments) as what the JDK's identity transformer writes of that tree, and for a parsed tree as the tree itself.
 */
class DomWriterTest {

    private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String EB = "http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd";
    private static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    private static final String XLINK = "http://www.w3.org/1999/xlink";

    @BeforeAll
    static void santuario() {
        Init.init();
    }

    static Stream<Arguments> trees() throws Exception {
        return Stream.of(
                Arguments.of("built without a single xmlns attribute", builtWithoutDeclarations()),
                Arguments.of("parsed with its declarations where they were", parsed()),
                Arguments.of("a default namespace and an element in no namespace inside it", defaultAndNone()),
                Arguments.of("text that needs escaping, a carriage return among it", awkwardText()),
                Arguments.of(
                        "an element of the tree, not the document",
                        builtWithoutDeclarations().getDocumentElement().getFirstChild()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void aTreeReadsBackWithTheSameCanonicalFormAsTheTransformerWrites(String what, Node tree) throws Exception {
        byte[] written = SafeXml.serialize(tree);

        assertThat(new String(written, StandardCharsets.UTF_8))
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        assertThat(canonical(SafeXml.parse(written))).isEqualTo(canonical(SafeXml.parse(transform(tree))));
    }

    @Test
    void aParsedTreeReadsBackWithItsOwnCanonicalForm() throws Exception {
        Document tree = parsed();

        assertThat(canonical(SafeXml.parse(SafeXml.serialize(tree)))).isEqualTo(canonical(tree));
    }

    @Test
    void theWriterItselfWritesTheTreesAboveWithoutFallingBack() throws Exception {
        for (Arguments a : trees().toList()) {
            byte[] written = DomWriter.bytes((Node) a.get()[1]);
            assertThat(written).as((String) a.get()[0]).isNotEmpty();
        }
    }

    @Test
    void anAttributeWithALineBreakOrATabIsWrittenWithCharacterReferencesAndReadsBackTheSame() throws Exception {
        Document doc = SafeXml.newDocument();
        Element root = doc.createElementNS(EB, "eb:Description");
        root.setAttributeNS(XMLConstants.XML_NS_URI, "xml:lang", "nl");
        root.setAttribute("note", "two\nlines\tand a tab\r");
        doc.appendChild(root);

        byte[] written = DomWriter.bytes(doc);

        assertThat(new String(written, StandardCharsets.UTF_8)).contains("note=\"two&#10;lines&#9;and a tab&#13;\"");
        Document readBack = SafeXml.parse(written);
        assertThat(readBack.getDocumentElement().getAttribute("note")).isEqualTo("two\nlines\tand a tab\r");
        assertThat(canonical(readBack)).isEqualTo(canonical(SafeXml.parse(transform(doc))));
    }

    @Test
    void anAttributeInANamespaceWithoutAPrefixIsLeftToTheTransformer() throws Exception {
        Document doc = SafeXml.newDocument();
        Element root = doc.createElementNS(EB, "eb:Description");
        Attr unprefixed = doc.createAttributeNS("urn:other", "note");
        unprefixed.setValue("kept");
        root.setAttributeNodeNS(unprefixed);
        doc.appendChild(root);

        assertThatThrownBy(() -> DomWriter.bytes(doc))
                .isInstanceOf(XMLStreamException.class)
                .hasMessageContaining("no prefix");
        Document readBack = SafeXml.parse(SafeXml.serialize(doc));
        assertThat(readBack.getDocumentElement().getAttributeNS("urn:other", "note"))
                .isEqualTo("kept");
    }

    private static Document builtWithoutDeclarations() {
        Document doc = SafeXml.newDocument();
        Element envelope = doc.createElementNS(SOAP, "SOAP:Envelope");
        doc.appendChild(envelope);
        Element header = doc.createElementNS(SOAP, "SOAP:Header");
        envelope.appendChild(header);
        Element messageHeader = doc.createElementNS(EB, "eb:MessageHeader");
        messageHeader.setAttributeNS(SOAP, "SOAP:mustUnderstand", "1");
        messageHeader.setAttributeNS(EB, "eb:version", "2.0");
        header.appendChild(messageHeader);
        Element party = doc.createElementNS(EB, "eb:PartyId");
        party.setAttributeNS(EB, "eb:type", "urn:osb:oin");
        party.setTextContent("00000001234567890000");
        messageHeader.appendChild(party);
        Element signature = doc.createElementNS(DS, "ds:Signature");
        header.appendChild(signature);
        Element reference = doc.createElementNS(DS, "ds:Reference");
        reference.setAttribute("URI", "cid:payload-1@dkgw");
        signature.appendChild(reference);
        Element manifest = doc.createElementNS(EB, "eb:Manifest");
        Element body = doc.createElementNS(SOAP, "SOAP:Body");
        envelope.appendChild(body);
        body.appendChild(manifest);
        Element link = doc.createElementNS(EB, "eb:Reference");
        link.setAttributeNS(XLINK, "xlink:href", "cid:payload-1@dkgw");
        link.setAttributeNS(XLINK, "xlink:type", "simple");
        manifest.appendChild(link);
        return doc;
    }

    private static Document parsed() throws Exception {
        String xml = "<SOAP:Envelope xmlns:SOAP=\"" + SOAP + "\" xmlns:eb=\"" + EB + "\" xmlns:unused=\"urn:unused\">"
                + "<SOAP:Header><eb:MessageHeader SOAP:mustUnderstand=\"1\" eb:version=\"2.0\">"
                + "<eb:CPAId>cpa-1</eb:CPAId></eb:MessageHeader>"
                + "<ds:Signature xmlns:ds=\"" + DS + "\"><ds:SignedInfo>\n  <ds:Reference URI=\"\"/>\n"
                + "</ds:SignedInfo><!-- a comment --><?pi some data?></ds:Signature></SOAP:Header>"
                + "<SOAP:Body><eb:Manifest eb:version=\"2.0\"/><![CDATA[<not markup> & such]]></SOAP:Body>"
                + "</SOAP:Envelope>";
        return SafeXml.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static Document defaultAndNone() {
        Document doc = SafeXml.newDocument();
        Element root = doc.createElementNS("urn:outer", "root");
        doc.appendChild(root);
        Element inner = doc.createElementNS("urn:outer", "inner");
        root.appendChild(inner);
        Element none = doc.createElementNS(null, "plain");
        none.setAttribute("a", "1");
        inner.appendChild(none);
        Element back = doc.createElementNS("urn:outer", "again");
        none.appendChild(back);
        Element other = doc.createElementNS("urn:other", "o:other");
        other.setAttributeNS("urn:other", "o:x", "y");
        back.appendChild(other);
        return doc;
    }

    private static Document awkwardText() {
        Document doc = SafeXml.newDocument();
        Element root = doc.createElementNS(EB, "eb:Description");
        root.setAttributeNS(XMLConstants.XML_NS_URI, "xml:lang", "nl");
        root.setAttribute("q", "\"quoted\" & <angled> 'single'");
        root.appendChild(doc.createTextNode("a < b && c > d; line one\r\nline two\rthree; é ü € 𝄞 ]]> end\r"));
        doc.appendChild(root);
        return doc;
    }

    private static String canonical(Node node) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Canonicalizer.getInstance(Canonicalizer.ALGO_ID_C14N_WITH_COMMENTS).canonicalizeSubtree(node, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] transform(Node node) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(node), new StreamResult(out));
        return out.toByteArray();
    }
}
