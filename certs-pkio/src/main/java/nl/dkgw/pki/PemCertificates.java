package nl.dkgw.pki;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reads X.509 certificates from PEM or DER files. */
public final class PemCertificates {
    private PemCertificates() {}

    /** All certificates in a PEM (one or more blocks) or DER file, in file order. */
    public static List<X509Certificate> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> result = new ArrayList<>();
            factory.generateCertificates(in).forEach(c -> result.add((X509Certificate) c));
            return result;
        } catch (IOException e) {
            throw new KeyMaterialException("Cannot read certificate file " + file + ": " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new KeyMaterialException(
                    "File " + file + " does not hold readable X.509 certificates (PEM or DER): " + e.getMessage(), e);
        }
    }
}
