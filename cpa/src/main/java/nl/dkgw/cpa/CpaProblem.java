package nl.dkgw.cpa;

/**
 * One thing wrong with (or doubtful about) a CPA.
 *
 * @param location XPath-like path of the element or attribute concerned, e.g.
 *                 {@code /CollaborationProtocolAgreement/PartyInfo[2]/PartyId[1]/@type}, or a line and column for
 *                 schema errors
 */
public record CpaProblem(Severity severity, String location, String message) {

    public enum Severity {
        ERROR,
        WARNING
    }

    public static CpaProblem error(String location, String message) {
        return new CpaProblem(Severity.ERROR, location, message);
    }

    public static CpaProblem warning(String location, String message) {
        return new CpaProblem(Severity.WARNING, location, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** One readable line: {@code ERROR   /path: message}. */
    @Override
    public String toString() {
        return String.format("%-7s %s: %s", severity, location, message);
    }
}
