package nl.dkgw.pki.validation;

import java.util.List;

/**
 * The outcome of a validation. Each problem is one readable sentence naming the certificate, the rule it breaks and
 * what to do about it.
 */
public record ValidationResult(boolean valid, List<String> problems) {

    public ValidationResult {
        problems = List.copyOf(problems);
        if (valid && !problems.isEmpty()) {
            throw new IllegalArgumentException("a valid result has no problems");
        }
        if (!valid && problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid result names at least one problem");
        }
    }

    public static ValidationResult ok() {
        return new ValidationResult(true, List.of());
    }

    public static ValidationResult invalid(List<String> problems) {
        return new ValidationResult(false, problems);
    }

    /** All problems in one line, for exceptions and logs. */
    public String summary() {
        return valid ? "certificate chain is valid" : String.join(" | ", problems);
    }
}
