package nl.dkgw.gateway.gb.metadata;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One file of a push request ({@code data-reference-request}, 2020/09): the file the sender uploaded to the
 * receiver's URL (MD010), its name, content type, checksum and size, the compression (GB017) and the ZIP parts if the
 * sender split it, and an optional application context id (MD008).
 */
public record PushReference(
        String contextId,
        Compression compression,
        String filename,
        String contentType,
        Checksum checksum,
        long size,
        URI receiverUrl,
        List<Part> parts) {

    /** The push schema's compression values. */
    public enum Compression {
        NONE,
        ZIP4J
    }

    /** One ZIP part of a compressed file. */
    public record Part(String filename, Checksum checksum, long size) {
        public Part {
            requireValidFilename(filename);
            Objects.requireNonNull(checksum, "checksum");
        }
    }

    private static final Pattern FILENAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    public PushReference {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(receiverUrl, "receiverUrl");
        requireValidFilename(filename);
        if (contentType.isBlank()) {
            throw new IllegalArgumentException("a GB file needs its content type (MD009)");
        }
        if (size < 0) {
            throw new IllegalArgumentException("a file size is not negative: " + size);
        }
        if (!"https".equalsIgnoreCase(receiverUrl.getScheme()) || receiverUrl.getHost() == null) {
            throw new IllegalArgumentException(
                    "a Grote Berichten file URL is an absolute https URL with a host (GB006), not '" + receiverUrl
                            + "'");
        }
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    /** MD007: at most 200 letters, digits, dots, underscores and hyphens (the push schema says only xs:string). */
    static String requireValidFilename(String filename) {
        if (filename == null || !FILENAME.matcher(filename).matches()) {
            throw new IllegalArgumentException(
                    "a GB filename is 1 to 200 letters, digits, '.', '_' and '-' (MD007), " + "not '" + filename + "'");
        }
        return filename;
    }

    /** An uncompressed file in one piece, as dkgw pushes it. */
    public static PushReference of(String filename, String contentType, Checksum checksum, long size, URI receiverUrl) {
        return new PushReference(null, Compression.NONE, filename, contentType, checksum, size, receiverUrl, List.of());
    }

    public Optional<String> contextIdIfAny() {
        return Optional.ofNullable(contextId);
    }
}
