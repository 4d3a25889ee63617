package nl.dkgw.gateway.gb.metadata;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The checksum algorithms the GB metadata allows (MD006): SHA-256, -384 and -512 are recommended; MD5 and SHA-1 are
 * accepted from others for backwards compatibility but never chosen by dkgw.
 */
public enum ChecksumAlgorithm {
    MD5("MD5", "MD5", 16, false),
    SHA1("SHA1", "SHA-1", 20, false),
    SHA256("SHA256", "SHA-256", 32, true),
    SHA384("SHA384", "SHA-384", 48, true),
    SHA512("SHA512", "SHA-512", 64, true);

    private final String metadataName;
    private final String jcaName;
    private final int digestBytes;
    private final boolean recommended;

    ChecksumAlgorithm(String metadataName, String jcaName, int digestBytes, boolean recommended) {
        this.metadataName = metadataName;
        this.jcaName = jcaName;
        this.digestBytes = digestBytes;
        this.recommended = recommended;
    }

    /** The value of the checksum's {@code type} attribute. */
    public String metadataName() {
        return metadataName;
    }

    public int hexLength() {
        return digestBytes * 2;
    }

    public boolean recommended() {
        return recommended;
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM offers no " + jcaName, e);
        }
    }

    public static Optional<ChecksumAlgorithm> byMetadataName(String name) {
        return Arrays.stream(values()).filter(a -> a.metadataName.equals(name)).findFirst();
    }
}
