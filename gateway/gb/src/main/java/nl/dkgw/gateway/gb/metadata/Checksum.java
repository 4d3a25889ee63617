package nl.dkgw.gateway.gb.metadata;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/** A file's checksum as the metadata states it: algorithm and hexadecimal digest (kept in lower case). */
public record Checksum(ChecksumAlgorithm algorithm, String hex) {

    public Checksum {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        hex = hex.strip().toLowerCase(Locale.ROOT);
        if (hex.length() != algorithm.hexLength() || !hex.chars().allMatch(Checksum::isHexDigit)) {
            throw new IllegalArgumentException("a " + algorithm.metadataName() + " checksum is " + algorithm.hexLength()
                    + " hexadecimal digits, not '" + hex + "' (" + hex.length() + " characters)");
        }
    }

    public static Checksum sha256(byte[] digest) {
        return new Checksum(ChecksumAlgorithm.SHA256, HexFormat.of().formatHex(digest));
    }

    /** True when the given digest, computed with this checksum's algorithm, is this checksum. */
    public boolean matches(byte[] digest) {
        return hex.equals(HexFormat.of().formatHex(digest));
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    @Override
    public String toString() {
        return algorithm.metadataName() + ":" + hex;
    }
}
