package nl.dkgw.gateway.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A request body that ends with {@link TooLong} as soon as more than {@code limit} bytes have been read from it. */
final class BoundedBody extends FilterInputStream {

    /** The body went past the limit. */
    static final class TooLong extends IOException {
        TooLong(long limit) {
            super("the body is longer than " + limit + " bytes");
        }
    }

    private final long limit;
    private long read;

    BoundedBody(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long n) throws TooLong {
        read += n;
        if (read > limit) {
            throw new TooLong(limit);
        }
    }
}
