package nl.dkgw.pki.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Security;
import java.security.Signature;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.KeyMaterialException;
import nl.dkgw.pki.Oin;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.support.SharedTestPki;
import nl.dkgw.pki.support.TlsPair;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.testpki.TestPki.Usage;
import nl.dkgw.pki.tls.TlsContexts;
import nl.dkgw.pki.tls.TlsPolicy;
import nl.dkgw.pki.validation.CertificateValidator;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Slow
class Pkcs11TokenTest {

    static final char[] PIN = "4711".toCharArray();

    @TempDir
    static Path dir;

    static Pkcs11Token token;
    static TestPki pki;

    @BeforeAll
    static void softHsmToken() throws Exception {
        Optional<String> unavailable = SoftHsm.ensureInstalled();
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));
        SoftHsm.initToken("dkgw-test", new String(PIN), "123456");
        Path config = new SunPkcs11Config("dkgwSoftHsm", SoftHsm.library().orElseThrow(), 0)
                .writeTo(dir.resolve("pkcs11.cfg"));
        token = Pkcs11Token.open(config, PIN);
        pki = SharedTestPki.get();
        KeyMaterial signing = pki.keyMaterial("alice", Usage.SIGNING);
        token.importKey("alice-signing", signing.privateKey(), signing.chain());
        KeyMaterial tls = pki.keyMaterial("alice", Usage.TLS_SERVER);
        token.importKey("alice-tls", tls.privateKey(), tls.chain());
    }

    @Test
    void aKeyOnTheTokenSignsAndTheCertificateVerifies() throws Exception {
        KeyMaterial onToken = token.keyMaterial("alice-signing");
        byte[] data = "ebMS message".getBytes(StandardCharsets.UTF_8);

        Signature signer = Signature.getInstance("SHA256withRSA", token.provider());
        signer.initSign(onToken.privateKey());
        signer.update(data);
        byte[] signature = signer.sign();

        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(pki.certificate("alice", Usage.SIGNING));
        verifier.update(data);
        assertThat(verifier.verify(signature)).isTrue();
        assertThat(onToken.certificate()).isEqualTo(pki.certificate("alice", Usage.SIGNING));
        assertThat(onToken.privateKey().getClass().getName()).contains("P11");
        assertThat(token.keyAliases()).contains("alice-signing", "alice-tls");
    }

    @Test
    void aTlsServerPresentsAKeyFromTheToken() throws Exception {
        TrustAnchors anchors = pki.trustAnchors();
        CertificateValidator validator = CertificateValidator.trustAnchorsOnly(anchors);
        SSLContext server = TlsContexts.create(token.keyMaterial("alice-tls"), anchors, validator);
        SSLContext client = TlsContexts.create(pki.keyMaterial("bob", Usage.TLS_CLIENT), anchors, validator);

        TlsPair.Outcome outcome = TlsPair.exchange(server, client, TlsPolicy::applyTo, TlsPolicy::applyTo);

        assertThat(outcome.server().failure()).isNull();
        assertThat(outcome.client().failure()).isNull();
        assertThat(outcome.client().peerOin()).contains(Oin.parse(SharedTestPki.ALICE_OIN));
        assertThat(outcome.server().peerOin()).contains(Oin.parse(SharedTestPki.BOB_OIN));
        assertThat(outcome.client().session().getProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void theTokensJsseKeyManagerCanBePluggedIn() throws Exception {
        TrustAnchors anchors = pki.trustAnchors();
        CertificateValidator validator = CertificateValidator.trustAnchorsOnly(anchors);
        SSLContext client = TlsContexts.create(token.keyManager(), anchors, validator);
        SSLContext server = TlsContexts.create(pki.keyMaterial("bob", Usage.TLS_SERVER), anchors, validator);

        TlsPair.Outcome outcome = TlsPair.exchange(server, client, TlsPolicy::applyTo, TlsPolicy::applyTo);

        assertThat(outcome.server().failure()).isNull();
        assertThat(outcome.server().peerOin()).contains(Oin.parse(SharedTestPki.ALICE_OIN));
    }

    /**
     * With the native provider (Amazon Corretto Crypto Provider) first in the provider list, as the gateway puts it by
     * default (security.crypto-provider: auto), a key on the token is still used on the token: its handle is not key
     * material the native provider can take, and the JCA's delayed provider selection passes it on to the token's
     * provider. Signatures are asked for without naming a provider, as Santuario and JSSE ask for them.
     */
    @Test
    void withTheNativeProviderFirstATokenKeyStillSignsOnTheToken() throws Exception {
        Assumptions.assumeTrue(
                AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() == null,
                "the native provider does not load on this machine");
        boolean installedHere = Security.insertProviderAt(AmazonCorrettoCryptoProvider.INSTANCE, 1) != -1;
        try {
            assertThat(Security.getProviders()[0].getName()).isEqualTo(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
            byte[] data = "ebMS message".getBytes(StandardCharsets.UTF_8);
            Signature software = Signature.getInstance("SHA256withRSA");
            software.initSign(pki.keyMaterial("alice", Usage.SIGNING).privateKey());
            assertThat(software.getProvider().getName())
                    .as("a key in memory")
                    .isEqualTo(AmazonCorrettoCryptoProvider.PROVIDER_NAME);

            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(token.keyMaterial("alice-signing").privateKey());
            signer.update(data);
            byte[] signature = signer.sign();

            assertThat(signer.getProvider()).as("the key on the token").isSameAs(token.provider());
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(pki.certificate("alice", Usage.SIGNING));
            verifier.update(data);
            assertThat(verifier.verify(signature)).isTrue();

            TrustAnchors anchors = pki.trustAnchors();
            CertificateValidator validator = CertificateValidator.trustAnchorsOnly(anchors);
            SSLContext server = TlsContexts.create(token.keyMaterial("alice-tls"), anchors, validator);
            SSLContext client = TlsContexts.create(pki.keyMaterial("bob", Usage.TLS_CLIENT), anchors, validator);
            TlsPair.Outcome outcome = TlsPair.exchange(server, client, TlsPolicy::applyTo, TlsPolicy::applyTo);
            assertThat(outcome.server().failure()).isNull();
            assertThat(outcome.client().failure()).isNull();
            assertThat(outcome.client().session().getProtocol()).isEqualTo("TLSv1.3");
        } finally {
            if (installedHere) {
                Security.removeProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
            }
        }
    }

    @Test
    void aWrongLibraryIsReportedWithTheConfigurationFile() {
        Path config = new SunPkcs11Config("dkgwMissing", dir.resolve("no-such-pkcs11.so"), 0)
                .writeTo(dir.resolve("missing.cfg"));

        assertThatThrownBy(() -> Pkcs11Token.open(config, PIN))
                .isInstanceOf(KeyMaterialException.class)
                .hasMessageContaining(config.toString())
                .hasMessageContaining("library");
        assertThatThrownBy(() -> Pkcs11Token.open(dir.resolve("absent.cfg"), PIN))
                .hasMessageContaining("absent.cfg")
                .hasMessageContaining("does not exist");
    }
}
