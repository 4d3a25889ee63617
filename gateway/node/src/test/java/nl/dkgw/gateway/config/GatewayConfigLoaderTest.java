package nl.dkgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
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
        assertThat(config.limits().maxInflightBytes())
                .isEqualTo(Runtime.getRuntime().maxMemory() / 2);
        assertThat(config.limits().inflightWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.jdbcUrl(dir))
                .startsWith("jdbc:h2:retry:")
                .contains("data/dkgw;WRITE_DELAY=0;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void theDefaultH2DatabaseKeepsTheStoresParsedStatements() throws Exception {
        assertThat(defaultH2Setting("QUERY_CACHE_SIZE")).isEqualTo(String.valueOf(GatewayConfig.H2_QUERY_CACHE_SIZE));
    }

    @Test
    void theDefaultH2DatabaseKeepsSmallPayloadPartsInTheirRow() throws Exception {
        assertThat(defaultH2Setting("MAX_LENGTH_INPLACE_LOB"))
                .isEqualTo(String.valueOf(GatewayConfig.H2_LOB_IN_ROW_BYTES));
    }

    @Test
    void theDefaultH2DatabaseSplitsItsPagesSmall() throws Exception {
        assertThat(defaultH2Setting("info.PAGE_SIZE")).isEqualTo(String.valueOf(GatewayConfig.H2_PAGE_SPLIT_BYTES));
    }

    /** A setting of the H2 database a node opens with the default URL, as H2 reports it. */
    private String defaultH2Setting(String name) throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, "node:\n  id: a\n");
        GatewayConfig config = new GatewayConfigLoader().load(file, Map.of());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(config.jdbcUrl(dir));
                java.sql.PreparedStatement p = c.prepareStatement(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
            p.setString(1, name);
            try (java.sql.ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).as(name).isTrue();
                return rs.getString(1);
            }
        }
    }

    @Test
    void storeWritersMustLeaveThePoolConnectionsForTheRestOfTheNode() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, "database:\n  pool-size: 4\n  writers: 3\n");
        assertThat(new GatewayConfigLoader().load(file, Map.of()).database().writers())
                .isEqualTo(3);
        Files.writeString(file, "database:\n  pool-size: 4\n  writers: 4\n");
        assertThatThrownBy(() -> new GatewayConfigLoader().load(file, Map.of()))
                .hasStackTraceContaining("database.writers (4) must be smaller than database.pool-size (4)");
    }

    @Test
    void aDeliverySectionWithoutSignalRetriesKeepsTheDocumentedThreeAndAnExplicitZeroIsKept() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, "delivery:\n  workers: 2\n");
        assertThat(new GatewayConfigLoader().load(file, Map.of()).delivery().signalRetries())
                .isEqualTo(3);
        assertThat(new GatewayConfigLoader()
                        .load(dir.resolve("none.yml"), Map.of())
                        .delivery()
                        .signalRetries())
                .isEqualTo(3);
        Files.writeString(file, "delivery:\n  signal-retries: 0\n");
        assertThat(new GatewayConfigLoader().load(file, Map.of()).delivery().signalRetries())
                .isZero();
        Files.writeString(file, "delivery:\n  signal-retries: -2\n");
        assertThatThrownBy(() -> new GatewayConfigLoader().load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("delivery.signal-retries must be 0 or more");
    }

    @Test
    void aSectionAnotherModuleClaimsIsLeftToItAndAnUnclaimedOneIsRefused() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, """
                node:
                  id: a
                flows:
                  rest:
                    port: 8088
                """);
        assertThat(new GatewayConfigLoader(Set.of("flows"))
                        .load(file, Map.of())
                        .node()
                        .id())
                .isEqualTo("a");
        assertThatThrownBy(() -> new GatewayConfigLoader(Set.of()).load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("flows");
    }

    /** A section of another module, read by the loader's rules. */
    record Extra(String host, Integer port) {}

    @Test
    void anotherModulesSectionIsReadWithTheSameRules() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, "extra:\n  host: 127.0.0.1\n  port: 1\n");
        GatewayConfigLoader loader = new GatewayConfigLoader(Set.of("extra"));
        assertThat(loader.loadSection(file, "extra", Extra.class, Map.of("DKGW_EXTRA_PORT", "2")))
                .isEqualTo(new Extra("127.0.0.1", 2));
        assertThat(loader.loadSection(dir.resolve("none.yml"), "extra", Extra.class, Map.of()))
                .isNull();
        assertThat(loader.loadSection(dir.resolve("none.yml"), "extra", Extra.class, Map.of("DKGW_EXTRA_PORT", "3")))
                .isEqualTo(new Extra(null, 3));
        Files.writeString(file, "extra:\n  colour: red\n");
        assertThatThrownBy(() -> loader.loadSection(file, "extra", Extra.class, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("extra.colour");
    }

    @Test
    void environmentVariablesOverrideTheFile() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, "database:\n  password: from-file\n");
        GatewayConfig config = new GatewayConfigLoader()
                .load(
                        file,
                        Map.of(
                                "DKGW_DATABASE_PASSWORD",
                                "from-env",
                                "DKGW_TLS_SERVER_KEY_PASSWORD",
                                "tls-secret",
                                "DKGW_DELIVERY_WORKERS",
                                "3",
                                "DKGW_LIMITS_MAX_INFLIGHT_BYTES",
                                "67108864"));
        assertThat(config.database().password()).isEqualTo("from-env");
        assertThat(config.limits().maxInflightBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(config.tls().serverKey().password()).isEqualTo("tls-secret");
        assertThat(config.delivery().workers()).isEqualTo(3);
    }

    @Test
    void secretsDoNotShowInToString() throws Exception {
        GatewayConfig config = new GatewayConfigLoader()
                .load(
                        dir.resolve("absent.yml"),
                        Map.of(
                                "DKGW_DATABASE_PASSWORD",
                                "hunter2",
                                "DKGW_TLS_TRUST_STORE_PASSWORD",
                                "hunter3",
                                "DKGW_TLS_SERVER_KEY_PASSWORD",
                                "hunter4",
                                "DKGW_SECURITY_SIGNING_KEY_PASSWORD",
                                "hunter7"));
        assertThat(config.toString())
                .doesNotContain("hunter2")
                .doesNotContain("hunter3")
                .doesNotContain("hunter4")
                .doesNotContain("hunter7");
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

        GatewayConfig fromEnv = new GatewayConfigLoader()
                .load(
                        file,
                        Map.of("DKGW_TLS_INTERMEDIATES", "certs/ca.d", "DKGW_SECURITY_SIGNATURE_KEY_INFO", "chain"));
        assertThat(fromEnv.tls().intermediates()).isEqualTo("certs/ca.d");
        assertThat(fromEnv.security().signatureKeyInfo()).isEqualTo("chain");
    }

    @Test
    void anUnknownKeyInfoContentIsRefusedWithTheKey() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, "security:\n  signature-key-info: everything\n");
        assertThatThrownBy(() -> new GatewayConfigLoader().load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("security.signature-key-info")
                .hasMessageContaining("'chain' or 'leaf'");
    }

    @Test
    void anUnknownKeyIsRefusedWithItsName() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, "ebms:\n  prot: 8443\n");
        assertThatThrownBy(() -> new GatewayConfigLoader().load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("prot");
    }

    @Test
    void brokenYamlIsReportedWithTheFileName() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, "ebms: [unclosed\n");
        assertThatThrownBy(() -> new GatewayConfigLoader().load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.yml");
    }
}
