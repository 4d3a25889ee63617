package nl.dkgw.gateway.cli;

/**
 * A failure as the one line a command prints: the outermost message (which says what was being done), followed by
 * the innermost one in parentheses when that says more (a port in use, a missing file, a wrong password), with line
 * breaks folded and the whole kept short.
 */
public final class FailureLine {

    static final int MAX_LENGTH = 400;

    private FailureLine() {}

    public static String of(Throwable failure) {
        String outer = null;
        String inner = null;
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 50; t = t.getCause(), depth++) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                outer = outer == null ? t.getMessage() : outer;
                inner = t.getMessage();
            }
        }
        String text;
        if (outer == null) {
            text = failure.getClass().getSimpleName();
        } else if (outer.contains(inner)) {
            text = outer;
        } else {
            text = outer + " (" + inner + ")";
        }
        text = text.replaceAll("\\s+", " ").trim();
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "..." : text;
    }
}
