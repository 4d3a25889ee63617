package nl.dkgw.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * {@code size} pseudo-random bytes from {@code seed}, made as they are read: a payload or file of any size (gigabytes)
 * that a test neither keeps in memory nor in git, the same bytes for the same seed however they are read. Not for
 * keys or anything secret.
 */
public record SeededBytes(long size, long seed) {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    public SeededBytes {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }

    /** A new stream of the bytes, from the first. */
    public InputStream open() {
        return new Generated(size, seed);
    }

    /** The SHA-256 of the bytes, in lower-case hex. */
    public String sha256() throws IOException {
        return sha256(open());
    }

    /** Writes the bytes to {@code file} (replacing it); returns their SHA-256 in lower-case hex. */
    public String writeTo(Path file) throws IOException {
        MessageDigest sha = sha256Digest();
        try (InputStream in = open();
                OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
            byte[] buffer = new byte[1 << 20];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The SHA-256 of what {@code in} gives, read to its end and closed, in lower-case hex. */
    public static String sha256(InputStream in) throws IOException {
        try (DigestInputStream digesting = new DigestInputStream(in, sha256Digest())) {
            digesting.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digesting.getMessageDigest().digest());
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of one 64-bit draw after the other, lowest byte first. */
    private static final class Generated extends InputStream {
        private final SplittableRandom random;
        private long left;
        /** The bytes of the last draw not given yet, lowest first, and how many there are. */
        private long word;

        private int inWord;

        Generated(long size, long seed) {
            this.random = new SplittableRandom(seed);
            this.left = size;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return nextByte() & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            int i = off;
            int end = off + n;
            while (inWord > 0 && i < end) {
                b[i++] = nextByte();
            }
            for (; end - i >= Long.BYTES; i += Long.BYTES) {
                LONGS.set(b, i, random.nextLong());
            }
            while (i < end) {
                b[i++] = nextByte();
            }
            left -= n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = 0;
            while (skipped < n && left > 0) {
                nextByte();
                left--;
                skipped++;
            }
            return skipped;
        }

        private byte nextByte() {
            if (inWord == 0) {
                word = random.nextLong();
                inWord = Long.BYTES;
            }
            byte next = (byte) word;
            word >>>= 8;
            inWord--;
            return next;
        }
    }
}
