package nl.dkgw.gateway.camel;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.lopendezaken.StatusNoticeFlow;
import nl.dkgw.routes.vaccination.VaccinationFlow;

/** Internal JSON events of the three flows, with a unique marker (test id, event id, case id) and dates near now. */
final class FlowEvents {

    /** Test BSNs: the first two pass the 11-test, the third does not. */
    static final String BSN = "999990019";
    static final String OTHER_BSN = "111222333";
    static final String BAD_BSN = "123456789";

    private FlowEvents() {
    }

    static String event(String flow, String marker) {
        return event(flow, marker, BSN, true);
    }

    static String event(String flow, String marker, String bsn, boolean consent) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        LocalDate today = now.toLocalDate();
        DateTimeFormatter time = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
        switch (flow) {
            case TestResultFlow.NAME:
                return """
                        {"testId": "%s", "ggdRegion": "GGD14", "testType": "PCR",
                         "sampleTime": "%s", "resultTime": "%s", "outcome": "NEGATIVE",
                         "person": {"bsn": "%s", "birthDate": "1980-02-29", "sex": "V", "postcode": "2333"}}
                        """.formatted(marker, time.format(now.minusDays(2)), time.format(now.minusDays(1)), bsn);
            case VaccinationFlow.NAME:
                return """
                        {"eventId": "%s", "bsn": "%s", "vaccine": {"product": "COMIRNATY", "batch": "FA1234"},
                         "doseNumber": 2, "vaccinationDate": "%s",
                         "location": {"ggdRegion": "GGD14", "site": "Leiden"}, "consentToCimsRegistration": %s}
                        """.formatted(marker, bsn, today.minusDays(1), consent);
            case StatusNoticeFlow.NAME:
                return """
                        {"zaakId": "%s", "omschrijving": "Aanvraag parkeervergunning", "nieuweZaak": false,
                         "startdatum": "%s", "einddatum": null, "initiatorBsn": "%s",
                         "status": {"code": "INBEH", "omschrijving": "In behandeling", "gezetOp": "%s"}}
                        """.formatted(marker, today.minusDays(10), bsn, time.format(now.minusHours(1)));
            default:
                throw new IllegalArgumentException(flow);
        }
    }
}
