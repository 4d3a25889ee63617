package nl.dkgw.gateway.diagnosis;

import java.util.ArrayList;
import java.util.List;

/** Renders a report as a plain-text table for a terminal: one row per layer, what to do under each problem. */
public final class DiagnosisTable {

    private static final int TITLE_WIDTH = 46;
    private static final int STATUS_WIDTH = 8;
    private static final int TEXT_WIDTH = 90;

    private DiagnosisTable() {}

    public static String render(DiagnosisReport report) {
        StringBuilder out = new StringBuilder();
        out.append("Link diagnosis of CPA ").append(report.cpaId());
        if (report.endpoint() != null) {
            out.append(" -> ").append(report.endpoint());
        }
        out.append(" (").append(report.took().toMillis()).append(" ms)\n\n");
        String indent = " ".repeat(4 + TITLE_WIDTH + STATUS_WIDTH);
        out.append(String.format(
                "%-4s%-" + TITLE_WIDTH + "s%-" + STATUS_WIDTH + "s%s%n", "#", "Layer", "Status", "Found"));
        for (LayerResult r : report.layers()) {
            List<String> found = wrap(r.found());
            out.append(String.format(
                    "%-4s%-" + TITLE_WIDTH + "s%-" + STATUS_WIDTH + "s%s%n",
                    r.layer().number(),
                    r.layer().title(),
                    r.status(),
                    found.get(0)));
            for (String line : found.subList(1, found.size())) {
                out.append(indent).append(line).append('\n');
            }
            if (r.status() == LayerStatus.FAIL || r.status() == LayerStatus.WARN) {
                for (String detail : r.details()) {
                    for (String line : wrap("- " + detail)) {
                        out.append(indent).append(line).append('\n');
                    }
                }
                if (!r.toDo().isEmpty()) {
                    for (String line : wrap("What to do: " + r.toDo())) {
                        out.append(indent).append(line).append('\n');
                    }
                }
            }
        }
        out.append('\n');
        out.append(report.firstFailure()
                .map(f -> "BROKEN at layer " + f.layer().number() + " ("
                        + f.layer().title() + "); exit code " + f.layer().exitCode())
                .orElse("The link works"
                        + (report.layers().stream().anyMatch(l -> l.status() == LayerStatus.WARN)
                                ? ", with warnings"
                                : "")
                        + "; exit code 0"));
        out.append('\n');
        return out.toString();
    }

    static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > TEXT_WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
