package nl.dkgw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortTest {

    @Test
    void findReturnsAPortThatCanBeBoundOnLoopback() throws IOException {
        int port = FreePort.find();

        assertThat(port).isBetween(1, 65535);
        assertBindable(port);
    }

    @Test
    void findNReturnsDistinctBindablePorts() throws IOException {
        int[] ports = FreePort.find(8);

        assertThat(ports).hasSize(8);
        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(8);
        for (int port : ports) {
            assertBindable(port);
        }
    }

    @Test
    void portsComeFromBelowTheKernelsEphemeralRange() {
        int ceiling = FreePort.ephemeralRangeStart();
        assumeTrue(ceiling - FreePort.LOWEST >= 1_000, "no room below the ephemeral range on this machine");

        for (int port : FreePort.find(20)) {
            assertThat(port).isGreaterThanOrEqualTo(FreePort.LOWEST).isLessThan(ceiling);
        }
    }

    @Test
    void noPortIsHandedOutTwiceByOneJvm() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            assertThat(seen.add(FreePort.find())).as("port handed out twice").isTrue();
        }
    }

    @Test
    void findZeroIsEmptyAndNegativeIsRejected() {
        assertThat(FreePort.find(0)).isEmpty();
        assertThatThrownBy(() -> FreePort.find(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loopbackIs127001() {
        assertThat(FreePort.loopback().getHostAddress()).isEqualTo("127.0.0.1");
    }

    private static void assertBindable(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(FreePort.loopback(), port));
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}
