package nl.dkgw.gateway.gb.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Properties;
import nl.dkgw.gateway.gb.metadata.Checksum;
import nl.dkgw.gateway.gb.metadata.ChecksumAlgorithm;
import nl.dkgw.pki.Oin;

/**
 * The small properties file kept beside each stored file, describing it; written to a temporary name and moved into
 * place, so a reader sees either no descriptor or a whole one.
 */
final class StoredFileDescriptor {

    private StoredFileDescriptor() {}

    static void write(StoredFile file, Path target) throws IOException {
        Properties p = new Properties();
        p.setProperty("id", file.id().value());
        p.setProperty("filename", file.filename());
        p.setProperty("contentType", file.contentType());
        p.setProperty("size", Long.toString(file.size()));
        p.setProperty("sha256", file.sha256().hex());
        p.setProperty("receiver", file.receiver().value());
        p.setProperty("storedAt", file.storedAt().toString());
        p.setProperty("expiresAt", file.expiresAt().toString());
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            p.store(out, "dkgw Grote Berichten stored file");
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static StoredFile read(Path source) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(source)) {
            p.load(in);
        }
        try {
            return new StoredFile(
                    new FileId(p.getProperty("id")),
                    p.getProperty("filename"),
                    p.getProperty("contentType"),
                    Long.parseLong(p.getProperty("size")),
                    new Checksum(ChecksumAlgorithm.SHA256, p.getProperty("sha256")),
                    Oin.parse(p.getProperty("receiver")),
                    Instant.parse(p.getProperty("storedAt")),
                    Instant.parse(p.getProperty("expiresAt")));
        } catch (RuntimeException e) {
            throw new IOException("the descriptor " + source + " is damaged: " + e.getMessage(), e);
        }
    }
}
