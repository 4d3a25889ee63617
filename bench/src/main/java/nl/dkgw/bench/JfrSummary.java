package nl.dkgw.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU time goes, from a JFR recording's {@code jdk.ExecutionSample} events: the hottest top frames (self
 * time) and the gateway methods most often on the stack (inclusive time).
 */
final class JfrSummary {

    private JfrSummary() {}

    static String summarise(Path recording, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> area = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            String firstGatewayFrame = null;
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (n.startsWith("nl.dkgw.") && seen.add(n)) {
                    inclusive.merge(n, 1, Integer::sum);
                    if (firstGatewayFrame == null) {
                        firstGatewayFrame = n;
                    }
                }
            }
            area.merge(area(frames), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("samples: ").append(samples).append('\n');
        append(sb, "by area (first matching frame on the stack)", area, samples, top);
        append(sb, "top frames (self)", self, samples, top);
        append(sb, "gateway methods on the stack (inclusive)", inclusive, samples, top);
        return sb.toString();
    }

    /** A coarse attribution of a sample: the innermost frame that belongs to a known area. */
    private static String area(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String n = name(f);
            if (n.startsWith("sun.security.ssl") || n.startsWith("com.sun.crypto") || n.startsWith("sun.security.")) {
                return "TLS / crypto";
            }
            if (n.startsWith("org.h2.")) {
                return "H2 database";
            }
            if (n.startsWith("org.postgresql.")) {
                return "PostgreSQL JDBC driver";
            }
            if (n.startsWith("com.sun.org.apache.xerces")
                    || n.startsWith("com.sun.org.apache.xml")
                    || n.startsWith("com.sun.org.apache.xalan")) {
                return "XML parse / serialise (JDK Xerces, Xalan)";
            }
            if (n.startsWith("jakarta.mail") || n.startsWith("org.eclipse.angus")) {
                return "MIME (Jakarta Mail / Angus)";
            }
            if (n.startsWith("ch.qos.logback") || n.startsWith("org.slf4j")) {
                return "logging";
            }
            if (n.startsWith("org.eclipse.jetty")) {
                return "Jetty (HTTP server)";
            }
            if (n.startsWith("jdk.internal.net.http")) {
                return "JDK HttpClient";
            }
            if (n.startsWith("com.zaxxer.hikari")) {
                return "HikariCP";
            }
        }
        return frames.isEmpty() ? "?" : "other: " + name(frames.get(0));
    }

    private static void append(StringBuilder sb, String title, Map<String, Integer> counts, int samples, int top) {
        sb.append(title).append(":\n");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> sb.append(
                        String.format("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey())));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    public static void main(String[] args) throws IOException {
        System.out.print(summarise(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 20));
    }
}
