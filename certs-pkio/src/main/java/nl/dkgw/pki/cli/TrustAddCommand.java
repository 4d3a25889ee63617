package nl.dkgw.pki.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nl.dkgw.pki.CertificateKind;
import nl.dkgw.pki.CertificateThumbprint;
import nl.dkgw.pki.KeyMaterialException;
import nl.dkgw.pki.PemCertificates;
import nl.dkgw.pki.PkiOverheidRoots;
import nl.dkgw.pki.SubjectName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code certs trust add FILE [--store STORE --password] [--intermediates FILE|DIR]}: adds root certificates to the
 * PKCS#12 trust store and intermediate CA certificates to the intermediates bundle or directory. Nothing is written
 * when any certificate of FILE is refused (an end-entity certificate, a fake PKIoverheid root, a kind of certificate
 * whose destination was not given).
 */
@Command(
        name = "add",
        mixinStandardHelpOptions = true,
        description = {
            "Add the certificate(s) in FILE (PEM or DER): roots to a PKCS#12 trust store (--store), "
                    + "created if needed; intermediate CA certificates to the PEM bundle or directory of "
                    + "tls.intermediates (--intermediates). Intermediates never become trust anchors.",
            "Refused, with nothing written: an end-entity (non-CA) certificate, and a certificate that claims to "
                    + "be a PKIoverheid private root (G1, G4) but is not the published one."
        })
class TrustAddCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Certificate file (PEM or DER).")
    Path file;

    @Option(names = "--store", description = "PKCS#12 trust store file (tls.trust-store); needed for roots.")
    Path store;

    @Option(
            names = "--password",
            arity = "0..1",
            interactive = true,
            description = "Trust store password; needed with --store.")
    char[] password;

    @Option(
            names = "--intermediates",
            paramLabel = "FILE|DIR",
            description = "PEM bundle or directory of intermediate CA certificates (tls.intermediates); needed for "
                    + "intermediates. An existing directory gets one .pem file per certificate.")
    Path intermediates;

    @Option(
            names = "--alias",
            description =
                    "Alias (file name for an intermediate) for the entry " + "(default: derived from the subject CN).")
    String alias;

    @Override
    public Integer call() {
        return CommandErrors.run(spec, () -> {
            List<X509Certificate> certificates = PemCertificates.read(file);
            if (certificates.isEmpty()) {
                throw new KeyMaterialException("File " + file + " holds no certificates");
            }
            certificates.forEach(PkiOverheidRoots::requireGenuineIfClaimed);
            List<X509Certificate> roots = new ArrayList<>();
            List<X509Certificate> cas = new ArrayList<>();
            for (X509Certificate cert : certificates) {
                switch (CertificateKind.of(cert)) {
                    case ROOT -> roots.add(cert);
                    case INTERMEDIATE -> cas.add(cert);
                    case END_ENTITY ->
                        throw new KeyMaterialException("'" + SubjectName.of(cert) + "' in " + file
                                + " is an end-entity certificate, not a CA: only root and intermediate CA certificates "
                                + "can be added; nothing was added");
                }
            }
            requireDestinations(roots, cas);
            PrintWriter out = spec.commandLine().getOut();
            int index = 0;
            if (!roots.isEmpty()) {
                index = addRoots(roots, certificates.size(), out);
            }
            if (!cas.isEmpty()) {
                addIntermediates(cas, certificates.size(), index, out);
            }
            out.flush();
            return CertsCommand.OK;
        });
    }

    private void requireDestinations(List<X509Certificate> roots, List<X509Certificate> cas) {
        if (!roots.isEmpty() && (store == null || password == null)) {
            throw new KeyMaterialException("'" + SubjectName.of(roots.get(0)) + "' is a root CA certificate: give "
                    + "--store (the tls.trust-store) and --password to add it to the trust store; nothing was added");
        }
        if (!cas.isEmpty() && intermediates == null) {
            throw new KeyMaterialException("'" + SubjectName.of(cas.get(0)) + "' is an intermediate CA certificate, "
                    + "which is never a trust anchor: give --intermediates FILE|DIR (the tls.intermediates of "
                    + "gateway.yml) to add it there; nothing was added");
        }
    }

    private int addRoots(List<X509Certificate> roots, int total, PrintWriter out) throws Exception {
        KeyStore keyStore = load();
        int index = 0;
        for (X509Certificate cert : roots) {
            String subject = SubjectName.of(cert);
            String existing = keyStore.getCertificateAlias(cert);
            if (existing != null) {
                out.println("Already trusted as '" + existing + "': " + subject);
                continue;
            }
            String entryAlias = aliasFor(cert, total, index);
            keyStore.setCertificateEntry(entryAlias, cert);
            out.println("Added root '" + entryAlias + "' to " + store + ": " + subject + " (SHA-256 "
                    + CertificateThumbprint.sha256(cert) + ")"
                    + (PkiOverheidRoots.isGenuine(cert) ? " [genuine PKIoverheid private root]" : ""));
            index++;
        }
        if (store.toAbsolutePath().getParent() != null) {
            Files.createDirectories(store.toAbsolutePath().getParent());
        }
        try (OutputStream outStream = Files.newOutputStream(store)) {
            keyStore.store(outStream, password);
        }
        return index;
    }

    private void addIntermediates(List<X509Certificate> cas, int total, int index, PrintWriter out) {
        IntermediatesDestination destination = new IntermediatesDestination(intermediates);
        for (X509Certificate cert : cas) {
            String subject = SubjectName.of(cert);
            if (destination.contains(cert)) {
                out.println("Already among the intermediates in " + intermediates + ": " + subject);
                continue;
            }
            Path written = destination.add(cert, aliasFor(cert, total, index));
            out.println("Added intermediate CA to " + written + ": " + subject + " (SHA-256 "
                    + CertificateThumbprint.sha256(cert) + ")");
            index++;
        }
    }

    private String aliasFor(X509Certificate cert, int total, int index) {
        if (alias != null) {
            return total == 1 ? alias : alias + "-" + index;
        }
        String cn = SubjectName.of(cert).replaceAll("(?i).*CN=([^,]+).*", "$1");
        return cn.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private KeyStore load() throws Exception {
        if (Files.exists(store)) {
            try {
                return KeyStore.getInstance(store.toFile(), password);
            } catch (IOException e) {
                throw new KeyMaterialException(
                        "Cannot open trust store " + store + ": " + e.getMessage() + " (wrong password?)", e);
            }
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        return keyStore;
    }
}
