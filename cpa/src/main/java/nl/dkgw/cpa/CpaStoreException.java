package nl.dkgw.cpa;

/** The CPA store could not do what was asked: the CPA already exists, does not exist, or the database failed. */
public class CpaStoreException extends RuntimeException {

    public enum Reason {
        ALREADY_EXISTS,
        NOT_FOUND,
        DATABASE
    }

    private final Reason reason;

    public CpaStoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
