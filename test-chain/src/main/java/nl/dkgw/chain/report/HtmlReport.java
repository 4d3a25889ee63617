package nl.dkgw.chain.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import nl.dkgw.gateway.chaintest.ChainTestRunner.Status;

/**
 * The run as one self-contained HTML page in the shape of the test report an organisation sends to Logius after its
 * compliance and chain tests: the link tested (parties, CPA, endpoint, profile), when, the verdict, and per test
 * what it checks, the MessageIds, pass/fail and the evidence (answers and signed receipts as text).
 */
public final class HtmlReport {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(ZoneId.of("Europe/Amsterdam"));

    private HtmlReport() {}

    public static void write(ChainTestReport report, Path file) throws Exception {
        Files.writeString(file, render(report));
    }

    public static String render(ChainTestReport r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\">\n<title>Chain test report ")
                .append(esc(r.cpaId()))
                .append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#1a1a1a}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:.3em .6em;")
                .append("text-align:left;vertical-align:top}th{background:#eef}")
                .append(".PASSED{color:#17653a;font-weight:bold}.FAILED{color:#b00020;font-weight:bold}")
                .append(".SKIPPED{color:#666;font-weight:bold}pre{background:#f6f6f6;padding:.6em;")
                .append("white-space:pre-wrap;word-break:break-all;font-size:.8em;max-height:30em;overflow:auto}")
                .append("code{font-size:.9em}section{border-top:1px solid #ccc;margin-top:1.5em}")
                .append("</style></head><body>\n");
        h.append("<h1>Digikoppeling chain test report</h1>\n");
        h.append("<p>Testrapport ketentest: the results of the dkgw compliance suite on one ebMS link, for the "
                + "organisation's own records and for Logius (Servicecentrum) with the request to go to "
                + "production.</p>\n");
        h.append("<p>Verdict: <span class=\"")
                .append(r.passed() ? "PASSED" : "FAILED")
                .append("\">")
                .append(r.passed() ? "PASSED" : "FAILED")
                .append("</span> &mdash; ")
                .append(r.count(Status.PASSED))
                .append(" passed, ")
                .append(r.count(Status.FAILED))
                .append(" failed, ")
                .append(r.count(Status.SKIPPED))
                .append(" skipped</p>\n");
        h.append("<h2>What was tested</h2>\n<table>\n");
        row(h, "CPA id", r.cpaId());
        row(h, "this organisation (OIN)", r.ownOin());
        row(h, "counterpart (OIN)", r.counterpartOin());
        row(h, "counterpart endpoint", r.endpoint());
        row(h, "service", r.service());
        row(h, "Digikoppeling profile", r.profile());
        row(h, "started", WHEN.format(r.started()));
        row(
                h,
                "finished",
                WHEN.format(r.finished()) + " ("
                        + Duration.between(r.started(), r.finished()).toMillis() / 1000.0 + " s)");
        row(h, "tested with", "dkgw chain-test (the open-source Digikoppeling gateway dkgw, EUPL-1.2)");
        h.append("</table>\n");
        h.append("<h2>Summary</h2>\n<table>\n<tr><th>#</th><th>test</th><th>result</th><th>message ids</th>"
                + "<th>detail</th></tr>\n");
        int i = 0;
        for (TestCaseResult t : r.tests()) {
            i++;
            h.append("<tr><td>")
                    .append(i)
                    .append("</td><td><a href=\"#t")
                    .append(i)
                    .append("\">")
                    .append(esc(t.name()))
                    .append("</a></td><td class=\"")
                    .append(t.status())
                    .append("\">")
                    .append(t.status())
                    .append("</td><td>");
            for (String id : t.messageIds()) {
                h.append("<code>").append(esc(id)).append("</code><br>");
            }
            h.append("</td><td>").append(esc(t.detail())).append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Tests and evidence</h2>\n");
        i = 0;
        for (TestCaseResult t : r.tests()) {
            i++;
            h.append("<section id=\"t")
                    .append(i)
                    .append("\"><h3>")
                    .append(i)
                    .append(". ")
                    .append(esc(t.name()))
                    .append(" &mdash; <span class=\"")
                    .append(t.status())
                    .append("\">")
                    .append(t.status())
                    .append("</span></h3>\n");
            h.append("<p><b>Checks:</b> ").append(esc(t.checks())).append("</p>\n");
            h.append("<p><b>Outcome:</b> ")
                    .append(esc(t.detail()))
                    .append(" (")
                    .append(t.took().toMillis())
                    .append(" ms)</p>\n");
            if (!t.messageIds().isEmpty()) {
                h.append("<p><b>Message ids:</b> ");
                for (String id : t.messageIds()) {
                    h.append("<code>").append(esc(id)).append("</code> ");
                }
                h.append("</p>\n");
            }
            for (TestCaseResult.Evidence e : t.evidence()) {
                h.append("<h4>")
                        .append(esc(e.title()))
                        .append("</h4>\n<pre>")
                        .append(esc(e.text()))
                        .append("</pre>\n");
            }
            h.append("</section>\n");
        }
        h.append("<section><h2>Sending this report</h2><p>Attach this page and the JUnit XML next to it to the "
                + "test report for Logius. Signed receipts above are the counterpart's proof of receipt: each "
                + "carries the digests of the message it acknowledges.</p></section>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String name, String value) {
        h.append("<tr><th>")
                .append(esc(name))
                .append("</th><td>")
                .append(esc(value == null ? "-" : value))
                .append("</td></tr>\n");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
