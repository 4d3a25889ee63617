package nl.dkgw.xsd;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.xml.bind.JAXBContext;
import java.io.StringReader;
import java.io.StringWriter;
import nl.dkgw.xsd.cppa.CollaborationProtocolAgreement;
import nl.dkgw.xsd.cppa.Status;
import nl.dkgw.xsd.cppa.StatusValueType;
import nl.dkgw.xsd.ebms.MessageHeader;
import org.junit.jupiter.api.Test;

class GeneratedBindingsTest {

    @Test
    void ebmsHeaderRoundTripsThroughJaxb() throws Exception {
        String xml = "<eb:MessageHeader xmlns:eb='" + Schemas.EBMS_NS + "' xmlns:soap='" + Schemas.SOAP_NS
                + "' eb:version='2.0' soap:mustUnderstand='1'>"
                + "<eb:From><eb:PartyId eb:type='urn:osb:oin'>00000001003214345000</eb:PartyId><eb:Role>Verstrekker</eb:Role></eb:From>"
                + "<eb:To><eb:PartyId eb:type='urn:osb:oin'>00000001001234567000</eb:PartyId></eb:To>"
                + "<eb:CPAId>cpa</eb:CPAId><eb:ConversationId>c1</eb:ConversationId><eb:Service eb:type='urn:osb:services'>dgl:ontvangen:1.0</eb:Service>"
                + "<eb:Action>zakLk01</eb:Action>"
                + "<eb:MessageData><eb:MessageId>m1@host</eb:MessageId><eb:Timestamp>2026-01-01T00:00:00Z</eb:Timestamp></eb:MessageData>"
                + "</eb:MessageHeader>";

        MessageHeader header = (MessageHeader) JAXBContext.newInstance(MessageHeader.class)
                .createUnmarshaller()
                .unmarshal(new StringReader(xml));

        assertThat(header.getFrom().getPartyId().get(0).getValue()).isEqualTo("00000001003214345000");
        assertThat(header.getFrom().getRole()).isEqualTo("Verstrekker");
        assertThat(header.getService().getType()).isEqualTo("urn:osb:services");
        assertThat(header.getAction()).isEqualTo("zakLk01");
        assertThat(header.getMessageData().getTimestamp().getYear()).isEqualTo(2026);
    }

    @Test
    void cpaBindingsMarshalQualifiedAttributes() throws Exception {
        CollaborationProtocolAgreement cpa = new CollaborationProtocolAgreement();
        cpa.setCpaid("x");
        cpa.setVersion("2_0b");
        Status status = new Status();
        status.setValue(StatusValueType.AGREED);
        cpa.setStatus(status);

        StringWriter out = new StringWriter();
        JAXBContext.newInstance(CollaborationProtocolAgreement.class)
                .createMarshaller()
                .marshal(cpa, out);

        assertThat(out.toString()).contains("cpaid=\"x\"").contains(":value=\"agreed\"");
    }
}
