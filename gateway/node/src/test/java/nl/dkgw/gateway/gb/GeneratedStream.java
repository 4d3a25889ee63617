package nl.dkgw.gateway.gb;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A stream of {@code size} pseudo-random bytes made on the fly from a seed (xorshift), so a test can send a large file
 * without ever holding it, and know its SHA-256 by reading a second stream with the same seed.
 */
final class GeneratedStream extends InputStream {

    private final long size;
    private long state;
    private long position;

    GeneratedStream(long seed, long size) {
        this.size = size;
        this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    private byte next() {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        return (byte) state;
    }

    @Override
    public int read() {
        if (position >= size) {
            return -1;
        }
        position++;
        return next() & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - position);
        for (int i = 0; i < n; i++) {
            b[off + i] = next();
        }
        position += n;
        return n;
    }

    /** The SHA-256 (lower-case hex) of what a stream with this seed and size yields. */
    static String sha256(long seed, long size) throws IOException {
        return sha256(new GeneratedStream(seed, size));
    }

    /** The SHA-256 (lower-case hex) of a stream, read in blocks. */
    static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] block = new byte[64 * 1024];
        try (in) {
            for (int n; (n = in.read(block)) > 0; ) {
                digest.update(block, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
