package nl.dkgw.pki.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import nl.dkgw.pki.CertificateThumbprint;
import nl.dkgw.pki.IntermediateCertificates;
import nl.dkgw.pki.InvalidOinException;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.KeyMaterialException;
import nl.dkgw.pki.Oin;
import nl.dkgw.pki.PemCertificates;
import nl.dkgw.pki.SubjectName;
import nl.dkgw.pki.SubjectSerialNumber;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.validation.CrlSource;
import nl.dkgw.pki.validation.DirectoryCrlSource;
import nl.dkgw.pki.validation.HttpCrlSource;
import nl.dkgw.pki.validation.KeyUsage;
import nl.dkgw.pki.validation.PkioCertificateValidator;
import nl.dkgw.pki.validation.ValidationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code certs show FILE}: describes a certificate (chain) in plain words. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Describe the certificate(s) in FILE (PEM, DER, or PKCS#12 with --password): subject, OIN, "
                + "issuer chain, validity, key usage and revocation status. Exit code 1 when a certificate is "
                + "expired, revoked or (with --trust) not valid.")
class ShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Certificate, chain or PKCS#12 file.")
    Path file;

    @Option(names = "--password", arity = "0..1", interactive = true, description = "PKCS#12 password.")
    char[] password;

    @Option(names = "--alias", description = "PKCS#12 entry to show when the file holds several.")
    String alias;

    @Option(names = "--crl-dir", description = "Directory with CRLs for the revocation status.")
    Path crlDir;

    @Option(names = "--fetch-crls", description = "Fetch CRLs from the certificates' distribution points.")
    boolean fetchCrls;

    @Option(
            names = "--trust",
            description = "Trust store (PKCS#12 with --trust-password, or PEM) to validate " + "the chain against.")
    Path trust;

    @Option(names = "--trust-password", arity = "0..1", interactive = true, description = "Trust store password.")
    char[] trustPassword;

    @Option(
            names = "--intermediates",
            paramLabel = "FILE|DIR",
            description = "Intermediate CA certificates (PEM "
                    + "bundle or directory, the node's tls.intermediates) to build the chain with when FILE holds only the "
                    + "own certificate.")
    Path intermediates;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        return CommandErrors.run(spec, () -> {
            List<X509Certificate> chain = read();
            Instant now = clock.instant();
            Optional<CrlSource> crls = crlSource();
            PrintWriter out = spec.commandLine().getOut();
            boolean problem = false;
            for (int i = 0; i < chain.size(); i++) {
                X509Certificate cert = chain.get(i);
                out.println("Certificate " + (i + 1) + " of " + chain.size()
                        + (i == 0 ? " (own certificate)" : selfSigned(cert) ? " (root)" : " (CA)"));
                out.println("  Subject:     " + SubjectName.of(cert));
                out.println("  OIN:         " + oin(cert));
                out.println("  Issued by:   " + SubjectName.issuerOf(cert));
                Instant from = cert.getNotBefore().toInstant();
                Instant to = cert.getNotAfter().toInstant();
                String validity;
                if (now.isAfter(to)) {
                    validity = "EXPIRED on " + to;
                    problem = true;
                } else if (now.isBefore(from)) {
                    validity = "NOT YET VALID: valid from " + from;
                    problem = true;
                } else {
                    validity = "valid from " + from + " until " + to + " ("
                            + Duration.between(now, to).toDays() + " days left)";
                }
                out.println("  Validity:    " + validity);
                out.println("  Key usage:   "
                        + describe(KeyUsage.of(cert).stream().map(Enum::name).toList()));
                out.println("  Ext. usage:  " + describe(extendedKeyUsage(cert)));
                out.println("  Signature:   " + cert.getSigAlgName());
                out.println("  SHA-256:     " + CertificateThumbprint.sha256(cert));
                Optional<X509Certificate> issuer = i + 1 < chain.size()
                        ? Optional.of(chain.get(i + 1))
                        : selfSigned(cert) ? Optional.empty() : anchorFor(cert);
                String revocation = revocation(cert, issuer, crls, now);
                if (revocation.startsWith("REVOKED")) {
                    problem = true;
                }
                out.println("  Revocation:  " + revocation);
            }
            if (trust != null) {
                TrustAnchors anchors = anchors();
                PkioCertificateValidator.Builder builder =
                        PkioCertificateValidator.builder(anchors).intermediates(knownIntermediates());
                crls.ifPresent(builder::crlSource);
                ValidationResult result = builder.build().validate(chain, now);
                if (result.valid()) {
                    out.println("Verdict: the chain is valid against " + trust
                            + (crls.isPresent() ? " (CRLs checked)" : " (CRLs not checked)"));
                } else {
                    out.println("Verdict: NOT valid against " + trust + ":");
                    result.problems().forEach(p -> out.println("  - " + p));
                    problem = true;
                }
            }
            out.flush();
            return problem ? CertsCommand.PROBLEM : CertsCommand.OK;
        });
    }

    private List<X509Certificate> read() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new KeyMaterialException("File " + file + " does not exist or is not a file");
        }
        if (looksLikePkcs12()) {
            if (password == null) {
                throw new KeyMaterialException(file + " is a PKCS#12 file; give its password with --password");
            }
            KeyStore store = KeyStore.getInstance(file.toFile(), password);
            List<String> keyAliases = new ArrayList<>();
            List<X509Certificate> trusted = new ArrayList<>();
            for (String a : Collections.list(store.aliases())) {
                if (store.isKeyEntry(a)) {
                    keyAliases.add(a);
                } else if (store.getCertificate(a) instanceof X509Certificate c) {
                    trusted.add(c);
                }
            }
            if (alias != null) {
                return KeyMaterial.fromKeyStore(store, alias, password, file.toString())
                        .chain();
            }
            if (keyAliases.size() == 1) {
                return KeyMaterial.fromKeyStore(store, keyAliases.get(0), password, file.toString())
                        .chain();
            }
            if (keyAliases.isEmpty()) {
                return trusted;
            }
            throw new KeyMaterialException(
                    file + " holds " + keyAliases.size() + " keys " + keyAliases + "; choose one with --alias");
        }
        List<X509Certificate> certs = PemCertificates.read(file);
        if (certs.isEmpty()) {
            throw new KeyMaterialException("File " + file + " holds no certificates");
        }
        return certs;
    }

    private boolean looksLikePkcs12() throws Exception {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(64);
            String text = new String(head, StandardCharsets.US_ASCII);
            if (text.contains("-----BEGIN")) {
                return false;
            }
        }
        try {
            PemCertificates.read(file);
            return false;
        } catch (KeyMaterialException e) {
            return true;
        }
    }

    private Optional<CrlSource> crlSource() {
        List<CrlSource> sources = new ArrayList<>();
        if (crlDir != null) {
            sources.add(new DirectoryCrlSource(crlDir));
        }
        if (fetchCrls) {
            sources.add(HttpCrlSource.withDefaults());
        }
        return sources.isEmpty() ? Optional.empty() : Optional.of(CrlSource.firstOf(sources.toArray(CrlSource[]::new)));
    }

    private TrustAnchors anchors() {
        String name = trust.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".jks")) {
            if (trustPassword == null) {
                throw new KeyMaterialException("Trust store " + trust + " needs --trust-password");
            }
            return TrustAnchors.fromKeyStore(trust, trustPassword);
        }
        return TrustAnchors.fromPem(trust);
    }

    private IntermediateCertificates knownIntermediates() {
        return intermediates == null ? IntermediateCertificates.none() : IntermediateCertificates.load(intermediates);
    }

    /** The issuer of the last certificate in the file: among the given intermediates, else a trust anchor. */
    private Optional<X509Certificate> anchorFor(X509Certificate cert) {
        List<X509Certificate> candidates = new ArrayList<>(knownIntermediates().certificates());
        if (trust != null) {
            candidates.addAll(anchors().certificates());
        }
        return candidates.stream()
                .filter(a -> a.getSubjectX500Principal().equals(cert.getIssuerX500Principal()))
                .findFirst();
    }

    private static String revocation(
            X509Certificate cert, Optional<X509Certificate> issuer, Optional<CrlSource> crls, Instant now) {
        if (crls.isEmpty()) {
            return "not checked (use --crl-dir DIR or --fetch-crls)";
        }
        if (issuer.isEmpty()) {
            return selfSigned(cert)
                    ? "not applicable (root certificates are trusted as they are)"
                    : "not checked: the issuer certificate is not in the file (add --intermediates or --trust)";
        }
        Optional<X509CRL> crl = crls.get().crlFor(cert, issuer.get());
        if (crl.isEmpty()) {
            return "UNKNOWN: no CRL of '" + SubjectName.of(issuer.get()) + "' found";
        }
        X509CRLEntry entry = crl.get().getRevokedCertificate(cert);
        String expiry = crl.get().getNextUpdate() == null
                ? ""
                : crl.get().getNextUpdate().toInstant().isBefore(now)
                        ? "; WARNING: that CRL expired at "
                                + crl.get().getNextUpdate().toInstant()
                        : "; CRL valid until " + crl.get().getNextUpdate().toInstant();
        if (entry != null) {
            return "REVOKED on " + entry.getRevocationDate().toInstant()
                    + (entry.getRevocationReason() == null ? "" : " (" + entry.getRevocationReason() + ")") + expiry;
        }
        return "not revoked" + expiry;
    }

    private static String oin(X509Certificate cert) {
        Optional<String> serial = SubjectSerialNumber.of(cert);
        if (serial.isEmpty()) {
            return "none (no subject serialNumber)";
        }
        try {
            Oin oin = Oin.parse(serial.get());
            return oin.value() + " (" + oin.register().description() + ")";
        } catch (InvalidOinException e) {
            return "'" + serial.get() + "' is not a valid OIN: " + e.getMessage();
        }
    }

    private static List<String> extendedKeyUsage(X509Certificate cert) {
        try {
            List<String> oids = cert.getExtendedKeyUsage();
            if (oids == null) {
                return List.of();
            }
            return oids.stream().map(ShowCommand::purposeName).collect(Collectors.toList());
        } catch (CertificateParsingException e) {
            return List.of("unreadable");
        }
    }

    private static String purposeName(String oid) {
        return switch (oid) {
            case "1.3.6.1.5.5.7.3.1" -> "serverAuth";
            case "1.3.6.1.5.5.7.3.2" -> "clientAuth";
            case "1.3.6.1.5.5.7.3.4" -> "emailProtection";
            case "1.3.6.1.5.5.7.3.3" -> "codeSigning";
            default -> oid;
        };
    }

    private static String describe(List<String> items) {
        return items.isEmpty() ? "none" : String.join(", ", items);
    }

    private static boolean selfSigned(X509Certificate cert) {
        return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal());
    }
}
