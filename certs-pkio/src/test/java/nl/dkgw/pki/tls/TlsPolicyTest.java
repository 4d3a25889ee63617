package nl.dkgw.pki.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.support.SharedTestPki;
import nl.dkgw.pki.support.TlsPair;
import nl.dkgw.pki.support.TlsPair.Outcome;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.testpki.TestPki.Usage;
import nl.dkgw.pki.validation.CertificateValidator;
import org.junit.jupiter.api.Test;

class TlsPolicyTest {

    final TestPki pki = SharedTestPki.get();
    final TrustAnchors anchors = pki.trustAnchors();
    final CertificateValidator validator = CertificateValidator.trustAnchorsOnly(anchors);
    final SSLContext server = TlsContexts.create(pki.keyMaterial("alice", Usage.TLS_SERVER), anchors, validator);
    final SSLContext client = TlsContexts.create(pki.keyMaterial("bob", Usage.TLS_CLIENT), anchors, validator);

    private static void offer(SSLSocket socket, String protocol, String suite) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        parameters.setCipherSuites(new String[] {suite});
        socket.setSSLParameters(parameters);
    }

    @Test
    void policyListsOnlyTls12And13AndEcdheAeadSuites() {
        assertThat(TlsPolicy.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(TlsPolicy.cipherSuites()).allSatisfy(suite -> {
            assertThat(suite)
                    .matches("TLS_(AES_\\d+_GCM|CHACHA20_POLY1305)_SHA\\d+"
                            + "|TLS_ECDHE_(RSA|ECDSA)_WITH_(AES_\\d+_GCM|CHACHA20_POLY1305)_SHA\\d+");
        });
        assertThat(TlsPolicy.supportedBy(client.getSupportedSSLParameters().getCipherSuites()))
                .containsExactlyElementsOf(TlsPolicy.cipherSuites());
    }

    @Test
    void contextsStartWithThePolicyOnEverySocketAndEngine() throws Exception {
        assertThat(server.createSSLEngine().getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(server.createSSLEngine("peer", 443).getEnabledCipherSuites())
                .containsExactlyElementsOf(TlsPolicy.cipherSuites());
        assertThat(server.getDefaultSSLParameters().getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(client.getSocketFactory().getDefaultCipherSuites())
                .containsExactlyElementsOf(TlsPolicy.cipherSuites());
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket();
                SSLServerSocket listener = (SSLServerSocket)
                        server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getEnabledCipherSuites()).containsExactlyElementsOf(TlsPolicy.cipherSuites());
            assertThat(listener.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        }
    }

    @Test
    void resumableSessionsLiveOneHourNotTheJdkDefaultOfADay() {
        assertThat(server.getServerSessionContext().getSessionTimeout()).isEqualTo(3600);
        assertThat(client.getClientSessionContext().getSessionTimeout()).isEqualTo(3600);
    }

    @Test
    void withoutExplicitPolicyCallsAClientOfferingOnlyCbcIsStillRefused() throws Exception {
        Outcome outcome = TlsPair.exchange(
                server, client, s -> {}, s -> offer(s, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"));

        assertThat(outcome.server().failure()).hasMessageContaining("cipher suites");
    }

    @Test
    void tls13WithAnAllowedSuiteSucceeds() throws Exception {
        Outcome outcome = TlsPair.exchange(
                server, client, TlsPolicy::applyTo, s -> offer(s, "TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256"));

        assertThat(outcome.client().failure()).isNull();
        assertThat(outcome.server().session().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(outcome.server().session().getCipherSuite()).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
    }

    @Test
    void tls12WithAnAllowedSuiteSucceeds() throws Exception {
        Outcome outcome = TlsPair.exchange(
                server, client, TlsPolicy::applyTo, s -> offer(s, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));

        assertThat(outcome.client().failure()).isNull();
        assertThat(outcome.server().failure()).isNull();
        assertThat(outcome.server().session().getProtocol()).isEqualTo("TLSv1.2");
        assertThat(outcome.server().session().getCipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    }

    @Test
    void aClientOfferingOnlyCbcSuitesIsRefused() throws Exception {
        Outcome outcome = TlsPair.exchange(
                server, client, TlsPolicy::applyTo, s -> offer(s, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"));

        assertThat(outcome.client().failure()).isNotNull();
        assertThat(outcome.server().failure()).hasMessageContaining("cipher suites");
    }

    @Test
    void aClientOfferingOnlyStaticRsaKeyExchangeIsRefused() throws Exception {
        Outcome outcome = TlsPair.exchange(
                server, client, TlsPolicy::applyTo, s -> offer(s, "TLSv1.2", "TLS_RSA_WITH_AES_256_GCM_SHA384"));

        assertThat(outcome.client().failure()).isNotNull();
        assertThat(outcome.server().failure()).isNotNull();
    }

    @Test
    void aClientOfferingOnlyTls11IsRefused() throws Exception {
        Outcome outcome = TlsPair.exchange(server, client, TlsPolicy::applyTo, s -> {
            SSLParameters parameters = s.getSSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.1"});
            s.setSSLParameters(parameters);
        });

        assertThat(outcome.client().failure()).isNotNull();
        assertThat(outcome.server().failure()).isNotNull();
    }

    @Test
    void aClientCannotRenegotiateATls12Session() throws Exception {
        assertThat(TlsPolicy.rejectClientInitiatedRenegotiation()).isTrue();
        try (SSLServerSocket listener = (SSLServerSocket)
                server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            TlsPolicy.applyTo(listener);
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.setSoTimeout(10_000);
                    InputStream in = socket.getInputStream();
                    for (int b = in.read(); b >= 0; b = in.read()) {
                        socket.getOutputStream().write(b);
                        socket.getOutputStream().flush();
                    }
                } catch (IOException e) {
                    // the refused renegotiation ends the connection
                }
            });
            try (SSLSocket socket = (SSLSocket)
                    client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                socket.setSoTimeout(10_000);
                offer(socket, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
                socket.getOutputStream().write(1);
                assertThat(socket.getInputStream().read()).isEqualTo(1);

                assertThatThrownBy(() -> {
                            socket.startHandshake();
                            socket.getOutputStream().write(2);
                            socket.getInputStream().read();
                        })
                        .isInstanceOf(IOException.class);
            }
            echo.get(20, TimeUnit.SECONDS);
        }
    }
}
