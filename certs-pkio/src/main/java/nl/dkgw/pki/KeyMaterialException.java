package nl.dkgw.pki;

/** Key or certificate material could not be read; the message names the file or store and what to do. */
public class KeyMaterialException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeyMaterialException(String message) {
        super(message);
    }

    public KeyMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
