package nl.dkgw.bench.compare;

import java.util.OptionalDouble;

/** Reads figures from a node's {@code /metrics} (the Prometheus text exposition). */
final class PrometheusText {

    private PrometheusText() {}

    /**
     * The sum of every sample of {@code metric} over all its label sets, or empty when the node does not export it
     * (an older revision without the metric). Comment lines and other metrics, also those whose name merely starts
     * with {@code metric}, are ignored.
     */
    static OptionalDouble sum(String text, String metric) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            char next = line.length() > metric.length() ? line.charAt(metric.length()) : ' ';
            if (next != '{' && next != ' ') {
                continue;
            }
            int valueStart = next == '{' ? line.indexOf("} ", metric.length()) + 2 : metric.length() + 1;
            if (valueStart < metric.length()) {
                continue;
            }
            String[] rest = line.substring(valueStart).trim().split(" ");
            sum += Double.parseDouble(rest[0]);
            found = true;
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }
}
