package nl.dkgw.bench.compare;

import java.util.List;

/**
 * What one side did in the latency phase ({@code --latency-seconds}): messages submitted at a fixed rate, and for each
 * acknowledged one its time to acknowledgment (the sender's row turned ACKNOWLEDGED, its {@code updatedAt}) counted
 * two ways: from the moment the runner sent the admin API's POST ({@link #fromPost}, the whole wait of a caller,
 * the submission's own store transaction included) and from the moment the POST's 202 reached the runner
 * ({@link #fromAnswer}; can be negative: on a busy machine the Acknowledgment is sometimes recorded before the answer
 * to the submission has reached the runner).
 *
 * @param side A or B
 * @param offeredRate the rate asked for, msgs/s
 * @param achievedRate submissions over the time from the first to the last one, msgs/s
 * @param submitted submissions the sender accepted (202)
 * @param refused submissions it did not accept
 * @param acknowledged submitted messages found ACKNOWLEDGED afterwards (the sample)
 * @param failed submitted messages settled but not acknowledged, or not found
 * @param fromPost POST sent to acknowledgment, ms
 * @param fromAnswer POST answered to acknowledgment, ms
 * @param turn 1 when this phase ran first of the two sides' phases in its pair, 2 when it ran second (each side runs
 *     one phase in each turn: the side whose phase runs second of the first pair has rested, and may begin by
 *     reconnecting)
 */
record Latency(
        String side,
        double offeredRate,
        double achievedRate,
        long submitted,
        long refused,
        long acknowledged,
        long failed,
        Percentiles fromPost,
        Percentiles fromAnswer,
        int turn) {

    /** The shortest, median, 99th percentile (nearest rank) and longest of a sample of times in ms; NaN if empty. */
    record Percentiles(double min, double p50, double p99, double max) {

        static Percentiles of(List<Double> millis) {
            double[] sorted =
                    millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return sorted.length == 0
                    ? new Percentiles(Double.NaN, Double.NaN, Double.NaN, Double.NaN)
                    : new Percentiles(
                            sorted[0], percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1]);
        }

        /** The nearest-rank percentile: the smallest value with at least {@code p} % of the sample at or below it. */
        static double percentile(double[] sorted, double p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
        }
    }
}
