package nl.dkgw.gateway.gb.metadata;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The metadata of one large file ({@code data-reference}): when it is available (optional creation and expiration
 * time, MD003/MD004), its name, content type, checksum and size (MD005-MD009), where it is (MD010), and an optional
 * application context id (MD008).
 */
public record DataReference(
        String contextId,
        Instant creationTime,
        Instant expirationTime,
        String filename,
        String contentType,
        Checksum checksum,
        long size,
        FileLocation location) {

    /** MD007: at most 200 letters, digits, dots, underscores and hyphens; the schema makes it an NCName too. */
    public static final int MAX_FILENAME_LENGTH = 200;

    private static final Pattern FILENAME = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]*");

    public DataReference {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(location, "location");
        requireValidFilename(filename);
        if (contentType.isBlank()) {
            throw new IllegalArgumentException("a GB file needs its content type (MD009)");
        }
        if (size < 0) {
            throw new IllegalArgumentException("a file size is not negative: " + size);
        }
        if (creationTime != null && expirationTime != null && expirationTime.isBefore(creationTime)) {
            throw new IllegalArgumentException(
                    "the file expires (" + expirationTime + ") before it is available (" + creationTime + ")");
        }
    }

    /** Refuses a name MD007 and the schema's NCName do not allow, before a file is stored under it. */
    public static String requireValidFilename(String filename) {
        if (filename.length() > MAX_FILENAME_LENGTH
                || !FILENAME.matcher(filename).matches()) {
            throw new IllegalArgumentException("a GB filename is at most " + MAX_FILENAME_LENGTH + " letters, digits, "
                    + "'.', '_' and '-', starting with a letter or '_' (MD007 and the schema's NCName), not '"
                    + filename + "'");
        }
        return filename;
    }

    public Optional<String> contextIdIfAny() {
        return Optional.ofNullable(contextId);
    }

    public Optional<Instant> creationTimeIfAny() {
        return Optional.ofNullable(creationTime);
    }

    public Optional<Instant> expirationTimeIfAny() {
        return Optional.ofNullable(expirationTime);
    }
}
