package nl.dkgw.pki;

/** A certificate offered as trust anchor was refused. */
public class UntrustedAnchorException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UntrustedAnchorException(String message) {
        super(message);
    }
}
