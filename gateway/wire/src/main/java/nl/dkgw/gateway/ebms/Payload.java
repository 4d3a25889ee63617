package nl.dkgw.gateway.ebms;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * One payload part of a message: a MIME part referenced from the eb:Manifest by cid. Its bytes are a {@link
 * PayloadContent}, opened as a stream, so a part need not fit in memory.
 */
public record Payload(String contentId, String contentType, PayloadContent content) {
    public Payload {
        Objects.requireNonNull(contentId, "contentId");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(content, "content");
    }

    /** A part whose bytes are in memory. */
    public Payload(String contentId, String contentType, byte[] data) {
        this(contentId, contentType, PayloadContent.of(Objects.requireNonNull(data, "data")));
    }

    /**
     * The whole part in memory. For parts known to be small (metadata documents, tests); the message path streams
     * through {@link #open()}.
     */
    public byte[] data() {
        return content.bytes();
    }

    /** A fresh stream over the part's bytes; the caller closes it. */
    public InputStream open() throws IOException {
        return content.open();
    }

    /** The part's size in bytes, or -1 when not known without reading it. */
    public long size() {
        return content.length();
    }
}
