package nl.dkgw.gateway.security;

import java.util.Locale;

/**
 * Which certificates this node's signatures carry in ds:KeyInfo/ds:X509Data. XML-DSig allows either; a receiver
 * given only the signing certificate must find the intermediate CAs elsewhere (its configuration, the CPA).
 */
public enum KeyInfoContent {
    /** The signing certificate and its CA certificates, the root left out (the default). */
    CHAIN,
    /** The signing certificate only, as the reference ebMS adapter signs. */
    LEAF;

    /** From the configuration value {@code chain} or {@code leaf}. */
    public static KeyInfoContent of(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
