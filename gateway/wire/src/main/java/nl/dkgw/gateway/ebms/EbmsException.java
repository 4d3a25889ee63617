package nl.dkgw.gateway.ebms;

/** An inbound message breaks a rule; the MSH answers it with a MessageError carrying {@link #error()}. */
public class EbmsException extends Exception {
    private final EbmsError error;

    public EbmsException(ErrorCode code, String location, String description) {
        super(code + ": " + description);
        this.error = EbmsError.error(code, location, description);
    }

    public EbmsError error() {
        return error;
    }
}
