package nl.dkgw.gateway.scaleout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import nl.dkgw.testkit.FreePort;

/**
 * A TCP link on loopback to the receiving node whose traffic towards the receiver can be held: while held, what a
 * sender writes is read but not passed on, so the sender's post hangs (and it keeps its claim on the delivery) until
 * the link is released or the sender dies. Answers from the receiver always pass. It listens on another loopback
 * address (127.0.0.2) and the receiver's port, so a node that resolves the receiver's host name to that address
 * takes this path while the CPA's endpoint stays the same for every node.
 */
final class HeldLink implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger heldWrites = new AtomicInteger();
    private final Object gate = new Object();
    private boolean held;
    private volatile boolean closed;

    static final String ADDRESS = "127.0.0.2";

    HeldLink(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getByName(ADDRESS), targetPort), 100);
        Thread acceptor = new Thread(this::acceptLoop, "held-link-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    void hold() {
        synchronized (gate) {
            held = true;
        }
    }

    void release() {
        synchronized (gate) {
            held = false;
            gate.notifyAll();
        }
    }

    /** How many writes towards the receiver were stopped at the gate. */
    int heldWrites() {
        return heldWrites.get();
    }

    private void passGate() throws InterruptedException {
        synchronized (gate) {
            if (held) {
                heldWrites.incrementAndGet();
            }
            while (held && !closed) {
                gate.wait();
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            try {
                Socket server = new Socket(FreePort.loopback(), targetPort);
                open.add(client);
                open.add(server);
                pump(client, server, true);
                pump(server, client, false);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardsReceiver) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            if (towardsReceiver) {
                                passGate();
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException | InterruptedException e) {
                        // one side went away: close both
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "held-link-pump");
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
    public void close() {
        closed = true;
        release();
        try {
            listener.close();
        } catch (IOException e) {
            // nothing to do
        }
        open.forEach(HeldLink::closeQuietly);
    }
}
