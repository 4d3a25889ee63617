package nl.dkgw.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/** A configuration overlay (--config, --a-config, --b-config) merged into a node's gateway.yml. */
class CompareChainTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void setsTheOverlaysLeavesKeepsTheRestAndNamesTheNode() throws Exception {
        ObjectNode config = (ObjectNode) YAML.readTree("""
                database:
                  url: null
                  pool-size: 24
                delivery:
                  workers: 16
                  poll-interval: PT0.2S
                """);

        CompareChain.merge(config, YAML.readTree("""
                database:
                  url: jdbc:postgresql://localhost/dkgw_${node}
                delivery:
                  workers: 4
                limits:
                  max-message-bytes: 1000
                """), "ggd");

        assertThat(config.at("/database/url").asText()).isEqualTo("jdbc:postgresql://localhost/dkgw_ggd");
        assertThat(config.at("/database/pool-size").asInt()).isEqualTo(24);
        assertThat(config.at("/delivery/workers").asInt()).isEqualTo(4);
        assertThat(config.at("/delivery/poll-interval").asText()).isEqualTo("PT0.2S");
        assertThat(config.at("/limits/max-message-bytes").asInt()).isEqualTo(1000);
    }

    @Test
    void theChainsNodesImportTheCpaIntoTheDatabaseTheOverlaysGiveTheNodeAsItsUser() throws Exception {
        var overlays = java.util.List.of(YAML.readTree("""
                        database:
                          url: jdbc:postgresql://127.0.0.1:5432/a_${node}
                          user: postgres
                        """), YAML.readTree("delivery: {workers: 4}"));

        assertThat(CompareChain.databaseUrl(overlays, "ggd"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/a_ggd?user=postgres");
        assertThat(CompareChain.databaseUrl(java.util.List.of(overlays.get(1)), "ggd"))
                .isNull();
        assertThat(CompareChain.databaseUrl(
                        java.util.List.of(YAML.readTree("database: {url: 'jdbc:h2:file:/tmp/x', user: u}")), "rivm"))
                .isEqualTo("jdbc:h2:file:/tmp/x");
    }
}
