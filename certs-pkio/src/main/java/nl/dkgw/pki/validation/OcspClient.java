package nl.dkgw.pki.validation;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CRLReason;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the OCSP responder a certificate names (authorityInfoAccess) for its status. Only signed, fresh answers for the
 * right certificate count; anything else yields no answer, so the caller falls back to the CRL. Answers are cached
 * until their nextUpdate (at most {@code maxCacheTime}).
 */
public final class OcspClient {

    private static final Logger LOG = LoggerFactory.getLogger(OcspClient.class);

    /** A verified OCSP answer. */
    public record OcspStatus(
            Status status,
            Optional<Instant> revokedAt,
            Optional<String> reason,
            URI responder,
            Instant thisUpdate,
            Optional<Instant> nextUpdate) {

        /** What the responder says. */
        public enum Status {
            GOOD,
            REVOKED,
            UNKNOWN
        }
    }

    private record CacheKey(String issuer, BigInteger serial) {}

    private final HttpClient client;
    private final Duration timeout;
    private final Duration clockSkew;
    private final Duration maxAgeWithoutNextUpdate;
    private final Duration maxCacheTime;
    private final Map<CacheKey, OcspStatus> cache = new ConcurrentHashMap<>();

    private OcspClient(Builder builder) {
        this.timeout = builder.timeout;
        this.client = builder.client != null
                ? builder.client
                : HttpClient.newBuilder().connectTimeout(builder.timeout).build();
        this.clockSkew = builder.clockSkew;
        this.maxAgeWithoutNextUpdate = builder.maxAgeWithoutNextUpdate;
        this.maxCacheTime = builder.maxCacheTime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The OCSP responder URIs in the certificate's authorityInfoAccess extension. */
    public static List<String> responders(X509Certificate cert) {
        List<String> result = new ArrayList<>();
        byte[] extension = cert.getExtensionValue(Extension.authorityInfoAccess.getId());
        if (extension == null) {
            return result;
        }
        AuthorityInformationAccess access = AuthorityInformationAccess.getInstance(
                ASN1OctetString.getInstance(extension).getOctets());
        for (AccessDescription description : access.getAccessDescriptions()) {
            GeneralName name = description.getAccessLocation();
            if (description.getAccessMethod().equals(X509ObjectIdentifiers.ocspAccessMethod)
                    && name.getTagNo() == GeneralName.uniformResourceIdentifier) {
                result.add(ASN1IA5String.getInstance(name.getName()).getString());
            }
        }
        return result;
    }

    /** The responder's verified answer for the certificate at the moment, or empty when there is none. */
    public Optional<OcspStatus> status(X509Certificate cert, X509Certificate issuer, Instant at) {
        CacheKey key = new CacheKey(issuer.getSubjectX500Principal().getName(), cert.getSerialNumber());
        OcspStatus cached = cache.get(key);
        if (cached != null
                && fresh(cached, at)
                && at.isBefore(cached.thisUpdate().plus(maxCacheTime))) {
            return Optional.of(cached);
        }
        for (String location : responders(cert)) {
            Optional<OcspStatus> answer = ask(URI.create(location), cert, issuer, at);
            if (answer.isPresent()) {
                cache.put(key, answer.get());
                return answer;
            }
        }
        return Optional.empty();
    }

    private Optional<OcspStatus> ask(URI responder, X509Certificate cert, X509Certificate issuer, Instant at) {
        try {
            X509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer);
            CertificateID id = new CertificateID(
                    new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    issuerHolder,
                    cert.getSerialNumber());
            byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
            HttpRequest http = HttpRequest.newBuilder(responder)
                    .timeout(timeout)
                    .header("Content-Type", "application/ocsp-request")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request))
                    .build();
            HttpResponse<byte[]> response = client.send(http, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                LOG.warn("OCSP responder {} answered HTTP {}", responder, response.statusCode());
                return Optional.empty();
            }
            OCSPResp ocsp = new OCSPResp(response.body());
            if (ocsp.getStatus() != OCSPResp.SUCCESSFUL) {
                LOG.warn("OCSP responder {} answered status {}", responder, ocsp.getStatus());
                return Optional.empty();
            }
            BasicOCSPResp basic = (BasicOCSPResp) ocsp.getResponseObject();
            if (!signedByIssuerOrDelegate(basic, issuer)) {
                LOG.warn(
                        "Ignoring OCSP answer from {}: not signed by {} or its OCSP responder",
                        responder,
                        issuer.getSubjectX500Principal().getName());
                return Optional.empty();
            }
            for (SingleResp single : basic.getResponses()) {
                if (!single.getCertID().equals(id)) {
                    continue;
                }
                OcspStatus status = toStatus(single, responder);
                if (!fresh(status, at)) {
                    LOG.warn(
                            "Ignoring stale OCSP answer from {} (thisUpdate {}, nextUpdate {})",
                            responder,
                            status.thisUpdate(),
                            status.nextUpdate().orElse(null));
                    return Optional.empty();
                }
                return Optional.of(status);
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (IOException | RuntimeException | OperatorCreationException | OCSPException | CertificateException e) {
            LOG.warn("OCSP request to {} failed: {}", responder, e.toString());
            return Optional.empty();
        }
    }

    private boolean fresh(OcspStatus status, Instant at) {
        if (status.thisUpdate().isAfter(at.plus(clockSkew))) {
            return false;
        }
        return status.nextUpdate()
                .map(next -> !at.isAfter(next.plus(clockSkew)))
                .orElse(!at.isAfter(status.thisUpdate().plus(maxAgeWithoutNextUpdate)));
    }

    private static OcspStatus toStatus(SingleResp single, URI responder) {
        CertificateStatus certStatus = single.getCertStatus();
        Instant thisUpdate = single.getThisUpdate().toInstant();
        Optional<Instant> nextUpdate =
                Optional.ofNullable(single.getNextUpdate()).map(d -> d.toInstant());
        if (certStatus == CertificateStatus.GOOD) {
            return new OcspStatus(
                    OcspStatus.Status.GOOD, Optional.empty(), Optional.empty(), responder, thisUpdate, nextUpdate);
        }
        if (certStatus instanceof RevokedStatus revoked) {
            Optional<String> reason = revoked.hasRevocationReason()
                    ? Optional.of(reasonName(revoked.getRevocationReason()))
                    : Optional.empty();
            return new OcspStatus(
                    OcspStatus.Status.REVOKED,
                    Optional.of(revoked.getRevocationTime().toInstant()),
                    reason,
                    responder,
                    thisUpdate,
                    nextUpdate);
        }
        return new OcspStatus(
                OcspStatus.Status.UNKNOWN, Optional.empty(), Optional.empty(), responder, thisUpdate, nextUpdate);
    }

    /** Same names as CRL entries use (java.security.cert.CRLReason, whose order follows RFC 5280). */
    private static String reasonName(int code) {
        CRLReason[] reasons = CRLReason.values();
        return code >= 0 && code < reasons.length ? reasons[code].name() : "code " + code;
    }

    private static boolean signedByIssuerOrDelegate(BasicOCSPResp basic, X509Certificate issuer) {
        try {
            if (basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey()))) {
                return true;
            }
        } catch (Exception e) {
            // try delegated responders below
        }
        for (X509CertificateHolder holder : basic.getCerts()) {
            try {
                X509Certificate delegate = new JcaX509CertificateConverter().getCertificate(holder);
                delegate.verify(issuer.getPublicKey());
                List<String> usages = delegate.getExtendedKeyUsage();
                if (usages != null
                        && usages.contains(KeyPurposeId.id_kp_OCSPSigning.getId())
                        && basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(delegate))) {
                    return true;
                }
            } catch (Exception e) {
                // not a valid delegate
            }
        }
        return false;
    }

    /** Configures the client. */
    public static final class Builder {
        private HttpClient client;
        private Duration timeout = Duration.ofSeconds(10);
        private Duration clockSkew = Duration.ofMinutes(5);
        private Duration maxAgeWithoutNextUpdate = Duration.ofHours(1);
        private Duration maxCacheTime = Duration.ofHours(1);

        private Builder() {}

        public Builder httpClient(HttpClient httpClient) {
            this.client = Objects.requireNonNull(httpClient);
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder clockSkew(Duration skew) {
            this.clockSkew = Objects.requireNonNull(skew);
            return this;
        }

        /** How long an answer without nextUpdate counts as fresh (default 1 hour). */
        public Builder maxAgeWithoutNextUpdate(Duration age) {
            this.maxAgeWithoutNextUpdate = Objects.requireNonNull(age);
            return this;
        }

        /** How long an answer is reused before asking again (default 1 hour, never past its nextUpdate). */
        public Builder maxCacheTime(Duration time) {
            this.maxCacheTime = Objects.requireNonNull(time);
            return this;
        }

        public OcspClient build() {
            return new OcspClient(this);
        }
    }
}
