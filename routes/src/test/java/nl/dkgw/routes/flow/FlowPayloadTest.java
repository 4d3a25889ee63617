package nl.dkgw.routes.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.lopendezaken.StatusNoticeFlow;
import nl.dkgw.routes.vaccination.VaccinationFlow;
import org.junit.jupiter.api.Test;

/** Each flow maps its JSON event to schema-valid XML and rejects bad BSNs, impossible dates and missing consent. */
class FlowPayloadTest {

    static final String BSN = "999990019";
    static final String BAD_BSN = "123456789";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    static final MappingContext CONTEXT =
            new MappingContext("src-1", CLOCK, Map.of("sender-oin", "00000001002220647000"));

    static String testResult(String bsn, String birthDate) {
        return """
                {"testId": "T-2026-0001", "ggdRegion": "GGD14", "testType": "PCR",
                 "sampleTime": "2026-11-20T09:15:00+01:00", "resultTime": "2026-11-21T10:00:00+01:00",
                 "outcome": "NEGATIVE",
                 "person": {"bsn": "%s", "birthDate": "%s", "sex": "V", "postcode": "2333"}}
                """.formatted(bsn, birthDate);
    }

    static String vaccination(String bsn, boolean consent) {
        return """
                {"eventId": "V-1", "bsn": "%s", "vaccine": {"product": "COMIRNATY", "batch": "FA1234"},
                 "doseNumber": 2, "vaccinationDate": "2026-11-20",
                 "location": {"ggdRegion": "GGD14", "site": "Leiden"}, "consentToCimsRegistration": %s}
                """.formatted(bsn, consent);
    }

    static String zaakStatus(String bsn, String start) {
        return """
                {"zaakId": "ZAAK-2026-0042", "omschrijving": "Aanvraag parkeervergunning", "nieuweZaak": false,
                 "startdatum": "%s", "einddatum": null, "initiatorBsn": "%s",
                 "status": {"code": "INBEH", "omschrijving": "In behandeling", "gezetOp": "2026-11-20T10:00:00+01:00"}}
                """.formatted(start, bsn);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTestResultBecomesSchemaValidXml() throws Exception {
        String xml = new String(
                TestResultFlow.flow().payload(bytes(testResult(BSN, "1980-02-29")), CONTEXT), StandardCharsets.UTF_8);
        assertThat(xml)
                .contains("urn:dkgw:flows:coronit:testresult:1")
                .contains("<bsn>" + BSN + "</bsn>")
                .contains("<ggdRegion>GGD14</ggdRegion>");
        // the XML form is accepted as it is
        assertThat(TestResultFlow.flow().payload(bytes(xml), CONTEXT)).isNotEmpty();
    }

    @Test
    void aBadBsnAndAnImpossibleDateAreRejectedWithoutTheValues() {
        FlowRejectedException e = catchThrowableOfType(
                FlowRejectedException.class,
                () -> TestResultFlow.flow().payload(bytes(testResult(BAD_BSN, "1981-02-29")), CONTEXT));
        assertThat(e.kind()).isEqualTo(FlowRejectedException.Kind.INVALID);
        assertThat(e.reasonText()).contains("schema:").doesNotContain("1981-02-29");
        e = catchThrowableOfType(
                FlowRejectedException.class,
                () -> TestResultFlow.flow().payload(bytes(testResult(BAD_BSN, "1980-02-29")), CONTEXT));
        assertThat(e.reasons()).containsExactly("person/bsn is not a valid BSN (fails the 11-test)");
        e = catchThrowableOfType(
                FlowRejectedException.class,
                () -> TestResultFlow.flow().payload(bytes(testResult("12345", "2030-01-01")), CONTEXT));
        assertThat(e.reasonText()).doesNotContain("12345").contains("schema:");
    }

    @Test
    void aVaccinationWithoutConsentIsWithheld() throws Exception {
        assertThat(VaccinationFlow.flow().payload(bytes(vaccination(BSN, true)), CONTEXT))
                .isNotEmpty();
        FlowRejectedException e = catchThrowableOfType(
                FlowRejectedException.class,
                () -> VaccinationFlow.flow().payload(bytes(vaccination(BSN, false)), CONTEXT));
        assertThat(e.kind()).isEqualTo(FlowRejectedException.Kind.NO_CONSENT);
        assertThat(e.reasonText()).contains("no consent");
        e = catchThrowableOfType(
                FlowRejectedException.class,
                () -> VaccinationFlow.flow().payload(bytes(vaccination(BAD_BSN, true)), CONTEXT));
        assertThat(e.kind()).isEqualTo(FlowRejectedException.Kind.INVALID);
    }

    @Test
    void aCaseStatusEventBecomesAZakLk01Notice() throws Exception {
        String xml = new String(
                StatusNoticeFlow.flow().payload(bytes(zaakStatus(BSN, "2026-11-01")), CONTEXT), StandardCharsets.UTF_8);
        assertThat(xml)
                .contains("<berichtcode>Lk01</berichtcode>")
                .contains("<organisatie>MijnOverheid</organisatie>")
                .contains("<applicatie>Lopende zaken</applicatie>")
                .contains("<entiteittype>ZAK</entiteittype>")
                .contains("<startdatum>20261101</startdatum>")
                .contains("<inp.bsn>" + BSN + "</inp.bsn>")
                .contains("<datumStatusGezet>20261120100000</datumStatusGezet>")
                .contains("<referentienummer>src-1</referentienummer>");
        FlowRejectedException e = catchThrowableOfType(
                FlowRejectedException.class,
                () -> StatusNoticeFlow.flow().payload(bytes(zaakStatus(BSN, "2026-02-30")), CONTEXT));
        assertThat(e.reasons()).containsExactly("startdatum is not a date (yyyy-MM-dd)");
    }

    @Test
    void neitherJsonNorXmlIsMalformed() {
        assertThatThrownBy(() -> TestResultFlow.flow().payload(bytes("hello"), CONTEXT))
                .isInstanceOfSatisfying(
                        FlowRejectedException.class,
                        e -> assertThat(e.kind()).isEqualTo(FlowRejectedException.Kind.MALFORMED));
        assertThatThrownBy(() -> TestResultFlow.flow().payload(bytes("{\"testId\": "), CONTEXT))
                .isInstanceOfSatisfying(
                        FlowRejectedException.class,
                        e -> assertThat(e.kind()).isEqualTo(FlowRejectedException.Kind.MALFORMED));
        assertThatThrownBy(() -> TestResultFlow.flow()
                        .payload(bytes("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"), CONTEXT))
                .isInstanceOfSatisfying(
                        FlowRejectedException.class,
                        e -> assertThat(e.kind()).isEqualTo(FlowRejectedException.Kind.MALFORMED));
    }

    @Test
    void aLopendeZakenSenderWithoutItsOinIsRefusedAtStartUp() {
        assertThatThrownBy(() -> StatusNoticeFlow.flow().checkProperties(Map.of()))
                .hasMessageContaining("needs the property 'sender-oin'");
        StatusNoticeFlow.flow().checkProperties(Map.of("sender-oin", "00000001002220647000"));
        TestResultFlow.flow().checkProperties(Map.of());
    }

    @Test
    void theElevenTest() {
        assertThat(Bsn.isValid(BSN)).isTrue();
        assertThat(Bsn.isValid("111222333")).isTrue();
        assertThat(Bsn.isValid(BAD_BSN)).isFalse();
        assertThat(Bsn.isValid("00000000a")).isFalse();
        assertThat(Bsn.isValid("000000000")).isFalse();
        assertThat(Bsn.isValid("99999001")).isFalse();
    }

    @Test
    void anXmlOnlyFlowTakesItsXmlAndRefusesJson() throws Exception {
        byte[] xml =
                TestResultFlow.flow().payload(testResult(BSN, "1980-02-29").getBytes(StandardCharsets.UTF_8), CONTEXT);
        Flow xmlOnly = Flow.xmlOnly("testresult-xml", new FlowSchema(TestResultFlow.SCHEMA, TestResultFlow.NAMESPACE));
        assertThat(new String(xmlOnly.payload(xml, CONTEXT), StandardCharsets.UTF_8))
                .contains("T-2026-0001");
        FlowRejectedException json = catchThrowableOfType(
                FlowRejectedException.class,
                () -> xmlOnly.payload(testResult(BSN, "1980-02-29").getBytes(StandardCharsets.UTF_8), CONTEXT));
        assertThat(json.kind()).isEqualTo(FlowRejectedException.Kind.MALFORMED);
        assertThat(json.reasonText()).contains("takes XML").contains(TestResultFlow.NAMESPACE);
        byte[] broken = new String(xml, StandardCharsets.UTF_8)
                .replace("T-2026-0001", "")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(catchThrowableOfType(FlowRejectedException.class, () -> xmlOnly.payload(broken, CONTEXT))
                        .kind())
                .isEqualTo(FlowRejectedException.Kind.INVALID);
    }
}
