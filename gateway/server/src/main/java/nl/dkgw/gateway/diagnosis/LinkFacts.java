package nl.dkgw.gateway.diagnosis;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.PartyId;

/**
 * What the layers checked so far found out about the link, for the layers above them: filled bottom-up during one
 * diagnosis run, never shared between runs.
 */
final class LinkFacts {

    final DiagnosisRequest request;
    Cpa cpa;
    PartyId self;
    PartyId partner;
    URI endpoint;
    List<InetAddress> addresses = List.of();
    InetSocketAddress reachable;
    TlsObservation tls;

    LinkFacts(DiagnosisRequest request) {
        this.request = request;
    }

    String host() {
        return endpoint.getHost();
    }

    int port() {
        return endpoint.getPort() == -1 ? 443 : endpoint.getPort();
    }

    String partnerOin() {
        return partner.oinWithoutEnvironmentSuffix();
    }
}
