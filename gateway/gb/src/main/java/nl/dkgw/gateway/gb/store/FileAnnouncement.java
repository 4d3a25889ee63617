package nl.dkgw.gateway.gb.store;

import java.net.URI;
import nl.dkgw.gateway.gb.metadata.DataReference;
import nl.dkgw.gateway.gb.metadata.FileLocation;

/**
 * The metadata entry that announces a stored file to its receiver: its URL on the file endpoint (MD002, unique
 * because the id is), lifetime from storing to expiry (MD003, MD004), name, content type, size and SHA-256.
 */
public final class FileAnnouncement {

    private FileAnnouncement() {}

    /**
     * @param endpoint the public URL of the file endpoint's prefix, ending in '/', e.g.
     *                 {@code https://gb.example.nl/gb/files/}
     * @param contextId the application's context (MD008), or null
     */
    public static DataReference of(StoredFile file, URI endpoint, String contextId) {
        if (!endpoint.toString().endsWith("/")) {
            throw new IllegalArgumentException("the file endpoint URL ends with '/': " + endpoint);
        }
        return new DataReference(
                contextId,
                file.storedAt(),
                file.expiresAt(),
                file.filename(),
                file.contentType(),
                file.sha256(),
                file.size(),
                FileLocation.sender(endpoint.resolve(file.id().value())));
    }
}
