package nl.dkgw.gateway.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

class XmlElementTest {

    private static final String DOC = "<?xml version=\"1.0\"?>\n"
            + "<a:root xmlns:a=\"urn:a\" xmlns:b=\"urn:b\" plain=\"p\" b:qualified=\"q\">"
            + "one<!-- not text --><a:child>two<b:grandchild>three</b:grandchild></a:child>"
            + "<![CDATA[<four>]]>&amp;<?pi not text?><unqualified/></a:root>";

    private static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsNamesAttributesChildrenAndTextAsDomDoes() throws Exception {
        for (XmlElement root : new XmlElement[] {
            XmlElement.parse(bytes(DOC)),
            XmlElement.of(SafeXml.parse(bytes(DOC)).getDocumentElement())
        }) {
            assertThat(root.namespace()).isEqualTo("urn:a");
            assertThat(root.localName()).isEqualTo("root");
            assertThat(root.qualifiedName()).isEqualTo("a:root");
            assertThat(root.attribute(null, "plain")).isEqualTo("p");
            assertThat(root.attribute("urn:b", "qualified")).isEqualTo("q");
            assertThat(root.attribute("urn:a", "plain")).isEmpty();
            assertThat(root.attribute(null, "qualified")).isEmpty();
            assertThat(root.children(null, null))
                    .extracting(XmlElement::qualifiedName)
                    .containsExactly("a:child", "unqualified");
            assertThat(root.children("urn:a", "child")).hasSize(1);
            assertThat(root.children(null, "unqualified").get(0).namespace()).isNull();
            assertThat(root.text()).isEqualTo("onetwothree<four>&");
            assertThat(root.contains("urn:b", "grandchild")).isTrue();
            assertThat(root.contains("urn:a", "grandchild")).isFalse();
        }
    }

    @Test
    void aDoctypeIsRefused() {
        assertThatThrownBy(() -> XmlElement.parse(bytes("<!DOCTYPE a [<!ENTITY e \"boom\">]><a>&e;</a>")))
                .isInstanceOf(SAXException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void nestingIsLimitedAsInTheDomParser() throws Exception {
        int max = SafeXml.MAX_DEPTH;
        XmlElement deepest = XmlElement.parse(bytes("<a>".repeat(max) + "</a>".repeat(max)));
        assertThat(deepest.localName()).isEqualTo("a");

        assertThatThrownBy(() -> XmlElement.parse(bytes("<a>".repeat(max + 1) + "</a>".repeat(max + 1))))
                .isInstanceOf(SAXException.class)
                .hasMessageContaining("nested more than " + max + " levels deep");
    }

    @Test
    void aThreadReadsEachDocumentAsItsOwnBeforeAndAfterRefusedOnesAndLargeOnes() throws Exception {
        // one thread's reader is reset and used again for small documents; a large one gets a reader of its own
        String large = "<large xmlns=\"urn:l\">" + "x".repeat(XmlElement.LARGEST_REUSED) + "</large>";
        String[] refused = {
            "<!DOCTYPE a [<!ENTITY e \"boom\">]><a>&e;</a>",
            "<a><b></a>",
            "<a>".repeat(SafeXml.MAX_DEPTH + 1),
            "<a/>trailing",
            large.substring(0, large.length() - 3)
        };
        for (int i = 0; i < refused.length; i++) {
            String bad = refused[i];
            assertThatThrownBy(() -> XmlElement.parse(bytes(bad))).as(bad).isInstanceOf(SAXException.class);

            XmlElement small = XmlElement.parse(
                    bytes("<p:n" + i + " xmlns:p=\"urn:" + i + "\" k=\"" + i + "\">t" + i + "</p:n" + i + ">"));
            assertThat(small.qualifiedName()).isEqualTo("p:n" + i);
            assertThat(small.namespace()).isEqualTo("urn:" + i);
            assertThat(small.attribute(null, "k")).isEqualTo(String.valueOf(i));
            assertThat(small.text()).as("nothing of the document before").isEqualTo("t" + i);

            XmlElement big = XmlElement.parse(bytes(large));
            assertThat(big.namespace()).isEqualTo("urn:l");
            assertThat(big.text()).hasSize(XmlElement.LARGEST_REUSED);
            assertThat(XmlElement.parse(bytes(DOC)).text()).isEqualTo("onetwothree<four>&");
        }
    }

    @Test
    void whatIsNotOneWellFormedDocumentIsRefused() {
        for (String bad : new String[] {"", "text", "<a>", "<a></b>", "<a/><b/>", "<a/>trailing", "<p:a/>"}) {
            assertThatThrownBy(() -> XmlElement.parse(bytes(bad))).as(bad).isInstanceOf(SAXException.class);
        }
    }
}
