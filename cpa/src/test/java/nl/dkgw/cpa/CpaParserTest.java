package nl.dkgw.cpa;

import static nl.dkgw.cpa.TestCpas.CONSUMER;
import static nl.dkgw.cpa.TestCpas.PROVIDER;
import static nl.dkgw.cpa.TestCpas.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import nl.dkgw.cpa.CpaResolutionException.Reason;
import nl.dkgw.xsd.Schemas;
import org.junit.jupiter.api.Test;

class CpaParserTest {

    private final CpaParser parser = new CpaParser();
    private final Cpa cpa = TestCpas.cpa(Profile.OSB_RM);

    @Test
    void aCertificateWithoutCertIdIsRefusedWithAReasonNotACrash() {
        String xml = TestCpas.xml(Profile.OSB_RM)
                .replaceFirst("(<[A-Za-z0-9:]*Certificate) [A-Za-z0-9:]*certId=\"[^\"]*\"", "$1");
        assertThatThrownBy(() -> new CpaParser().parse(xml))
                .isInstanceOf(CpaParseException.class)
                .hasMessageContaining("no certId");
    }

    @Test
    void readsHeaderFieldsPartiesAndRoles() throws Exception {
        String xml = TestCpas.xml(Profile.OSB_BE);
        Cpa parsed = parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));

        assertThat(parsed.parties()).containsExactly(PROVIDER, CONSUMER);
        assertThat(parsed.roleOf(PROVIDER)).contains("Ontvanger");
        assertThat(parsed.roleOf(CONSUMER)).contains("Verstrekker");
        assertThat(parsed.roleOf(PartyId.oin("00000009999999999000"))).isEmpty();
        assertThat(parsed.xml()).isEqualTo(xml);
    }

    @Test
    void readsDocumentsInTheEncodingTheyDeclare() throws Exception {
        PartySpec c = TestCpas.consumer();
        PartySpec frisian = new PartySpec(
                "Gemeente Súdwest-Fryslân", c.oin(), c.endpoint(), c.clientCertificate(), c.serverCertificate());
        String xml = CpaGenerator.generate(TestCpas.service(Profile.OSB_BE), frisian)
                .replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"");
        byte[] latin1 = xml.getBytes(StandardCharsets.ISO_8859_1);

        Cpa fromBytes = parser.parse(new ByteArrayInputStream(latin1));
        Cpa fromText = parser.parse(xml);

        assertThat(fromBytes.xml()).contains("Gemeente Súdwest-Fryslân");
        assertThat(fromText.xml()).isEqualTo(fromBytes.xml());
        assertThat(fromBytes.parties()).hasSize(2);
    }

    @Test
    void isActiveOnlyBetweenStartAndEnd() {
        assertThat(cpa.isActive(cpa.start())).isTrue();
        assertThat(cpa.isActive(cpa.start().minusSeconds(1))).isFalse();
        assertThat(cpa.isActive(cpa.end())).isFalse();
    }

    @Test
    void proposedCpaIsNotActive() throws Exception {
        Cpa proposed =
                parser.parse(TestCpas.xml(Profile.OSB_BE).replace("tns:value=\"agreed\"", "tns:value=\"proposed\""));

        assertThat(proposed.status()).isEqualTo("proposed");
        assertThat(proposed.isActive(Instant.now())).isFalse();
    }

    @Test
    void signalEndpointIsTheDefaultMshChannelsEndpoint() throws Exception {
        assertThat(cpa.signalEndpointOf(CONSUMER)).isEqualTo(URI.create("https://gateway.gemeente.example.nl/ebms"));
        assertThat(cpa.signalEndpointOf(PROVIDER)).isEqualTo(URI.create("https://provider.example.nl/ebms"));
    }

    @Test
    void clientCertificateComesFromTheTransportClientSecurity() {
        assertThat(cpa.clientCertificateOf(CONSUMER))
                .get()
                .extracting(c -> c.getSubjectX500Principal().getName())
                .asString()
                .contains("gateway.gemeente.example.nl");
        assertThat(cpa.clientCertificateOf(PartyId.oin("00000009999999999000"))).isEmpty();
    }

    @Test
    void resolveOutboundFindsTheOnlySender() throws Exception {
        DeliveryChannel channel = cpa.resolveOutbound(SERVICE, "bv03", Optional.empty());

        assertThat(channel.fromParty()).isEqualTo(PROVIDER);
        assertThat(channel.toParty()).isEqualTo(CONSUMER);
    }

    @Test
    void resolveOutboundWithSenderPicksTheOtherPartyAsReceiver() throws Exception {
        DeliveryChannel channel = cpa.resolveOutbound(SERVICE, "ping", Optional.of(CONSUMER));

        assertThat(channel.toParty()).isEqualTo(PROVIDER);
    }

    @Test
    void aResolvedChannelIsRememberedAndARefusalIsNot() throws Exception {
        DeliveryChannel first = cpa.resolve(CONSUMER, PROVIDER, SERVICE, "zakLk01");

        assertThat(cpa.resolve(CONSUMER, PROVIDER, SERVICE, "zakLk01")).isSameAs(first);
        // remembered under the CPA's party, not under the message's spelling of it (here without its type)
        assertThat(cpa.resolve(new PartyId(null, TestCpas.CONSUMER_OIN), PROVIDER, SERVICE, "zakLk01"))
                .isSameAs(first);
        // another question gets its own answer, and one the CPA refuses is refused every time
        assertThat(cpa.resolve(PROVIDER, CONSUMER, SERVICE, "bv03").fromParty()).isEqualTo(PROVIDER);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> cpa.resolve(CONSUMER, PROVIDER, SERVICE, "nope"))
                    .isInstanceOf(CpaResolutionException.class);
        }
    }

    @Test
    void actionBothPartiesSendIsAmbiguousWithoutSender() {
        assertThatThrownBy(() -> cpa.resolveOutbound(SERVICE, "ping", Optional.empty()))
                .isInstanceOfSatisfying(
                        CpaResolutionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.AMBIGUOUS))
                .hasMessageContaining("ping")
                .hasMessageContaining(SERVICE)
                .hasMessageContaining(cpa.cpaId());
    }

    @Test
    void unknownPartyIsNamed() {
        PartyId stranger = PartyId.oin("00000009999999999000");
        assertThatThrownBy(() -> cpa.resolve(stranger, PROVIDER, SERVICE, "zakLk01"))
                .isInstanceOfSatisfying(
                        CpaResolutionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_PARTY))
                .hasMessageContaining("00000009999999999000")
                .hasMessageContaining(cpa.cpaId());
        assertThatThrownBy(() -> cpa.signalEndpointOf(stranger))
                .isInstanceOfSatisfying(
                        CpaResolutionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_PARTY));
    }

    @Test
    void partyIdTypeMustMatchWhenGiven() {
        assertThatThrownBy(() ->
                        cpa.resolve(new PartyId("urn:other", TestCpas.CONSUMER_OIN), PROVIDER, SERVICE, "zakLk01"))
                .isInstanceOfSatisfying(
                        CpaResolutionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_PARTY));
    }

    @Test
    void unknownServiceIsNamed() {
        assertThatThrownBy(() -> cpa.resolve(CONSUMER, PROVIDER, "other:1.0", "zakLk01"))
                .isInstanceOfSatisfying(
                        CpaResolutionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SERVICE))
                .hasMessageContaining("other:1.0");
        assertThatThrownBy(() -> cpa.resolveOutbound("other:1.0", "zakLk01", Optional.empty()))
                .isInstanceOfSatisfying(
                        CpaResolutionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SERVICE));
    }

    @Test
    void unknownActionIsNamed() {
        assertThatThrownBy(() -> cpa.resolve(CONSUMER, PROVIDER, SERVICE, "nope"))
                .isInstanceOfSatisfying(
                        CpaResolutionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ACTION))
                .hasMessageContaining("nope")
                .hasMessageContaining(SERVICE);
        assertThatThrownBy(() -> cpa.resolveOutbound(SERVICE, "nope", Optional.empty()))
                .isInstanceOfSatisfying(
                        CpaResolutionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ACTION));
    }

    @Test
    void sendingAnActionOnlyTheOtherPartySendsIsNotAllowed() {
        assertThatThrownBy(() -> cpa.resolve(CONSUMER, PROVIDER, SERVICE, "bv03"))
                .isInstanceOfSatisfying(
                        CpaResolutionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ALLOWED))
                .hasMessageContaining("may not send action bv03")
                .hasMessageContaining("Verstrekker");
    }

    @Test
    void receiverWithoutCanReceiveIsNotAllowed() throws Exception {
        String xml = TestCpas.xml(Profile.OSB_RM);
        // drop the provider's CanReceive for zakLk01 (the first CanReceive in the document)
        int start = xml.indexOf("<tns:CanReceive>");
        int end = xml.indexOf("</tns:CanReceive>", start) + "</tns:CanReceive>".length();
        Cpa broken = parser.parse(xml.substring(0, start) + xml.substring(end));

        assertThatThrownBy(() -> broken.resolve(CONSUMER, PROVIDER, SERVICE, "zakLk01"))
                .isInstanceOfSatisfying(
                        CpaResolutionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ALLOWED))
                .hasMessageContaining("may not receive action zakLk01");
    }

    @Test
    void danglingChannelReferenceIsReportedWhenResolving() throws Exception {
        String xml = TestCpas.xml(Profile.OSB_RM)
                .replaceFirst(
                        "<tns:ChannelId>provider_channel</tns:ChannelId>", "<tns:ChannelId>nowhere</tns:ChannelId>");

        Cpa broken = parser.parse(xml);

        assertThatThrownBy(() -> broken.resolve(PROVIDER, CONSUMER, SERVICE, "bv03"))
                .isInstanceOfSatisfying(
                        CpaResolutionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ALLOWED))
                .hasMessageContaining("names no DeliveryChannel");
    }

    @Test
    void fromAndToTheSamePartyIsNotAllowed() {
        assertThatThrownBy(() -> cpa.resolve(CONSUMER, CONSUMER, SERVICE, "zakLk01"))
                .isInstanceOfSatisfying(
                        CpaResolutionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ALLOWED));
    }

    @Test
    void rejectsDoctypeSoNoExternalEntityIsEverRead() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<tns:CollaborationProtocolAgreement xmlns:tns=\"" + Schemas.CPPA_NS
                + "\">&e;</tns:CollaborationProtocolAgreement>";

        assertThatThrownBy(() -> parser.parse(xxe))
                .isInstanceOf(CpaParseException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void rejectsNonXmlEmptyAndOtherDocuments() {
        assertThatThrownBy(() -> parser.parse("not xml"))
                .isInstanceOf(CpaParseException.class)
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> parser.parse(" "))
                .isInstanceOf(CpaParseException.class)
                .hasMessage("CPA is empty");
        assertThatThrownBy(() -> parser.parse("<a xmlns='urn:x'/>"))
                .isInstanceOf(CpaParseException.class)
                .hasMessageContaining("not a CPA")
                .hasMessageContaining("{urn:x}a");
    }

    @Test
    void rejectsCpaWithoutIdOrDates() {
        String xml = TestCpas.xml(Profile.OSB_BE);
        String noId = xml.replaceFirst(" tns:cpaid=\"[^\"]*\"", "");
        String noEnd = xml.replaceFirst("<tns:End>[^<]*</tns:End>", "");

        assertThatThrownBy(() -> parser.parse(noId))
                .isInstanceOf(CpaParseException.class)
                .hasMessageContaining("cpaid");
        assertThatThrownBy(() -> parser.parse(noEnd))
                .isInstanceOf(CpaParseException.class)
                .hasMessageContaining("End");
    }

    @Test
    void rejectsUnreadableCertificate() {
        String xml = TestCpas.xml(Profile.OSB_BE)
                .replaceFirst(
                        "<ds:X509Certificate>[^<]*</ds:X509Certificate>",
                        "<ds:X509Certificate>AAAA</ds:X509Certificate>");

        assertThatThrownBy(() -> parser.parse(xml))
                .isInstanceOf(CpaParseException.class)
                .hasMessageContaining("provider_clientCert")
                .hasMessageContaining("Provider");
    }
}
