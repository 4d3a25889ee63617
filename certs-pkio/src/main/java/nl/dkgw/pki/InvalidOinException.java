package nl.dkgw.pki;

/** Thrown when a text is not a well-formed OIN or HRN; the message says which rule it breaks. */
public class InvalidOinException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidOinException(String message) {
        super(message);
    }
}
