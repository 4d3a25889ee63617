package nl.dkgw.pki.cli;

import nl.dkgw.pki.SubjectName;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nl.dkgw.pki.CertificateThumbprint;
import nl.dkgw.pki.KeyMaterialException;
import nl.dkgw.pki.PemCertificates;
import nl.dkgw.pki.PkiOverheidRoots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code certs trust add FILE --store STORE}: adds root certificates to a PKCS#12 trust store. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Add the certificate(s) in FILE (PEM or DER) to a PKCS#12 trust store, creating it if needed. "
                + "A certificate that claims to be a PKIoverheid private root (G1, G4) but is not the published one "
                + "is refused.")
class TrustAddCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Certificate file (PEM or DER).")
    Path file;

    @Option(names = "--store", required = true, description = "PKCS#12 trust store file.")
    Path store;

    @Option(names = "--password", required = true, arity = "0..1", interactive = true,
            description = "Trust store password.")
    char[] password;

    @Option(names = "--alias", description = "Alias for the entry (default: derived from the subject CN).")
    String alias;

    @Override
    public Integer call() {
        return CommandErrors.run(spec, () -> {
            List<X509Certificate> certificates = PemCertificates.read(file);
            if (certificates.isEmpty()) {
                throw new KeyMaterialException("File " + file + " holds no certificates");
            }
            certificates.forEach(PkiOverheidRoots::requireGenuineIfClaimed);
            KeyStore keyStore = load();
            PrintWriter out = spec.commandLine().getOut();
            int index = 0;
            for (X509Certificate cert : certificates) {
                String subject = SubjectName.of(cert);
                String existing = keyStore.getCertificateAlias(cert);
                if (existing != null) {
                    out.println("Already trusted as '" + existing + "': " + subject);
                    continue;
                }
                String entryAlias = alias != null
                        ? (certificates.size() == 1 ? alias : alias + "-" + index)
                        : aliasFor(cert);
                keyStore.setCertificateEntry(entryAlias, cert);
                out.println("Added '" + entryAlias + "': " + subject + " (SHA-256 " + CertificateThumbprint.sha256(cert)
                        + ")" + (PkiOverheidRoots.isGenuine(cert) ? " [genuine PKIoverheid private root]" : "")
                        + (cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) ? ""
                                : " [note: not a root; trust anchors should be roots]"));
                index++;
            }
            if (store.getParent() != null) {
                Files.createDirectories(store.getParent());
            }
            try (OutputStream outStream = Files.newOutputStream(store)) {
                keyStore.store(outStream, password);
            }
            out.flush();
            return CertsCommand.OK;
        });
    }

    private KeyStore load() throws Exception {
        if (Files.exists(store)) {
            try {
                return KeyStore.getInstance(store.toFile(), password);
            } catch (java.io.IOException e) {
                throw new KeyMaterialException("Cannot open trust store " + store + ": " + e.getMessage()
                        + " (wrong password?)", e);
            }
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        return keyStore;
    }

    private static String aliasFor(X509Certificate cert) {
        String cn = SubjectName.of(cert).replaceAll("(?i).*CN=([^,]+).*", "$1");
        return cn.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
