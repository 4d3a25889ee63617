package nl.dkgw.gateway.diagnosis;

import java.time.Clock;
import java.util.Locale;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.Oin;
import nl.dkgw.pki.SubjectName;
import nl.dkgw.pki.validation.CertificateValidator;
import nl.dkgw.pki.validation.ValidationResult;

/**
 * Layer 8: the server asked for our client certificate and accepted it, shown by it answering over the connection.
 * A failure here is "the server refuses us"; when our own validator also rejects our certificate, the report says
 * so, because then the fix is on our side.
 */
final class ClientCertificateCheck implements LinkCheck {

    private final KeyMaterial clientKey;
    private final CertificateValidator validator;
    private final Clock clock;

    ClientCertificateCheck(KeyMaterial clientKey, CertificateValidator validator, Clock clock) {
        this.clientKey = clientKey;
        this.validator = validator;
        this.clock = clock;
    }

    @Override
    public Layer layer() {
        return Layer.CLIENT_CERTIFICATE;
    }

    @Override
    public LayerResult check(LinkFacts facts) {
        TlsObservation tls = facts.tls;
        String ours = SubjectName.of(clientKey.certificate());
        if (!tls.clientCertificateRequested()) {
            if (tls.answer() == null) {
                return LayerResult.fail(
                        layer(),
                        "the server did not ask for a client certificate and closed the "
                                + "connection without an answer"
                                + (tls.failure() == null ? "" : " (" + tls.failure() + ")"),
                        "send the partner this report and the time; their TLS terminator logs why");
            }
            return LayerResult.warn(
                    layer(),
                    "the server did not ask for a client certificate: this endpoint " + "uses one-way TLS",
                    "Digikoppeling requires two-way TLS (TLS001); ask the partner to require "
                            + "client certificates on this endpoint");
        }
        if (tls.alert() != null || !tls.handshakeCompleted() || tls.answer() == null) {
            String how = tls.alert() != null
                    ? "with TLS alert " + tls.alert()
                    : "by closing the connection right after we presented it, without an answer"
                            + (tls.failure() == null ? "" : " (" + tls.failure() + ")");
            return refused("the server refused our client certificate " + ours + " " + how);
        }
        String answer = tls.answer().toLowerCase(Locale.ROOT);
        if (answer.startsWith("http/1.")
                && answer.contains(" 400 ")
                && (answer.contains("ssl certificate") || answer.contains("client certificate"))) {
            return refused("the server completed the handshake but answered that our client certificate " + ours
                    + " is not acceptable: " + firstLine(tls.answer()));
        }
        return LayerResult.pass(
                layer(),
                "the server asked for and accepted our client certificate " + ours + " (it answered "
                        + firstLine(tls.answer()) + ")");
    }

    private LayerResult refused(String found) {
        ValidationResult own = validator.validate(clientKey.chain(), clock.instant());
        String oin =
                Oin.fromCertificate(clientKey.certificate()).map(Oin::value).orElse("(none)");
        if (!own.valid()) {
            return LayerResult.fail(
                            layer(),
                            found + "; our own check rejects it too: "
                                    + own.problems().get(0),
                            "replace this gateway's client certificate (tls.client-key) with a valid PKIoverheid "
                                    + "certificate and give the partner the new one")
                    .withDetails(own.problems());
        }
        return LayerResult.fail(
                layer(),
                found,
                "our certificate is valid by our own checks, so the partner does "
                        + "not accept it: ask the partner to trust the PKIoverheid private root it is issued under, to "
                        + "check its CRLs are current, and to authorise OIN " + oin
                        + " (the certificate named in the CPA) "
                        + "on this endpoint");
    }

    private static String firstLine(String answer) {
        int end = answer.indexOf('\r');
        if (end < 0) {
            end = answer.indexOf('\n');
        }
        return end < 0 ? answer : answer.substring(0, end);
    }
}
