package nl.dkgw.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Picks TCP ports on 127.0.0.1 that are free right now, by letting the kernel choose one (bind to port 0)
 * and releasing it again. Another process may still take the port before the caller binds it; callers
 * that can, should retry with a fresh port when binding fails.
 */
public final class FreePort {

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
     * {@code n} distinct TCP ports that were free on 127.0.0.1 a moment ago. All sockets are held open
     * together before any is released, so the kernel cannot hand out the same port twice.
     */
    public static int[] find(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        ServerSocket[] sockets = new ServerSocket[n];
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket();
                sockets[i].bind(new InetSocketAddress(loopback(), 0), 1);
                ports[i] = sockets[i].getLocalPort();
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
