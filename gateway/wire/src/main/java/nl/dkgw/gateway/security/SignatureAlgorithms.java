package nl.dkgw.gateway.security;

import java.util.Map;

/**
 * The XML-DSig algorithms Digikoppeling allows (Beveiligingsstandaarden SIGN001-004): SHA-256/384/512 digests and
 * RSA-SHA256/384/512 signatures. SHA-1, MD5, SHA-224 and anything else are refused, when signing and when verifying.
 */
public final class SignatureAlgorithms {

    public static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    public static final String RSA_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384";
    public static final String RSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512";

    public static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    public static final String SHA384 = "http://www.w3.org/2001/04/xmldsig-more#sha384";
    public static final String SHA512 = "http://www.w3.org/2001/04/xmlenc#sha512";

    private static final Map<String, String> SIGNATURES =
            Map.of(RSA_SHA256, "RSA-SHA256", RSA_SHA384, "RSA-SHA384", RSA_SHA512, "RSA-SHA512");
    private static final Map<String, String> DIGESTS = Map.of(SHA256, "SHA-256", SHA384, "SHA-384", SHA512, "SHA-512");
    /** Names of algorithms met in the wild that are refused, so messages can name them. */
    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("http://www.w3.org/2000/09/xmldsig#sha1", "SHA-1"),
            Map.entry("http://www.w3.org/2001/04/xmldsig-more#md5", "MD5"),
            Map.entry("http://www.w3.org/2001/04/xmldsig-more#sha224", "SHA-224"),
            Map.entry("http://www.w3.org/2001/04/xmlenc#ripemd160", "RIPEMD-160"),
            Map.entry("http://www.w3.org/2000/09/xmldsig#rsa-sha1", "RSA-SHA1"),
            Map.entry("http://www.w3.org/2001/04/xmldsig-more#rsa-md5", "RSA-MD5"),
            Map.entry("http://www.w3.org/2001/04/xmldsig-more#rsa-sha224", "RSA-SHA224"),
            Map.entry("http://www.w3.org/2000/09/xmldsig#dsa-sha1", "DSA-SHA1"),
            Map.entry("http://www.w3.org/2000/09/xmldsig#hmac-sha1", "HMAC-SHA1"),
            Map.entry("http://www.w3.org/2001/04/xmldsig-more#hmac-sha256", "HMAC-SHA256"));

    private SignatureAlgorithms() {}

    public static boolean isAcceptedSignature(String uri) {
        return SIGNATURES.containsKey(uri);
    }

    public static boolean isAcceptedDigest(String uri) {
        return DIGESTS.containsKey(uri);
    }

    /** A readable name with the URI, e.g. {@code SHA-1 (http://www.w3.org/2000/09/xmldsig#sha1)}. */
    static String describe(String uri) {
        String name = SIGNATURES.getOrDefault(uri, DIGESTS.getOrDefault(uri, REFUSED.get(uri)));
        if (uri == null || uri.isEmpty()) {
            return "(no Algorithm attribute)";
        }
        return name == null ? "'" + uri + "'" : name + " (" + uri + ")";
    }

    /** Refuses a signature method that is not RSA-SHA256/384/512; {@code where} says whose algorithm it is. */
    static void requireAcceptedSignature(String uri, String where) throws SecurityFailureException {
        if (!isAcceptedSignature(uri)) {
            throw new SecurityFailureException(
                    SecurityFailureException.Reason.ALGORITHM_REFUSED,
                    where + ": signature algorithm " + describe(uri) + " is refused; Digikoppeling accepts only "
                            + "RSA-SHA256, RSA-SHA384 and RSA-SHA512 (SHA-1, MD5 and SHA-224 are not allowed)");
        }
    }

    /** Refuses a digest method that is not SHA-256/384/512; {@code where} says whose algorithm it is. */
    static void requireAcceptedDigest(String uri, String where) throws SecurityFailureException {
        if (!isAcceptedDigest(uri)) {
            throw new SecurityFailureException(
                    SecurityFailureException.Reason.ALGORITHM_REFUSED,
                    where + ": digest algorithm " + describe(uri) + " is refused; Digikoppeling accepts only "
                            + "SHA-256, SHA-384 and SHA-512 (SHA-1, MD5 and SHA-224 are not allowed)");
        }
    }
}
