package nl.dkgw.gateway.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

/**
 * A thread parses with one builder, reset after each document: the hardening holds for every document, before and
 * after a refused one, and no document leaks into the next.
 */
class SafeXmlReuseTest {

    private static final byte[] DOCTYPE =
            ("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"boom\">]><a>&x;</a>").getBytes(StandardCharsets.UTF_8);

    private static byte[] xml(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aDoctypeIsRefusedEveryTimeWithGoodDocumentsBetween() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> SafeXml.parse(DOCTYPE)).isInstanceOf(SAXException.class);
            assertThat(SafeXml.parse(xml("<b n=\"" + i + "\"/>"))
                            .getDocumentElement()
                            .getAttribute("n"))
                    .isEqualTo(String.valueOf(i));
        }
    }

    @Test
    void theDepthLimitHoldsAfterAGoodDocumentAndAfterABrokenOne() throws Exception {
        SafeXml.parse(xml("<a><b/></a>"));
        assertThatThrownBy(() -> SafeXml.parse(xml("<a><b></a>"))).isInstanceOf(SAXException.class);
        String deep = "<a>".repeat(SafeXml.MAX_DEPTH + 1) + "</a>".repeat(SafeXml.MAX_DEPTH + 1);

        assertThatThrownBy(() -> SafeXml.parse(xml(deep)))
                .isInstanceOf(SAXException.class)
                .hasMessageContaining("nested more than");
    }

    @Test
    void documentsOfOneThreadAreIndependent() throws Exception {
        var first = SafeXml.parse(xml("<first xmlns=\"urn:one\"/>"));
        var second = SafeXml.parse(xml("<second/>"));
        var made = SafeXml.newDocument();

        assertThat(first.getDocumentElement().getLocalName()).isEqualTo("first");
        assertThat(first.getDocumentElement().getNamespaceURI())
                .as("still namespace aware")
                .isEqualTo("urn:one");
        assertThat(second.getDocumentElement().getLocalName()).isEqualTo("second");
        assertThat(made.getDocumentElement()).isNull();
    }

    @Test
    void everyDocumentIsBuiltWholeNotDeferred() throws Exception {
        for (int i = 0; i < 2; i++) {
            var parsed = SafeXml.parse(xml("<a xmlns=\"urn:one\"><b n=\"1\">text</b></a>"));

            // the JDK's deferred tree is made of classes named Deferred...; a whole tree of the plain ones
            assertThat(parsed.getClass().getSimpleName()).doesNotContain("Deferred");
            assertThat(parsed.getDocumentElement().getFirstChild().getClass().getSimpleName())
                    .doesNotContain("Deferred");
        }
    }
}
