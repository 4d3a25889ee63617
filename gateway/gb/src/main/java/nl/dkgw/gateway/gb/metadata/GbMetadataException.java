package nl.dkgw.gateway.gb.metadata;

/** Metadata that cannot be read or written: not XML, another document, or not valid against the GB schema. */
public final class GbMetadataException extends Exception {

    public GbMetadataException(String message) {
        super(message);
    }

    public GbMetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
