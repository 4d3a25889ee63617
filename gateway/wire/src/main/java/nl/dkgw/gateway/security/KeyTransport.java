package nl.dkgw.gateway.security;

import java.util.Arrays;
import java.util.Optional;

/**
 * How the content key travels: wrapped with the receiver's RSA public key. RSA-OAEP is the standard; RSA PKCS#1 v1.5
 * is only for the compatibility mode (it is open to padding-oracle attacks).
 */
public enum KeyTransport {
    /** RSA-OAEP with MGF1-SHA1 (XML Encryption 1.0), the most widely supported OAEP variant. */
    RSA_OAEP_MGF1P("http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p", "RSA-OAEP (MGF1-SHA1)", false),
    /** RSA-OAEP of XML Encryption 1.1; produced with SHA-256 as OAEP digest and MGF1-SHA256. */
    RSA_OAEP("http://www.w3.org/2009/xmlenc11#rsa-oaep", "RSA-OAEP (XML Encryption 1.1)", false),
    /** RSA PKCS#1 v1.5: compatibility mode only. */
    RSA_1_5("http://www.w3.org/2001/04/xmlenc#rsa-1_5", "RSA PKCS#1 v1.5", true);

    private final String uri;
    private final String displayName;
    private final boolean compatibilityOnly;

    KeyTransport(String uri, String displayName, boolean compatibilityOnly) {
        this.uri = uri;
        this.displayName = displayName;
        this.compatibilityOnly = compatibilityOnly;
    }

    public String uri() {
        return uri;
    }

    boolean compatibilityOnly() {
        return compatibilityOnly;
    }

    public static Optional<KeyTransport> byUri(String uri) {
        return Arrays.stream(values()).filter(t -> t.uri.equals(uri)).findFirst();
    }

    @Override
    public String toString() {
        return displayName + " (" + uri + ")";
    }
}
