package nl.dkgw.gateway.diagnosis;

/** Layer 6: the server certificate is for the host name in the CPA endpoint. */
final class ServerHostNameCheck implements LinkCheck {

    @Override
    public Layer layer() {
        return Layer.SERVER_HOST_NAME;
    }

    @Override
    public LayerResult check(LinkFacts facts) {
        var certificate = facts.tls.serverCertificate();
        var names = HostNames.of(certificate);
        if (HostNames.matches(certificate, facts.host())) {
            return LayerResult.pass(
                    layer(),
                    "the server certificate is for " + facts.host() + " (names: " + String.join(", ", names) + ")");
        }
        return LayerResult.fail(
                layer(),
                "the server certificate is for " + (names.isEmpty() ? "no host name" : String.join(", ", names))
                        + ", not for " + facts.host() + ", the host in the endpoint",
                "if the endpoint is right, the partner must serve a certificate whose subjectAltName holds "
                        + facts.host() + "; if the partner's certificate is right, correct the CPA endpoint (or the "
                        + "url mapping) to use its host name");
    }
}
