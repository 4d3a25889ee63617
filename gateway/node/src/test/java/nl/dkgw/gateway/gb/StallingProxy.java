package nl.dkgw.gateway.gb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import nl.dkgw.testkit.FreePort;

/**
 * A TCP proxy on loopback in front of a node's TLS port that stalls the first connection: once
 * {@code stallAfterBytes} went from the server to the client it forwards nothing more on it (the client waits, as
 * behind a dead link). Later connections pass in full. It counts the bytes each connection carried to the client, so
 * a test can tell a resumed download (the rest only) from one that started over.
 */
final class StallingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final long stallAfterBytes;
    private final List<AtomicLong> toClient = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile int targetPort;

    StallingProxy(long stallAfterBytes) throws IOException {
        this.stallAfterBytes = stallAfterBytes;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(FreePort.loopback(), 0), 50);
        Thread acceptor = new Thread(this::acceptLoop, "stalling-proxy-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Where connections go; set once the node behind it listens. */
    void target(int port) {
        this.targetPort = port;
    }

    /** The bytes each connection so far carried from the server to the client, in the order they came. */
    List<Long> bytesToClient() {
        return toClient.stream().map(AtomicLong::get).toList();
    }

    private void acceptLoop() {
        while (true) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            boolean first = toClient.isEmpty();
            AtomicLong counted = new AtomicLong();
            toClient.add(counted);
            try {
                Socket server = new Socket(FreePort.loopback(), targetPort);
                open.add(client);
                open.add(server);
                pump(client, server, null, Long.MAX_VALUE);
                pump(server, client, counted, first ? stallAfterBytes : Long.MAX_VALUE);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicLong counted, long limit) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, n);
                            out.flush();
                            if (counted != null && counted.addAndGet(n) >= limit) {
                                closing.await(); // stalled: nothing more goes through until the proxy closes
                                return;
                            }
                        }
                    } catch (IOException e) {
                        // one side went away: close both
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "stalling-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        listener.close();
        open.forEach(StallingProxy::closeQuietly);
    }
}
