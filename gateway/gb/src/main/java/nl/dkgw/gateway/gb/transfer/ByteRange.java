package nl.dkgw.gateway.gb.transfer;

/** An inclusive range of byte positions in a file of known size. */
public record ByteRange(long first, long last) {

    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("not a byte range: " + first + "-" + last);
        }
    }

    public long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} value of a 206 answer. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }
}
