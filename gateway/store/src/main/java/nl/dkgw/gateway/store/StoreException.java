package nl.dkgw.gateway.store;

/** The database could not do what was asked; the message says what the gateway was doing. */
public class StoreException extends RuntimeException {
    public StoreException(String doing, Throwable cause) {
        super(doing + " failed: " + cause.getMessage(), cause);
    }
}
