package nl.dkgw.gateway.diagnosis;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Records the server's chain and lets the inspecting handshake go on whatever it is, so the diagnosis can report
 * what the server presents and judge it afterwards with the gateway's own validator. Only the diagnosis uses it,
 * on a connection that carries nothing but one GET without data; real traffic always uses the validating context.
 */
final class RecordingTrustManager extends X509ExtendedTrustManager {

    private volatile List<X509Certificate> serverChain = List.of();

    List<X509Certificate> serverChain() {
        return serverChain;
    }

    private void record(X509Certificate[] chain) {
        serverChain = chain == null ? List.of() : List.copyOf(Arrays.asList(chain));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        record(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        record(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        record(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the diagnosis acts as a TLS client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the diagnosis acts as a TLS client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the diagnosis acts as a TLS client only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
