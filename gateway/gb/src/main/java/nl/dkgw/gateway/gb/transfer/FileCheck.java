package nl.dkgw.gateway.gb.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import nl.dkgw.gateway.gb.metadata.Checksum;

/**
 * Whether a file that arrived (pulled or pushed) is the file the metadata announced: its size (GB014), then its
 * checksum with the metadata's algorithm (GB015), read from disk in blocks.
 */
public final class FileCheck {

    private static final int BLOCK = 64 * 1024;

    private FileCheck() {}

    /** Empty when the file is the announced one; otherwise why not, with the standard's code. */
    public static Optional<TransferFailure> problem(Path file, long size, Checksum checksum) throws IOException {
        long have = Files.exists(file) ? Files.size(file) : 0;
        if (have != size) {
            return Optional.of(new TransferFailure(
                    GbError.INCORRECT_FILE_SIZE,
                    "size error: the metadata announced " + size + " bytes, the received file has " + have));
        }
        MessageDigest digest = checksum.algorithm().newDigest();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(BLOCK);
            while (in.read(buffer) > 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        byte[] actual = digest.digest();
        if (!checksum.matches(actual)) {
            return Optional.of(new TransferFailure(
                    GbError.CHECKSUM_ERROR,
                    "checksum error: the metadata announced " + checksum
                            + ", the received file has " + checksum.algorithm().metadataName() + ":"
                            + HexFormat.of().formatHex(actual)));
        }
        return Optional.empty();
    }
}
