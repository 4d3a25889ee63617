package nl.dkgw.bench.compare;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The median and the range of a few figures (one per round), or "n/a" when any of them is missing (NaN): a
 * comparison reports the median and shows the spread, so a reader sees at once whether a ratio stands out of the
 * noise.
 */
record Spread(double median, double min, double max, int count) {

    static final Spread NONE = new Spread(Double.NaN, Double.NaN, Double.NaN, 0);

    static Spread of(List<Double> values) {
        if (values.isEmpty() || values.stream().anyMatch(v -> v == null || v.isNaN() || v.isInfinite())) {
            return NONE;
        }
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Spread(median, sorted[0], sorted[n - 1], n);
    }

    /** Element-wise {@code b[i] / a[i]}: the ratio of each round's pair; NaN where either is missing or a is 0. */
    static List<Double> ratios(List<Double> a, List<Double> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("rounds differ: " + a.size() + " and " + b.size());
        }
        Double[] out = new Double[a.size()];
        for (int i = 0; i < out.length; i++) {
            double x = a.get(i);
            double y = b.get(i);
            out[i] = x == 0 || Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : y / x;
        }
        return Arrays.asList(out);
    }

    boolean missing() {
        return count == 0;
    }

    /** "12.3 (11.0-14.1)" with the given decimals; "n/a" when missing; the median alone for one value. */
    String format(int decimals) {
        if (missing()) {
            return "n/a";
        }
        String f = "%." + decimals + "f";
        if (count == 1) {
            return String.format(Locale.ROOT, f, median);
        }
        return String.format(Locale.ROOT, f + " (" + f + "-" + f + ")", median, min, max);
    }
}
