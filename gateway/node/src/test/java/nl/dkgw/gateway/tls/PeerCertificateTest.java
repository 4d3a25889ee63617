package nl.dkgw.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
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

/** Both TLS sides of a node validate the peer's PKIoverheid chain, CRLs included. */
@Slow
class PeerCertificateTest {

    @TempDir
    Path dir;

    private static StoredMessage send(LocalChain chain) throws Exception {
        return chain.consumer()
                .submit(Submission.of(
                        chain.cpaId(Profile.OSB_RM),
                        LocalChain.serviceName(Profile.OSB_RM),
                        LocalChain.TO_PROVIDER,
                        Submission.Part.of("text/plain", "x".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aServerWhoseCertificateIsRevokedIsNotTrustedAndTheSenderSaysWhy() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofMillis(300), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            chain.pki().revoke(LocalChain.PROVIDER.name(), TestPki.Usage.TLS_SERVER);
            StoredMessage m = send(chain);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> chain.consumer()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .attempts()
                                    .size()
                            >= 2);
            var report = chain.consumer().report(m.messageId()).orElseThrow();
            assertThat(report.message().status()).isIn(MessageStatus.PENDING, MessageStatus.FAILED);
            assertThat(report.attempts().get(0).outcome()).isEqualTo("RETRYABLE");
            assertThat(report.attempts().get(0).detail()).contains("TLS").containsIgnoringCase("revoked");
            assertThat(chain.provider().received(null, null, 10)).isEmpty();
        }
    }

    @Test
    void aClientWhoseCertificateIsRevokedIsRefusedAtTheHandshake() throws Exception {
        try (LocalChain chain =
                LocalChain.start(dir, Map.of(), Duration.ofMillis(300), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            chain.pki().revoke(LocalChain.CONSUMER.name(), TestPki.Usage.TLS_CLIENT);
            StoredMessage m = send(chain);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> chain.consumer()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .attempts()
                                    .size()
                            >= 2);
            var attempt = chain.consumer()
                    .report(m.messageId())
                    .orElseThrow()
                    .attempts()
                    .get(0);
            assertThat(attempt.outcome()).isEqualTo("RETRYABLE");
            assertThat(attempt.httpStatus()).isNull();
            assertThat(chain.provider().received(null, null, 10)).isEmpty();
        }
    }
}
