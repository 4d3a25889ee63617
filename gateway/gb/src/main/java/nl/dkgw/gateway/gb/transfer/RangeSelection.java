package nl.dkgw.gateway.gb.transfer;

import java.util.Objects;

/**
 * What a GET with an optional {@code Range} header asks of a file of a given size (RFC 7233 section 2.1 and 4.4):
 * the whole file (no header, another unit, a header that does not parse, or several ranges, which this server may
 * and does ignore), one range ({@code a-b}, open {@code a-}, suffix {@code -n}, clipped to the file), or nothing
 * it can satisfy (416).
 */
public record RangeSelection(Kind kind, ByteRange range) {

    public enum Kind {
        WHOLE,
        PARTIAL,
        UNSATISFIABLE
    }

    private static final String UNIT = "bytes=";

    public RangeSelection {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.PARTIAL) != (range != null)) {
            throw new IllegalArgumentException("a partial selection, and only that, has a range");
        }
    }

    public static RangeSelection of(String header, long size) {
        if (header == null) {
            return whole();
        }
        String value = header.strip();
        if (!value.regionMatches(true, 0, UNIT, 0, UNIT.length())) {
            return whole();
        }
        String spec = value.substring(UNIT.length()).strip();
        if (spec.isEmpty() || spec.contains(",")) {
            return whole();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return whole();
        }
        String from = spec.substring(0, dash).strip();
        String to = spec.substring(dash + 1).strip();
        if (from.isEmpty()) {
            if (!digits(to)) {
                return whole();
            }
            long suffix = number(to);
            if (suffix == 0 || size == 0) {
                return unsatisfiable();
            }
            return partial(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        if (!digits(from) || !(to.isEmpty() || digits(to))) {
            return whole();
        }
        long first = number(from);
        long last = to.isEmpty() ? Long.MAX_VALUE : number(to);
        if (last < first) {
            return whole(); // syntactically invalid: ignored, as RFC 7233 says
        }
        if (first >= size) {
            return unsatisfiable();
        }
        return partial(new ByteRange(first, Math.min(last, size - 1)));
    }

    public static RangeSelection whole() {
        return new RangeSelection(Kind.WHOLE, null);
    }

    private static RangeSelection partial(ByteRange range) {
        return new RangeSelection(Kind.PARTIAL, range);
    }

    private static RangeSelection unsatisfiable() {
        return new RangeSelection(Kind.UNSATISFIABLE, null);
    }

    private static boolean digits(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** A position too large for a long is beyond any file. */
    private static long number(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
