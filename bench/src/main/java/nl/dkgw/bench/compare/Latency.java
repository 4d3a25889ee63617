package nl.dkgw.bench.compare;

import java.util.List;

/**
 * What one side did in the latency phase ({@code --latency-seconds}): messages submitted at a fixed rate, and for each
 * acknowledged one the time from its submission (the admin API's POST answered) to its acknowledgment (the sender's
 * row turned ACKNOWLEDGED, its {@code updatedAt}), in milliseconds. NaN figures when nothing was acknowledged.
 *
 * @param side A or B
 * @param offeredRate the rate asked for, msgs/s
 * @param achievedRate submissions over the time from the first to the last one, msgs/s
 * @param submitted submissions the sender accepted (202)
 * @param refused submissions it did not accept
 * @param acknowledged submitted messages found ACKNOWLEDGED afterwards (the sample)
 * @param failed submitted messages settled but not acknowledged, or not found
 * @param min the shortest, ms (a negative one would mean the two clocks disagree)
 * @param p50 median submit-to-acknowledgment time, ms
 * @param p99 99th percentile (nearest rank), ms
 * @param max the longest, ms
 */
record Latency(
        String side,
        double offeredRate,
        double achievedRate,
        long submitted,
        long refused,
        long acknowledged,
        long failed,
        double min,
        double p50,
        double p99,
        double max) {

    /** The figures of a sample of submit-to-acknowledgment times (ms). */
    static Latency of(
            String side,
            double offeredRate,
            double achievedRate,
            long submitted,
            long refused,
            long failed,
            List<Double> millis) {
        double[] sorted =
                millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Latency(
                side,
                offeredRate,
                achievedRate,
                submitted,
                refused,
                sorted.length,
                failed,
                sorted.length == 0 ? Double.NaN : sorted[0],
                percentile(sorted, 50),
                percentile(sorted, 99),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);
    }

    /** The nearest-rank percentile of sorted values: the smallest value with at least {@code p} % at or below it. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
