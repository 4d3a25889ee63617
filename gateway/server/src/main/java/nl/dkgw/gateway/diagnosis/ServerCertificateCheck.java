package nl.dkgw.gateway.diagnosis;

import java.time.Clock;
import nl.dkgw.pki.SubjectName;
import nl.dkgw.pki.validation.CertificateValidator;
import nl.dkgw.pki.validation.ValidationResult;

/**
 * Layer 5: this gateway accepts the server's chain: PKIoverheid private root in our trust store, unexpired,
 * unrevoked, right key usage (the same validator the node's TLS uses). A failure here is "we refuse the server".
 */
final class ServerCertificateCheck implements LinkCheck {

    private final CertificateValidator validator;
    private final Clock clock;

    ServerCertificateCheck(CertificateValidator validator, Clock clock) {
        this.validator = validator;
        this.clock = clock;
    }

    @Override
    public Layer layer() {
        return Layer.SERVER_CERTIFICATE;
    }

    @Override
    public LayerResult check(LinkFacts facts) {
        TlsObservation tls = facts.tls;
        ValidationResult result = validator.validate(tls.serverChain(), clock.instant());
        String subject = SubjectName.of(tls.serverCertificate());
        if (!result.valid()) {
            return LayerResult.fail(
                            layer(),
                            "we refuse the server's certificate " + subject + ": "
                                    + finding(result.problems().get(0)),
                            "the partner must serve a valid PKIoverheid certificate "
                                    + "(private root G1 or G4) with its intermediate CAs; if it is valid but issued under a root this "
                                    + "gateway does not trust yet, add that root to the trust store (dkgw certs trust add)")
                    .withDetails(result.problems());
        }
        return LayerResult.pass(
                layer(),
                "the server certificate " + subject + " is valid (issued by "
                        + SubjectName.issuerOf(tls.serverCertificate()) + ", valid until "
                        + tls.serverCertificate().getNotAfter().toInstant() + ")");
    }

    /** A validator problem without its own advice (the advice is in the details). */
    private static String finding(String problem) {
        int advice = problem.indexOf(" What to do:");
        return advice < 0 ? problem : problem.substring(0, advice);
    }
}
