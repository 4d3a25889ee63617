package nl.dkgw.gateway.diagnosis;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/** Layer 2: the host name of the partner's endpoint resolves to at least one address. */
final class DnsCheck implements LinkCheck {

    @Override
    public Layer layer() {
        return Layer.DNS;
    }

    @Override
    public LayerResult check(LinkFacts facts) {
        String host = facts.host();
        try {
            facts.addresses = List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return LayerResult.fail(
                    layer(),
                    "host name " + host + " of the partner endpoint " + facts.endpoint
                            + " does not resolve (unknown host)",
                    "check the spelling in the CPA endpoint; a Diginetwerk "
                            + "host resolves only with the Diginetwerk DNS, so check this machine's DNS settings; or map "
                            + "the endpoint (cpa.endpoint-overrides) to a name that resolves here");
        } catch (SecurityException e) {
            return LayerResult.fail(
                    layer(),
                    "looking up " + host + " is not allowed here: " + e.getMessage(),
                    "allow name resolution for the gateway process");
        }
        return LayerResult.pass(
                layer(),
                host + " resolves to "
                        + Arrays.toString(facts.addresses.stream()
                                .map(InetAddress::getHostAddress)
                                .toArray()));
    }
}
