package nl.dkgw.pki.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import nl.dkgw.pki.Oin;

/** Runs one mutual-TLS exchange over loopback (port chosen by the OS) and reports what each side saw. */
public final class TlsPair {

    /** What one side saw: the negotiated session and the peer's OIN, or the failure. */
    public record Side(SSLSession session, Optional<Oin> peerOin, Throwable failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    public record Outcome(Side server, Side client) {}

    private TlsPair() {}

    public static Outcome exchange(
            SSLContext serverContext,
            SSLContext clientContext,
            Consumer<SSLServerSocket> serverSetup,
            Consumer<SSLSocket> clientSetup)
            throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (SSLServerSocket server = (SSLServerSocket)
                serverContext.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(true);
            serverSetup.accept(server);
            CompletableFuture<Side> serverSide = CompletableFuture.supplyAsync(
                    () -> {
                        try (SSLSocket socket = (SSLSocket) server.accept()) {
                            socket.setSoTimeout(10_000);
                            socket.startHandshake();
                            InputStream in = socket.getInputStream();
                            int b = in.read();
                            socket.getOutputStream().write(b + 1);
                            socket.getOutputStream().flush();
                            return side(socket.getSession());
                        } catch (Exception e) {
                            return new Side(null, Optional.empty(), e);
                        }
                    },
                    executor);
            Side clientSide;
            try (SSLSocket socket = (SSLSocket) clientContext
                    .getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                socket.setSoTimeout(10_000);
                clientSetup.accept(socket);
                socket.startHandshake();
                OutputStream out = socket.getOutputStream();
                out.write(41);
                out.flush();
                int answer = socket.getInputStream().read();
                if (answer != 42) {
                    throw new IOException("unexpected answer " + answer);
                }
                clientSide = side(socket.getSession());
            } catch (Exception e) {
                clientSide = new Side(null, Optional.empty(), e);
            }
            return new Outcome(serverSide.get(20, TimeUnit.SECONDS), clientSide);
        } finally {
            executor.shutdownNow();
        }
    }

    private static Side side(SSLSession session) throws Exception {
        X509Certificate peer = (X509Certificate) session.getPeerCertificates()[0];
        return new Side(session, Oin.fromCertificate(peer), null);
    }
}
