package nl.dkgw.routes.vaccination;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.dkgw.routes.flow.Bsn;
import nl.dkgw.routes.flow.BusinessRules;
import nl.dkgw.routes.flow.FlowDocument;
import nl.dkgw.routes.flow.Moments;
import org.w3c.dom.Document;

/** A valid BSN and a vaccination date that has happened; and no sending without consent. */
final class VaccinationRules implements BusinessRules {

    private static final LocalDate EARLIEST = LocalDate.of(2020, 1, 1);

    @Override
    public List<String> problems(Document payload, Clock clock) {
        FlowDocument d = FlowDocument.of(payload);
        List<String> problems = new ArrayList<>();
        if (!Bsn.isValid(d.value("bsn"))) {
            problems.add("bsn is not a valid BSN (fails the 11-test)");
        }
        LocalDate date = Moments.isoDate(d.value("vaccinationDate"));
        if (date != null && (Moments.isFuture(date, clock) || date.isBefore(EARLIEST))) {
            problems.add("vaccinationDate is impossible (in the future or before " + EARLIEST + ")");
        }
        return problems;
    }

    @Override
    public Optional<String> withheld(Document payload) {
        String consent = FlowDocument.of(payload).value("consentToCimsRegistration");
        if ("true".equals(consent) || "1".equals(consent)) {
            return Optional.empty();
        }
        return Optional.of("no consent to registration in CIMS: the event is not sent to RIVM");
    }
}
