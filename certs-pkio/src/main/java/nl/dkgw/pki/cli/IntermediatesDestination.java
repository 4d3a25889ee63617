package nl.dkgw.pki.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import nl.dkgw.pki.IntermediateCertificates;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * Where {@code certs trust add} puts intermediate CA certificates: the file or directory {@code tls.intermediates}
 * names. An existing directory gets one PEM file per certificate; any other path is a PEM bundle, created when missing,
 * to which certificates are appended. A certificate already there is not added twice.
 */
final class IntermediatesDestination {

    private final Path path;
    private final List<X509Certificate> present;

    IntermediatesDestination(Path path) {
        this.path = path;
        this.present = new ArrayList<>(
                Files.exists(path) ? IntermediateCertificates.load(path).certificates() : List.of());
    }

    boolean contains(X509Certificate certificate) {
        return present.contains(certificate);
    }

    /** Adds the certificate and returns the file it was written to. */
    Path add(X509Certificate certificate, String name) {
        try {
            String pem = pem(certificate);
            Path file;
            if (Files.isDirectory(path)) {
                file = freeFileName(name);
                Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
            } else {
                file = path;
                if (path.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(path.toAbsolutePath().getParent());
                }
                String separator = Files.exists(path)
                                && !Files.readString(path, StandardCharsets.US_ASCII)
                                        .endsWith("\n")
                        ? "\n"
                        : "";
                Files.writeString(
                        path,
                        separator + pem,
                        StandardCharsets.US_ASCII,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            present.add(certificate);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot write intermediate CA certificate to " + path + ": " + e.getMessage(), e);
        }
    }

    private Path freeFileName(String name) {
        Path candidate = path.resolve(name + ".pem");
        for (int i = 2; Files.exists(candidate); i++) {
            candidate = path.resolve(name + "-" + i + ".pem");
        }
        return candidate;
    }

    private static String pem(X509Certificate certificate) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(certificate);
        }
        return text.toString();
    }
}
