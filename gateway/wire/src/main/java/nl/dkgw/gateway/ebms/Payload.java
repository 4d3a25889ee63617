package nl.dkgw.gateway.ebms;

import java.util.Objects;

/** One payload part of a message: a MIME part referenced from the eb:Manifest by cid. */
public record Payload(String contentId, String contentType, byte[] data) {
    public Payload {
        Objects.requireNonNull(contentId, "contentId");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(data, "data");
    }
}
