package nl.dkgw.gateway.security;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lays base64 text out as Santuario serialises a CipherValue: lines of 76 characters, each but the last ended by a
 * CR LF whose CR the XML serialiser writes as the character reference {@code &#13;}. Closing it flushes but leaves the
 * underlying stream open, so the closing tags can follow.
 */
final class CipherValueLines extends FilterOutputStream {

    static final int LINE_LENGTH = 76;
    private static final byte[] LINE_END = "&#13;\n".getBytes(StandardCharsets.US_ASCII);

    private long written;

    CipherValueLines(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (written > 0 && written % LINE_LENGTH == 0) {
            out.write(LINE_END);
        }
        out.write(b);
        written++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int at = off;
        int end = off + len;
        while (at < end) {
            if (written > 0 && written % LINE_LENGTH == 0) {
                out.write(LINE_END);
            }
            int n = (int) Math.min(end - at, LINE_LENGTH - written % LINE_LENGTH);
            out.write(b, at, n);
            written += n;
            at += n;
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
