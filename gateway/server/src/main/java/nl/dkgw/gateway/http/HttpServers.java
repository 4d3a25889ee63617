package nl.dkgw.gateway.http;

import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.pki.tls.TlsPolicy;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One Jetty server with two connectors: the ebMS endpoint on HTTPS with client certificates required (TLS policy
 * from certs-pkio), an idle timeout and a total deadline for each request head ({@link RequestHeadDeadline}), and the admin API and console on plain HTTP, bound to loopback by default. {@code /} on the admin
 * port redirects to the console without authentication; everything else goes to the admin handler.
 */
public final class HttpServers implements AutoCloseable {

    private final Server server;
    private final ServerConnector ebms;
    private final ServerConnector admin;

    public HttpServers(GatewayConfig config, SSLContext sslContext, Handler ebmsHandler, Handler adminHandler) {
        this(config, sslContext, ebmsHandler, adminHandler, null);
    }

    /**
     * As above, with the Grote Berichten file endpoint ({@code fileHandler}, null for none) on the ebMS connector
     * under {@link GatewayConfig.Gb#FILE_PATH}: same port, same server certificate, client certificates required and
     * validated as for ebMS.
     */
    public HttpServers(
            GatewayConfig config,
            SSLContext sslContext,
            Handler ebmsHandler,
            Handler adminHandler,
            Handler fileHandler) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("dkgw-http");
        this.server = new Server(threads);

        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(sslContext);
        tls.setNeedClientAuth(true);
        tls.setIncludeProtocols(TlsPolicy.protocols().toArray(String[]::new));
        tls.setIncludeCipherSuites(TlsPolicy.cipherSuites().toArray(String[]::new));
        tls.setRenegotiationAllowed(false);
        tls.setEndpointIdentificationAlgorithm(null);
        HttpConfiguration https = new HttpConfiguration();
        https.setSendServerVersion(false);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        this.ebms = new ServerConnector(
                server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https));
        ebms.setHost(config.ebms().host());
        ebms.setPort(config.ebms().port());
        ebms.setIdleTimeout(config.limits().idleTimeout().toMillis());
        KeepAlive idleTimes =
                new KeepAlive(config.limits().idleTimeout(), config.limits().keepAliveTimeout());
        RequestHeadDeadline headDeadline =
                new RequestHeadDeadline(config.limits().requestHeadTimeout(), ebms.getScheduler());
        ebms.addBean(headDeadline);
        ebms.addEventListener(headDeadline);

        HttpConfiguration plain = new HttpConfiguration();
        plain.setSendServerVersion(false);
        this.admin = new ServerConnector(server, new HttpConnectionFactory(plain));
        admin.setHost(config.admin().host());
        admin.setPort(config.admin().port());
        server.setConnectors(new Connector[] {ebms, admin});
        server.setErrorHandler(new PlainErrorAnswers());

        ConsoleAssets rootRedirect = new ConsoleAssets();
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Connector connector = request.getConnectionMetaData().getConnector();
                if (connector == ebms) {
                    idleTimes.requestStarted(request);
                    if (fileHandler != null
                            && Request.getPathInContext(request).startsWith(GatewayConfig.Gb.FILE_PATH)) {
                        return fileHandler.handle(request, response, callback);
                    }
                    return ebmsHandler.handle(request, response, callback);
                }
                // "/" only redirects to the console (which then asks for a log-in): no authentication needed
                return Request.getPathInContext(request).equals("/")
                        ? rootRedirect.handle(request, response, callback)
                        : adminHandler.handle(request, response, callback);
            }
        });
        ebmsHandler.setServer(server);
        adminHandler.setServer(server);
        server.addBean(ebmsHandler);
        server.addBean(adminHandler);
        if (fileHandler != null) {
            fileHandler.setServer(server);
            server.addBean(fileHandler);
        }
    }

    /**
     * Has {@code outcome} told of every TLS handshake on the ebMS connector ({@code succeeded} or {@code failed});
     * call before {@link #start()}.
     */
    public void countHandshakes(Consumer<String> outcome) {
        ebms.addBean(new InboundHandshakes(outcome));
    }

    public void start() throws Exception {
        server.start();
    }

    public boolean isRunning() {
        return server.isRunning();
    }

    public int ebmsPort() {
        return ebms.getLocalPort();
    }

    public int adminPort() {
        return admin.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP server: " + e.getMessage(), e);
        }
    }
}
