package nl.dkgw.gateway.diagnosis;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.dkgw.cpa.ActionSpec;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaGenerator;
import nl.dkgw.cpa.CpaParser;
import nl.dkgw.cpa.CpaRegistry;
import nl.dkgw.cpa.DigitalEnvelope;
import nl.dkgw.cpa.PartySpec;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.ServiceSpec;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.cpa.UrlMapping;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.PemCertificates;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.testpki.TestPki.Defect;
import nl.dkgw.pki.testpki.TestPki.Usage;
import nl.dkgw.pki.validation.DirectoryCrlSource;
import nl.dkgw.pki.validation.PkioCertificateValidator;

/**
 * The set-up of the fault tests: a test PKI with us (ggd), the partner (rivm) and servers that are wrong in one
 * way each, a CPA between us and the partner whose endpoint can be pointed anywhere, and our credentials.
 */
final class TestLink {

    static final String US = "ggd";
    static final String PARTNER = "rivm";
    static final String US_OIN = "00000099000000001000";
    static final String PARTNER_OIN = "00000099000000002000";
    /** A server of the partner's whose certificate is for another host name. */
    static final String ELSEWHERE = "elsewhere";
    /** A server with the partner's OIN under a root we do not trust. */
    static final String ROGUE = "rogue";
    /** A server whose certificate carries another OIN than the partner's. */
    static final String IMPOSTOR = "impostor";

    final TestPki pki;
    final String cpaXml;
    final Cpa cpa;

    /** With the faulty servers (elsewhere, rogue, impostor). */
    TestLink(Path dir) throws Exception {
        this(dir, true);
    }

    TestLink(Path dir, boolean withFaultyServers) throws Exception {
        List<TestPki.PartySpec> parties = new ArrayList<>(List.of(
                new TestPki.PartySpec(US, US_OIN, "localhost"),
                new TestPki.PartySpec(PARTNER, PARTNER_OIN, "localhost")));
        if (withFaultyServers) {
            parties.add(new TestPki.PartySpec(ELSEWHERE, PARTNER_OIN, "other.example"));
            parties.add(new TestPki.PartySpec(ROGUE, PARTNER_OIN, "localhost").with(Defect.UNTRUSTED_ROOT));
            parties.add(new TestPki.PartySpec(IMPOSTOR, PARTNER_OIN, "localhost").with(Defect.WRONG_OIN));
        }
        pki = TestPki.generate(dir.resolve("pki"), parties);
        cpaXml = cpa(null, null);
        cpa = new CpaParser().parse(cpaXml);
    }

    /** A CPA from the partner's service for us; the partner's endpoint is https://localhost/ebms. */
    String cpa(Instant start, Instant end) {
        ServiceSpec service = new ServiceSpec(
                "dkgw:diagnosis:1.0",
                Profile.OSB_BE,
                "Ontvanger",
                "Aanleverer",
                List.of(new ActionSpec("Report", ActionSpec.Direction.CONSUMER_TO_PROVIDER)),
                0,
                Duration.ZERO,
                Duration.ZERO,
                SyncReplyMode.NONE,
                party(PARTNER, PARTNER_OIN));
        PartySpec consumer = party(US, US_OIN);
        return start == null
                ? CpaGenerator.generate(service, consumer)
                : CpaGenerator.generate(service, consumer, start, end, "2");
    }

    /** A CPA like {@link #cpa(Instant, Instant)} in another profile, naming {@code envelope} if encrypted. */
    String cpaIn(Profile profile, DigitalEnvelope envelope) {
        ServiceSpec service = new ServiceSpec(
                "dkgw:diagnosis:1.0",
                profile,
                "Ontvanger",
                "Aanleverer",
                List.of(new ActionSpec("Report", ActionSpec.Direction.CONSUMER_TO_PROVIDER)),
                0,
                Duration.ZERO,
                Duration.ZERO,
                SyncReplyMode.NONE,
                party(PARTNER, PARTNER_OIN));
        return CpaGenerator.generate(service, party(US, US_OIN), envelope);
    }

    private PartySpec party(String name, String oin) {
        return new PartySpec(
                name,
                oin,
                URI.create("https://localhost/ebms"),
                pki.certificate(name, Usage.TLS_CLIENT),
                pki.certificate(name, Usage.TLS_SERVER));
    }

    KeyMaterial serverKey(String party) {
        return pki.keyMaterial(party, Usage.TLS_SERVER);
    }

    TrustAnchors anchors() {
        return pki.trustAnchors();
    }

    /** Trust anchors that hold only the root we do not trust: a server with these refuses our certificate. */
    TrustAnchors otherRoot() {
        return TrustAnchors.of(PemCertificates.read(pki.dir().resolve("ca").resolve("untrusted-root.pem")));
    }

    NodeCredentials ours() {
        TrustAnchors anchors = anchors();
        return new NodeCredentials(
                pki.keyMaterial(US, Usage.TLS_CLIENT),
                anchors,
                PkioCertificateValidator.builder(anchors)
                        .crlSource(new DirectoryCrlSource(pki.crlDirectory()))
                        .build());
    }

    /** Our diagnosis, with the partner's endpoint of the CPA mapped to {@code endpoint}. */
    LinkDiagnosis.Builder diagnosisTo(URI endpoint, Cpa which) {
        UrlMapping mapping = UrlMapping.none().withEndpoint(which.cpaId(), endpoint);
        CpaRegistry cpas = id -> id.equals(which.cpaId()) ? Optional.of(mapping.apply(which)) : Optional.empty();
        return LinkDiagnosis.builder(ours(), cpas);
    }

    LinkDiagnosis.Builder diagnosisTo(URI endpoint) {
        return diagnosisTo(endpoint, cpa);
    }

    DiagnosisRequest request() {
        return DiagnosisRequest.of(cpa.cpaId())
                .withConnectTimeout(Duration.ofSeconds(3))
                .withPingTimeout(Duration.ofSeconds(3));
    }
}
