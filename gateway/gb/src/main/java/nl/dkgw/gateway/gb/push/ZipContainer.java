package nl.dkgw.gateway.gb.push;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import nl.dkgw.gateway.gb.transfer.GbError;
import nl.dkgw.gateway.gb.transfer.TransferFailure;

/**
 * The ZIP container a sender may put around a pushed file (GB017, compression {@code ZIP4J}): one archive, or the
 * volumes of a split archive read one after the other, holding exactly one file. It is unpacked as a stream in
 * blocks, never whole in memory; the names of its entries are never used (the file goes where the caller says), and
 * unpacking stops as soon as it yields more bytes than the push request announced, so a small archive cannot fill
 * the disk.
 */
public final class ZipContainer {

    /** The four bytes a split archive's first volume starts with (the ZIP "spanning" marker, PK 7 8). */
    private static final byte[] SPLIT_MARKER = {0x50, 0x4b, 0x07, 0x08};

    private static final int BLOCK = 64 * 1024;

    private ZipContainer() {}

    /**
     * Unpacks the one file in {@code archive} to {@code target} (created or replaced).
     *
     * @param announcedSize the size of the unpacked file the push request announced; unpacking stops beyond it
     * @return empty when one file came out of the archive (its size and checksum are still to be checked); otherwise
     *     why not: {@code DECOMPRESSION_ERROR} for an archive that does not unpack or holds no or several files,
     *     {@code INCORRECT_FILE_SIZE} for one that unpacks to more than announced
     * @throws IOException when {@code target} cannot be written (a local problem, not the sender's)
     */
    public static Optional<TransferFailure> unpack(InputStream archive, Path target, long announcedSize)
            throws IOException {
        try (ZipInputStream zip = new ZipInputStream(withoutSplitMarker(archive))) {
            ZipEntry entry = nextFile(zip);
            if (entry == null) {
                return decompressionError("the ZIP archive holds no file");
            }
            long written = 0;
            try (OutputStream out = Files.newOutputStream(
                    target,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[BLOCK];
                int n;
                while ((n = zip.read(buffer)) > 0) {
                    if (written + n > announcedSize) {
                        return Optional.of(new TransferFailure(
                                GbError.INCORRECT_FILE_SIZE,
                                "size error: the file in the ZIP archive is larger than the announced " + announcedSize
                                        + " bytes; unpacking stopped there"));
                    }
                    out.write(buffer, 0, n);
                    written += n;
                }
            }
            if (nextFile(zip) != null) {
                return decompressionError("the ZIP archive holds more than one file");
            }
            return Optional.empty();
        } catch (ZipException | EOFException e) {
            return decompressionError("the ZIP archive does not unpack: " + e.getMessage());
        }
    }

    private static Optional<TransferFailure> decompressionError(String detail) {
        return Optional.of(new TransferFailure(GbError.DECOMPRESSION_ERROR, detail));
    }

    /** The next entry that is not a directory; null at the end of the entries. */
    private static ZipEntry nextFile(ZipInputStream zip) throws IOException {
        ZipEntry entry;
        do {
            entry = zip.getNextEntry();
        } while (entry != null && entry.isDirectory());
        return entry;
    }

    /** The archive without the marker a split archive starts with, which a plain ZIP reader does not expect. */
    private static InputStream withoutSplitMarker(InputStream archive) throws IOException {
        PushbackInputStream in = new PushbackInputStream(archive, SPLIT_MARKER.length);
        byte[] head = in.readNBytes(SPLIT_MARKER.length);
        if (!Arrays.equals(head, SPLIT_MARKER)) {
            in.unread(head);
        }
        return in;
    }
}
