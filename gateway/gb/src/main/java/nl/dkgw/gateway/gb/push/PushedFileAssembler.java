package nl.dkgw.gateway.gb.push;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import nl.dkgw.gateway.gb.metadata.PushReference;
import nl.dkgw.gateway.gb.transfer.FileCheck;
import nl.dkgw.gateway.gb.transfer.TransferFailure;
import nl.dkgw.pki.Oin;

/**
 * Makes the file a push transfer announced out of what its sender uploaded, in the transfer's directory: one plain
 * upload is moved to {@code <transfer id>.part}; parts are moved to {@code <transfer id>.<n>.piece} once all of them
 * are there, each checked against its size and checksum, then read one after the other and, for a ZIP container,
 * unpacked ({@link ZipContainer}) into {@code <transfer id>.unpacking}, which becomes {@code <transfer id>.part} when
 * whole. After a stop every step is taken up from what is on disk. The caller then checks the result against the
 * announced size and checksum, as for a pulled file.
 */
public final class PushedFileAssembler {

    private static final int BLOCK = 64 * 1024;

    /** How assembling went. */
    public sealed interface Outcome {
        /** The file is at {@code part}, to be checked against the announced size and checksum. */
        record Ready(Path part) implements Outcome {}

        /** These uploads are not there (yet); nothing was moved. */
        record Missing(List<String> names) implements Outcome {}

        /** What was uploaded does not make the file; the pieces are gone. */
        record Failed(TransferFailure failure) implements Outcome {}
    }

    private final PushedFileStore store;

    public PushedFileAssembler(PushedFileStore store) {
        this.store = store;
    }

    public Outcome assemble(Oin uploader, PushedUpload upload, Path dir, String transferId, long announcedSize)
            throws IOException {
        Path part = dir.resolve(transferId + ".part");
        if (Files.exists(part)) {
            return new Outcome.Ready(part);
        }
        if (upload.plain()) {
            String name = upload.pieces().get(0).name();
            return store.take(uploader, name, part) ? new Outcome.Ready(part) : new Outcome.Missing(List.of(name));
        }
        List<PushedUpload.Piece> pieces = upload.pieces();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            if (!Files.exists(piece(dir, transferId, i))
                    && !store.has(uploader, pieces.get(i).name())) {
                missing.add(pieces.get(i).name());
            }
        }
        if (!missing.isEmpty()) {
            return new Outcome.Missing(missing);
        }
        List<Path> taken = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            Path piece = piece(dir, transferId, i);
            if (!Files.exists(piece) && !store.take(uploader, pieces.get(i).name(), piece)) {
                // replaced or removed between the look and the move: looked at again on the next round
                return new Outcome.Missing(List.of(pieces.get(i).name()));
            }
            taken.add(piece);
        }
        for (int i = 0; i < pieces.size(); i++) {
            PushedUpload.Piece piece = pieces.get(i);
            if (piece.checksum() == null) {
                continue;
            }
            Optional<TransferFailure> problem = FileCheck.problem(taken.get(i), piece.size(), piece.checksum());
            if (problem.isPresent()) {
                discard(dir, transferId, pieces.size());
                return new Outcome.Failed(problem.get().after("part " + piece.name() + ": "));
            }
        }
        Path unpacking = dir.resolve(transferId + ".unpacking");
        Optional<TransferFailure> problem;
        try (InputStream joined = joined(taken)) {
            problem = upload.compression() == PushReference.Compression.ZIP4J
                    ? ZipContainer.unpack(joined, unpacking, announcedSize)
                    : copy(joined, unpacking);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (problem.isPresent()) {
            Files.deleteIfExists(unpacking);
            discard(dir, transferId, pieces.size());
            return new Outcome.Failed(problem.get());
        }
        Files.move(unpacking, part, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        discard(dir, transferId, pieces.size());
        return new Outcome.Ready(part);
    }

    /** Removes the pieces a transfer took (when it ends without them). */
    public static void discard(Path dir, String transferId, int pieces) throws IOException {
        for (int i = 0; i < pieces; i++) {
            Files.deleteIfExists(piece(dir, transferId, i));
        }
    }

    private static Path piece(Path dir, String transferId, int index) {
        return dir.resolve(transferId + "." + index + ".piece");
    }

    private static Optional<TransferFailure> copy(InputStream in, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[BLOCK];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        }
        return Optional.empty();
    }

    /** The pieces read one after the other, each opened only when the one before it is done. */
    private static InputStream joined(List<Path> pieces) {
        Iterator<Path> next = pieces.iterator();
        Enumeration<InputStream> streams = new Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return next.hasNext();
            }

            @Override
            public InputStream nextElement() {
                try {
                    return Files.newInputStream(next.next());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        return pieces.isEmpty() ? InputStream.nullInputStream() : new SequenceInputStream(streams);
    }
}
