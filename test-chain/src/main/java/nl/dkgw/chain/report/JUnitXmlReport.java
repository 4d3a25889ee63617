package nl.dkgw.chain.report;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import nl.dkgw.gateway.chaintest.ChainTestRunner.Status;

/**
 * The run as JUnit XML in the shape Maven Surefire writes (testsuite, properties, testcase with failure or skipped,
 * system-out), so CI servers show it like any test result.
 */
public final class JUnitXmlReport {

    private JUnitXmlReport() {}

    public static void write(ChainTestReport report, Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuite");
            w.writeAttribute("name", "dkgw chain-test " + report.cpaId());
            w.writeAttribute("tests", String.valueOf(report.tests().size()));
            w.writeAttribute("failures", String.valueOf(report.count(Status.FAILED)));
            w.writeAttribute("errors", "0");
            w.writeAttribute("skipped", String.valueOf(report.count(Status.SKIPPED)));
            w.writeAttribute("time", seconds(Duration.between(report.started(), report.finished())));
            w.writeAttribute(
                    "timestamp",
                    DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                            report.started().atOffset(ZoneOffset.UTC).withNano(0)));
            w.writeCharacters("\n  ");
            w.writeStartElement("properties");
            property(w, "cpaId", report.cpaId());
            property(w, "ownOin", report.ownOin());
            property(w, "counterpartOin", report.counterpartOin());
            property(w, "endpoint", report.endpoint());
            property(w, "profile", report.profile());
            property(w, "service", report.service());
            w.writeCharacters("\n  ");
            w.writeEndElement();
            for (TestCaseResult t : report.tests()) {
                w.writeCharacters("\n  ");
                w.writeStartElement("testcase");
                w.writeAttribute("classname", "dkgw.chaintest." + safe(report.cpaId()));
                w.writeAttribute("name", t.name());
                w.writeAttribute("time", seconds(t.took()));
                if (t.failed()) {
                    w.writeCharacters("\n    ");
                    w.writeStartElement("failure");
                    w.writeAttribute("message", t.detail());
                    w.writeAttribute("type", "ChainTestFailure");
                    w.writeCharacters(t.detail());
                    w.writeEndElement();
                } else if (t.skipped()) {
                    w.writeCharacters("\n    ");
                    w.writeEmptyElement("skipped");
                    w.writeAttribute("message", t.detail());
                }
                w.writeCharacters("\n    ");
                w.writeStartElement("system-out");
                w.writeCData(cdataSafe(systemOut(t)));
                w.writeEndElement();
                w.writeCharacters("\n  ");
                w.writeEndElement();
            }
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        }
    }

    private static String systemOut(TestCaseResult t) {
        StringBuilder sb = new StringBuilder();
        sb.append(t.status()).append(": ").append(t.detail()).append('\n');
        sb.append("checks: ").append(t.checks()).append('\n');
        sb.append("message ids: ").append(String.join(", ", t.messageIds())).append('\n');
        for (TestCaseResult.Evidence e : t.evidence()) {
            sb.append("--- ").append(e.title()).append('\n').append(e.text()).append('\n');
        }
        return sb.toString();
    }

    private static String cdataSafe(String s) {
        return s.replace("]]>", "]]]]><![CDATA[>");
    }

    private static void property(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeCharacters("\n    ");
        w.writeEmptyElement("property");
        w.writeAttribute("name", name);
        w.writeAttribute("value", value == null ? "" : value);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }

    private static String safe(String s) {
        return s == null ? "unknown" : s.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
