package nl.dkgw.routes.catalogue;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.lopendezaken.StatusNoticeFlow;
import nl.dkgw.routes.vaccination.VaccinationFlow;

/**
 * Sample internal events of the three flows, as a GGD's or municipality's systems would hand them to the gateway:
 * a marker as the event's own id (test id, event id, case id), a test BSN (999990019, valid by the 11-test, not a real
 * person) unless another is given, and dates near now. Used by the demo and by the flows' tests.
 */
public final class SampleEvents {

    public static final String TEST_BSN = "999990019";

    private SampleEvents() {}

    public static String of(String flow, String marker) {
        return of(flow, marker, TEST_BSN, true);
    }

    /** An event with the given BSN and, for a vaccination, consent to registration in CIMS or not. */
    public static String of(String flow, String marker, String bsn, boolean consent) {
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
                throw new IllegalArgumentException("no sample event for flow " + flow);
        }
    }
}
