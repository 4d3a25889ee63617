package nl.dkgw.pki.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Wraps a JSSE context so that every socket, server socket and engine it makes starts with {@link TlsPolicy}
 * applied, and its default parameters are the policy. Callers may still narrow (or, deliberately, widen) per socket.
 */
final class PolicyEnforcingContextSpi extends SSLContextSpi {

    private final SSLContext delegate;

    PolicyEnforcingContextSpi(SSLContext delegate) {
        this.delegate = delegate;
    }

    static SSLContext wrap(SSLContext delegate) {
        return new SSLContext(
                new PolicyEnforcingContextSpi(delegate), delegate.getProvider(), delegate.getProtocol()) {};
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
        delegate.init(km, tm, sr);
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return new PolicySocketFactory(delegate.getSocketFactory());
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return new PolicyServerSocketFactory(delegate.getServerSocketFactory());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return withPolicy(delegate.createSSLEngine());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return withPolicy(delegate.createSSLEngine(host, port));
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
        SSLParameters parameters = delegate.getDefaultSSLParameters();
        TlsPolicy.applyTo(parameters);
        return parameters;
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return delegate.getSupportedSSLParameters();
    }

    private static SSLEngine withPolicy(SSLEngine engine) {
        SSLParameters parameters = engine.getSSLParameters();
        TlsPolicy.applyTo(parameters);
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static Socket withPolicy(Socket socket) {
        if (socket instanceof SSLSocket ssl) {
            TlsPolicy.applyTo(ssl);
        }
        return socket;
    }

    private static final class PolicySocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        PolicySocketFactory(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return TlsPolicy.cipherSuites().toArray(String[]::new);
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return withPolicy(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return withPolicy(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return withPolicy(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return withPolicy(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return withPolicy(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return withPolicy(delegate.createSocket(address, port, localAddress, localPort));
        }
    }

    private static final class PolicyServerSocketFactory extends SSLServerSocketFactory {
        private final SSLServerSocketFactory delegate;

        PolicyServerSocketFactory(SSLServerSocketFactory delegate) {
            this.delegate = delegate;
        }

        private static SSLServerSocket withPolicy(ServerSocket socket) {
            SSLServerSocket ssl = (SSLServerSocket) socket;
            TlsPolicy.applyTo(ssl);
            return ssl;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return TlsPolicy.cipherSuites().toArray(String[]::new);
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return withPolicy(delegate.createServerSocket());
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return withPolicy(delegate.createServerSocket(port));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return withPolicy(delegate.createServerSocket(port, backlog));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) throws IOException {
            return withPolicy(delegate.createServerSocket(port, backlog, ifAddress));
        }
    }
}
