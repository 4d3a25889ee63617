package nl.dkgw.pki.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.Oin;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.support.TlsPair;
import nl.dkgw.pki.support.TlsPair.Outcome;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.testpki.TestPki.PartySpec;
import nl.dkgw.pki.validation.CertificateValidator;
import nl.dkgw.pki.validation.ValidationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutualTlsHandshakeTest {

    @TempDir
    static Path dir;

    static TestPki pki;
    static TrustAnchors anchors;
    static CertificateValidator validator;

    @BeforeAll
    static void generate() {
        pki = TestPki.generate(
                dir,
                List.of(
                        new PartySpec("alice", "00000099000000001000", "localhost"),
                        new PartySpec("bob", "00000001823288444000", "localhost")));
        anchors = TrustAnchors.fromKeyStore(pki.trustStore(), pki.password());
        validator = CertificateValidator.trustAnchorsOnly(anchors);
    }

    @Test
    void bothSidesReadThePeersOinAfterAMutualHandshake() throws Exception {
        SSLContext server =
                TlsContexts.create(KeyMaterial.fromPkcs12(pki.tlsServer("alice"), pki.password()), anchors, validator);
        SSLContext client =
                TlsContexts.create(KeyMaterial.fromPkcs12(pki.tlsClient("bob"), pki.password()), anchors, validator);

        Outcome outcome = TlsPair.exchange(server, client, TlsPolicy::applyTo, socket -> {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            TlsPolicy.applyTo(parameters);
            socket.setSSLParameters(parameters);
        });

        assertThat(outcome.client().failure()).isNull();
        assertThat(outcome.server().failure()).isNull();
        assertThat(outcome.server().peerOin()).contains(Oin.parse("00000001823288444000"));
        assertThat(outcome.client().peerOin()).contains(Oin.parse("00000099000000001000"));
        assertThat(outcome.client().session().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(TlsPolicy.cipherSuites()).contains(outcome.client().session().getCipherSuite());
    }

    @Test
    void serverRefusesAClientWhoseChainTheValidatorRejectsAndSaysWhichCertificateAndRule() throws Exception {
        CertificateValidator refuseBob = (chain, at) -> Oin.fromCertificate(chain.get(0))
                .filter(oin -> oin.value().equals("00000001823288444000"))
                .map(oin -> ValidationResult.invalid(List.of("Certificate 'bob': [test rule] refused")))
                .orElseGet(() -> validator.validate(chain, at));
        SSLContext server =
                TlsContexts.create(KeyMaterial.fromPkcs12(pki.tlsServer("alice"), pki.password()), anchors, refuseBob);
        SSLContext client =
                TlsContexts.create(KeyMaterial.fromPkcs12(pki.tlsClient("bob"), pki.password()), anchors, validator);

        Outcome outcome = TlsPair.exchange(server, client, TlsPolicy::applyTo, TlsPolicy::applyTo);

        assertThat(outcome.server().failure()).isNotNull();
        assertThat(rootCauseMessage(outcome.server().failure()))
                .contains("TLS client certificate was rejected")
                .contains("[test rule]");
        assertThat(outcome.client().failure()).isNotNull();
    }

    @Test
    void clientRefusesAServerWhoseHostNameDoesNotMatchWhenEndpointIdentificationIsOn() throws Exception {
        Path otherDir = dir.resolve("other-host");
        TestPki other =
                TestPki.generate(otherDir, List.of(new PartySpec("carol", "00000099000000009000", "carol.example.nl")));
        TrustAnchors both = anchors.with(other.rootCertificate());
        CertificateValidator bothValidator = CertificateValidator.trustAnchorsOnly(both);
        SSLContext server = TlsContexts.create(
                KeyMaterial.fromPkcs12(other.tlsServer("carol"), other.password()), both, bothValidator);
        SSLContext client =
                TlsContexts.create(KeyMaterial.fromPkcs12(pki.tlsClient("bob"), pki.password()), both, bothValidator);

        Outcome outcome = TlsPair.exchange(server, client, TlsPolicy::applyTo, socket -> {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
        });

        assertThat(outcome.client().failure()).isNotNull();
        assertThat(rootCauseMessage(outcome.client().failure()))
                .contains("[host name]")
                .contains("carol.example.nl");
    }

    @Test
    void serverAsksForClientCertificatesUnderTheTrustAnchors() throws Exception {
        AtomicReference<List<String>> requested = new AtomicReference<>();
        KeyMaterial bob = KeyMaterial.fromPkcs12(pki.tlsClient("bob"), pki.password());
        X509KeyManager recording = new X509ExtendedKeyManager() {
            public String[] getClientAliases(String t, Principal[] i) {
                return new String[] {"bob"};
            }

            public String chooseClientAlias(String[] t, Principal[] issuers, Socket s) {
                requested.set(Arrays.stream(issuers).map(Principal::getName).toList());
                return "bob";
            }

            public String[] getServerAliases(String t, Principal[] i) {
                return null;
            }

            public String chooseServerAlias(String t, Principal[] i, Socket s) {
                return null;
            }

            public X509Certificate[] getCertificateChain(String a) {
                return bob.chain().toArray(X509Certificate[]::new);
            }

            public PrivateKey getPrivateKey(String a) {
                return bob.privateKey();
            }
        };
        SSLContext server =
                TlsContexts.create(KeyMaterial.fromPkcs12(pki.tlsServer("alice"), pki.password()), anchors, validator);
        SSLContext client = TlsContexts.create(recording, anchors, validator);

        Outcome outcome = TlsPair.exchange(server, client, s -> {}, s -> {});

        assertThat(outcome.server().failure()).isNull();
        assertThat(requested.get())
                .containsExactly(pki.rootCertificate().getSubjectX500Principal().getName());
    }

    static String rootCauseMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" / ");
        }
        return all.toString();
    }
}
