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
 * a valid ebMS 2.0 envelope with an {@link EbmsException}; nothing else may escape. Read from its bytes (StAX, what the
 * inbound side does) an envelope gives the same message or the same refusal as read from the DOM tree. Seeds:
 * {@code EnvelopeFuzzTestInputs/parseAndRead/} and {@code bytesAndTreeReadAlike/}.
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

    @FuzzTest(maxDuration = "5m")
    void bytesAndTreeReadAlike(byte[] xml) {
        String fromBytes;
        try {
            fromBytes = "read " + reader.read(xml, List.of());
        } catch (EbmsException e) {
            fromBytes = refusal(e);
        }
        String fromTree;
        try {
            fromTree = "read " + reader.read(SafeXml.parse(xml), List.of());
        } catch (SAXException e) {
            fromTree = refusal(EnvelopeReader.unreadable(e));
        } catch (EbmsException e) {
            fromTree = refusal(e);
        }
        boolean bothUnreadable = fromBytes.startsWith("unreadable") && fromTree.startsWith("unreadable");
        if (!bothUnreadable && !fromBytes.equals(fromTree)) {
            throw new AssertionError("read from bytes: " + fromBytes + "\nread from the tree: " + fromTree);
        }
    }

    /** A refusal in the words that must match; the two parsers word unreadable XML differently. */
    private static String refusal(EbmsException e) {
        if (e.error().description().startsWith("the SOAP part is not acceptable XML")) {
            return "unreadable " + e.error().code() + " at " + e.error().location();
        }
        return "refused " + e.error().code() + " at " + e.error().location() + ": "
                + e.error().description();
    }
}
