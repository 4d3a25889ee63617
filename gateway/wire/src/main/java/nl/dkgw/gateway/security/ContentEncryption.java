package nl.dkgw.gateway.security;

import java.util.Arrays;
import java.util.Optional;

/**
 * Content encryption algorithms for payload parts (Digikoppeling ENC001-004: AES-128 or AES-256 in GCM mode). AES-CBC
 * is only for the compatibility mode with adapters that still use it; 3DES is never used to encrypt and only
 * decrypted in compatibility mode.
 */
public enum ContentEncryption {
    AES128_GCM("http://www.w3.org/2009/xmlenc11#aes128-gcm", "AES-128-GCM", 128, Use.STANDARD, "AES/GCM/NoPadding", 12),
    AES256_GCM("http://www.w3.org/2009/xmlenc11#aes256-gcm", "AES-256-GCM", 256, Use.STANDARD, "AES/GCM/NoPadding", 12),
    AES128_CBC(
            "http://www.w3.org/2001/04/xmlenc#aes128-cbc",
            "AES-128-CBC",
            128,
            Use.COMPATIBILITY,
            "AES/CBC/ISO10126Padding",
            16),
    AES256_CBC(
            "http://www.w3.org/2001/04/xmlenc#aes256-cbc",
            "AES-256-CBC",
            256,
            Use.COMPATIBILITY,
            "AES/CBC/ISO10126Padding",
            16),
    TRIPLE_DES(
            "http://www.w3.org/2001/04/xmlenc#tripledes-cbc",
            "3DES-CBC",
            192,
            Use.DECRYPT_ONLY_COMPATIBILITY,
            "DESede/CBC/ISO10126Padding",
            8);

    /** Where an algorithm may be used. */
    enum Use {
        STANDARD,
        COMPATIBILITY,
        DECRYPT_ONLY_COMPATIBILITY
    }

    private final String uri;
    private final String displayName;
    private final int keyBits;
    private final Use use;
    private final String transformation;
    private final int ivBytes;

    ContentEncryption(String uri, String displayName, int keyBits, Use use, String transformation, int ivBytes) {
        this.uri = uri;
        this.displayName = displayName;
        this.keyBits = keyBits;
        this.use = use;
        this.transformation = transformation;
        this.ivBytes = ivBytes;
    }

    public String uri() {
        return uri;
    }

    public String displayName() {
        return displayName;
    }

    int keyBits() {
        return keyBits;
    }

    Use use() {
        return use;
    }

    /**
     * The JCA transformation, as Santuario maps the URI. XML Encryption's CBC padding is ISO 10126 (only the last
     * byte, the padding length, is defined), which Santuario also writes.
     */
    String transformation() {
        return transformation;
    }

    /** The IV that starts the cipher value: 96 bits for GCM, one block for CBC. */
    int ivBytes() {
        return ivBytes;
    }

    boolean gcm() {
        return transformation.startsWith("AES/GCM/");
    }

    public static Optional<ContentEncryption> byUri(String uri) {
        return Arrays.stream(values()).filter(a -> a.uri.equals(uri)).findFirst();
    }

    @Override
    public String toString() {
        return displayName + " (" + uri + ")";
    }
}
