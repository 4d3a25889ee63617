package nl.dkgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's TLS keys come from PKCS#12 or PEM files (PKCS#11 tokens are proven in certs-pkio against SoftHSM2). */
@Slow
class KeySourceTest {

    @TempDir
    Path dir;

    @Test
    void aNodeWithPemKeysExchangesMessagesOverMutualTls() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            TestPki pki = chain.pki();
            String name = LocalChain.CONSUMER.name();
            chain.restart(
                    name,
                    c -> new GatewayConfig(
                            c.node(),
                            c.ebms(),
                            c.admin(),
                            new GatewayConfig.Tls(
                                    new GatewayConfig.KeySource(
                                            "PEM",
                                            pki.privateKeyPem(name, TestPki.Usage.TLS_SERVER)
                                                    .toString(),
                                            null,
                                            pki.chainPem(name, TestPki.Usage.TLS_SERVER)
                                                    .toString(),
                                            null),
                                    new GatewayConfig.KeySource(
                                            "pem",
                                            pki.privateKeyPem(name, TestPki.Usage.TLS_CLIENT)
                                                    .toString(),
                                            null,
                                            pki.chainPem(name, TestPki.Usage.TLS_CLIENT)
                                                    .toString(),
                                            null),
                                    c.tls().trustStore(),
                                    c.tls().trustStorePassword(),
                                    true,
                                    c.tls().crlDir(),
                                    null,
                                    null),
                            c.database(),
                            c.delivery(),
                            c.limits(),
                            c.cpa()));
            StoredMessage m = chain.consumer()
                    .submit(Submission.of(
                            chain.cpaId(Profile.OSB_RM),
                            LocalChain.serviceName(Profile.OSB_RM),
                            LocalChain.TO_PROVIDER,
                            Submission.Part.of("text/plain", "pem".getBytes(StandardCharsets.UTF_8))));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> chain.consumer()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .message()
                                    .status()
                            == MessageStatus.ACKNOWLEDGED);
            assertThat(chain.consumer().ownOin().value()).isEqualTo(LocalChain.CONSUMER.oin());
        }
    }

    @Test
    void missingOrUnknownKeySettingsAreNamed() {
        KeySourceLoader loader = new KeySourceLoader(dir);
        assertThatThrownBy(() -> loader.load(null, "tls.server-key")).hasMessageContaining("tls.server-key.file");
        assertThatThrownBy(() ->
                        loader.load(new GatewayConfig.KeySource("PEM", "k.pem", null, null, null), "tls.client-key"))
                .hasMessageContaining("tls.client-key.chain");
        assertThatThrownBy(() ->
                        loader.load(new GatewayConfig.KeySource("JKS", "k.jks", null, null, null), "tls.client-key"))
                .hasMessageContaining("PKCS12, PEM or PKCS11");
        assertThatThrownBy(() -> loader.load(
                        new GatewayConfig.KeySource("PKCS11", "token.cfg", "1234", null, null), "tls.client-key"))
                .hasMessageContaining("alias");
    }
}
