package nl.dkgw.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.testkit.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose start fails after it opened its connection pool and its ebMS listener (here: the admin port is
 * taken) leaves nothing running: no pool threads, no Jetty threads, no listening ebMS port.
 */
class FailedStartTest {

    /**
     * Hikari names its threads after the pool ("dkgw:housekeeper", "dkgw:connection-adder"), Jetty's are qtp... and
     * Scheduler-..., the delivery scheduler's dkgw-delivery-... The HttpClient's selector threads are not counted:
     * the client has no close() on Java 17 and its thread ends when the client is collected.
     */
    private static final List<String> NODE_THREADS = List.of("dkgw:", "dkgw-delivery", "qtp", "Scheduler-");

    @TempDir
    Path dir;

    @Test
    void aStartThatFailsOnATakenPortClosesThePoolAndTheServers() throws Exception {
        GatewayConfig running;
        try (LocalChain chain = LocalChain.start(dir.resolve("chain"))) {
            running = chain.config(LocalChain.CONSUMER.name());
        }
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        int ebmsPort = FreePort.find();
        try (ServerSocket taken = new ServerSocket(0, 50, FreePort.loopback())) {
            GatewayConfig config = new GatewayConfig(
                    running.node(),
                    new GatewayConfig.Ebms("127.0.0.1", ebmsPort, "/ebms"),
                    GatewayConfig.Admin.withoutAuthentication("127.0.0.1", taken.getLocalPort()),
                    running.tls(),
                    new GatewayConfig.Database(null, null, null, 2),
                    running.delivery(),
                    running.limits(),
                    new GatewayConfig.Cpa(List.of(), Map.of(), Map.of()),
                    running.security());

            assertThatThrownBy(() -> Gateway.start(config, dir.resolve("node")))
                    .hasStackTraceContaining(String.valueOf(taken.getLocalPort()));
        }

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(nodeThreads(before))
                        .as("threads the failed start left running")
                        .isEmpty());
        assertThat(canListenOn(ebmsPort)).as("the ebMS port is free again").isTrue();
    }

    private static Set<String> nodeThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(name -> NODE_THREADS.stream().anyMatch(name::startsWith))
                .collect(Collectors.toSet());
    }

    private static boolean canListenOn(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(FreePort.loopback(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
