package nl.dkgw.pki.validation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.PublicKey;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
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
 * issuer name and signature. Files are re-read when they change; the directory is listed again when it changes.
 */
public final class DirectoryCrlSource implements CrlSource {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryCrlSource.class);

    private record Loaded(FileTime modified, long size, List<KnownCrl> crls) {}

    /**
     * A CRL read from a file, with the issuer keys its signature was checked against and the outcome: a CRL does not
     * change once read (a changed file is read again into new ones), so its signature is checked once per key instead
     * of at every look-up (two per certificate path validated, on each message on a signed link).
     */
    private static final class KnownCrl {

        private final X509CRL crl;
        private final Map<PublicKey, Boolean> signedBy = new ConcurrentHashMap<>();

        KnownCrl(X509CRL crl) {
            this.crl = crl;
        }

        boolean signedBy(X509Certificate issuer) {
            return signedBy.computeIfAbsent(issuer.getPublicKey(), key -> DirectoryCrlSource.signedBy(crl, key));
        }
    }

    /**
     * How long after the directory's last change a listing must have been taken to be reused: a file system whose
     * clock is coarse (a second or two) could otherwise give a change right after the listing the same time.
     */
    private static final Duration SETTLED = Duration.ofSeconds(2);

    /** The directory's CRL files as listed at {@code listedAt}, when it was last changed at {@code modified}. */
    private record Listing(FileTime modified, Instant listedAt, List<Path> files) {

        boolean stillValid(FileTime now) {
            return modified.equals(now) && listedAt.isAfter(modified.toInstant().plus(SETTLED));
        }
    }

    private volatile Listing listing;

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
        return known().stream()
                .filter(known -> known.crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()))
                .filter(known -> known.signedBy(issuer))
                .map(known -> known.crl)
                .max(Comparator.comparing(X509CRL::getThisUpdate));
    }

    /** Every CRL currently in the directory. */
    public List<X509CRL> all() {
        return known().stream().map(known -> known.crl).toList();
    }

    private List<KnownCrl> known() {
        List<KnownCrl> result = new ArrayList<>();
        for (Path file : files()) {
            result.addAll(load(file));
        }
        return result;
    }

    /**
     * The CRL files in the directory: listed again only when the directory changed (a file added, removed or
     * renamed changes its modification time), so a lookup per message costs one look at the directory's attributes,
     * not a listing. A file rewritten in place does not change the directory; {@link #load} notices that.
     */
    private List<Path> files() {
        FileTime modified;
        try {
            BasicFileAttributes attributes = Files.readAttributes(directory, BasicFileAttributes.class);
            if (!attributes.isDirectory()) {
                return List.of();
            }
            modified = attributes.lastModifiedTime();
        } catch (IOException e) {
            return List.of(); // no directory: no CRLs, as before it exists
        }
        Listing known = listing;
        if (known != null && known.stillValid(modified)) {
            return known.files();
        }
        Instant listedAt = Instant.now();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(directory, "*.{crl,der,pem}")) {
            found.forEach(files::add);
        } catch (IOException e) {
            LOG.warn("Cannot list CRL directory {}: {}", directory, e.getMessage());
            return files;
        }
        listing = new Listing(modified, listedAt, List.copyOf(files));
        return files;
    }

    private List<KnownCrl> load(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            FileTime modified = attributes.lastModifiedTime();
            long size = attributes.size();
            Loaded loaded = cache.get(file);
            if (loaded != null && loaded.modified().equals(modified) && loaded.size() == size) {
                return loaded.crls();
            }
            List<KnownCrl> crls = new ArrayList<>();
            try (InputStream in = Files.newInputStream(file)) {
                for (CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
                    crls.add(new KnownCrl((X509CRL) crl));
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
        return signedBy(crl, issuer.getPublicKey());
    }

    private static boolean signedBy(X509CRL crl, PublicKey issuerKey) {
        try {
            crl.verify(issuerKey);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
