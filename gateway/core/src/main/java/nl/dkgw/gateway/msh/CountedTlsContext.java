package nl.dkgw.gateway.msh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A client {@link SSLContext} that reports every TLS connection opened through it. A client asks its context for one
 * {@link SSLEngine}, or one socket layered over a connected one, per new connection and keeps it for as long as the
 * connection is kept alive: counting those counts connections (and so full or resumed handshakes), not requests.
 * Everything else, the session cache included, is the wrapped context's.
 */
public final class CountedTlsContext extends SSLContext {

    /**
     * Wraps {@code initialised}; {@code opened} gets the peer as {@code host:port} (or {@code unknown} when the
     * engine is asked for without one) once per connection.
     */
    public static SSLContext of(SSLContext initialised, Consumer<String> opened) {
        return new CountedTlsContext(new Counting(initialised, opened), initialised);
    }

    private CountedTlsContext(SSLContextSpi spi, SSLContext initialised) {
        super(spi, initialised.getProvider(), initialised.getProtocol());
    }

    private static final class Counting extends SSLContextSpi {
        private final SSLContext delegate;
        private final Consumer<String> opened;

        Counting(SSLContext delegate, Consumer<String> opened) {
            this.delegate = delegate;
            this.opened = opened;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("a counted TLS context wraps a context that is already initialised");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new CountingSockets(delegate.getSocketFactory(), opened);
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            opened.accept("unknown");
            return delegate.createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            opened.accept(host + ":" + port);
            return delegate.createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return delegate.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }
    }

    /** A socket factory that reports each TLS socket it makes, as {@code host:port}. */
    private static final class CountingSockets extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final Consumer<String> opened;

        CountingSockets(SSLSocketFactory delegate, Consumer<String> opened) {
            this.delegate = delegate;
            this.opened = opened;
        }

        @Override
        public Socket createSocket(Socket connected, String host, int port, boolean autoClose) throws IOException {
            opened.accept(host + ":" + port);
            return delegate.createSocket(connected, host, port, autoClose);
        }

        @Override
        public Socket createSocket() throws IOException {
            opened.accept("unknown");
            return delegate.createSocket();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            opened.accept(host + ":" + port);
            return delegate.createSocket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            opened.accept(host + ":" + port);
            return delegate.createSocket(host, port, localHost, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            opened.accept(host.getHostAddress() + ":" + port);
            return delegate.createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            opened.accept(address.getHostAddress() + ":" + port);
            return delegate.createSocket(address, port, localAddress, localPort);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }
    }
}
