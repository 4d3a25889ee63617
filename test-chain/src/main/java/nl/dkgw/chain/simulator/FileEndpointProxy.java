package nl.dkgw.chain.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of a simulator's Grote Berichten file endpoint (its {@code gb.public-url} names this relay,
 * so every download of the simulator's files passes here; TLS goes through untouched). Told to, it cuts the next
 * download's connection once it carried a given number of bytes to the downloader, as a network that breaks would;
 * a downloader that resumes then asks only for the rest on its next connection. It records the bytes each
 * connection carried to the downloader, counted as they pass: a connection still open (a downloader keeps its
 * connection alive after a download) shows what it carried so far.
 */
public final class FileEndpointProxy implements AutoCloseable {

    /**
     * One connection through the relay, in the order they were opened: the bytes it carried to the downloader so far,
     * whether the relay cut it, and whether it is still open.
     */
    public record Connection(long bytesToClient, boolean cut, boolean open) {}

    /** A connection as it runs: the relay's thread counts, readers take a {@link Connection} snapshot. */
    private static final class Tracked {
        private final AtomicLong carried = new AtomicLong();
        private volatile boolean cut;
        private volatile boolean open = true;

        Connection snapshot() {
            return new Connection(carried.get(), cut, open);
        }
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dkgw-gb-relay");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong cutAfter = new AtomicLong(-1);
    private final List<Tracked> connections = new ArrayList<>();
    private volatile int targetPort;

    FileEndpointProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Where the file endpoint listens (known once the simulator's node runs). */
    void target(int port) {
        this.targetPort = port;
    }

    /** Cuts the next connection that carries more than {@code bytes} bytes to the downloader, once. */
    void cutNextAfter(long bytes) {
        cutAfter.set(bytes);
    }

    synchronized List<Connection> connections() {
        return connections.stream().map(Tracked::snapshot).toList();
    }

    synchronized void clear() {
        connections.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> relay(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client) {
        Tracked tracked = new Tracked();
        synchronized (this) {
            connections.add(tracked);
        }
        try (client;
                Socket upstream = new Socket()) {
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 10_000);
            threads.execute(() -> pump(client, upstream));
            InputStream in = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                // counted before it is sent, so the count is never behind what the downloader got
                long carried = tracked.carried.addAndGet(n);
                out.write(buffer, 0, n);
                out.flush();
                long limit = cutAfter.get();
                if (limit >= 0 && carried > limit && cutAfter.compareAndSet(limit, -1)) {
                    tracked.cut = true;
                    // a reset, as a broken network gives: what the sockets' buffers still held is lost too (up to
                    // megabytes on loopback), so the downloader has less than this connection carried
                    client.setSoLinger(true, 0);
                    break;
                }
            }
        } catch (IOException e) {
            // one side went away: the connection ends
        } finally {
            tracked.open = false;
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // the relay closed this connection
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
