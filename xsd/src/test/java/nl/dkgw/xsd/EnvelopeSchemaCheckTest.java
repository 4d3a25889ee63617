package nl.dkgw.xsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeSchemaCheckTest {

    private static String envelope(String fromRole, String extraHeader, String body) {
        return "<SOAP:Envelope xmlns:SOAP='" + Schemas.SOAP_NS + "' xmlns:eb='" + Schemas.EBMS_NS + "'>"
                + "<SOAP:Header>"
                + "<eb:MessageHeader SOAP:mustUnderstand='1' eb:version='2.0'>"
                + "<eb:From><eb:PartyId eb:type='urn:osb:oin'>00000099000000001000</eb:PartyId>" + fromRole
                + "</eb:From>"
                + "<eb:To><eb:PartyId eb:type='urn:osb:oin'>00000099000000002000</eb:PartyId></eb:To>"
                + "<eb:CPAId>cpa-1</eb:CPAId><eb:ConversationId>conv-1</eb:ConversationId>"
                + "<eb:Service>urn:oasis:names:tc:ebxml-msg:service</eb:Service><eb:Action>Ping</eb:Action>"
                + "<eb:MessageData><eb:MessageId>id-1@x</eb:MessageId>"
                + "<eb:Timestamp>2026-01-01T10:00:00.000Z</eb:Timestamp></eb:MessageData>"
                + "</eb:MessageHeader>" + extraHeader
                + "</SOAP:Header><SOAP:Body>" + body + "</SOAP:Body></SOAP:Envelope>";
    }

    private static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aValidEnvelopeHasNoProblems() {
        assertThat(EnvelopeSchemaCheck.problems(bytes(envelope("<eb:Role>Aanleverer</eb:Role>", "", ""))))
                .isEmpty();
        assertThat(EnvelopeSchemaCheck.problems(bytes(envelope("", "", ""))))
                .as("Role is optional")
                .isEmpty();
    }

    @Test
    void anEmptyRoleIsAnErrorThatNamesWhereItIs() {
        assertThat(EnvelopeSchemaCheck.problems(bytes(envelope("<eb:Role/>", "", ""))))
                .anySatisfy(p -> assertThat(p).contains("eb:From/eb:Role").contains("minLength"));
    }

    @Test
    void anEbmsElementTheSchemaDoesNotDeclareIsNotSkippedByTheLaxHeaderWildcard() {
        String misspelt = "<eb:AckRequest SOAP:mustUnderstand='1' eb:version='2.0' eb:signed='false'/>";
        assertThat(EnvelopeSchemaCheck.problems(bytes(envelope("", misspelt, ""))))
                .anySatisfy(p -> assertThat(p).contains("eb:AckRequest"));
        String unknownBody = "<eb:Manifesto eb:version='2.0'/>";
        assertThat(EnvelopeSchemaCheck.problems(bytes(envelope("", "", unknownBody))))
                .anySatisfy(p -> assertThat(p).contains("eb:Manifesto"));
    }

    @Test
    void errorsInsideHeaderExtensionsAndBodyElementsAreFound() {
        String ackWithoutSigned = "<eb:AckRequested SOAP:mustUnderstand='1' eb:version='2.0'/>";
        assertThat(EnvelopeSchemaCheck.problems(bytes(envelope("", ackWithoutSigned, ""))))
                .anySatisfy(p -> assertThat(p).contains("signed"));
        String emptyRef = "<eb:StatusRequest eb:version='2.0'><eb:RefToMessageId/></eb:StatusRequest>";
        assertThat(EnvelopeSchemaCheck.problems(bytes(envelope("", "", emptyRef))))
                .anySatisfy(p -> assertThat(p).contains("eb:RefToMessageId"));
        String badSignature = "<ds:Signature xmlns:ds='" + Schemas.XMLDSIG_NS + "'><ds:SignatureValue/></ds:Signature>";
        assertThat(EnvelopeSchemaCheck.problems(bytes(envelope("", badSignature, ""))))
                .anySatisfy(p -> assertThat(p).contains("ds:Signature"));
    }

    @Test
    void foreignHeaderBlocksStayAllowed() {
        String foreign = "<x:Trace xmlns:x='urn:example:trace'><x:Hop/></x:Trace>";
        assertThat(EnvelopeSchemaCheck.problems(bytes(envelope("", foreign, ""))))
                .isEmpty();
    }

    @Test
    void whatIsNotAnEnvelopeOrNotXmlIsReportedNotThrown() {
        assertThat(EnvelopeSchemaCheck.problems(bytes("<x/>"))).isNotEmpty();
        // an ebMS block on its own is declared by the schema, but it is not an envelope
        assertThat(EnvelopeSchemaCheck.problems(
                        bytes("<eb:SyncReply xmlns:eb='" + Schemas.EBMS_NS + "' eb:version='2.0'/>")))
                .singleElement()
                .asString()
                .contains("not a SOAP 1.1 Envelope");
        assertThat(EnvelopeSchemaCheck.problems(bytes("not xml")))
                .singleElement()
                .asString()
                .contains("not well-formed");
        assertThat(EnvelopeSchemaCheck.problems(
                        bytes("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>")))
                .singleElement()
                .asString()
                .contains("not well-formed")
                .doesNotContain("root:");
    }

    @Test
    void requireValidListsEveryProblem() {
        assertThatThrownBy(() -> EnvelopeSchemaCheck.requireValid(bytes(envelope("<eb:Role/>", "", ""))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eb:Role");
    }
}
