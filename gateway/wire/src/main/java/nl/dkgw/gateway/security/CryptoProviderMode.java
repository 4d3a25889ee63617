package nl.dkgw.gateway.security;

import java.util.Locale;

/**
 * {@code security.crypto-provider}: which JCA provider does this node's cryptography (RSA signatures and key transport,
 * AES-GCM, digests, the TLS handshakes). See {@link CryptoProviderSelection}.
 */
public enum CryptoProviderMode {
    /** The native provider when it loads and passes its self-tests here, otherwise the JDK's providers (default). */
    AUTO,
    /** The JDK's own providers only. */
    JDK,
    /** The native provider, or the node does not start. */
    NATIVE;

    /** The configuration key this mode is read from, for error messages. */
    public static final String KEY = "security.crypto-provider";

    /** From the configuration value {@code auto}, {@code jdk} or {@code native} (case and blanks ignored). */
    public static CryptoProviderMode of(String value) {
        String normalised = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        for (CryptoProviderMode mode : values()) {
            if (mode.name().equals(normalised)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(KEY + " must be 'auto', 'jdk' or 'native', not '" + value + "'");
    }

    /** The value as it is written in gateway.yml. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
