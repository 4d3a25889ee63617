package nl.dkgw.pki.validation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CRLs from a local directory (files ending in .crl, .der or .pem, DER or PEM encoded), matched to a certificate by
 * issuer name and signature. Files are re-read when they change.
 */
public final class DirectoryCrlSource implements CrlSource {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryCrlSource.class);

    private record Loaded(FileTime modified, long size, List<X509CRL> crls) {}

    private final Path directory;
    private final Map<Path, Loaded> cache = new ConcurrentHashMap<>();

    public DirectoryCrlSource(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public Optional<X509CRL> crlFor(X509Certificate certificate, X509Certificate issuer) {
        return all().stream()
                .filter(crl -> crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()))
                .filter(crl -> signedBy(crl, issuer))
                .max(Comparator.comparing(X509CRL::getThisUpdate));
    }

    /** Every CRL currently in the directory. */
    public List<X509CRL> all() {
        List<X509CRL> result = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return result;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.{crl,der,pem}")) {
            for (Path file : files) {
                result.addAll(load(file));
            }
        } catch (IOException e) {
            LOG.warn("Cannot list CRL directory {}: {}", directory, e.getMessage());
        }
        return result;
    }

    private List<X509CRL> load(Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            Loaded loaded = cache.get(file);
            if (loaded != null && loaded.modified().equals(modified) && loaded.size() == size) {
                return loaded.crls();
            }
            List<X509CRL> crls = new ArrayList<>();
            try (InputStream in = Files.newInputStream(file)) {
                for (CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
                    crls.add((X509CRL) crl);
                }
            }
            cache.put(file, new Loaded(modified, size, crls));
            return crls;
        } catch (Exception e) {
            LOG.warn("Skipping unreadable CRL file {}: {}", file, e.getMessage());
            return List.of();
        }
    }

    static boolean signedBy(X509CRL crl, X509Certificate issuer) {
        try {
            crl.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
