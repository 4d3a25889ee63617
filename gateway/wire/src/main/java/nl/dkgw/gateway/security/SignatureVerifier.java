package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFailureException.Reason.DIGEST_MISMATCH;
import static nl.dkgw.gateway.security.SecurityFailureException.Reason.MALFORMED_SIGNATURE;
import static nl.dkgw.gateway.security.SecurityFailureException.Reason.MORE_THAN_ONE_SIGNATURE;
import static nl.dkgw.gateway.security.SecurityFailureException.Reason.NOT_SIGNED;
import static nl.dkgw.gateway.security.SecurityFailureException.Reason.SIGNATURE_VALUE_INVALID;
import static nl.dkgw.gateway.security.SecurityFailureException.Reason.SIGNER_CERTIFICATE_INVALID;
import static nl.dkgw.gateway.security.SecurityFailureException.Reason.SIGNER_CERTIFICATE_MISSING;
import static nl.dkgw.gateway.security.SecurityFailureException.Reason.SIGNER_NOT_IN_CPA;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.pki.validation.CertificateValidator;
import nl.dkgw.pki.validation.ValidationResult;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.VerifiedReference;
import org.apache.xml.security.signature.XMLSignature;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Verifies the ebMS 2.0 signature of an inbound envelope and its payload parts. In this order: exactly one
 * ds:Signature in SOAP:Header; accepted algorithms and the ebMS reference layout (every payload part covered); no
 * element outside the header blocks that the nextMSH XPath filter would leave unsigned; the
 * certificate in ds:KeyInfo equals the CPA's signing certificate of the From party; signature value and every
 * reference digest (Santuario, secure validation on); the certificate passes the {@link CertificateValidator} (chain,
 * validity, key usage, CRL). The signer's path to a trusted root is built from the certificates in ds:KeyInfo, the
 * party's certificates in the CPA and the validator's configured intermediate CAs: a signer may carry only its own
 * certificate. The first failing check throws {@link SecurityFailureException}.
 *
 * <p>When the profile also encrypts, decrypt the payload parts first and verify over the decrypted parts.
 */
public final class SignatureVerifier {

    private final List<X509Certificate> knownIntermediates;
    private final Clock clock;

    public SignatureVerifier() {
        this(List.of(), Clock.systemUTC());
    }

    /**
     * @param knownIntermediates CA certificates to offer the validator for path building when a partner sends only
     *     its own certificate in ds:KeyInfo (trust still comes only from the validator's anchors)
     * @param clock the time at which certificates must be valid
     */
    public SignatureVerifier(List<X509Certificate> knownIntermediates, Clock clock) {
        this.knownIntermediates = List.copyOf(knownIntermediates);
        this.clock = Objects.requireNonNull(clock, "clock");
        Santuario.init();
    }

    /**
     * @param envelope the parsed SOAP envelope (namespace-aware DOM, as received)
     * @param payloads the payload parts as received (decrypted first when the profile encrypts)
     * @param cpaSigningCertificate the signing certificate the CPA names for the From party
     * @param validator validates the signer's chain (trust anchors, CRLs)
     * @return the verified signature and its ds:Reference elements (for a signed Acknowledgment)
     */
    public VerifiedSignature verify(
            Document envelope,
            List<Payload> payloads,
            X509Certificate cpaSigningCertificate,
            CertificateValidator validator)
            throws SecurityFailureException {
        return verify(envelope, payloads, cpaSigningCertificate, List.of(), validator);
    }

    /**
     * As {@link #verify(Document, List, X509Certificate, CertificateValidator)}, offering the From party's
     * certificates in the CPA (CA certificates among them) for building the signer's path; they make nothing trusted.
     */
    public VerifiedSignature verify(
            Document envelope,
            List<Payload> payloads,
            X509Certificate cpaSigningCertificate,
            List<X509Certificate> cpaCertificates,
            CertificateValidator validator)
            throws SecurityFailureException {
        Objects.requireNonNull(cpaSigningCertificate, "cpaSigningCertificate");
        Objects.requireNonNull(cpaCertificates, "cpaCertificates");
        Objects.requireNonNull(validator, "validator");
        Element header = SoapParts.header(envelope);
        if (header == null) {
            throw new SecurityFailureException(
                    NOT_SIGNED,
                    "the message is not signed: the envelope has no "
                            + "SOAP Header, so no ds:Signature, but the CPA requires a signed message");
        }
        List<Element> signatures = SoapParts.signatures(header);
        if (signatures.isEmpty()) {
            throw new SecurityFailureException(
                    NOT_SIGNED,
                    "the message is not signed: SOAP:Header has no "
                            + "ds:Signature, but the CPA requires a signed message");
        }
        if (signatures.size() > 1) {
            throw new SecurityFailureException(
                    MORE_THAN_ONE_SIGNATURE,
                    "SOAP:Header has " + signatures.size() + " ds:Signature elements; exactly one is accepted");
        }
        Element signatureElement = signatures.get(0);
        List<Element> references = SignedInfoRules.check(signatureElement, payloads);
        UnsignedContentCheck.check(envelope, header);

        List<X509Certificate> carried = KeyInfoCertificates.of(signatureElement);
        if (carried.isEmpty()) {
            throw new SecurityFailureException(
                    SIGNER_CERTIFICATE_MISSING,
                    "the signature's ds:KeyInfo carries no "
                            + "ds:X509Data/ds:X509Certificate; the signing certificate must be included");
        }
        X509Certificate signer = KeyInfoCertificates.signer(carried);
        if (!signer.equals(cpaSigningCertificate)) {
            throw new SecurityFailureException(
                    SIGNER_NOT_IN_CPA,
                    "the message is signed with certificate "
                            + Certificates.describe(signer) + ", but the CPA names "
                            + Certificates.describe(cpaSigningCertificate)
                            + " as the signing certificate of the sending party");
        }

        checkCryptography(signatureElement, payloads, signer);

        List<X509Certificate> chain = chain(signer, carried, cpaCertificates);
        ValidationResult validation = validator.validate(chain, clock.instant());
        if (!validation.valid()) {
            throw new SecurityFailureException(
                    SIGNER_CERTIFICATE_INVALID,
                    "the signing certificate " + Certificates.describe(signer) + " is not acceptable: "
                            + validation.summary());
        }
        return new VerifiedSignature(signatureElement, references, signer);
    }

    private static void checkCryptography(Element signatureElement, List<Payload> payloads, X509Certificate signer)
            throws SecurityFailureException {
        XMLSignature signature;
        boolean valid;
        try (CidResolver parts = new CidResolver(payloads)) {
            signature = new XMLSignature(signatureElement, "", true);
            signature.addResourceResolver(parts);
            valid = signature.checkSignatureValue(signer.getPublicKey());
        } catch (XMLSecurityException | RuntimeException e) {
            // Hostile input must end as a SecurityFailure, never as an unchecked exception in the MSH.
            throw new SecurityFailureException(
                    MALFORMED_SIGNATURE, "the ds:Signature cannot be processed: " + e.getMessage(), e);
        }
        if (valid) {
            return;
        }
        List<VerifiedReference> results = signature.getSignedInfo().getVerificationResults();
        if (results == null || results.isEmpty()) {
            throw new SecurityFailureException(
                    SIGNATURE_VALUE_INVALID,
                    "the signature value does not verify with "
                            + "the public key of certificate " + Certificates.describe(signer) + ": ds:SignedInfo was "
                            + "changed, or it was signed with another key than this certificate's");
        }
        List<String> failed = results.stream()
                .filter(r -> !r.isValid())
                .map(r -> describeFailedReference(r.getUri()))
                .collect(Collectors.toList());
        throw new SecurityFailureException(
                DIGEST_MISMATCH, "the signature does not verify: " + String.join("; ", failed));
    }

    private static String describeFailedReference(String uri) {
        if (uri == null || uri.isEmpty()) {
            return "reference URI=\"\" (the SOAP envelope): its digest does not match, so a header or body element "
                    + "was changed after signing";
        }
        return "reference " + uri + " (payload part " + CidResolver.contentIdOf(uri) + "): its digest does not "
                + "match, so the payload part was changed after signing";
    }

    private List<X509Certificate> chain(
            X509Certificate signer, List<X509Certificate> carried, List<X509Certificate> cpaCertificates) {
        Set<X509Certificate> chain = new LinkedHashSet<>();
        chain.add(signer);
        chain.addAll(carried);
        chain.addAll(cpaCertificates);
        chain.addAll(knownIntermediates);
        return new ArrayList<>(chain);
    }
}
