package nl.dkgw.cpa;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a CPA's Sender- and ReceiverDigitalEnvelope name for the encrypted profiles (osb-be-e, osb-rm-e): the data
 * encryption algorithm of the payload parts and the algorithm that transports the content key to the receiver.
 *
 * <p>{@link #STANDARD} is what Digikoppeling prescribes (Beveiligingsstandaarden ENC003: AES in GCM mode; ENC004:
 * RSA-OAEP key transport). {@link #COMPATIBILITY} is AES-128-CBC with RSA PKCS#1 v1.5, the only pair some deployed
 * adapters can do; a gateway only accepts such a CPA with {@code security.compatibility-mode: true}.
 *
 * @param contentAlgorithm the data encryption algorithm URI, e.g. {@value #AES128_GCM}
 * @param keyTransport     the key transport algorithm URI, e.g. {@value #RSA_OAEP}
 */
public record DigitalEnvelope(String contentAlgorithm, String keyTransport) {

    public static final String AES128_GCM = "http://www.w3.org/2009/xmlenc11#aes128-gcm";
    public static final String AES256_GCM = "http://www.w3.org/2009/xmlenc11#aes256-gcm";
    public static final String AES128_CBC = "http://www.w3.org/2001/04/xmlenc#aes128-cbc";
    public static final String AES256_CBC = "http://www.w3.org/2001/04/xmlenc#aes256-cbc";
    /** RSA-OAEP of XML Encryption 1.1. */
    public static final String RSA_OAEP = "http://www.w3.org/2009/xmlenc11#rsa-oaep";
    /** RSA-OAEP with MGF1-SHA1 of XML Encryption 1.0. */
    public static final String RSA_OAEP_MGF1P = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p";
    /** RSA PKCS#1 v1.5: breaks ENC004, compatibility mode only. */
    public static final String RSA_1_5 = "http://www.w3.org/2001/04/xmlenc#rsa-1_5";

    private static final List<String> CONTENT = List.of(AES128_GCM, AES256_GCM, AES128_CBC, AES256_CBC);
    private static final List<String> KEY_TRANSPORT = List.of(RSA_OAEP, RSA_OAEP_MGF1P, RSA_1_5);

    /** AES-128-GCM with RSA-OAEP: what {@code cpa generate} writes unless asked otherwise. */
    public static final DigitalEnvelope STANDARD = new DigitalEnvelope(AES128_GCM, RSA_OAEP);
    /** AES-128-CBC with RSA 1.5, for peers that cannot do better (compatibility mode). */
    public static final DigitalEnvelope COMPATIBILITY = new DigitalEnvelope(AES128_CBC, RSA_1_5);

    public DigitalEnvelope {
        Objects.requireNonNull(contentAlgorithm, "contentAlgorithm");
        Objects.requireNonNull(keyTransport, "keyTransport");
        if (!CONTENT.contains(contentAlgorithm)) {
            throw new IllegalArgumentException(
                    "data encryption algorithm " + contentAlgorithm + " is not one of " + CONTENT);
        }
        if (!KEY_TRANSPORT.contains(keyTransport)) {
            throw new IllegalArgumentException("key transport " + keyTransport + " is not one of " + KEY_TRANSPORT);
        }
    }

    /**
     * The envelope for a data encryption algorithm given by its short name ({@code aes128-gcm}, {@code aes256-gcm},
     * {@code aes128-cbc}, {@code aes256-cbc}) or URI, with the key transport that goes with it: RSA-OAEP for GCM,
     * RSA 1.5 for CBC (the adapters that need CBC cannot do OAEP).
     */
    public static DigitalEnvelope forContent(String algorithm) {
        String uri = uriOf(algorithm, CONTENT)
                .orElseThrow(() -> new IllegalArgumentException("unknown data encryption algorithm '" + algorithm
                        + "'; use aes128-gcm, aes256-gcm, aes128-cbc or " + "aes256-cbc"));
        return new DigitalEnvelope(uri, isCbc(uri) ? RSA_1_5 : RSA_OAEP);
    }

    /** This envelope with another key transport, given by short name ({@code rsa-oaep}, {@code rsa-oaep-mgf1p}, {@code rsa-1_5}) or URI. */
    public DigitalEnvelope withKeyTransport(String algorithm) {
        String uri = uriOf(algorithm, KEY_TRANSPORT)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown key transport '" + algorithm + "'; use rsa-oaep, rsa-oaep-mgf1p or rsa-1_5"));
        return new DigitalEnvelope(contentAlgorithm, uri);
    }

    /** True when a gateway accepts this envelope only in compatibility mode (AES-CBC or RSA 1.5). */
    public boolean compatibilityOnly() {
        return isCbc(contentAlgorithm) || RSA_1_5.equals(keyTransport);
    }

    /** True for an EncryptionAlgorithm URI that names a key transport (RSA) rather than a data encryption algorithm. */
    public static boolean isKeyTransport(String uri) {
        String lower = uri.trim().toLowerCase(Locale.ROOT);
        int hash = lower.lastIndexOf('#');
        return lower.substring(hash + 1).startsWith("rsa-");
    }

    static boolean isCbc(String uri) {
        return uri.trim().toLowerCase(Locale.ROOT).endsWith("-cbc");
    }

    private static Optional<String> uriOf(String nameOrUri, List<String> known) {
        String wanted = nameOrUri == null ? "" : nameOrUri.trim().toLowerCase(Locale.ROOT);
        return known.stream()
                .filter(u -> u.equals(wanted) || u.endsWith("#" + wanted))
                .findFirst();
    }

    @Override
    public String toString() {
        return contentAlgorithm + " + " + keyTransport;
    }
}
