package nl.dkgw.routes.coronit;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import nl.dkgw.routes.flow.Bsn;
import nl.dkgw.routes.flow.BusinessRules;
import nl.dkgw.routes.flow.FlowDocument;
import nl.dkgw.routes.flow.Moments;
import org.w3c.dom.Document;

/** A test result's BSN passes the 11-test and its moments are possible: born, then sampled, then resulted. */
final class TestResultRules implements BusinessRules {

    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1890, 1, 1);

    @Override
    public List<String> problems(Document payload, Clock clock) {
        FlowDocument d = FlowDocument.of(payload);
        List<String> problems = new ArrayList<>();
        if (!Bsn.isValid(d.value("bsn"))) {
            problems.add("person/bsn is not a valid BSN (fails the 11-test)");
        }
        LocalDate birth = Moments.isoDate(d.value("birthDate"));
        Instant sample = Moments.isoDateTime(d.value("sampleTime"));
        Instant result = Moments.isoDateTime(d.value("resultTime"));
        if (birth != null && (Moments.isFuture(birth, clock) || birth.isBefore(EARLIEST_BIRTH))) {
            problems.add("person/birthDate is impossible (in the future or before " + EARLIEST_BIRTH + ")");
        }
        if (sample != null && Moments.isFuture(sample, clock)) {
            problems.add("sampleTime lies in the future");
        }
        if (result != null && Moments.isFuture(result, clock)) {
            problems.add("resultTime lies in the future");
        }
        if (sample != null && result != null && result.isBefore(sample)) {
            problems.add("resultTime lies before sampleTime");
        }
        if (birth != null
                && sample != null
                && LocalDate.ofInstant(sample, Moments.NL).isBefore(birth)) {
            problems.add("sampleTime lies before person/birthDate");
        }
        return problems;
    }
}
