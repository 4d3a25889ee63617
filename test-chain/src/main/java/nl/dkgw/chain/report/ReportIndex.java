package nl.dkgw.chain.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One page linking the chain-test reports of a run ({@code index.html} in the reports directory), with each
 * report's verdict, so a reader opens one file in a browser instead of hunting through directories.
 */
public final class ReportIndex {

    public static final String FILE = "index.html";

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(ZoneId.of("Europe/Amsterdam"));

    /** A report of the run: its directory (holding {@link ReportFiles#HTML}), what it tested, its verdict. */
    public record Entry(Path dir, String title, boolean passed) {}

    private ReportIndex() {}

    /** Writes {@code reportsDir/index.html} linking {@code entries} (relative links) and returns its path. */
    public static Path write(Path reportsDir, List<Entry> entries, Instant at) throws Exception {
        Files.createDirectories(reportsDir);
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\">\n")
                .append("<title>dkgw chain-test reports</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#1a1a1a}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.3em .6em;")
                .append("text-align:left}th{background:#eef}")
                .append(".PASSED{color:#17653a;font-weight:bold}.FAILED{color:#b00020;font-weight:bold}")
                .append("</style></head><body>\n<h1>Chain-test reports</h1>\n<p>")
                .append(entries.size())
                .append(" report(s), written ")
                .append(WHEN.format(at))
                .append(".</p>\n")
                .append("<table>\n<tr><th>report</th><th>verdict</th></tr>\n");
        for (Entry e : entries) {
            String href = reportsDir
                    .toAbsolutePath()
                    .relativize(e.dir().toAbsolutePath().resolve(ReportFiles.HTML))
                    .toString()
                    .replace('\\', '/');
            String verdict = e.passed() ? "PASSED" : "FAILED";
            h.append("<tr><td><a href=\"")
                    .append(HtmlReport.esc(href))
                    .append("\">")
                    .append(HtmlReport.esc(e.title()))
                    .append("</a></td><td class=\"")
                    .append(verdict)
                    .append("\">")
                    .append(verdict)
                    .append("</td></tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        Path file = reportsDir.resolve(FILE);
        Files.writeString(file, h.toString());
        return file;
    }
}
