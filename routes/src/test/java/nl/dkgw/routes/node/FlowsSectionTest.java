package nl.dkgw.routes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nl.dkgw.gateway.config.ConfigException;
import nl.dkgw.gateway.config.GatewayConfigLoader;
import nl.dkgw.routes.config.FlowsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flows section lives in the node's gateway.yml, but this module reads it, and the gateway leaves it alone. */
class FlowsSectionTest {

    @TempDir
    Path dir;

    private Path gatewayYml() throws Exception {
        return Files.writeString(dir.resolve("gateway.yml"), """
                node:
                  id: ggd-1
                flows:
                  broker:
                    url: tcp://127.0.0.1:61616
                  rest:
                    host: 127.0.0.1
                    port: 8088
                  definitions:
                    coronit-testresult:
                      send:
                        cpa-id: ggd-rivm-cims
                        service: "urn:osb:services:cims:1.0"
                        action: TestResult
                        sources:
                          rest: true
                """);
    }

    @Test
    void theSectionIsReadFromTheSameFileWithItsDefaultsAndEnvironmentOverrides() throws Exception {
        FlowsConfig flows = FlowsSection.read(
                gatewayYml(), Map.of("DKGW_FLOWS_REST_PORT", "9099", "DKGW_FLOWS_BROKER_PASSWORD", "hunter6"));
        assertThat(flows.definitions()).containsOnlyKeys("coronit-testresult");
        assertThat(flows.rest().port()).isEqualTo(9099);
        assertThat(flows.broker().password()).isEqualTo("hunter6");
        assertThat(flows.broker().dataDir()).isEqualTo("data/artemis");
        assertThat(flows.toString()).doesNotContain("hunter6");
    }

    @Test
    void aFileWithoutTheSectionRunsNoFlows() throws Exception {
        Path file = Files.writeString(dir.resolve("gateway.yml"), "node:\n  id: a\n");
        assertThat(FlowsSection.read(file, Map.of())).isNull();
    }

    @Test
    void theGatewaysLoaderLeavesTheSectionToThisModule() throws Exception {
        assertThat(new GatewayConfigLoader().load(gatewayYml(), Map.of()).node().id())
                .isEqualTo("ggd-1");
    }

    @Test
    void aBadKeyInTheSectionIsRefusedWithItsFullName() throws Exception {
        Path file = Files.writeString(dir.resolve("gateway.yml"), "flows:\n  rest:\n    colour: red\n");
        assertThatThrownBy(() -> FlowsSection.read(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("flows.rest.colour");
        Files.writeString(file, "flows:\n  definitions:\n    x:\n      send:\n        cpa-id: c\n        service: s\n");
        assertThatThrownBy(() -> FlowsSection.read(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("send.action is required");
    }

    @Test
    void aNumberOfJmsConsumersOutsideOneToSixteenIsRefusedNamingTheKeyAndTheValue() throws Exception {
        for (String consumers : new String[] {"0", "-2", "17"}) {
            Path file = Files.writeString(dir.resolve("gateway.yml"), """
                    flows:
                      definitions:
                        coronit-testresult:
                          send:
                            cpa-id: c
                            service: s
                            action: a
                            sources: { jms-queue: q, jms-consumers: %s }
                    """.formatted(consumers));
            assertThatThrownBy(() -> FlowsSection.read(file, Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("send.sources.jms-consumers must be 1 to 16, not " + consumers);
        }
        Path file = Files.writeString(dir.resolve("gateway.yml"), """
                flows:
                  definitions:
                    coronit-testresult:
                      send:
                        cpa-id: c
                        service: s
                        action: a
                        sources: { jms-queue: q, jms-consumers: 16 }
                """);
        assertThat(FlowsSection.read(file, Map.of())
                        .definitions()
                        .get("coronit-testresult")
                        .send()
                        .sources()
                        .jmsConsumers())
                .isEqualTo(16);
    }
}
