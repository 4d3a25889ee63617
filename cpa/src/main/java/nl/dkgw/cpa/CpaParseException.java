package nl.dkgw.cpa;

/** A document could not be read as a CPA: not well-formed XML, a DTD, not a CPA, or a missing required part. */
public class CpaParseException extends Exception {

    public CpaParseException(String message) {
        super(message);
    }

    public CpaParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
