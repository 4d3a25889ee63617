package nl.dkgw.gateway.ebms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import nl.dkgw.gateway.xml.SafeXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xml.sax.SAXException;

/**
 * The envelope read from its bytes with StAX (what the inbound side does) and read from a DOM tree (what XML-DSig and
 * older callers have) give the same message, or the same refusal: same ebMS error code and location, for every kind of
 * envelope the writer makes and for the habits and faults of other parties' envelopes.
 */
class EnvelopeReadFromBytesTest {

    private static final EnvelopeReader READER = new EnvelopeReader();
    private static final EnvelopeWriter WRITER = new EnvelopeWriter();

    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.dkgw.gateway.ebms.WrittenEnvelopeSchemaTest#envelopes")
    void everyWrittenEnvelopeReadsTheSameFromBytesAsFromATree(String kind, EbmsMessage message) throws Exception {
        byte[] xml = WRITER.bytes(message);

        EbmsMessage fromBytes = READER.read(xml, List.of());

        assertThat(fromBytes).isEqualTo(READER.read(SafeXml.parse(xml), List.of()));
        assertThat(fromBytes.header().messageId()).isEqualTo(message.header().messageId());
        assertThat(fromBytes.header().action()).isEqualTo(message.header().action());
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                variant("as written", x -> x),
                variant("a comment inside a value", x -> x.replace("<eb:CPAId>", "<eb:CPAId><!-- the CPA -->")),
                variant("a value in CDATA", x -> x.replace("<eb:Action>Send<", "<eb:Action><![CDATA[Send]]><")),
                variant("a value split by an entity", x -> x.replace("conv-1", "conv&amp;1")),
                variant("whitespace around values", x -> x.replace("<eb:Action>Send<", "<eb:Action>\n\t Send \n<")),
                variant("a timestamp without a zone", x -> x.replace("10:15:30.123Z", "10:15:30.123")),
                variant(
                        "another prefix for the ebMS namespace",
                        x -> x.replace("<eb:", "<ebxml:")
                                .replace("</eb:", "</ebxml:")
                                .replace(" eb:", " ebxml:")
                                .replace("xmlns:eb=", "xmlns:ebxml=")),
                variant(
                        "an unknown header that must be understood",
                        x -> x.replace(
                                "<SOAP:Header>",
                                "<SOAP:Header><x:Extra xmlns:x=\"urn:x\" SOAP:mustUnderstand=\"1\">x</x:Extra>")),
                variant(
                        "an unknown header that need not be understood",
                        x -> x.replace("<SOAP:Header>", "<SOAP:Header><x:Extra xmlns:x=\"urn:x\">x<x:y/></x:Extra>")),
                variant("version unprefixed", x -> x.replaceFirst("eb:version=\"2.0\"", "version=\"2.0\"")),
                variant("version 3.0", x -> x.replaceFirst("eb:version=\"2.0\"", "eb:version=\"3.0\"")),
                variant("no CPAId", x -> x.replaceAll("<eb:CPAId>[^<]*</eb:CPAId>", "")),
                variant("an empty Action", x -> x.replace("<eb:Action>Send<", "<eb:Action> <")),
                variant("two MessageHeaders", x -> x.replaceFirst("(<eb:MessageHeader.*</eb:MessageHeader>)", "$1$1")),
                variant(
                        "a sequence number that is not one",
                        x -> x.replace("<eb:SequenceNumber>0<", "<eb:SequenceNumber>zero<")),
                variant(
                        "a Body that is not SOAP's",
                        x -> x.replace("<SOAP:Body", "<SOAP:Body/><x:Body xmlns:x=\"urn:x\"")
                                .replace("</SOAP:Body>", "</x:Body>")),
                variant(
                        "a root that is not an Envelope",
                        x -> x.replace("<SOAP:Envelope", "<SOAP:Wrapper")
                                .replace("</SOAP:Envelope>", "</SOAP:Wrapper>")),
                variant("in UTF-16", x -> x.replaceFirst("encoding=\"UTF-8\"", "encoding=\"UTF-16\"")));
    }

    private static Arguments variant(String name, UnaryOperator<String> change) {
        return Arguments.of(name, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void variantsOfAnEnvelopeReadAlikeFromBytesAndFromATree(String name, UnaryOperator<String> change)
            throws Exception {
        String xml = change.apply(new String(WRITER.bytes(orderedUserMessage()), StandardCharsets.UTF_8));
        byte[] bytes = xml.getBytes(name.contains("UTF-16") ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8);

        String fromBytes = outcome(() -> READER.read(bytes, List.of()));
        String fromTree = outcome(() -> READER.read(SafeXml.parse(bytes), List.of()));

        assertThat(fromBytes).isEqualTo(fromTree);
    }

    @Test
    void unacceptableXmlIsRefusedByBothAtTheSoapPart() {
        String written = new String(WRITER.bytes(orderedUserMessage()), StandardCharsets.UTF_8);
        String declaration = written.substring(0, written.indexOf("?>") + 2);
        String deep = "<x>".repeat(SafeXml.MAX_DEPTH) + "</x>".repeat(SafeXml.MAX_DEPTH);
        for (String[] c : new String[][] {
            {"DOCTYPE", written.replace(declaration, declaration + "<!DOCTYPE a [<!ENTITY e \"boom\">]>")},
            {"content after the root", written + "<more/>"},
            {"cut short", written.substring(0, written.length() / 2)},
            {"nested more than " + SafeXml.MAX_DEPTH, written.replace("<SOAP:Header>", "<SOAP:Header>" + deep)},
            {"not XML", "this is not xml"},
            {"", ""}
        }) {
            byte[] bytes = c[1].getBytes(StandardCharsets.UTF_8);
            String fromBytes = outcome(() -> READER.read(bytes, List.of()));
            String fromTree = outcome(() -> READER.read(SafeXml.parse(bytes), List.of()));

            assertThat(fromBytes)
                    .as(c[0])
                    .startsWith("refused OtherXml at SOAP part: the SOAP part is not acceptable XML");
            assertThat(fromTree).as(c[0]).startsWith("refused OtherXml at SOAP part");
            if (c[0].equals("DOCTYPE") || c[0].startsWith("nested")) { // the refusals a sender should understand
                assertThat(fromBytes).as(c[0]).contains(c[0]);
            }
        }
    }

    private interface Read {
        EbmsMessage read() throws EbmsException, SAXException;
    }

    private static String outcome(Read read) {
        try {
            return "read " + read.read();
        } catch (EbmsException e) {
            return "refused " + e.error().code() + " at " + e.error().location() + ": "
                    + e.error().description();
        } catch (SAXException e) {
            return "refused " + EnvelopeReader.unreadable(e).error().code() + " at SOAP part: the SOAP part is not "
                    + "acceptable XML";
        }
    }

    private static EbmsMessage orderedUserMessage() {
        EbmsMessage m = WrittenEnvelopeSchemaTest.envelopes()
                .filter(a -> a.get()[0].equals("ordered user message with roles"))
                .map(a -> (EbmsMessage) a.get()[1])
                .findFirst()
                .orElseThrow();
        return m;
    }
}
