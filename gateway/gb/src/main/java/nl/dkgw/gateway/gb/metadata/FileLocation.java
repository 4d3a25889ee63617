package nl.dkgw.gateway.gb.metadata;

import java.net.URI;
import java.util.Objects;

/**
 * Where the file is to be found (pull: the sender's URL, {@code senderUrl}) or put (push: the receiver's URL,
 * {@code receiverUrl}); the 2010/10 schema allows either.
 */
public record FileLocation(Kind kind, URI url) {

    public enum Kind {
        SENDER_URL("senderUrl"),
        RECEIVER_URL("receiverUrl");

        private final String elementName;

        Kind(String elementName) {
            this.elementName = elementName;
        }

        public String elementName() {
            return elementName;
        }
    }

    public FileLocation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException(
                    "a Grote Berichten file URL is an absolute https URL with a host (GB006), not '" + url + "'");
        }
    }

    public static FileLocation sender(URI url) {
        return new FileLocation(Kind.SENDER_URL, url);
    }
}
