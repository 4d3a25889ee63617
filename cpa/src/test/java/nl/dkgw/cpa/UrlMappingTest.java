package nl.dkgw.cpa;

import static nl.dkgw.cpa.TestCpas.CONSUMER;
import static nl.dkgw.cpa.TestCpas.PROVIDER;
import static nl.dkgw.cpa.TestCpas.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UrlMappingTest {

    private final Cpa cpa = TestCpas.cpa(Profile.OSB_RM_S);

    @Test
    void emptyMappingLeavesTheCpaAlone() {
        assertThat(UrlMapping.none().apply(cpa)).isSameAs(cpa);
    }

    @Test
    void prefixReplacementRewritesResolvedAndSignalEndpoints() throws Exception {
        Cpa mapped = UrlMapping.none()
                .withPrefix("https://provider.example.nl", "https://localhost:8443")
                .apply(cpa);

        assertThat(mapped.resolve(CONSUMER, PROVIDER, SERVICE, "zakLk01").endpoint())
                .isEqualTo(URI.create("https://localhost:8443/ebms"));
        assertThat(mapped.signalEndpointOf(PROVIDER)).isEqualTo(URI.create("https://localhost:8443/ebms"));
        assertThat(mapped.resolve(PROVIDER, CONSUMER, SERVICE, "bv03").endpoint())
                .isEqualTo(URI.create("https://gateway.gemeente.example.nl/ebms"));
    }

    @Test
    void longestPrefixWins() {
        UrlMapping mapping = UrlMapping.none()
                .withPrefix("https://a.nl/", "https://x/")
                .withPrefix("https://a.nl/ebms/", "https://y/");

        assertThat(mapping.map("c", PROVIDER, URI.create("https://a.nl/ebms/in")))
                .isEqualTo(URI.create("https://y/in"));
        assertThat(mapping.map("c", PROVIDER, URI.create("https://a.nl/other")))
                .isEqualTo(URI.create("https://x/other"));
    }

    @Test
    void perCpaOverrideWinsOverPrefixAndPartyOverrideOverCpaWide() throws Exception {
        URI simulator = URI.create("https://localhost:9443/sim");
        URI consumerSide = URI.create("https://localhost:7443/gw");
        Cpa mapped = UrlMapping.none()
                .withPrefix("https://provider.example.nl", "https://localhost:8443")
                .withEndpoint(cpa.cpaId(), simulator)
                .withEndpoint(cpa.cpaId(), CONSUMER, consumerSide)
                .apply(cpa);

        assertThat(mapped.resolve(CONSUMER, PROVIDER, SERVICE, "ping").endpoint())
                .isEqualTo(simulator);
        assertThat(mapped.resolveOutbound(SERVICE, "bv03", Optional.empty()).endpoint())
                .isEqualTo(consumerSide);
        assertThat(mapped.signalEndpointOf(CONSUMER)).isEqualTo(consumerSide);
    }

    @Test
    void overrideForAnotherCpaDoesNothing() throws Exception {
        Cpa mapped = UrlMapping.none()
                .withEndpoint("other-cpa", URI.create("https://localhost/"))
                .apply(cpa);

        assertThat(mapped.resolve(CONSUMER, PROVIDER, SERVICE, "ping").endpoint())
                .isEqualTo(URI.create("https://provider.example.nl/ebms"));
        assertThat(mapped.cpaId()).isEqualTo(cpa.cpaId());
        assertThat(mapped.xml()).isEqualTo(cpa.xml());
    }
}
