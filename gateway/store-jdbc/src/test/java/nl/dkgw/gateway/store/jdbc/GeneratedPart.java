package nl.dkgw.gateway.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import nl.dkgw.gateway.ebms.PayloadContent;

/**
 * Payload content of any size made up as it is read (the same bytes on every open, from {@code seed}), so a test can
 * store parts of many MiB without keeping them in memory or in git. {@code announced}: whether {@link #length()}
 * tells the size or, like a part still streaming in, says -1.
 */
record GeneratedPart(long size, long seed, boolean announced) implements PayloadContent {

    @Override
    public InputStream open() {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(seed);
            private long left = size;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                return random.nextInt(256);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) random.nextInt(256);
                }
                left -= n;
                return n;
            }
        };
    }

    @Override
    public long length() {
        return announced ? size : -1;
    }

    /** The SHA-256 of this content, read as a stream. */
    String sha256() throws IOException {
        return sha256(open());
    }

    /** The SHA-256 of what {@code in} gives, read to its end and closed. */
    static String sha256(InputStream in) throws IOException {
        try (DigestInputStream digesting = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
            digesting.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digesting.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
