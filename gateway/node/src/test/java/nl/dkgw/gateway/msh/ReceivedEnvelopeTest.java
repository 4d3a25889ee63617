package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.msh.inbound.InboundContext;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.gateway.xml.XmlElement;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

/**
 * A received SOAP part is read once: as a tree when it names XML-DSig (and is small), the signature check then using
 * that same tree; with StAX otherwise. Both ways give the same header and refuse the same input.
 */
class ReceivedEnvelopeTest {

    private static final EnvelopeReader READER = new EnvelopeReader();

    @Test
    void aSignedEnvelopeIsReadAsATreeOnceAndTheSignatureCheckGetsThatTree() throws Exception {
        byte[] soap = envelope(signature(), "");

        ReceivedEnvelope read = ReceivedEnvelope.read(soap);
        EbmsMessage message = READER.read(read.root(), List.of());
        InboundContext context = read.context(message, null, Instant.now());

        assertThat(read.readAsTree()).isTrue();
        assertThat(message).isEqualTo(READER.read(XmlElement.parse(soap), List.of()));
        assertThat(context.signed()).isTrue();
        assertThat(context.envelope()).isSameAs(read.tree());
    }

    @Test
    void anUnsignedEnvelopeIsReadWithStaxAndATreeIsMadeOnlyWhenAsked() throws Exception {
        byte[] soap = envelope("", "");

        ReceivedEnvelope read = ReceivedEnvelope.read(soap);
        InboundContext context = read.context(READER.read(read.root(), List.of()), null, Instant.now());

        assertThat(read.readAsTree()).isFalse();
        assertThat(context.signed()).isFalse();
        assertThat(context.envelope().getDocumentElement().getLocalName()).isEqualTo("Envelope");
    }

    @Test
    void aSignedEnvelopeLargerThanTheLimitIsReadWithStaxAndStillKnownSigned() throws Exception {
        String filler =
                "<eb:Description xml:lang=\"nl\">" + "x".repeat(ReceivedEnvelope.LARGEST_TREE) + "</eb:Description>";
        byte[] soap = envelope(signature(), filler);

        ReceivedEnvelope read = ReceivedEnvelope.read(soap);
        InboundContext context = read.context(READER.read(read.root(), List.of()), null, Instant.now());

        assertThat(read.readAsTree()).isFalse();
        assertThat(context.signed()).isTrue();
    }

    @Test
    void aDocumentTypeOrNestingTooDeepIsRefusedOnBothWays() {
        String doctype = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]>";
        byte[] signedWithDoctype = (doctype + new String(envelope(signature(), ""), StandardCharsets.UTF_8)).getBytes();
        byte[] unsignedWithDoctype = (doctype + new String(envelope("", ""), StandardCharsets.UTF_8)).getBytes();
        String deep = "<a>".repeat(SafeXml.MAX_DEPTH + 1) + "</a>".repeat(SafeXml.MAX_DEPTH + 1);
        byte[] signedTooDeep = envelope(signature(), deep);
        byte[] unsignedTooDeep = envelope("", deep);

        assertThatThrownBy(() -> ReceivedEnvelope.read(signedWithDoctype))
                .isInstanceOf(SAXException.class)
                .hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> ReceivedEnvelope.read(unsignedWithDoctype))
                .isInstanceOf(SAXException.class)
                .hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> ReceivedEnvelope.read(signedTooDeep))
                .isInstanceOf(SAXException.class)
                .hasMessageContaining("nested more than " + SafeXml.MAX_DEPTH);
        assertThatThrownBy(() -> ReceivedEnvelope.read(unsignedTooDeep))
                .isInstanceOf(SAXException.class)
                .hasMessageContaining("nested more than " + SafeXml.MAX_DEPTH);
    }

    private static String signature() {
        return "<ds:Signature xmlns:ds=\"" + Namespaces.DS
                + "\"><ds:SignedInfo/><ds:SignatureValue>AA==</ds:SignatureValue>" + "</ds:Signature>";
    }

    private static byte[] envelope(String signature, String extraHeaderContent) {
        String xml = "<SOAP:Envelope xmlns:SOAP=\"" + Namespaces.SOAP + "\" xmlns:eb=\"" + Namespaces.EB + "\">"
                + "<SOAP:Header><eb:MessageHeader SOAP:mustUnderstand=\"1\" eb:version=\"2.0\">"
                + "<eb:From><eb:PartyId eb:type=\"urn:osb:oin\">00000001111111111000</eb:PartyId></eb:From>"
                + "<eb:To><eb:PartyId eb:type=\"urn:osb:oin\">00000002222222222000</eb:PartyId></eb:To>"
                + "<eb:CPAId>cpa-1</eb:CPAId><eb:ConversationId>c-1</eb:ConversationId>"
                + "<eb:Service eb:type=\"urn:osb:services\">svc</eb:Service><eb:Action>act</eb:Action>"
                + "<eb:MessageData><eb:MessageId>m-1@dkgw</eb:MessageId>"
                + "<eb:Timestamp>2026-12-07T06:00:00Z</eb:Timestamp></eb:MessageData>"
                + extraHeaderContent
                + "</eb:MessageHeader>" + signature + "</SOAP:Header><SOAP:Body/></SOAP:Envelope>";
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
