package nl.dkgw.gateway.diagnosis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.tls.TlsPolicy;

/**
 * Opens one TLS connection to the partner as this gateway's client (own certificate, Digikoppeling protocols and
 * suites), records everything the handshake shows, and sends one GET over it: in TLS 1.3 a server refuses a client
 * certificate only after our side finished the handshake, so the refusal shows when we read.
 */
final class TlsInspector {

    private static final Pattern ALERT = Pattern.compile("alert: ([a-z_]+)");
    private static final int ANSWER_BYTES = 2048;

    private final KeyMaterial clientKey;

    TlsInspector(KeyMaterial clientKey) {
        this.clientKey = clientKey;
    }

    TlsObservation inspect(
            InetSocketAddress target, String host, String path, Duration connectTimeout, Duration readTimeout) {
        PresentingKeyManager keys = new PresentingKeyManager(clientKey);
        RecordingTrustManager trust = new RecordingTrustManager();
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, new TrustManager[] {trust}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make a TLS context: " + e.getMessage(), e);
        }
        String protocol = null;
        String suite = null;
        boolean completed = false;
        String answer = null;
        Exception failure = null;
        try (Socket plain = new Socket()) {
            plain.connect(target, (int) connectTimeout.toMillis());
            plain.setSoTimeout((int) readTimeout.toMillis());
            try (SSLSocket ssl =
                    (SSLSocket) context.getSocketFactory().createSocket(plain, host, target.getPort(), false)) {
                SSLParameters parameters = ssl.getSSLParameters();
                TlsPolicy.applyTo(parameters);
                if (isHostName(host)) {
                    parameters.setServerNames(List.of(new SNIHostName(host)));
                }
                ssl.setSSLParameters(parameters);
                ssl.startHandshake();
                SSLSession session = ssl.getSession();
                protocol = session.getProtocol();
                suite = session.getCipherSuite();
                completed = true;
                answer = get(ssl, host, target.getPort(), path);
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        return new TlsObservation(
                protocol,
                suite,
                trust.serverChain(),
                keys.asked(),
                keys.issuersAskedFor(),
                completed,
                answer,
                failure == null ? null : describe(failure),
                failure == null ? null : alert(failure));
    }

    private static String get(SSLSocket ssl, String host, int port, String path) throws IOException {
        OutputStream out = ssl.getOutputStream();
        String request = "GET " + (path == null || path.isEmpty() ? "/" : path) + " HTTP/1.1\r\nHost: " + host + ":"
                + port + "\r\nUser-Agent: dkgw-link-diagnosis\r\nConnection: close\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = ssl.getInputStream();
        byte[] buffer = new byte[ANSWER_BYTES];
        int total = 0;
        int n;
        while (total < buffer.length && (n = in.read(buffer, total, buffer.length - total)) > 0) {
            total += n;
        }
        return total == 0 ? null : new String(buffer, 0, total, StandardCharsets.ISO_8859_1);
    }

    private static boolean isHostName(String host) {
        return host != null
                && !host.isEmpty()
                && !host.contains(":")
                && !host.matches("[0-9.]+")
                && !host.startsWith("[");
    }

    static String alert(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                Matcher m = ALERT.matcher(t.getMessage());
                if (m.find() && t.getMessage().contains("Received")) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 400; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (sb.indexOf(message) < 0) {
                sb.append(sb.length() == 0 ? "" : ": ").append(message);
            }
        }
        return sb.toString();
    }
}
