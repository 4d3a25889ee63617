package nl.dkgw.gateway.mime;

import jakarta.mail.util.SharedFileInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A spooled request body as Jakarta Mail reads it: the MIME parser finds the parts in the file and each part becomes a
 * range of the file ({@link #newStream}), not a copy in memory. It remembers each range's length, so a part's size is
 * known without reading it. The parser closes the stream it was given when it has found the parts; that is ignored,
 * since the parts still read the file: {@link #release()} closes the file, and with it every part's stream.
 */
final class SpooledBodyStream extends SharedFileInputStream {

    private final Map<InputStream, Long> rangeLengths = new IdentityHashMap<>();

    SpooledBodyStream(File file) throws IOException {
        super(file);
    }

    @Override
    public synchronized InputStream newStream(long start, long end) {
        InputStream range = super.newStream(start, end);
        rangeLengths.put(range, end < 0 ? -1 : end - start);
        return range;
    }

    /** The length of a range this stream made, or -1 when it is not known. */
    synchronized long lengthOf(InputStream range) {
        Long length = rangeLengths.get(range);
        return length == null ? -1 : length;
    }

    /** Ignored: the parts of the body are still being read. See {@link #release()}. */
    @Override
    public void close() {}

    /**
     * Closes the file, and with it every range's stream over it. The streams share one file handle, which Jakarta
     * Mail closes only when every stream made from it is closed; a part that was never read to its end would keep it
     * (and a deleted file's disk space) for ever, so the handle is closed here whatever is still open.
     */
    void release() throws IOException {
        RandomAccessFile handle;
        synchronized (this) {
            rangeLengths.clear();
            handle = in;
        }
        try {
            super.close();
        } finally {
            if (handle != null) {
                handle.close();
            }
        }
    }
}
