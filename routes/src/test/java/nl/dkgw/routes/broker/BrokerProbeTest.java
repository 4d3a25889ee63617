package nl.dkgw.routes.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.testkit.FreePort;
import nl.dkgw.testkit.RealArtemis;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;

/** The broker check against a real Artemis on a loopback TCP port with authentication on. */
@Slow
class BrokerProbeTest {

    static final String USER = "probe-user";
    static final String PASSWORD = "probe-s3cret";

    @Test
    void checksReuseOneConnectionAndABrokerThatStoppedOrRefusesIsReportedInOneLine() throws Exception {
        int port = FreePort.find();
        String url = "tcp://127.0.0.1:" + port;
        RealArtemis broker = RealArtemis.start("probe-test-broker", port, USER, PASSWORD);
        try (BrokerProbe probe = new BrokerProbe(
                        url, USER, PASSWORD, url, Duration.ofSeconds(2), Duration.ZERO, Clock.systemUTC());
                BrokerProbe wrongPassword = new BrokerProbe(
                        url, USER, "not-" + PASSWORD, url, Duration.ofSeconds(2), Duration.ZERO, Clock.systemUTC())) {
            for (int i = 0; i < 3; i++) {
                assertThat(probe.check()).isEqualTo(new BrokerProbe.Result(true, "answers at " + url));
            }
            // three checks, one connection: the probe keeps its connection between checks
            assertThat(broker.connectionCount()).isEqualTo(1);

            BrokerProbe.Result refused = wrongPassword.check();
            assertThat(refused.up()).isFalse();
            assertThat(refused.detail())
                    .startsWith("broker " + url + " is not usable: ")
                    .doesNotContain("\n")
                    .doesNotContain(PASSWORD);

            broker.stop();
            BrokerProbe.Result down = probe.check();
            assertThat(down.up()).isFalse();
            assertThat(down.detail())
                    .startsWith("broker " + url + " is not usable: ")
                    .doesNotContain("\n");

            broker = RealArtemis.start("probe-test-broker", port, USER, PASSWORD);
            assertThat(probe.check().up()).isTrue();
        } finally {
            broker.stop();
        }
    }

    @Test
    void aResultIsReusedWithinItsCacheTime() throws Exception {
        int port = FreePort.find();
        String url = "tcp://127.0.0.1:" + port;
        RealArtemis broker = RealArtemis.start("probe-test-broker", port, USER, PASSWORD);
        try (BrokerProbe probe = new BrokerProbe(
                url, USER, PASSWORD, url, Duration.ofSeconds(2), Duration.ofHours(1), Clock.systemUTC())) {
            assertThat(probe.check().up()).isTrue();
            broker.stop();
            assertThat(probe.check().up()).isTrue();
        } finally {
            broker.stop();
        }
    }

    @Test
    void theEmbeddedBrokerIsCheckedInVm(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(dir);
        try (BrokerProbe probe = new BrokerProbe(
                broker.url(), null, null, broker.url(), Duration.ofSeconds(2), Duration.ZERO, Clock.systemUTC())) {
            assertThat(probe.check().up()).isTrue();
            broker.close();
            assertThat(probe.check().up()).isFalse();
        } finally {
            broker.close();
        }
    }

    @Test
    void theShownUrlHasNoPassword() {
        assertThat(BrokerProbe.shown("tcp://127.0.0.1:61616")).isEqualTo("tcp://127.0.0.1:61616");
        assertThat(BrokerProbe.shown(
                        "tcp://u:pw@mq.example:61616?sslEnabled=true&trustStorePassword=x&password=y" + "&ha=true"))
                .isEqualTo("tcp://mq.example:61616?sslEnabled=true&ha=true");
        assertThat(BrokerProbe.shown("(tcp://a:61616,tcp://b:61616)?password=y"))
                .isEqualTo("(tcp://a:61616,tcp://b:61616)");
    }

    @Test
    void flowsUseTheBrokerWhenTheySendOrDeliverOrDeadLetterOverJms() {
        FlowsConfig.Receive toWebhook = new FlowsConfig.Receive(
                "c", "s", "a", "direct:elsewhere", new FlowsConfig.DeliverTo(null, null, "https://example.org/hook"));
        assertThat(flows(new FlowsConfig.FlowConfig(null, toWebhook, null)).usesBroker())
                .isFalse();
        assertThat(flows().usesBroker()).isFalse();
        FlowsConfig.Receive defaultDeadLetter = new FlowsConfig.Receive(
                "c", "s", "a", null, new FlowsConfig.DeliverTo(null, null, "https://example.org/hook"));
        assertThat(flows(new FlowsConfig.FlowConfig(null, defaultDeadLetter, null))
                        .usesBroker())
                .isTrue();
        FlowsConfig.Receive toQueue =
                new FlowsConfig.Receive("c", "s", "a", "direct:elsewhere", new FlowsConfig.DeliverTo("q", null, null));
        assertThat(flows(new FlowsConfig.FlowConfig(null, toQueue, null)).usesBroker())
                .isTrue();
        FlowsConfig.Send restOnly = new FlowsConfig.Send(
                "c", "s", "a", "direct:elsewhere", new FlowsConfig.Sources(null, true, null, null, null, null));
        // its failure queue is on the broker
        assertThat(flows(new FlowsConfig.FlowConfig(restOnly, null, null)).usesBroker())
                .isTrue();
    }

    private static FlowsConfig flows(FlowsConfig.FlowConfig... definitions) {
        Map<String, FlowsConfig.FlowConfig> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < definitions.length; i++) {
            map.put("flow-" + i, definitions[i]);
        }
        return new FlowsConfig(null, null, null, map);
    }
}
