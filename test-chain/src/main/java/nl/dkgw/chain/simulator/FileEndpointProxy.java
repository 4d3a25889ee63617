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
 * connection carried to the downloader.
 */
public final class FileEndpointProxy implements AutoCloseable {

    /** One connection through the relay: the bytes it carried to the downloader, and whether the relay cut it. */
    public record Connection(long bytesToClient, boolean cut) {}

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dkgw-gb-relay");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong cutAfter = new AtomicLong(-1);
    private final List<Connection> connections = new ArrayList<>();
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
        return List.copyOf(connections);
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
        long carried = 0;
        boolean cut = false;
        try (client;
                Socket upstream = new Socket()) {
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 10_000);
            threads.execute(() -> pump(client, upstream));
            InputStream in = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
                carried += n;
                long limit = cutAfter.get();
                if (limit >= 0 && carried > limit && cutAfter.compareAndSet(limit, -1)) {
                    cut = true;
                    client.setSoLinger(true, 0); // a reset, as a broken network gives
                    break;
                }
            }
        } catch (IOException e) {
            // one side went away: the connection ends
        } finally {
            synchronized (this) {
                connections.add(new Connection(carried, cut));
            }
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
