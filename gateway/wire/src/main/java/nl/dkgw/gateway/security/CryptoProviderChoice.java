package nl.dkgw.gateway.security;

/**
 * The JCA provider this node's cryptography runs on, as {@link CryptoProviderSelection} chose it.
 *
 * @param provider {@code native} (Amazon Corretto Crypto Provider, first in the provider list) or {@code jdk} (the
 *                 JDK's own providers)
 * @param name     the provider's name as the JCA knows it ({@code AmazonCorrettoCryptoProvider}, or {@code SunRsaSign}
 *                 for the JDK's RSA)
 * @param version  its version
 * @param reason   why it was chosen, in words
 */
public record CryptoProviderChoice(String provider, String name, String version, String reason) {
    public static final String NATIVE = "native";
    public static final String JDK = "jdk";

    public boolean isNative() {
        return NATIVE.equals(provider);
    }
}
