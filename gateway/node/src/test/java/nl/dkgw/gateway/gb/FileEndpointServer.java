package nl.dkgw.gateway.gb;

import java.net.URI;
import javax.net.ssl.SSLContext;
import nl.dkgw.pki.tls.TlsPolicy;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A Jetty server on loopback with one HTTPS connector that requires a client certificate, set up the way the
 * gateway's ebMS connector is (TLS policy from certs-pkio, no renegotiation); port 0 picks a free one.
 */
public final class FileEndpointServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final int port;

    private FileEndpointServer(SSLContext context, Handler handler, int port) throws Exception {
        this.server = new Server();
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(context);
        tls.setNeedClientAuth(true);
        tls.setIncludeProtocols(TlsPolicy.protocols().toArray(String[]::new));
        tls.setIncludeCipherSuites(TlsPolicy.cipherSuites().toArray(String[]::new));
        tls.setRenegotiationAllowed(false);
        tls.setEndpointIdentificationAlgorithm(null);
        HttpConfiguration https = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        this.connector = new ServerConnector(
                server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        this.port = connector.getLocalPort(); // kept: a stopped connector no longer knows it
    }

    public static FileEndpointServer start(SSLContext context, Handler handler, int port) throws Exception {
        return new FileEndpointServer(context, handler, port);
    }

    public int port() {
        return port;
    }

    public URI url(String path) {
        return URI.create("https://127.0.0.1:" + port() + path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
