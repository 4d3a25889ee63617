package nl.dkgw.gateway.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import nl.dkgw.gateway.ebms.PayloadContent;
import nl.dkgw.testkit.SeededBytes;

/**
 * Payload content of any size made up as it is read (the same bytes on every open, {@link SeededBytes} from {@code
 * seed}), so a test can store parts of many MiB without keeping them in memory or in git. {@code announced}: whether
 * {@link #length()} tells the size or, like a part still streaming in, says -1.
 */
record GeneratedPart(long size, long seed, boolean announced) implements PayloadContent {

    @Override
    public InputStream open() {
        return generated().open();
    }

    @Override
    public long length() {
        return announced ? size : -1;
    }

    /** The SHA-256 of this content, read as a stream. */
    String sha256() throws IOException {
        return generated().sha256();
    }

    private SeededBytes generated() {
        return new SeededBytes(size, seed);
    }
}
