package nl.dkgw.gateway.ebms;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that counts the bytes read (and skipped) through it: the size of a payload whose length was not known
 * beforehand, or a check that one gave as many bytes as it announced. Mark and reset are not supported, so the count
 * is never read twice over. A subclass may act on each new count ({@link #counted(long)}), e.g. end a body that
 * grows past a limit.
 */
public class CountingInputStream extends FilterInputStream {

    private long count;

    public CountingInputStream(InputStream in) {
        super(in);
    }

    /** The bytes read and skipped so far. */
    public final long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        if (skipped > 0) {
            add(skipped);
        }
        return skipped;
    }

    @Override
    public final boolean markSupported() {
        return false;
    }

    @Override
    public final synchronized void mark(int readlimit) {
        // not supported: a reset would count bytes twice
    }

    @Override
    public final synchronized void reset() throws IOException {
        throw new IOException("mark/reset is not supported");
    }

    private void add(long n) throws IOException {
        count += n;
        counted(count);
    }

    /**
     * Called after each read or skip with the count so far; does nothing here. Throwing ends the read with that
     * exception (the bytes stay counted).
     */
    protected void counted(long count) throws IOException {}
}
