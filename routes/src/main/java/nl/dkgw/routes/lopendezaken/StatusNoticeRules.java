package nl.dkgw.routes.lopendezaken;

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

/** The initiator's BSN passes the 11-test; StUF dates are real dates, in order, the status not set in the future. */
final class StatusNoticeRules implements BusinessRules {

    @Override
    public List<String> problems(Document payload, Clock clock) {
        FlowDocument d = FlowDocument.of(payload);
        List<String> problems = new ArrayList<>();
        if (!Bsn.isValid(d.value("inp.bsn"))) {
            problems.add("heeftAlsInitiator/natuurlijkPersoon/inp.bsn is not a valid BSN (fails the 11-test)");
        }
        LocalDate start = date(d, "startdatum", problems);
        LocalDate end = date(d, "einddatum", problems);
        if (start != null && end != null && end.isBefore(start)) {
            problems.add("einddatum lies before startdatum");
        }
        String statusText = d.value("datumStatusGezet");
        Instant statusSet = Moments.stufTime(statusText);
        if (statusText != null && statusSet == null) {
            problems.add("datumStatusGezet is no real moment (yyyyMMddHHmmss)");
        } else if (statusSet != null && Moments.isFuture(statusSet, clock)) {
            problems.add("datumStatusGezet lies in the future");
        }
        if (Moments.stufDate(firstEight(d.value("tijdstipBericht"))) == null) {
            problems.add("stuurgegevens/tijdstipBericht is no real moment (yyyyMMddHHmmssSSS)");
        }
        return problems;
    }

    private static LocalDate date(FlowDocument d, String name, List<String> problems) {
        String text = d.value(name);
        if (text == null) {
            return null;
        }
        LocalDate date = Moments.stufDate(text);
        if (date == null) {
            problems.add(name + " is no calendar date (yyyyMMdd)");
        }
        return date;
    }

    private static String firstEight(String text) {
        return text == null || text.length() < 8 ? text : text.substring(0, 8);
    }
}
