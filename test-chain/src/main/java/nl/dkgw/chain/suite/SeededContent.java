package nl.dkgw.chain.suite;

import java.io.InputStream;
import java.util.Random;

/**
 * The Grote Berichten test's file: {@code size} pseudo-random bytes from a seeded generator, made as they are read,
 * 64 KiB at a time. The same bytes whatever the sizes of the reads, and any size up to
 * {@link SuiteOptions#MAX_GB_FILE_BYTES} in constant memory; whoever reads it hashes the bytes as they pass.
 */
final class SeededContent extends InputStream {

    private static final long SEED = 16;

    private final Random random = new Random(SEED);
    private final byte[] chunk = new byte[64 * 1024];
    private int used = chunk.length;
    private long left;

    SeededContent(long size) {
        this.left = size;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (left == 0) {
            return -1;
        }
        if (used == chunk.length) {
            random.nextBytes(chunk);
            used = 0;
        }
        int n = (int) Math.min(Math.min(len, left), chunk.length - used);
        System.arraycopy(chunk, used, b, off, n);
        used += n;
        left -= n;
        return n;
    }
}
