package nl.dkgw.cpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import nl.dkgw.cpa.CpaProblem.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CpaValidatorTest {

    private static final String P1 = "/CollaborationProtocolAgreement/PartyInfo[1]";
    private static final String P2 = "/CollaborationProtocolAgreement/PartyInfo[2]";
    private static final String MC = P1 + "/DeliveryChannel[1]/MessagingCharacteristics";
    private static final String SENDER = P1 + "/DocExchange[1]/ebXMLSenderBinding";
    private static final String ENDPOINT = P1 + "/Transport/TransportReceiver/Endpoint/@uri";

    private static final String RM_S = TestCpas.xml(Profile.OSB_RM_S);
    private static final String RM_E = TestCpas.xml(Profile.OSB_RM_E);

    private final CpaValidator validator = new CpaValidator();

    @ParameterizedTest
    @EnumSource(Profile.class)
    void generatedCpasHaveNoProblems(Profile profile) throws Exception {
        assertThat(validator.validate(TestCpas.xml(profile))).isEmpty();
    }

    @Test
    void nonProductionOinSuffixIsAllowed() throws Exception {
        String xml = CpaGenerator.generate(
                TestCpas.service(Profile.OSB_RM),
                TestCpas.party("Test", TestCpas.CONSUMER_OIN + "_OTA", "t.example.nl"));

        assertThat(validator.validate(xml)).isEmpty();
    }

    static Stream<Arguments> invalidCpas() {
        return Stream.of(
                bad(
                        "cpaid with dots",
                        RM_S,
                        x -> x.replaceFirst("tns:cpaid=\"[^\"]*\"", "tns:cpaid=\"svc:1.0_a_b_1\""),
                        "/CollaborationProtocolAgreement/@cpaid",
                        "contains dots"),
                bad(
                        "cpaid with whitespace",
                        RM_S,
                        x -> x.replaceFirst("tns:cpaid=\"[^\"]*\"", "tns:cpaid=\"a b\""),
                        "/CollaborationProtocolAgreement/@cpaid",
                        "contains whitespace"),
                bad(
                        "status proposed",
                        RM_S,
                        x -> x.replace("tns:value=\"agreed\"", "tns:value=\"proposed\""),
                        "/CollaborationProtocolAgreement/Status/@value",
                        "only agreed or signed"),
                bad(
                        "End before Start",
                        RM_S,
                        x -> x.replaceFirst("<tns:End>[^<]*</tns:End>", "<tns:End>2020-01-01T00:00:00Z</tns:End>"),
                        "/CollaborationProtocolAgreement/End",
                        "is not after Start"),
                bad(
                        "expired CPA",
                        RM_S,
                        x -> x.replaceFirst(
                                        "<tns:Start>[^<]*</tns:Start>",
                                        "<tns:Start>"
                                                + Instant.now()
                                                        .minus(Duration.ofDays(3))
                                                        .truncatedTo(ChronoUnit.SECONDS)
                                                + "</tns:Start>")
                                .replaceFirst(
                                        "<tns:End>[^<]*</tns:End>",
                                        "<tns:End>"
                                                + Instant.now()
                                                        .minus(Duration.ofDays(1))
                                                        .truncatedTo(ChronoUnit.SECONDS)
                                                + "</tns:End>"),
                        "/CollaborationProtocolAgreement/End",
                        "CPA expired at"),
                bad(
                        "three parties",
                        RM_S,
                        x -> x.replaceFirst("(?s)(<tns:PartyInfo .*?</tns:PartyInfo>)", "$1$1"),
                        "/CollaborationProtocolAgreement",
                        "exactly two parties, this one has 3"),
                bad(
                        "two roles for one party",
                        RM_S,
                        x -> x.replaceFirst("(?s)(<tns:CollaborationRole>.*?</tns:CollaborationRole>)", "$1$1"),
                        P1,
                        "has 2 roles"),
                bad(
                        "PartyId type not OIN",
                        RM_S,
                        x -> x.replaceFirst("tns:type=\"urn:osb:oin\"", "tns:type=\"urn:other\""),
                        P1 + "/PartyId/@type",
                        "expected urn:osb:oin"),
                bad(
                        "PartyId not an OIN",
                        RM_S,
                        x -> x.replaceFirst(">" + TestCpas.PROVIDER_OIN + "</tns:PartyId>", ">12345</tns:PartyId>"),
                        P1 + "/PartyId",
                        "'12345' is not an OIN"),
                bad(
                        "PartyId with unknown suffix",
                        RM_S,
                        x -> x.replaceFirst(
                                ">" + TestCpas.PROVIDER_OIN + "</tns:PartyId>",
                                ">" + TestCpas.PROVIDER_OIN + "_X</tns:PartyId>"),
                        P1 + "/PartyId",
                        "is not an OIN"),
                bad(
                        "same PartyId for both parties",
                        RM_S,
                        x -> x.replace(
                                ">" + TestCpas.CONSUMER_OIN + "</tns:PartyId>",
                                ">" + TestCpas.PROVIDER_OIN + "</tns:PartyId>"),
                        P2 + "/PartyId",
                        "names both parties"),
                bad(
                        "ackRequested perMessage",
                        RM_S,
                        x -> x.replaceFirst("tns:ackRequested=\"always\"", "tns:ackRequested=\"perMessage\""),
                        MC + "/@ackRequested",
                        "not perMessage"),
                bad(
                        "reliable without duplicate elimination",
                        RM_S,
                        x -> x.replaceFirst(
                                "tns:duplicateElimination=\"always\"", "tns:duplicateElimination=\"never\""),
                        MC + "/@duplicateElimination",
                        "needs duplicateElimination always"),
                bad(
                        "acks to nextMSH",
                        RM_S,
                        x -> x.replaceFirst("actor:toPartyMSH", "actor:nextMSH"),
                        MC + "/@actor",
                        "toPartyMSH"),
                bad(
                        "reliable without ReliableMessaging",
                        RM_S,
                        x -> x.replaceFirst("(?s)<tns:ReliableMessaging>.*?</tns:ReliableMessaging>", ""),
                        P1 + "/DocExchange[1]",
                        "has no ReliableMessaging"),
                bad(
                        "reliable without Retries",
                        RM_S,
                        x -> x.replaceFirst("<tns:Retries>8</tns:Retries>", ""),
                        SENDER + "/ReliableMessaging",
                        "needs Retries and RetryInterval"),
                bad(
                        "SHA-1 digest",
                        RM_S,
                        x -> x.replaceFirst(
                                "http://www.w3.org/2001/04/xmlenc#sha256", "http://www.w3.org/2000/09/xmldsig#sha1"),
                        SENDER + "/SenderNonRepudiation/HashFunction",
                        "SIGN001"),
                bad(
                        "MD5 digest",
                        RM_S,
                        x -> x.replaceFirst(
                                "http://www.w3.org/2001/04/xmlenc#sha256",
                                "http://www.w3.org/2001/04/xmldsig-more#md5"),
                        SENDER + "/SenderNonRepudiation/HashFunction",
                        "is not allowed"),
                bad(
                        "unknown digest",
                        RM_S,
                        x -> x.replaceFirst("http://www.w3.org/2001/04/xmlenc#sha256", "urn:crc32"),
                        SENDER + "/SenderNonRepudiation/HashFunction",
                        "is not a SHA-2 digest"),
                bad(
                        "RSA-SHA1 signature",
                        RM_S,
                        x -> x.replaceFirst(
                                "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                                "http://www.w3.org/2000/09/xmldsig#rsa-sha1"),
                        SENDER + "/SenderNonRepudiation/SignatureAlgorithm",
                        "SIGN002"),
                bad(
                        "AES-CBC encryption",
                        RM_E,
                        x -> x.replaceFirst(
                                "http://www.w3.org/2009/xmlenc11#aes128-gcm",
                                "http://www.w3.org/2001/04/xmlenc#aes128-cbc"),
                        SENDER + "/SenderDigitalEnvelope/EncryptionAlgorithm[1]",
                        "AES-CBC"),
                bad(
                        "AES-CBC names the rule and the setting",
                        RM_E,
                        x -> x.replaceFirst(
                                "http://www.w3.org/2009/xmlenc11#aes128-gcm",
                                "http://www.w3.org/2001/04/xmlenc#aes256-cbc"),
                        SENDER + "/SenderDigitalEnvelope/EncryptionAlgorithm[1]",
                        "breaks Beveiligingsstandaarden rule ENC003 (AES in GCM mode); use aes128-gcm or aes256-gcm, or, for a peer whose adapter can do no better, set security.compatibility-mode: true"),
                bad(
                        "RSA 1.5 names the rule and the setting",
                        RM_E,
                        x -> x.replaceFirst(
                                "http://www.w3.org/2009/xmlenc11#rsa-oaep", "http://www.w3.org/2001/04/xmlenc#rsa-1_5"),
                        SENDER + "/SenderDigitalEnvelope/EncryptionAlgorithm[2]",
                        "breaks Beveiligingsstandaarden rule ENC004 (RSA-OAEP key transport); use rsa-oaep, or, for a peer whose adapter can do no better, set security.compatibility-mode: true"),
                bad(
                        "AES-192-GCM",
                        RM_E,
                        x -> x.replaceFirst(
                                "http://www.w3.org/2009/xmlenc11#aes128-gcm",
                                "http://www.w3.org/2009/xmlenc11#aes192-gcm"),
                        SENDER + "/SenderDigitalEnvelope/EncryptionAlgorithm[1]",
                        "AES-192"),
                bad(
                        "no AES-GCM at all",
                        RM_E,
                        x -> x.replaceFirst(
                                "http://www.w3.org/2009/xmlenc11#aes128-gcm",
                                "http://www.w3.org/2001/04/xmlenc#aes256-cbc"),
                        SENDER + "/SenderDigitalEnvelope",
                        "no AES-GCM"),
                bad(
                        "3DES encryption",
                        RM_E,
                        x -> x.replaceFirst(
                                "http://www.w3.org/2009/xmlenc11#aes128-gcm",
                                "http://www.w3.org/2001/04/xmlenc#tripledes-cbc"),
                        SENDER + "/SenderDigitalEnvelope/EncryptionAlgorithm[1]",
                        "3DES"),
                bad(
                        "RSA 1.5 key transport",
                        RM_E,
                        x -> x.replaceFirst(
                                "http://www.w3.org/2009/xmlenc11#rsa-oaep", "http://www.w3.org/2001/04/xmlenc#rsa-1_5"),
                        SENDER + "/SenderDigitalEnvelope/EncryptionAlgorithm[2]",
                        "RSA 1.5"),
                bad(
                        "no RSA-OAEP",
                        RM_E,
                        x -> x.replaceFirst(
                                "http://www.w3.org/2009/xmlenc11#rsa-oaep", "http://www.w3.org/2001/04/xmlenc#rsa-1_5"),
                        SENDER + "/SenderDigitalEnvelope",
                        "no RSA-OAEP"),
                bad(
                        "encryption without signing",
                        RM_E,
                        x -> x.replaceFirst("(?s)<tns:SenderNonRepudiation>.*?</tns:SenderNonRepudiation>", ""),
                        SENDER + "/SenderDigitalEnvelope",
                        "encryption without signing"),
                bad(
                        "two profiles in one CPA",
                        RM_S,
                        x -> x.replaceFirst(
                                "tns:ackRequested=\"always\" tns:ackSignatureRequested=\"always\" tns:actor=\"urn:oasis:names:tc:ebxml-msg:actor:toPartyMSH\" tns:duplicateElimination=\"always\"",
                                "tns:ackRequested=\"never\" tns:ackSignatureRequested=\"never\" tns:duplicateElimination=\"never\""),
                        "/CollaborationProtocolAgreement",
                        "one acknowledgment profile per CPA"),
                bad(
                        "syncReplyMode signalsAndResponse",
                        RM_S,
                        x -> x.replaceFirst("tns:syncReplyMode=\"none\"", "tns:syncReplyMode=\"signalsAndResponse\""),
                        MC + "/@syncReplyMode",
                        "none or mshSignalsOnly"),
                bad(
                        "http endpoint",
                        RM_S,
                        x -> x.replaceFirst("https://provider.example.nl/ebms", "http://provider.example.nl/ebms"),
                        ENDPOINT,
                        "is not https"),
                bad(
                        "endpoint host not in server certificate",
                        RM_S,
                        x -> x.replaceFirst("https://provider.example.nl/ebms", "https://other.example.nl/ebms"),
                        ENDPOINT,
                        "does not match the server certificate"),
                bad(
                        "endpoint without host",
                        RM_S,
                        x -> x.replaceFirst("https://provider.example.nl/ebms", "https:/ebms"),
                        ENDPOINT,
                        "has no host"),
                bad(
                        "no TLS client certificate",
                        RM_S,
                        x -> x.replaceFirst("<tns:ClientCertificateRef tns:certId=\"provider_clientCert\"/>", ""),
                        P1 + "/Transport/TransportSender",
                        "no TLS client certificate"),
                bad(
                        "no TLS server certificate",
                        RM_S,
                        x -> x.replaceFirst("(?s)<tns:TransportServerSecurity>.*?</tns:TransportServerSecurity>", ""),
                        P1 + "/Transport/TransportReceiver",
                        "no TLS server certificate"),
                bad(
                        "missing referenced certificate",
                        RM_S,
                        x -> x.replaceFirst(
                                "SigningCertificateRef tns:certId=\"provider_signingCert\"",
                                "SigningCertificateRef tns:certId=\"nope\""),
                        SENDER + "/SenderNonRepudiation/SigningCertificateRef/@certId",
                        "'nope', which the CPA does not contain"),
                bad(
                        "certificate without X509Certificate",
                        RM_S,
                        x -> x.replaceFirst("(?s)<ds:X509Data>.*?</ds:X509Data>", "<ds:KeyName>k</ds:KeyName>"),
                        P1 + "/Certificate[1]",
                        "holds no ds:X509Data/ds:X509Certificate"),
                bad(
                        "unreadable certificate",
                        RM_S,
                        x -> x.replaceFirst(
                                "<ds:X509Certificate>[^<]*</ds:X509Certificate>",
                                "<ds:X509Certificate>AAAA</ds:X509Certificate>"),
                        P1 + "/Certificate[1]/KeyInfo/X509Data/X509Certificate",
                        "not a readable X.509 certificate"),
                bad(
                        "service name with whitespace",
                        RM_S,
                        x -> x.replaceFirst(">dgl:ontvangen:1.0</tns:Service>", ">dgl ontvangen</tns:Service>"),
                        P1 + "/CollaborationRole/ServiceBinding/Service",
                        "contains whitespace"),
                bad(
                        "action with whitespace",
                        RM_S,
                        x -> x.replaceFirst("tns:action=\"bv03\"", "tns:action=\"bv 03\""),
                        P1 + "/CollaborationRole/ServiceBinding/CanSend[1]/ThisPartyActionBinding/@action",
                        "contains whitespace"),
                bad(
                        "action the other party cannot receive",
                        RM_S,
                        x -> x.replaceFirst("(?s)<tns:CanReceive>.*?</tns:CanReceive>", ""),
                        P2 + "/CollaborationRole/ServiceBinding/CanSend[1]/ThisPartyActionBinding/@action",
                        "cannot receive it"),
                bad(
                        "service names differ between the parties",
                        RM_S,
                        x -> x.replaceFirst(">dgl:ontvangen:1.0</tns:Service>", ">dgl:ontvangen:2.0</tns:Service>"),
                        P2 + "/CollaborationRole/ServiceBinding/CanSend",
                        "cannot receive it"),
                bad(
                        "default MSH channel of the other party",
                        RM_S,
                        x -> x.replaceFirst(
                                "tns:defaultMshChannelId=\"provider_defaultChannel\"",
                                "tns:defaultMshChannelId=\"consumer_defaultChannel\""),
                        P1 + "/@defaultMshChannelId",
                        "names no DeliveryChannel of this party"),
                bad(
                        "action bound to the other party's channel",
                        RM_S,
                        x -> x.replaceFirst(
                                "<tns:ChannelId>provider_channel</tns:ChannelId>",
                                "<tns:ChannelId>consumer_channel</tns:ChannelId>"),
                        P1 + "/CollaborationRole/ServiceBinding/CanSend[1]/ThisPartyActionBinding/ChannelId",
                        "not a DeliveryChannel of this party"),
                bad(
                        "schema: Status missing",
                        RM_S,
                        x -> x.replaceFirst("<tns:Status tns:value=\"agreed\"/>", ""),
                        "line 4, column",
                        "not valid against cpp-cpa-2_0.xsd: cvc-complex-type.2.4.a"));
    }

    private static Arguments bad(
            String name, String xml, UnaryOperator<String> mutation, String location, String message) {
        String mutated = mutation.apply(xml);
        if (mutated.equals(xml)) throw new IllegalStateException("mutation '" + name + "' changed nothing");
        return Arguments.of(name, mutated, location, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCpas")
    void reportsEachDefectWithItsLocationAndMessage(String name, String xml, String location, String message)
            throws Exception {
        List<CpaProblem> problems = validator.validate(xml);

        assertThat(problems).as(name).anySatisfy(p -> {
            assertThat(p.severity()).isEqualTo(Severity.ERROR);
            assertThat(p.location()).startsWith(location);
            assertThat(p.message()).contains(message);
        });
        assertThat(CpaValidator.isValid(problems)).isFalse();
    }

    @Test
    void countsAtLeastThirtyDistinctDefects() {
        assertThat(invalidCpas().count()).isGreaterThanOrEqualTo(30);
    }

    static Stream<Arguments> doubtfulCpas() {
        return Stream.of(
                bad(
                        "MessageOrder guaranteed",
                        RM_S,
                        x -> x.replaceFirst("NotGuaranteed", "Guaranteed"),
                        SENDER + "/ReliableMessaging/MessageOrderSemantics",
                        "MessageOrder"),
                bad(
                        "syncReplyMode mshSignalsOnly",
                        RM_S,
                        x -> x.replaceFirst("tns:syncReplyMode=\"none\"", "tns:syncReplyMode=\"mshSignalsOnly\""),
                        MC + "/@syncReplyMode",
                        "mshSignalsOnly"),
                bad(
                        "no PersistDuration",
                        RM_S,
                        x -> x.replaceFirst("<tns:PersistDuration>[^<]*</tns:PersistDuration>", ""),
                        SENDER,
                        "no PersistDuration"),
                bad(
                        "unsigned acknowledgments on a signed reliable channel",
                        RM_S,
                        x -> x.replaceFirst(
                                "tns:ackSignatureRequested=\"always\"", "tns:ackSignatureRequested=\"never\""),
                        MC + "/@ackSignatureRequested",
                        "acknowledgments should be signed"),
                bad(
                        "port other than 443",
                        RM_S,
                        x -> x.replaceFirst(
                                "https://provider.example.nl/ebms", "https://provider.example.nl:8443/ebms"),
                        ENDPOINT,
                        "uses port 8443"),
                bad(
                        "service type other than urn:osb:services",
                        RM_S,
                        x -> x.replaceFirst("tns:type=\"urn:osb:services\"", "tns:type=\"urn:other\""),
                        P1 + "/CollaborationRole/ServiceBinding/Service/@type",
                        "urn:osb:services"),
                bad(
                        "no isIntelligibleCheckRequired",
                        RM_S,
                        x -> x.replaceFirst(" tns:isIntelligibleCheckRequired=\"false\"", ""),
                        P1
                                + "/CollaborationRole/ServiceBinding/CanSend[1]/ThisPartyActionBinding/BusinessTransactionCharacteristics",
                        "cannot import a CPA without it; add isIntelligibleCheckRequired=\"false\""),
                bad(
                        "default channel without the toPartyMSH actor",
                        RM_S,
                        x -> x.replaceFirst(
                                "(<tns:DeliveryChannel tns:channelId=\"consumer_defaultChannel\"[^>]*>\\s*<tns:MessagingCharacteristics[^>]*?) tns:actor=\"[^\"]*\"",
                                "$1"),
                        P2 + "/DeliveryChannel[2]/MessagingCharacteristics/@actor",
                        "refuses the Acknowledgments this party sends unless its default channel names it"),
                bad(
                        "Start in the future",
                        RM_S,
                        x -> x.replaceFirst(
                                "<tns:Start>[^<]*</tns:Start>",
                                "<tns:Start>"
                                        + Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS)
                                        + "</tns:Start>"),
                        "/CollaborationProtocolAgreement/Start",
                        "not active until"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("doubtfulCpas")
    void doubtfulButAllowedChoicesGiveWarningsOnly(String name, String xml, String location, String message)
            throws Exception {
        List<CpaProblem> problems = validator.validate(xml);

        assertThat(problems).as(name).isNotEmpty().allMatch(p -> p.severity() == Severity.WARNING);
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.location()).startsWith(location);
            assertThat(p.message()).contains(message);
        });
        assertThat(CpaValidator.isValid(problems)).isTrue();
    }

    @Test
    void certificateThatExpiresBeforeTheCpaEndIsAWarningAndAnExpiredOneAnError() throws Exception {
        Instant now = Instant.now();
        PartySpec c = TestCpas.consumer();
        PartySpec shortLived = new PartySpec(
                c.name(),
                c.oin(),
                c.endpoint(),
                TestCertificates.certificate(
                        "gateway.gemeente.example.nl", c.oin(), now.minusSeconds(60), now.plus(Duration.ofDays(10))),
                c.serverCertificate());
        String xml = CpaGenerator.generate(
                TestCpas.service(Profile.OSB_RM),
                shortLived,
                now.minusSeconds(10),
                now.plus(Duration.ofDays(300)),
                "1");

        assertThat(validator.validate(xml)).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Severity.WARNING);
            assertThat(p.location()).isEqualTo(P2 + "/Certificate[1]");
            assertThat(p.message()).contains("consumer_clientCert").contains("before the CPA End");
        });

        PartySpec expired = new PartySpec(
                c.name(),
                c.oin(),
                c.endpoint(),
                TestCertificates.certificate(
                        "gateway.gemeente.example.nl",
                        c.oin(),
                        now.minus(Duration.ofDays(400)),
                        now.minus(Duration.ofDays(1))),
                c.serverCertificate());
        String expiredXml = CpaGenerator.generate(
                TestCpas.service(Profile.OSB_RM), expired, now.minusSeconds(10), now.plus(Duration.ofDays(300)), "1");

        assertThat(validator.validate(expiredXml)).anySatisfy(p -> {
            assertThat(p.severity()).isEqualTo(Severity.ERROR);
            assertThat(p.location()).isEqualTo(P2 + "/Certificate[1]");
            assertThat(p.message()).contains("expired at");
        });
    }

    @Test
    void clientCertificateOfAnotherOrganisationIsAWarning() throws Exception {
        PartySpec c = TestCpas.consumer();
        PartySpec supplier = new PartySpec(
                c.name(),
                c.oin(),
                c.endpoint(),
                TestCertificates.certificate("gateway.gemeente.example.nl", "00000003123456780000"),
                c.serverCertificate());

        assertThat(validator.validate(CpaGenerator.generate(TestCpas.service(Profile.OSB_BE), supplier)))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.severity()).isEqualTo(Severity.WARNING);
                    assertThat(p.location())
                            .isEqualTo(
                                    P2
                                            + "/Transport/TransportSender/TransportClientSecurity/ClientCertificateRef/@certId");
                    assertThat(p.message()).contains("00000003123456780000").contains(TestCpas.CONSUMER_OIN);
                });
    }

    @Test
    void oinWithUnknownRegisterPrefixIsAnError() throws Exception {
        String xml = RM_S.replaceFirst(
                ">" + TestCpas.PROVIDER_OIN + "</tns:PartyId>", ">00000005003214345000</tns:PartyId>");

        assertThat(validator.validate(xml)).anySatisfy(p -> {
            assertThat(p.location()).isEqualTo(P1 + "/PartyId");
            assertThat(p.message()).contains("unknown prefix 00000005");
        });
    }

    @Test
    void cpaLongerThanTenYearsIsAWarning() throws Exception {
        String xml = RM_S.replaceFirst("<tns:End>[^<]*</tns:End>", "<tns:End>2099-01-01T00:00:00Z</tns:End>");

        assertThat(validator.validate(xml)).anySatisfy(p -> {
            assertThat(p.severity()).isEqualTo(Severity.WARNING);
            assertThat(p.message()).contains("more than 10 years");
        });
    }

    static Stream<Arguments> compatibilityEnvelopes() {
        return Stream.of(
                Arguments.of(
                        DigitalEnvelope.COMPATIBILITY, List.of("AES-CBC", "ENC003", "RSA 1.5 key transport", "ENC004")),
                Arguments.of(
                        DigitalEnvelope.forContent("aes256-cbc"),
                        List.of("AES-CBC", "ENC003", "RSA 1.5 key transport", "ENC004")),
                Arguments.of(
                        DigitalEnvelope.forContent("aes128-cbc").withKeyTransport("rsa-oaep"),
                        List.of("AES-CBC", "ENC003")),
                Arguments.of(
                        DigitalEnvelope.STANDARD.withKeyTransport("rsa-1_5"),
                        List.of("RSA 1.5 key transport", "ENC004")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compatibilityEnvelopes")
    void compatibilityModeAcceptsCbcAndRsa15WithWarningsThatNameTheRuleTheyBreak(
            DigitalEnvelope envelope, List<String> named) throws Exception {
        String xml = CpaGenerator.generate(TestCpas.service(Profile.OSB_RM_E), TestCpas.consumer(), envelope);

        List<CpaProblem> lenient = new CpaValidator(true).validate(xml);
        List<CpaProblem> strict = validator.validate(xml);

        assertThat(CpaValidator.isValid(lenient)).as(lenient.toString()).isTrue();
        assertThat(lenient).isNotEmpty().allSatisfy(p -> {
            assertThat(p.severity()).isEqualTo(Severity.WARNING);
            assertThat(p.location()).contains("DigitalEnvelope/EncryptionAlgorithm");
            assertThat(p.message())
                    .contains("Beveiligingsstandaarden rule ENC00")
                    .endsWith("accepted because security.compatibility-mode is on");
        });
        assertThat(String.join("\n", lenient.stream().map(CpaProblem::message).toList()))
                .contains(named);
        assertThat(CpaValidator.isValid(strict)).isFalse();
        assertThat(strict)
                .filteredOn(CpaProblem::isError)
                .isNotEmpty()
                .anySatisfy(p -> assertThat(p.message()).contains("set security.compatibility-mode: true"));
    }

    @Test
    void inCompatibilityModeCbcWithoutAKeyTransportIsAcceptedWithAWarningAboutRsa15() throws Exception {
        String xml = TestCpas.xml(Profile.OSB_BE_E)
                .replace("http://www.w3.org/2009/xmlenc11#aes128-gcm", "http://www.w3.org/2001/04/xmlenc#aes128-cbc")
                .replaceAll(
                        "\\s*<tns:EncryptionAlgorithm>http://www.w3.org/2009/xmlenc11#rsa-oaep</tns:EncryptionAlgorithm>",
                        "");

        List<CpaProblem> problems = new CpaValidator(true).validate(xml);

        assertThat(CpaValidator.isValid(problems)).as(problems.toString()).isTrue();
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.location()).isEqualTo(SENDER + "/SenderDigitalEnvelope");
            assertThat(p.message())
                    .contains("names no key transport")
                    .contains("RSA 1.5")
                    .contains("ENC004");
        });
        assertThat(validator.validate(xml))
                .filteredOn(CpaProblem::isError)
                .anySatisfy(p -> assertThat(p.message()).contains("names no RSA-OAEP key transport"));
    }

    @Test
    void compatibilityModeDoesNotLetThreeDesOrAes192Through() throws Exception {
        for (String weak : List.of(
                "http://www.w3.org/2001/04/xmlenc#tripledes-cbc", "http://www.w3.org/2001/04/xmlenc#aes192-cbc")) {
            String xml = RM_E.replace("http://www.w3.org/2009/xmlenc11#aes128-gcm", weak);

            assertThat(CpaValidator.isValid(new CpaValidator(true).validate(xml)))
                    .as(weak)
                    .isFalse();
        }
    }

    @Test
    void aDefaultChannelWithoutActorIsNoConcernWithoutAcknowledgments() throws Exception {
        String xml = TestCpas.xml(Profile.OSB_BE).replaceAll(" tns:actor=\"[^\"]*\"", "");

        assertThat(validator.validate(xml)).isEmpty();
    }

    @Test
    void errorsComeBeforeWarnings() throws Exception {
        String xml = RM_S.replaceFirst("NotGuaranteed", "Guaranteed")
                .replaceFirst("tns:cpaid=\"[^\"]*\"", "tns:cpaid=\"a.b\"");

        List<CpaProblem> problems = validator.validate(xml);

        assertThat(problems).extracting(CpaProblem::severity).containsExactly(Severity.ERROR, Severity.WARNING);
        assertThat(problems.get(0).toString())
                .startsWith("ERROR   /CollaborationProtocolAgreement/@cpaid: CPAId 'a.b'");
    }

    @Test
    void unreadableDocumentsAreNotProblemsButParseFailures() {
        assertThatThrownBy(() -> validator.validate("<x")).isInstanceOf(CpaParseException.class);
        assertThatThrownBy(() -> validator.validate("<!DOCTYPE x><x/>"))
                .isInstanceOf(CpaParseException.class)
                .hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> validator.validate("<x/>"))
                .isInstanceOf(CpaParseException.class)
                .hasMessageContaining("not a CPA");
    }

    @Test
    void hostMatchingSupportsSingleLabelWildcards() {
        assertThat(CpaValidator.hostMatches("*.example.nl", "gw.example.nl")).isTrue();
        assertThat(CpaValidator.hostMatches("*.example.nl", "a.gw.example.nl")).isFalse();
        assertThat(CpaValidator.hostMatches("GW.example.nl", "gw.EXAMPLE.nl")).isTrue();
    }
}
