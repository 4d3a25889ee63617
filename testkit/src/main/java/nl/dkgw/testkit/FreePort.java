package nl.dkgw.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks TCP ports on 127.0.0.1 that are free right now.
 *
 * <p>A port is drawn at random from below the kernel's ephemeral range (on Linux
 * {@code /proc/sys/net/ipv4/ip_local_port_range}, 32768-60999 by default), tried by binding it, and released again.
 * Ports the kernel hands out for bind-to-0 and for the local end of outgoing connections come from the ephemeral
 * range, so a port from below it cannot be taken by one of the many client connections a test opens between choosing
 * the port and a (child) process binding it, which a bind-to-0 port can. A port is handed out at most once per JVM.
 * Where no such range is known, or no port below it could be bound, the kernel chooses (bind to port 0).
 */
public final class FreePort {

    /** The lowest port drawn; below it live the well-known and registered services a machine may run. */
    static final int LOWEST = 20_000;

    private static final int TRIES_PER_PORT = 64;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    /** Read once: the range does not change while tests run. */
    private static final int EPHEMERAL_RANGE_START = ephemeralRangeStart();

    private FreePort() {}

    /** The IPv4 loopback address, 127.0.0.1 (not whatever "localhost" resolves to). */
    public static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for a 4-byte address
        }
    }

    /** A TCP port that was free on 127.0.0.1 a moment ago. */
    public static int find() {
        return find(1)[0];
    }

    /**
     * {@code n} distinct TCP ports that were free on 127.0.0.1 a moment ago, none handed out before by this JVM. All
     * sockets are held open together before any is released.
     */
    public static int[] find(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        ServerSocket[] sockets = new ServerSocket[n];
        int[] ports = new int[n];
        synchronized (HANDED_OUT) {
            try {
                int ceiling = EPHEMERAL_RANGE_START;
                for (int i = 0; i < n; i++) {
                    sockets[i] = bindBelow(ceiling);
                    ports[i] = sockets[i].getLocalPort();
                }
                for (int port : ports) {
                    HANDED_OUT.add(port);
                }
                return ports;
            } catch (IOException e) {
                throw new UncheckedIOException("could not bind a free port on 127.0.0.1", e);
            } finally {
                for (ServerSocket socket : sockets) {
                    if (socket != null) {
                        try {
                            socket.close();
                        } catch (IOException ignored) {
                            // nothing useful to do; the port is released when the process ends anyway
                        }
                    }
                }
            }
        }
    }

    /**
     * The first port of the kernel's ephemeral range, or {@link #LOWEST} when it is unknown or too low to leave room
     * below it (then ports come from bind-to-0).
     */
    static int ephemeralRangeStart() {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        try {
            if (Files.isReadable(range)) {
                // read by lines: procfs reports a size of 0, and Files.readString then stops after one byte
                int start =
                        Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
                return Math.max(start, LOWEST);
            }
        } catch (IOException | RuntimeException unreadable) {
            // fall through: no range known
        }
        return LOWEST;
    }

    private static ServerSocket bindBelow(int ceiling) throws IOException {
        for (int t = 0; t < TRIES_PER_PORT && ceiling - LOWEST >= 1_000; t++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST, ceiling);
            if (HANDED_OUT.contains(candidate)) {
                continue;
            }
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress(loopback(), candidate), 1);
                return socket;
            } catch (IOException taken) {
                socket.close();
            }
        }
        for (int t = 1; ; t++) {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress(loopback(), 0), 1);
            if (!HANDED_OUT.contains(socket.getLocalPort()) || t == TRIES_PER_PORT) {
                return socket;
            }
            socket.close();
        }
    }
}
