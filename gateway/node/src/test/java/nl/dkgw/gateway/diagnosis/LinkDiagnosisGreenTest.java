package nl.dkgw.gateway.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real partner node (LocalChain) every layer passes, from a running node and from the configuration. */
@Slow
class LinkDiagnosisGreenTest {

    @TempDir
    static Path dir;

    private static LocalChain chain;

    @BeforeAll
    static void start() throws Exception {
        chain = LocalChain.start(dir);
    }

    @AfterAll
    static void stop() {
        chain.close();
    }

    @Test
    void everyLayerPassesFromARunningNodeIncludingAnAcknowledgedTestMessage() {
        String cpaId = chain.cpaId(Profile.OSB_RM);
        LinkDiagnosis diagnosis = LinkDiagnosis.forNode(chain.consumer());
        DiagnosisReport report = diagnosis.run(DiagnosisRequest.of(cpaId)
                .withTestMessage(
                        LocalChain.serviceName(Profile.OSB_RM), LocalChain.TO_PROVIDER, Duration.ofSeconds(30)));
        String table = DiagnosisTable.render(report);
        assertThat(report.linkWorks()).as(table).isTrue();
        assertThat(report.exitCode()).isZero();
        for (LayerResult r : report.layers()) {
            if (r.layer() == Layer.CPA) {
                assertThat(r.status()).as(table).isIn(LayerStatus.PASS, LayerStatus.WARN);
            } else {
                assertThat(r.status()).as(table).isEqualTo(LayerStatus.PASS);
            }
        }
        assertThat(report.result(Layer.TLS_HANDSHAKE).orElseThrow().found()).containsPattern("TLSv1\\.[23] with TLS_");
        assertThat(report.result(Layer.EBMS_PING).orElseThrow().found())
                .startsWith("Pong from " + LocalChain.PROVIDER.oin())
                // the chain's CPAs say syncReplyMode none: the Ping goes without SyncReply and the node's inbox
                // takes the Pong, which comes as a message of its own (issue 13)
                .contains("asynchronously");
        assertThat(report.result(Layer.TEST_MESSAGE).orElseThrow().found()).contains("acknowledged");
        assertThat(table).contains("The link works").contains("exit code 0");
    }

    @Test
    void everyLayerUpToPingPassesFromTheConfigurationWithoutStartingANode() throws Exception {
        String cpaId = chain.cpaId(Profile.OSB_BE);
        Path baseDir = dir.resolve("standalone");
        Files.createDirectories(baseDir);
        Path cpaFile = baseDir.resolve("cpa.xml");
        Files.writeString(
                cpaFile, chain.consumer().cpas().find(cpaId).orElseThrow().xml());
        GatewayConfig running = chain.config(LocalChain.CONSUMER.name());
        GatewayConfig config = new GatewayConfig(
                running.node(),
                running.ebms(),
                running.admin(),
                running.tls(),
                running.database(),
                running.delivery(),
                running.limits(),
                new GatewayConfig.Cpa(List.of("cpa.xml"), Map.of(), Map.of()));

        DiagnosisReport report = LinkDiagnosis.forConfig(config, baseDir)
                .run(DiagnosisRequest.of(cpaId)
                        .withTestMessage(
                                LocalChain.serviceName(Profile.OSB_BE), LocalChain.TO_PROVIDER, Duration.ofSeconds(5)));

        assertThat(report.linkWorks()).as(DiagnosisTable.render(report)).isTrue();
        assertThat(report.status(Layer.EBMS_PING)).isEqualTo(LayerStatus.PASS);
        // no node inbox to take an asynchronous Pong: this Ping alone asks for SyncReply
        assertThat(report.result(Layer.EBMS_PING).orElseThrow().found()).contains("on the same connection");
        assertThat(report.result(Layer.TEST_MESSAGE).orElseThrow().found()).contains("running node");
        assertThat(report.status(Layer.TEST_MESSAGE)).isEqualTo(LayerStatus.SKIPPED);
    }
}
