package nl.dkgw.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import nl.dkgw.gateway.ebms.CountingInputStream;

/** A request body that ends with {@link TooLong} as soon as more than {@code limit} bytes have been read from it. */
final class BoundedBody extends CountingInputStream {

    /** The body went past the limit. */
    static final class TooLong extends IOException {
        private final long limit;

        TooLong(long limit) {
            super("the body is longer than " + limit + " bytes");
            this.limit = limit;
        }

        long limit() {
            return limit;
        }
    }

    private final long limit;

    BoundedBody(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    protected void counted(long count) throws TooLong {
        if (count > limit) {
            throw new TooLong(limit);
        }
    }
}
