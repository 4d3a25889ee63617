package nl.dkgw.gateway.security;

import java.util.Set;

/**
 * The canonicalisation a signature uses, both for SignedInfo and as the last transform of the envelope reference.
 * Deployed Digikoppeling adapters use inclusive C14N 1.0 (the default here); the standard cites exclusive C14N.
 * Verification accepts both (and their comment-keeping variants and C14N 1.1).
 */
public enum Canonicalization {
    INCLUSIVE("http://www.w3.org/TR/2001/REC-xml-c14n-20010315"),
    EXCLUSIVE("http://www.w3.org/2001/10/xml-exc-c14n#");

    private static final Set<String> ACCEPTED = Set.of(
            INCLUSIVE.uri,
            INCLUSIVE.uri + "#WithComments",
            EXCLUSIVE.uri,
            EXCLUSIVE.uri + "WithComments",
            "http://www.w3.org/2006/12/xml-c14n11",
            "http://www.w3.org/2006/12/xml-c14n11#WithComments");

    private final String uri;

    Canonicalization(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }

    /** Whether verification accepts this canonicalisation algorithm. */
    public static boolean isAccepted(String uri) {
        return ACCEPTED.contains(uri);
    }
}
