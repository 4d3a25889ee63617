package nl.dkgw.gateway.gb.download;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;
import nl.dkgw.gateway.gb.metadata.Checksum;
import nl.dkgw.gateway.gb.metadata.DataReference;
import nl.dkgw.gateway.gb.metadata.FileLocation;

/**
 * One file to fetch: a transfer id chosen by the caller (it names the part, state and result files, so it is
 * restricted to a safe file name), the sender's URL, and the size and checksum the metadata announced.
 */
public record DownloadRequest(String transferId, URI url, long size, Checksum checksum) {

    private static final Pattern TRANSFER_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");

    public DownloadRequest {
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(checksum, "checksum");
        if (!TRANSFER_ID.matcher(transferId).matches()) {
            throw new IllegalArgumentException("a transfer id is 1 to 100 letters, digits, '.', '_' or '-', not "
                    + "starting with '.': " + transferId);
        }
        if (size < 0) {
            throw new IllegalArgumentException("a file size is not negative: " + size);
        }
    }

    /** The download a pull metadata entry asks for. */
    public static DownloadRequest of(String transferId, DataReference reference) {
        if (reference.location().kind() != FileLocation.Kind.SENDER_URL) {
            throw new IllegalArgumentException("the metadata gives a receiverUrl (push), there is nothing to fetch");
        }
        return new DownloadRequest(transferId, reference.location().url(), reference.size(), reference.checksum());
    }
}
