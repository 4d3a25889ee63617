package nl.dkgw.pki.validation;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.dkgw.pki.CertificateKind;
import nl.dkgw.pki.IntermediateCertificates;
import nl.dkgw.pki.InvalidOinException;
import nl.dkgw.pki.Oin;
import nl.dkgw.pki.SubjectName;
import nl.dkgw.pki.SubjectSerialNumber;
import nl.dkgw.pki.TrustAnchors;

/**
 * Validates PKIoverheid chains: a path to one of the trust anchors (built from the certificates the peer offers and the
 * configured intermediate CAs), every certificate valid at the moment asked,
 * SHA-2 signatures, the key usages Digikoppeling requires, a well-formed OIN, and (with a {@link CrlSource}) the CRL of
 * every CA up the chain.
 *
 * <p>A path that passed is remembered ({@link ValidatedPaths}): while the moment asked lies inside its certificates'
 * validity it is not built, PKIX-validated or checked again (the checks of validity, signature algorithm, key usage
 * and OIN depend only on the certificates, this validator's settings and that moment); revocation is checked on each
 * validation.
 */
public final class PkioCertificateValidator implements CertificateValidator {

    /** The gateway.yml key of the intermediate CA certificates, named in the advice when an issuer is missing. */
    public static final String INTERMEDIATES_KEY = "tls.intermediates";

    private final TrustAnchors anchors;
    private final IntermediateCertificates intermediates;
    private final Set<KeyUsage> requiredKeyUsage;
    private final boolean requireOin;
    private final Optional<RevocationCheck> revocation;
    private final ValidatedPaths validatedPaths = new ValidatedPaths();

    private PkioCertificateValidator(Builder builder) {
        this.anchors = builder.anchors;
        this.intermediates = builder.intermediates;
        this.requiredKeyUsage = Set.copyOf(builder.requiredKeyUsage);
        this.requireOin = builder.requireOin;
        this.revocation = Optional.ofNullable(builder.crlSource)
                .map(s -> new RevocationCheck(s, builder.crlGrace, Optional.ofNullable(builder.ocsp)));
    }

    public static Builder builder(TrustAnchors anchors) {
        return new Builder(anchors);
    }

    @Override
    public ValidationResult validate(List<X509Certificate> chain, Instant at) {
        if (chain == null || chain.isEmpty()) {
            return ValidationResult.invalid(List.of("No certificate was presented: [certificate required] the peer "
                    + "sent no certificate. What to do: configure the peer to present its PKIoverheid certificate."));
        }
        List<X509Certificate> offered = new ArrayList<>(chain);
        offered.addAll(intermediates.certificates());
        Optional<CertificationPath> remembered = validatedPaths.find(offered, at);
        List<String> problems = new ArrayList<>();
        if (remembered.isPresent()) {
            // every check below but revocation passed for these certificates when the path was remembered, and gives
            // the same answer at any moment inside the window find() keeps to
            revocation.ifPresent(r -> r.check(remembered.get(), at, problems));
            return problems.isEmpty() ? ValidationResult.ok() : ValidationResult.invalid(problems);
        }
        CertificationPath path = CertificationPath.build(offered, anchors, at);
        if (path.anchor().isEmpty()) {
            problems.add(noPathToRoot(chain.get(0), path.top()));
        }
        X509Certificate leaf = chain.get(0);
        if (path.path().isEmpty()) {
            checkValidity(leaf, at, problems);
        }
        for (X509Certificate cert : path.path()) {
            checkValidity(cert, at, problems);
            checkSignatureAlgorithm(cert, problems);
        }
        checkKeyUsage(leaf, problems);
        if (requireOin) {
            checkOin(leaf, problems);
        }
        if (problems.isEmpty()) {
            checkPkix(path, at, problems);
            if (problems.isEmpty()) {
                validatedPaths.remember(offered, path);
            }
        }
        if (problems.isEmpty()) {
            revocation.ifPresent(r -> r.check(path, at, problems));
        }
        return problems.isEmpty() ? ValidationResult.ok() : ValidationResult.invalid(problems);
    }

    /**
     * The path ends at a certificate whose issuer is nowhere to be found, or at a root that is not trusted: one
     * problem that names the missing issuer (or the untrusted root) and where to put it.
     */
    private String noPathToRoot(X509Certificate leaf, X509Certificate top) {
        String roots = anchors.certificates().stream()
                .map(CertificateProblem::subjectOf)
                .collect(Collectors.joining("; "));
        String from = "no path from '" + CertificateProblem.subjectOf(leaf) + "' to a trusted root: ";
        if (CertificateKind.of(top) == CertificateKind.ROOT) {
            return CertificateProblem.describe(
                    top,
                    "trusted root",
                    from + "it ends at root '"
                            + CertificateProblem.subjectOf(top) + "', which is not among the trust anchors (" + roots
                            + ")",
                    "add that root to the trust store only when it is a genuine PKIoverheid private root; a TRIAL, "
                            + "public or self-made root must not be trusted");
        }
        return CertificateProblem.describe(
                top,
                "trusted root",
                from + "issuer '" + SubjectName.issuerOf(top)
                        + "' not found among the certificates offered (the peer's, and for a signature the CPA's), "
                        + "the " + intermediates.certificates().size() + " configured intermediate CA certificate(s) "
                        + "and the trust anchors (" + roots + ")",
                "if that issuer is an intermediate CA, configure it under " + INTERMEDIATES_KEY + " or add it with "
                        + "'dkgw certs trust add FILE --intermediates " + INTERMEDIATES_KEY + "' (or ask the peer to "
                        + "send its full chain); if it is a root, add it to the trust store only when it is a genuine "
                        + "PKIoverheid private root");
    }

    private static void checkValidity(X509Certificate cert, Instant at, List<String> problems) {
        Instant notAfter = cert.getNotAfter().toInstant();
        Instant notBefore = cert.getNotBefore().toInstant();
        if (at.isAfter(notAfter)) {
            problems.add(CertificateProblem.describe(
                    cert,
                    "validity period",
                    "it expired on " + notAfter,
                    "the owner must renew the certificate and install the new one"));
        } else if (at.isBefore(notBefore)) {
            problems.add(CertificateProblem.describe(
                    cert,
                    "validity period",
                    "it is not yet valid: valid from " + notBefore,
                    "wait until it becomes valid, or check the clock of this machine"));
        }
    }

    private static void checkSignatureAlgorithm(X509Certificate cert, List<String> problems) {
        String algorithm = cert.getSigAlgName().toUpperCase(Locale.ROOT);
        if (algorithm.contains("SHA1")
                || algorithm.contains("SHA-1")
                || algorithm.contains("MD5")
                || algorithm.contains("MD2")
                || algorithm.contains("SHA224")) {
            problems.add(CertificateProblem.describe(
                    cert,
                    "SHA-2 signature",
                    "it is signed with " + cert.getSigAlgName()
                            + ", which PKIoverheid and Digikoppeling no longer accept",
                    "have the CA reissue it with a SHA-256 (or stronger) signature"));
        }
    }

    private void checkKeyUsage(X509Certificate leaf, List<String> problems) {
        Set<KeyUsage> present = KeyUsage.of(leaf);
        Set<KeyUsage> missing = EnumSet.noneOf(KeyUsage.class);
        missing.addAll(requiredKeyUsage);
        missing.removeAll(present);
        if (!missing.isEmpty()) {
            problems.add(CertificateProblem.describe(
                    leaf,
                    "key usage",
                    "it lacks keyUsage " + missing + " (it has " + present + ")",
                    "request a PKIoverheid services certificate with keyUsage digitalSignature and keyEncipherment"));
        }
    }

    private static void checkOin(X509Certificate leaf, List<String> problems) {
        Optional<String> serial = SubjectSerialNumber.of(leaf);
        if (serial.isEmpty()) {
            problems.add(CertificateProblem.describe(
                    leaf,
                    "OIN in subject serialNumber",
                    "the subject has no serialNumber attribute, so it carries no OIN or HRN",
                    "use a PKIoverheid organisation certificate; these carry the OIN in the subject serialNumber"));
            return;
        }
        try {
            Oin.parse(serial.get());
        } catch (InvalidOinException e) {
            problems.add(CertificateProblem.describe(
                    leaf,
                    "OIN in subject serialNumber",
                    e.getMessage(),
                    "request a certificate whose subject serialNumber is the organisation's registered OIN"));
        }
    }

    private void checkPkix(CertificationPath path, Instant at, List<String> problems) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            CertPath certPath = factory.generateCertPath(path.path());
            PKIXParameters parameters = new PKIXParameters(anchors.asPkixAnchors());
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            int index = e.getIndex();
            X509Certificate cert = index >= 0 && index < path.path().size()
                    ? path.path().get(index)
                    : path.path().get(0);
            problems.add(CertificateProblem.describe(
                    cert,
                    "PKIX path validation (" + e.getReason() + ")",
                    String.valueOf(e.getMessage()),
                    "check that the chain is a genuine PKIoverheid chain with CA certificates marked as CA"));
        } catch (GeneralSecurityException e) {
            problems.add(CertificateProblem.describe(
                    path.path().get(0),
                    "PKIX path validation",
                    String.valueOf(e.getMessage()),
                    "report this to the gateway maintainers"));
        }
    }

    /** How many validated paths are remembered now; for tests. */
    int rememberedPaths() {
        return validatedPaths.size();
    }

    /** Configures a validator. */
    public static final class Builder {
        private final TrustAnchors anchors;
        private IntermediateCertificates intermediates = IntermediateCertificates.none();
        private Set<KeyUsage> requiredKeyUsage = EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT);
        private boolean requireOin = true;
        private CrlSource crlSource;
        private Duration crlGrace = Duration.ZERO;
        private OcspClient ocsp;

        private Builder(TrustAnchors anchors) {
            this.anchors = Objects.requireNonNull(anchors, "anchors");
        }

        /**
         * Intermediate CA certificates offered for path building besides those the peer sends (never trusted by
         * themselves: a path must still end at one of the anchors).
         */
        public Builder intermediates(IntermediateCertificates known) {
            this.intermediates = Objects.requireNonNull(known, "intermediates");
            return this;
        }

        /** Key usages the end-entity certificate must have (default digitalSignature + keyEncipherment). */
        public Builder requiredKeyUsage(Set<KeyUsage> usages) {
            this.requiredKeyUsage = EnumSet.noneOf(KeyUsage.class);
            this.requiredKeyUsage.addAll(usages);
            return this;
        }

        /** Whether the end-entity certificate must carry a well-formed OIN/HRN (default true). */
        public Builder requireOin(boolean require) {
            this.requireOin = require;
            return this;
        }

        /** Check the CRL of every CA in the chain; a missing or expired CRL fails closed. */
        public Builder crlSource(CrlSource source) {
            this.crlSource = source;
            return this;
        }

        /** How long after its nextUpdate an expired CRL is still accepted (default zero: fail closed at once). */
        public Builder crlGrace(Duration grace) {
            this.crlGrace = Objects.requireNonNull(grace);
            return this;
        }

        /**
         * Ask the OCSP responder a certificate names first; its verified answer (good or revoked) replaces the CRL
         * check for that certificate. Needs a CRL source as well, for certificates without (answering) responder.
         */
        public Builder ocsp(OcspClient client) {
            this.ocsp = client;
            return this;
        }

        public PkioCertificateValidator build() {
            if (ocsp != null && crlSource == null) {
                throw new IllegalStateException("OCSP checking needs a CRL source as fallback (crlSource(...))");
            }
            return new PkioCertificateValidator(this);
        }
    }
}
