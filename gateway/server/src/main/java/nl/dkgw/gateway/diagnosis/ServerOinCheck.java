package nl.dkgw.gateway.diagnosis;

import java.util.Optional;
import nl.dkgw.pki.Oin;
import nl.dkgw.pki.SubjectName;

/** Layer 7: the OIN in the server certificate (subject serialNumber) is the partner's OIN from the CPA. */
final class ServerOinCheck implements LinkCheck {

    @Override
    public Layer layer() {
        return Layer.SERVER_OIN;
    }

    @Override
    public LayerResult check(LinkFacts facts) {
        var certificate = facts.tls.serverCertificate();
        Optional<Oin> oin = Oin.fromCertificate(certificate);
        String expected = facts.partnerOin();
        if (oin.isEmpty()) {
            return LayerResult.fail(
                    layer(),
                    "the server certificate " + SubjectName.of(certificate) + " carries no "
                            + "OIN in its subject serialNumber; the CPA says the partner is " + expected,
                    "ask the partner to serve their PKIoverheid certificate with their OIN (PKI001)");
        }
        if (!oin.get().value().equals(expected)) {
            return LayerResult.fail(
                    layer(),
                    "the server certificate carries OIN " + oin.get().value() + ", but the CPA says the partner is "
                            + expected + ": this is another organisation's server",
                    "check the endpoint (and url mapping): it may point at the wrong server; if the partner uses a "
                            + "supplier's certificate, ask them to confirm it and, if legitimate, to serve their "
                            + "own or a certificate the CPA names");
        }
        return LayerResult.pass(
                layer(), "the server certificate carries OIN " + expected + ", the partner's OIN in the CPA");
    }
}
