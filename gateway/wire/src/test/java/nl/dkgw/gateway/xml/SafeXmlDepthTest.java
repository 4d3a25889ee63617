package nl.dkgw.gateway.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/** Elements nested up to {@link SafeXml#MAX_DEPTH} deep parse; one level more is refused in words that say why. */
class SafeXmlDepthTest {

    private static byte[] nested(int depth) {
        StringBuilder xml = new StringBuilder();
        xml.append("<a>".repeat(depth)).append("x").append("</a>".repeat(depth));
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void elementsNestedUpToTheLimitParse() throws Exception {
        Document doc = SafeXml.parse(nested(SafeXml.MAX_DEPTH));

        assertThat(doc.getElementsByTagName("a").getLength()).isEqualTo(SafeXml.MAX_DEPTH);
    }

    @Test
    void oneLevelMoreIsRefusedWithTheLimitNamed() {
        assertThatThrownBy(() -> SafeXml.parse(nested(SafeXml.MAX_DEPTH + 1)))
                .isInstanceOf(SAXException.class)
                .hasMessageContaining("nested more than " + SafeXml.MAX_DEPTH + " levels deep");
    }

    @Test
    void aHundredThousandLevelsAreRefusedToo() {
        assertThatThrownBy(() -> SafeXml.parse(nested(100_000)))
                .isInstanceOf(SAXException.class)
                .hasMessageContaining("nested more than");
    }
}
