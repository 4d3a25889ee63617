package nl.dkgw.gateway.gb.push;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import nl.dkgw.gateway.gb.metadata.Checksum;
import nl.dkgw.gateway.gb.metadata.ChecksumAlgorithm;
import nl.dkgw.gateway.gb.metadata.PushReference;

/**
 * What a push transfer waits for on the receiving node: the uploads of one party (by OIN) that together make one
 * announced file, in order, and whether they are a ZIP container (GB017). One upload without compression is the file
 * itself; several are the parts of one file, concatenated in the order the push request lists them (with {@code
 * ZIP4J}: the volumes of a split archive), each checked against its own size and checksum first.
 *
 * <p>It is kept as text in the transfer's location (the {@code url} column of {@code gb_transfer}, at most
 * {@value #MAX_LENGTH} characters): {@code gb-push:<oin>/<name>} for one uncompressed upload (as before parts were
 * taken), otherwise {@code gb-push:<oin>/<compression>/<piece>;<piece>...} with a piece {@code <name>} or {@code
 * <name>:<size>:<checksum type>:<hex>}. Upload names are MD007 names, so {@code /}, {@code :} and {@code ;} never
 * occur in them.
 */
public record PushedUpload(String uploader, PushReference.Compression compression, List<Piece> pieces) {

    public static final String SCHEME = "gb-push:";
    /** The length of the column the location is kept in. */
    public static final int MAX_LENGTH = 2048;

    /** One upload: its name on the push endpoint and, for a part, the size and checksum the request gave it. */
    public record Piece(String name, long size, Checksum checksum) {
        public Piece {
            PushedFileStore.name(name).orElseThrow(() -> new IllegalArgumentException("not an upload name: " + name));
        }

        public static Piece whole(String name) {
            return new Piece(name, -1, null);
        }

        public Optional<Checksum> checksumIfAny() {
            return Optional.ofNullable(checksum);
        }
    }

    public PushedUpload {
        Objects.requireNonNull(uploader, "uploader");
        Objects.requireNonNull(compression, "compression");
        pieces = List.copyOf(pieces);
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("a pushed file is at least one upload");
        }
    }

    /** Whether this is one upload that is the file itself, taken without unpacking or joining. */
    public boolean plain() {
        return compression == PushReference.Compression.NONE && pieces.size() == 1;
    }

    public static boolean isLocation(String location) {
        return location != null && location.startsWith(SCHEME);
    }

    /** The text kept in the transfer row. */
    public String location() {
        if (plain() && pieces.get(0).checksum() == null) {
            return SCHEME + uploader + "/" + pieces.get(0).name();
        }
        StringBuilder out = new StringBuilder(SCHEME)
                .append(uploader)
                .append('/')
                .append(compression)
                .append('/');
        for (int i = 0; i < pieces.size(); i++) {
            Piece piece = pieces.get(i);
            out.append(i == 0 ? "" : ";").append(piece.name());
            if (piece.checksum() != null) {
                out.append(':')
                        .append(piece.size())
                        .append(':')
                        .append(piece.checksum().algorithm().metadataName())
                        .append(':')
                        .append(piece.checksum().hex());
            }
        }
        return out.toString();
    }

    /** Whether the location fits the column it is kept in. */
    public boolean fits() {
        return location().length() <= MAX_LENGTH;
    }

    /** Reads a location written by {@link #location()}. */
    public static PushedUpload parse(String location) {
        if (!isLocation(location)) {
            throw new IllegalArgumentException("not a pushed file's location: " + location);
        }
        String[] fields = location.substring(SCHEME.length()).split("/", -1);
        if (fields.length == 2) {
            return new PushedUpload(fields[0], PushReference.Compression.NONE, List.of(Piece.whole(fields[1])));
        }
        if (fields.length != 3) {
            throw new IllegalArgumentException("not a pushed file's location: " + location);
        }
        List<Piece> pieces = new ArrayList<>();
        for (String piece : fields[2].split(";", -1)) {
            String[] p = piece.split(":", -1);
            if (p.length == 1) {
                pieces.add(Piece.whole(p[0]));
            } else if (p.length == 4) {
                ChecksumAlgorithm algorithm = ChecksumAlgorithm.byMetadataName(p[2])
                        .orElseThrow(() -> new IllegalArgumentException("unknown checksum type " + p[2]));
                pieces.add(new Piece(p[0], Long.parseLong(p[1]), new Checksum(algorithm, p[3])));
            } else {
                throw new IllegalArgumentException("not a piece of a pushed file: " + piece);
            }
        }
        return new PushedUpload(fields[0], PushReference.Compression.valueOf(fields[1]), pieces);
    }
}
