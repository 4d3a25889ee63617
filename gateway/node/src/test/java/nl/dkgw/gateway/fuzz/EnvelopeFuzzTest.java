package nl.dkgw.gateway.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.testkit.Slow;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * The SOAP/XML and ebMS header layer: {@link SafeXml#parse} refuses what is not acceptable XML (DOCTYPEs
 * included, so no entity expansion) with a {@link SAXException}, and {@link EnvelopeReader#read} refuses what is not
 * a valid ebMS 2.0 envelope with an {@link EbmsException}; nothing else may escape. Seeds:
 * {@code EnvelopeFuzzTestInputs/parseAndRead/}.
 */
@Slow
class EnvelopeFuzzTest {

    private final EnvelopeReader reader = new EnvelopeReader();

    @FuzzTest(maxDuration = "5m")
    void parseAndRead(byte[] xml) {
        Document doc;
        try {
            doc = SafeXml.parse(xml);
        } catch (SAXException expected) {
            return;
        }
        try {
            EbmsMessage message = reader.read(doc, List.of());
            if (message.header() == null) {
                throw new AssertionError("a message without a header was read");
            }
        } catch (EbmsException expected) {
            // refused with an ebMS error code and location
        }
    }
}
