package nl.dkgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void keysAreReadInKebabCaseAndMissingOnesGetTheirDefaults() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, """
                node:
                  id: a
                ebms:
                  port: 9443
                tls:
                  server-key:
                    file: certs/a.p12
                    password: secret
                delivery:
                  poll-interval: PT1S
                """);
        GatewayConfig config = new GatewayConfigLoader().load(file, Map.of());
        assertThat(config.node().id()).isEqualTo("a");
        assertThat(config.ebms().port()).isEqualTo(9443);
        assertThat(config.ebms().path()).isEqualTo("/ebms");
        assertThat(config.admin().port()).isEqualTo(8080);
        assertThat(config.tls().clientKey().file()).isEqualTo("certs/a.p12");
        assertThat(config.tls().serverKey().type()).isEqualTo("PKCS12");
        assertThat(config.tls().crlCheck()).isTrue();
        assertThat(config.delivery().pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.limits().maxMessageBytes()).isEqualTo(20L * 1024 * 1024);
        assertThat(config.limits().maxInflightBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 2);
        assertThat(config.limits().inflightWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.jdbcUrl(dir)).startsWith("jdbc:h2:file:").contains("data/dkgw;WRITE_DELAY=0");
    }

    @Test
    void aDeliverySectionWithoutSignalRetriesKeepsTheDocumentedThreeAndAnExplicitZeroIsKept() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, "delivery:\n  workers: 2\n");
        assertThat(new GatewayConfigLoader().load(file, Map.of()).delivery().signalRetries()).isEqualTo(3);
        assertThat(new GatewayConfigLoader().load(dir.resolve("none.yml"), Map.of()).delivery().signalRetries())
                .isEqualTo(3);
        Files.writeString(file, "delivery:\n  signal-retries: 0\n");
        assertThat(new GatewayConfigLoader().load(file, Map.of()).delivery().signalRetries()).isZero();
        Files.writeString(file, "delivery:\n  signal-retries: -2\n");
        assertThatThrownBy(() -> new GatewayConfigLoader().load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("delivery.signal-retries must be 0 or more");
    }

    @Test
    void theFlowsSectionIsReadIntoTheGatewayConfigurationAndIsOptional() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, """
                flows:
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
        GatewayConfig config = new GatewayConfigLoader().load(file, Map.of("DKGW_FLOWS_REST_PORT", "9099"));
        assertThat(config.flows()).isNotNull();
        assertThat(config.flows().definitions()).containsKey("coronit-testresult");
        assertThat(config.flows().rest().port()).isEqualTo(9099);
        assertThat(new GatewayConfigLoader().load(dir.resolve("none.yml"), Map.of()).flows()).isNull();
    }

    @Test
    void environmentVariablesOverrideTheFile() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, "database:\n  password: from-file\n");
        GatewayConfig config = new GatewayConfigLoader().load(file, Map.of("DKGW_DATABASE_PASSWORD", "from-env",
                "DKGW_TLS_SERVER_KEY_PASSWORD", "tls-secret", "DKGW_DELIVERY_WORKERS", "3",
                "DKGW_LIMITS_MAX_INFLIGHT_BYTES", "67108864"));
        assertThat(config.database().password()).isEqualTo("from-env");
        assertThat(config.limits().maxInflightBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(config.tls().serverKey().password()).isEqualTo("tls-secret");
        assertThat(config.delivery().workers()).isEqualTo(3);
    }

    @Test
    void secretsDoNotShowInToString() throws Exception {
        GatewayConfig config = new GatewayConfigLoader().load(dir.resolve("absent.yml"),
                Map.of("DKGW_DATABASE_PASSWORD", "hunter2", "DKGW_TLS_TRUST_STORE_PASSWORD", "hunter3",
                        "DKGW_TLS_SERVER_KEY_PASSWORD", "hunter4", "DKGW_FLOWS_DATABASE_PASSWORD", "hunter5",
                        "DKGW_FLOWS_BROKER_PASSWORD", "hunter6", "DKGW_SECURITY_SIGNING_KEY_PASSWORD", "hunter7"));
        assertThat(config.flows().database().password()).isEqualTo("hunter5");
        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("hunter3").doesNotContain("hunter4")
                .doesNotContain("hunter5").doesNotContain("hunter6").doesNotContain("hunter7");
    }

    @Test
    void intermediatesAndTheKeyInfoOfSignaturesAreReadFromFileAndEnvironment() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, """
                tls:
                  trust-store: certs/trust.p12
                  intermediates: certs/intermediates.pem
                security:
                  signature-key-info: Leaf
                """);
        GatewayConfig config = new GatewayConfigLoader().load(file, Map.of());
        assertThat(config.tls().intermediates()).isEqualTo("certs/intermediates.pem");
        assertThat(config.security().signatureKeyInfo()).isEqualTo("leaf");

        GatewayConfig defaults = new GatewayConfigLoader().load(dir.resolve("absent.yml"), Map.of());
        assertThat(defaults.tls().intermediates()).isNull();
        assertThat(defaults.security().signatureKeyInfo()).isEqualTo("chain");

        GatewayConfig fromEnv = new GatewayConfigLoader().load(file, Map.of("DKGW_TLS_INTERMEDIATES", "certs/ca.d",
                "DKGW_SECURITY_SIGNATURE_KEY_INFO", "chain"));
        assertThat(fromEnv.tls().intermediates()).isEqualTo("certs/ca.d");
        assertThat(fromEnv.security().signatureKeyInfo()).isEqualTo("chain");
    }

    @Test
    void anUnknownKeyInfoContentIsRefusedWithTheKey() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, "security:\n  signature-key-info: everything\n");
        assertThatThrownBy(() -> new GatewayConfigLoader().load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("security.signature-key-info")
                .hasMessageContaining("'chain' or 'leaf'");
    }

    @Test
    void anUnknownKeyIsRefusedWithItsName() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, "ebms:\n  prot: 8443\n");
        assertThatThrownBy(() -> new GatewayConfigLoader().load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("prot");
    }

    @Test
    void brokenYamlIsReportedWithTheFileName() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, "ebms: [unclosed\n");
        assertThatThrownBy(() -> new GatewayConfigLoader().load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.yml");
    }
}
