package nl.dkgw.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Intermediate CA certificates this node knows beforehand, offered for path building when a peer leaves them out (an
 * XML signature whose ds:KeyInfo holds only the signer's certificate). They never make anything trusted: a path must
 * still end at one of the {@link TrustAnchors}. Only intermediate CAs are accepted; roots belong in the trust store and
 * end-entity certificates in no CA list.
 */
public final class IntermediateCertificates {

    /** File name endings read from a directory; other files (a README, say) are left alone. */
    public static final List<String> FILE_ENDINGS = List.of(".pem", ".crt", ".cer", ".der");

    private static final IntermediateCertificates NONE = new IntermediateCertificates(List.of());

    private final List<X509Certificate> certificates;

    private IntermediateCertificates(List<X509Certificate> certificates) {
        this.certificates = List.copyOf(new LinkedHashSet<>(certificates));
    }

    public static IntermediateCertificates none() {
        return NONE;
    }

    /** The given certificates; refused (with the reason) when one of them is not an intermediate CA. */
    public static IntermediateCertificates of(List<X509Certificate> certificates) {
        certificates.forEach(c -> requireIntermediate(c, "the intermediate CA certificates"));
        return new IntermediateCertificates(certificates);
    }

    /**
     * Reads a PEM bundle (or a single DER file), or every {@code .pem}, {@code .crt}, {@code .cer} and {@code .der}
     * file of a directory.
     */
    public static IntermediateCertificates load(Path fileOrDirectory) {
        if (Files.isDirectory(fileOrDirectory)) {
            List<X509Certificate> all = new ArrayList<>();
            for (Path file : filesIn(fileOrDirectory)) {
                all.addAll(readChecked(file));
            }
            return new IntermediateCertificates(all);
        }
        if (!Files.exists(fileOrDirectory)) {
            throw new KeyMaterialException("Intermediate CA file or directory " + fileOrDirectory + " does not exist");
        }
        return new IntermediateCertificates(readChecked(fileOrDirectory));
    }

    /** Throws, with a message saying where the certificate belongs instead, unless it is an intermediate CA. */
    public static void requireIntermediate(X509Certificate certificate, String where) {
        CertificateKind kind = CertificateKind.of(certificate);
        if (kind == CertificateKind.INTERMEDIATE) {
            return;
        }
        String advice = kind == CertificateKind.ROOT
                ? "roots belong in the trust store, where each one is chosen deliberately"
                : "only CA certificates can complete a certification path";
        throw new KeyMaterialException(
                "'" + SubjectName.of(certificate) + "' in " + where + " is " + kind.description() + "; " + advice);
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    public boolean isEmpty() {
        return certificates.isEmpty();
    }

    private static List<X509Certificate> readChecked(Path file) {
        List<X509Certificate> read = PemCertificates.read(file);
        read.forEach(c -> requireIntermediate(c, file.toString()));
        return read;
    }

    private static List<Path> filesIn(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(IntermediateCertificates::isCertificateFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new KeyMaterialException(
                    "Cannot list intermediate CA directory " + directory + ": " + e.getMessage(), e);
        }
    }

    static boolean isCertificateFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return FILE_ENDINGS.stream().anyMatch(name::endsWith);
    }

    @Override
    public String toString() {
        Set<String> names = new LinkedHashSet<>();
        certificates.forEach(c -> names.add(SubjectName.of(c)));
        return "IntermediateCertificates" + names;
    }
}
