package nl.dkgw.xsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

class SchemasTest {

    private static final String EB = Schemas.EBMS_NS;

    @Test
    void loadsAllBundledSchemasWithoutNetwork() {
        assertThat(Schemas.cpa()).isNotNull();
        assertThat(Schemas.ebmsHeader()).isNotNull();
        assertThat(Schemas.soapEnvelope()).isNotNull();
    }

    @Test
    void acceptsValidEbmsHeaderAndRejectsOneWithoutAction() throws Exception {
        String valid = header("<eb:Action>Deliver</eb:Action>");
        Schemas.validator(Schemas.ebmsHeader()).validate(new StreamSource(new StringReader(valid)));

        String invalid = header("");
        assertThatThrownBy(() ->
                        Schemas.validator(Schemas.ebmsHeader()).validate(new StreamSource(new StringReader(invalid))))
                .isInstanceOf(SAXException.class)
                .hasMessageContaining("MessageData");
    }

    @Test
    void soapEnvelopeNeedsBody() {
        String noBody = "<s:Envelope xmlns:s='" + Schemas.SOAP_NS + "'><s:Header/></s:Envelope>";
        assertThatThrownBy(() ->
                        Schemas.validator(Schemas.soapEnvelope()).validate(new StreamSource(new StringReader(noBody))))
                .isInstanceOf(SAXException.class);
    }

    @Test
    void validatorRefusesDocumentTypeDeclarationsThatFetchExternalDtds() {
        String withDtd = "<!DOCTYPE x SYSTEM 'http://example.invalid/x.dtd'><s:Envelope xmlns:s='" + Schemas.SOAP_NS
                + "'><s:Body/></s:Envelope>";
        assertThatThrownBy(() ->
                        Schemas.validator(Schemas.soapEnvelope()).validate(new StreamSource(new StringReader(withDtd))))
                .isInstanceOf(SAXException.class);
    }

    @Test
    void unknownResourceIsReported() {
        assertThatThrownBy(() -> Schemas.resource("nope.xsd")).hasMessageContaining("nope.xsd");
    }

    private static String header(String action) {
        return "<eb:MessageHeader xmlns:eb='" + EB + "' xmlns:soap='" + Schemas.SOAP_NS
                + "' eb:version='2.0' soap:mustUnderstand='1'>"
                + "<eb:From><eb:PartyId eb:type='urn:osb:oin'>00000001234567890000</eb:PartyId><eb:Role>A</eb:Role></eb:From>"
                + "<eb:To><eb:PartyId eb:type='urn:osb:oin'>00000009876543210000</eb:PartyId><eb:Role>B</eb:Role></eb:To>"
                + "<eb:CPAId>cpa</eb:CPAId><eb:ConversationId>c1</eb:ConversationId><eb:Service eb:type='urn:osb:services'>s:1.0</eb:Service>"
                + action
                + "<eb:MessageData><eb:MessageId>m1@host</eb:MessageId><eb:Timestamp>2026-01-01T00:00:00Z</eb:Timestamp></eb:MessageData>"
                + "</eb:MessageHeader>";
    }
}
