package nl.dkgw.gateway.ebms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.xml.SafeXml;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

class EnvelopeRoundTripTest {

    private final Instant now = Instant.parse("2026-11-23T10:15:30.123Z");

    private EbmsMessage userMessage() {
        MessageHeader h = new MessageHeader(
                "cpa_1",
                "conv-1",
                PartyId.oin("00000099000000001000"),
                "Aanleverer",
                PartyId.oin("00000099000000002000"),
                "Ontvanger",
                "dgl:ontvangen:1.0",
                "urn:osb:services",
                "Send",
                "id-1@x",
                now,
                null,
                now.plusSeconds(3600),
                true);
        return new EbmsMessage(
                h,
                new EbmsMessage.AckRequested(Namespaces.ACTOR_TO_PARTY_MSH, false),
                true,
                null,
                null,
                List.of(),
                List.of("cid:p1@x"),
                null,
                null,
                List.of());
    }

    @Test
    void whatIsWrittenIsReadBackTheSame() throws Exception {
        EbmsMessage m = userMessage();
        byte[] xml = SafeXml.serialize(new EnvelopeWriter().write(m));
        EbmsMessage back = new EnvelopeReader().read(SafeXml.parse(xml), List.of());
        assertThat(back.header()).isEqualTo(m.header());
        assertThat(back.ackRequested()).isEqualTo(m.ackRequested());
        assertThat(back.syncReply()).isTrue();
        assertThat(back.manifest()).containsExactly("cid:p1@x");
    }

    @Test
    void signalsCarryTheirElements() throws Exception {
        MessageHeader h = userMessage().header();
        EbmsMessage error = new EbmsMessage(
                h,
                null,
                false,
                null,
                new EbmsMessage.Acknowledgment(now, "ref@x"),
                List.of(EbmsError.error(ErrorCode.ValueNotRecognized, "//eb:CPAId", "unknown CPA")),
                null,
                "ref2@x",
                new EbmsMessage.StatusResponse("ref3@x", "Received", now),
                List.of());
        EbmsMessage back = new EnvelopeReader()
                .read(SafeXml.parse(SafeXml.serialize(new EnvelopeWriter().write(error))), List.of());
        assertThat(back.acknowledgment()).isEqualTo(error.acknowledgment());
        assertThat(back.errors()).containsExactlyElementsOf(error.errors());
        assertThat(back.statusRequestRef()).isEqualTo("ref2@x");
        assertThat(back.statusResponse()).isEqualTo(error.statusResponse());
    }

    @Test
    void aDoctypeIsRefusedSoNoEntityIsEverExpanded() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        assertThatThrownBy(() -> SafeXml.parse(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SAXException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void anUnsupportedVersionIsNamedWithItsLocation() throws Exception {
        String xml = new String(SafeXml.serialize(new EnvelopeWriter().write(userMessage())), StandardCharsets.UTF_8)
                .replaceFirst("eb:version=\"2.0\"", "eb:version=\"1.0\"");
        assertThatThrownBy(
                        () -> new EnvelopeReader().read(SafeXml.parse(xml.getBytes(StandardCharsets.UTF_8)), List.of()))
                .isInstanceOfSatisfying(EbmsException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(ErrorCode.NotSupported);
                    assertThat(e.error().location()).contains("@eb:version");
                });
    }
}
