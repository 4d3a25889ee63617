package nl.dkgw.cpa;

import static nl.dkgw.cpa.TestCpas.CONSUMER;
import static nl.dkgw.cpa.TestCpas.PROVIDER;
import static nl.dkgw.cpa.TestCpas.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import javax.xml.transform.stream.StreamSource;
import nl.dkgw.xsd.Schemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class CpaGeneratorTest {

    @ParameterizedTest
    @EnumSource(Profile.class)
    void generatedCpaIsValidAgainstTheCppaSchema(Profile profile) throws Exception {
        Schemas.validator(Schemas.cpa()).validate(new StreamSource(new StringReader(TestCpas.xml(profile))));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void everyBusinessTransactionCharacteristicsCarriesIsIntelligibleCheckRequired(Profile profile) throws Exception {
        Document doc = CpaXml.parse(TestCpas.xml(profile));
        var all = doc.getElementsByTagNameNS(CpaXml.NS, "BusinessTransactionCharacteristics");

        assertThat(all.getLength()).isEqualTo(8);
        for (int i = 0; i < all.getLength(); i++) {
            assertThat(((Element) all.item(i)).getAttributeNS(CpaXml.NS, "isIntelligibleCheckRequired"))
                    .isEqualTo("false");
        }
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void everyChannelIncludingTheDefaultSignalChannelNamesTheToPartyMshActor(Profile profile) throws Exception {
        Document doc = CpaXml.parse(TestCpas.xml(profile));
        var parties = doc.getElementsByTagNameNS(CpaXml.NS, "PartyInfo");
        var channels = doc.getElementsByTagNameNS(CpaXml.NS, "DeliveryChannel");

        assertThat(channels.getLength()).isEqualTo(4);
        for (int p = 0; p < parties.getLength(); p++) {
            String defaultChannel = ((Element) parties.item(p)).getAttributeNS(CpaXml.NS, "defaultMshChannelId");
            boolean found = false;
            for (int i = 0; i < channels.getLength(); i++) {
                Element channel = (Element) channels.item(i);
                Element mc = (Element) channel.getElementsByTagNameNS(CpaXml.NS, "MessagingCharacteristics")
                        .item(0);
                assertThat(mc.getAttributeNS(CpaXml.NS, "actor"))
                        .isEqualTo("urn:oasis:names:tc:ebxml-msg:actor:toPartyMSH");
                found |= channel.getAttributeNS(CpaXml.NS, "channelId").equals(defaultChannel);
            }
            assertThat(found).as("default channel " + defaultChannel).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Profile.class,
            names = {"OSB_BE_E", "OSB_RM_E"})
    void aChosenDigitalEnvelopeIsWrittenToBothEnvelopesAndReadBackPerChannel(Profile profile) throws Exception {
        String xml =
                CpaGenerator.generate(TestCpas.service(profile), TestCpas.consumer(), DigitalEnvelope.COMPATIBILITY);

        Schemas.validator(Schemas.cpa()).validate(new StreamSource(new StringReader(xml)));
        // algorithm URIs, not bare words: the base64 of the certificates in the CPA may spell anything
        assertThat(xml)
                .doesNotContain("#aes128-gcm")
                .doesNotContain("#aes256-gcm")
                .doesNotContain("#rsa-oaep");
        assertThat(xml.split(
                        "<tns:EncryptionAlgorithm>http://www.w3.org/2001/04/xmlenc#aes128-cbc</tns:EncryptionAlgorithm>",
                        -1))
                .hasSize(5);
        assertThat(xml.split(
                        "<tns:EncryptionAlgorithm>http://www.w3.org/2001/04/xmlenc#rsa-1_5</tns:EncryptionAlgorithm>",
                        -1))
                .hasSize(5);
        Cpa cpa = new CpaParser().parse(xml);
        for (DeliveryChannel channel : List.of(
                cpa.resolve(CONSUMER, PROVIDER, SERVICE, "zakLk01"),
                cpa.resolve(PROVIDER, CONSUMER, SERVICE, "bv03"))) {
            assertThat(channel.profile()).isEqualTo(profile);
            assertThat(channel.encryptionAlgorithm()).contains(DigitalEnvelope.AES128_CBC);
            assertThat(channel.keyTransport()).contains(DigitalEnvelope.RSA_1_5);
        }
    }

    @Test
    void theStandardEnvelopeIsAes128GcmWithRsaOaepWhateverOrderTheCpaListsThem() throws Exception {
        String xml = TestCpas.xml(Profile.OSB_RM_E);
        DeliveryChannel standard = new CpaParser().parse(xml).resolve(CONSUMER, PROVIDER, SERVICE, "zakLk01");
        String swapped = xml.replace(
                        "<tns:EncryptionAlgorithm>http://www.w3.org/2009/xmlenc11#aes128-gcm</tns:EncryptionAlgorithm>",
                        "<tns:EncryptionAlgorithm>KEY</tns:EncryptionAlgorithm>")
                .replace(
                        "<tns:EncryptionAlgorithm>http://www.w3.org/2009/xmlenc11#rsa-oaep</tns:EncryptionAlgorithm>",
                        "<tns:EncryptionAlgorithm>http://www.w3.org/2009/xmlenc11#aes128-gcm</tns:EncryptionAlgorithm>")
                .replace(
                        "<tns:EncryptionAlgorithm>KEY</tns:EncryptionAlgorithm>",
                        "<tns:EncryptionAlgorithm>http://www.w3.org/2009/xmlenc11#rsa-oaep</tns:EncryptionAlgorithm>");
        DeliveryChannel reordered = new CpaParser().parse(swapped).resolve(CONSUMER, PROVIDER, SERVICE, "zakLk01");

        assertThat(swapped).isNotEqualTo(xml);
        for (DeliveryChannel channel : List.of(standard, reordered)) {
            assertThat(channel.encryptionAlgorithm()).contains(DigitalEnvelope.AES128_GCM);
            assertThat(channel.keyTransport()).contains(DigitalEnvelope.RSA_OAEP);
        }
    }

    @Test
    void digitalEnvelopesByShortName() {
        assertThat(DigitalEnvelope.forContent("aes128-gcm")).isEqualTo(DigitalEnvelope.STANDARD);
        assertThat(DigitalEnvelope.forContent("aes128-cbc")).isEqualTo(DigitalEnvelope.COMPATIBILITY);
        assertThat(DigitalEnvelope.forContent("AES256-CBC").keyTransport()).isEqualTo(DigitalEnvelope.RSA_1_5);
        assertThat(DigitalEnvelope.forContent("aes256-gcm").withKeyTransport("rsa-oaep-mgf1p"))
                .isEqualTo(new DigitalEnvelope(DigitalEnvelope.AES256_GCM, DigitalEnvelope.RSA_OAEP_MGF1P));
        assertThat(DigitalEnvelope.STANDARD.compatibilityOnly()).isFalse();
        assertThat(DigitalEnvelope.STANDARD.withKeyTransport("rsa-1_5").compatibilityOnly())
                .isTrue();
        assertThat(DigitalEnvelope.forContent("aes256-cbc")
                        .withKeyTransport("rsa-oaep")
                        .compatibilityOnly())
                .isTrue();
        assertThatThrownBy(() -> DigitalEnvelope.forContent("tripledes-cbc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aes128-gcm, aes256-gcm, aes128-cbc or aes256-cbc");
        assertThatThrownBy(() -> DigitalEnvelope.STANDARD.withKeyTransport("rsa-2"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void generatedCpaResolvesBothDirectionsWithTheProfileAsked(Profile profile) throws Exception {
        Cpa cpa = TestCpas.cpa(profile);

        DeliveryChannel toProvider = cpa.resolve(CONSUMER, PROVIDER, SERVICE, "ping");
        DeliveryChannel toConsumer = cpa.resolve(PROVIDER, CONSUMER, SERVICE, "ping");

        assertThat(toProvider.profile()).isEqualTo(profile);
        assertThat(toConsumer.profile()).isEqualTo(profile);
        assertThat(toProvider.endpoint()).isEqualTo(URI.create("https://provider.example.nl/ebms"));
        assertThat(toConsumer.endpoint()).isEqualTo(URI.create("https://gateway.gemeente.example.nl/ebms"));
        assertThat(toProvider.fromRole()).isEqualTo("Verstrekker");
        assertThat(toProvider.toRole()).isEqualTo("Ontvanger");
        assertThat(toProvider.serviceType()).isEqualTo("urn:osb:services");
        assertThat(toProvider.duplicateElimination()).isEqualTo(profile.reliable());
        assertThat(toProvider.ackSignatureRequested()).isEqualTo(profile.signed() && profile.reliable());
        assertThat(toProvider.messageOrder()).isFalse();
        assertThat(toProvider.syncReplyMode()).isEqualTo(SyncReplyMode.NONE);
    }

    @Test
    void reliableProfileCarriesRetriesIntervalAndPersistDuration() throws Exception {
        DeliveryChannel channel = TestCpas.cpa(Profile.OSB_RM).resolve(CONSUMER, PROVIDER, SERVICE, "zakLk01");

        assertThat(channel.ackRequested()).isTrue();
        assertThat(channel.retries()).isEqualTo(8);
        assertThat(channel.retryInterval()).isEqualTo(Duration.ofHours(3));
        assertThat(channel.persistDuration()).isEqualTo(Duration.ofDays(1));
        assertThat(channel.hashFunction()).isEmpty();
        assertThat(channel.signingCertificate()).isEmpty();
    }

    @Test
    void bestEffortProfileHasNoRetries() throws Exception {
        DeliveryChannel channel = TestCpas.cpa(Profile.OSB_BE).resolve(CONSUMER, PROVIDER, SERVICE, "zakLk01");

        assertThat(channel.ackRequested()).isFalse();
        assertThat(channel.retries()).isZero();
        assertThat(channel.persistDuration()).isZero();
    }

    @Test
    void signedProfileNamesSha256AlgorithmsAndTheSendersSigningCertificate() throws Exception {
        PartySpec consumer = TestCpas.consumer();
        Cpa cpa = new CpaParser().parse(CpaGenerator.generate(TestCpas.service(Profile.OSB_RM_S), consumer));

        DeliveryChannel channel = cpa.resolve(CONSUMER, PROVIDER, SERVICE, "zakLk01");

        assertThat(channel.hashFunction()).contains("http://www.w3.org/2001/04/xmlenc#sha256");
        assertThat(channel.signatureAlgorithm()).contains("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        assertThat(channel.signingCertificate()).contains(consumer.clientCertificate());
        assertThat(channel.encryptionAlgorithm()).isEmpty();
        assertThat(channel.encryptionCertificate()).isEmpty();
    }

    @Test
    void encryptedProfileNamesAesGcmAndTheReceiversEncryptionCertificate() throws Exception {
        ServiceSpec service = TestCpas.service(Profile.OSB_RM_E);
        PartySpec c = TestCpas.consumer();
        var encryption = TestCertificates.certificate("enc.gemeente.example.nl", TestCpas.CONSUMER_OIN);
        PartySpec consumer = new PartySpec(
                c.name(), c.oin(), c.endpoint(), c.clientCertificate(), c.serverCertificate(), null, encryption);
        Cpa cpa = new CpaParser().parse(CpaGenerator.generate(service, consumer));

        DeliveryChannel toConsumer = cpa.resolve(PROVIDER, CONSUMER, SERVICE, "bv03");

        assertThat(toConsumer.encryptionAlgorithm()).contains("http://www.w3.org/2009/xmlenc11#aes128-gcm");
        assertThat(toConsumer.encryptionCertificate()).contains(encryption);
        assertThat(toConsumer.signingCertificate()).contains(service.provider().clientCertificate());
        assertThat(toConsumer.profile()).isEqualTo(Profile.OSB_RM_E);
    }

    @Test
    void cpaIdFollowsTheDigikoppelingConventionWithoutDots() throws Exception {
        Cpa cpa = TestCpas.cpa(Profile.OSB_RM);

        assertThat(cpa.cpaId()).isEqualTo("dgl:ontvangen:1_0_00000001003214345000_00000001001234567000_1");
        assertThat(cpa.cpaId()).doesNotContain(".");
    }

    @Test
    void explicitStartEndAndVersionAreUsed() throws Exception {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Instant end = Instant.parse("2027-01-01T00:00:00Z");

        Cpa cpa = new CpaParser()
                .parse(CpaGenerator.generate(TestCpas.service(Profile.OSB_BE), TestCpas.consumer(), start, end, "2.1"));

        assertThat(cpa.start()).isEqualTo(start);
        assertThat(cpa.end()).isEqualTo(end);
        assertThat(cpa.cpaId()).endsWith("_2_1");
        assertThat(cpa.status()).isEqualTo("agreed");
    }

    @Test
    void defaultEndIsTheEarliestCertificateExpiry() throws Exception {
        Instant soon = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        PartySpec c = TestCpas.consumer();
        PartySpec consumer = new PartySpec(
                c.name(),
                c.oin(),
                c.endpoint(),
                TestCertificates.certificate(
                        "gateway.gemeente.example.nl", c.oin(), Instant.now().minusSeconds(60), soon),
                c.serverCertificate());

        Cpa cpa = new CpaParser().parse(CpaGenerator.generate(TestCpas.service(Profile.OSB_BE), consumer));

        assertThat(cpa.end()).isEqualTo(soon);
        assertThat(cpa.isActive(Instant.now())).isTrue();
    }

    @Test
    void mshSignalsOnlyIsCarriedToTheChannel() throws Exception {
        ServiceSpec s = TestCpas.service(Profile.OSB_RM);
        ServiceSpec service = new ServiceSpec(
                s.serviceName(),
                s.profile(),
                s.providerRole(),
                s.consumerRole(),
                s.actions(),
                s.retries(),
                s.retryInterval(),
                s.persistDuration(),
                SyncReplyMode.MSH_SIGNALS_ONLY,
                s.provider());

        Cpa cpa = new CpaParser().parse(CpaGenerator.generate(service, TestCpas.consumer()));

        assertThat(cpa.resolve(CONSUMER, PROVIDER, SERVICE, "zakLk01").syncReplyMode())
                .isEqualTo(SyncReplyMode.MSH_SIGNALS_ONLY);
    }

    @Test
    void rejectsSpecificationsDigikoppelingDoesNotAllow() {
        ServiceSpec s = TestCpas.service(Profile.OSB_RM);
        assertThatThrownBy(() -> new ServiceSpec(
                        s.serviceName(),
                        s.profile(),
                        s.providerRole(),
                        s.consumerRole(),
                        s.actions(),
                        1,
                        null,
                        null,
                        SyncReplyMode.SIGNALS_AND_RESPONSE,
                        s.provider()))
                .hasMessageContaining("syncReplyMode");
        assertThatThrownBy(() -> new ServiceSpec(
                        "dgl ontvangen", s.profile(), "a", "b", s.actions(), 0, null, null, null, s.provider()))
                .hasMessageContaining("service name");
        assertThatThrownBy(() -> new ServiceSpec(
                        s.serviceName(), s.profile(), "a", "b", List.of(), 0, null, null, null, s.provider()))
                .hasMessageContaining("at least one action");
        assertThatThrownBy(() -> new ActionSpec("two words", ActionSpec.Direction.BOTH))
                .hasMessageContaining("whitespace");
        assertThatThrownBy(() -> TestCpas.party("X", "123", "x.example.nl"))
                .hasMessageContaining("OIN must be 20 digits");
        assertThatThrownBy(
                        () -> CpaGenerator.generate(s, TestCpas.party("Same", TestCpas.PROVIDER_OIN, "x.example.nl")))
                .hasMessageContaining("same OIN");
        assertThatThrownBy(() -> CpaGenerator.generate(
                        s, TestCpas.consumer(), Instant.now(), Instant.now().minusSeconds(1), "1"))
                .hasMessageContaining("must be after Start");
    }

    @Test
    void acceptsNonProductionOinSuffix() throws Exception {
        PartySpec consumer = TestCpas.party("Test", TestCpas.CONSUMER_OIN + "_OTA", "t.example.nl");

        Cpa cpa = new CpaParser().parse(CpaGenerator.generate(TestCpas.service(Profile.OSB_BE), consumer));

        assertThat(cpa.parties()).contains(PartyId.oin(TestCpas.CONSUMER_OIN + "_OTA"));
        assertThat(cpa.resolveOutbound(SERVICE, "zakLk01", Optional.empty())
                        .fromParty()
                        .oinWithoutEnvironmentSuffix())
                .isEqualTo(TestCpas.CONSUMER_OIN);
    }
}
