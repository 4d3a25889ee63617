package nl.dkgw.gateway.gb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.api.FileSubmission;
import nl.dkgw.gateway.api.MessageSummary;
import nl.dkgw.gateway.api.SubmitResult;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.gb.metadata.GbMetadataReader;
import nl.dkgw.testkit.Slow;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a GB transfer stands, as the admin API shows it on both sides: the receiver's bytes so far in the middle of a
 * download and the sender's offered file not fetched yet; a download refused because the CPA the file was offered
 * under now names another party (403 from the file endpoint, which asks the CPA as it is at download time), shown
 * FAILED with its reason.
 */
@Slow
class GbTransferViewTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SIZE = 16L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void theMessageViewsShowTheBytesSoFarInTheMiddleOfADownload() throws Exception {
        try (StallingProxy proxy = new StallingProxy(1024 * 1024)) {
            GatewayConfig.Gb gb = new GatewayConfig.Gb(
                    true, null, "https://127.0.0.1:" + proxy.port() + "/gb/files/", null, null, 1, 5);
            try (LocalChain chain = chain(c -> c.withGb(gb), h -> h)) {
                proxy.target(chain.consumer().ebmsPort());
                MessageSummary sent = send(chain, 21, SIZE, "halfway.bin");

                await().atMost(Duration.ofMinutes(1)).until(() -> {
                    JsonNode files = view(chain.provider(), sent.messageId()).get("files");
                    return files.size() == 1 && files.get(0).path("bytesSoFar").asLong() > 0;
                });
                JsonNode file =
                        view(chain.provider(), sent.messageId()).get("files").get(0);
                assertThat(file.get("status").asText()).isEqualTo("DOWNLOADING");
                assertThat(file.get("bytesSoFar").asLong()).isPositive().isLessThan(SIZE);
                assertThat(file.get("reason").isNull()).isTrue();
                assertThat(file.get("link").isNull()).isTrue();

                JsonNode offered = view(chain.consumer(), sent.messageId()).get("sentFiles");
                assertThat(offered).hasSize(1);
                assertThat(offered.get(0).get("filename").asText()).isEqualTo("halfway.bin");
                assertThat(offered.get(0).get("fetched").asBoolean()).isFalse();
                assertThat(offered.get(0).get("bytesServed").asLong()).isLessThan(SIZE);
                assertThat(offered.get(0).get("removedAt").isNull()).isTrue();
                assertThat(offered.get(0).get("expiresAt").asText()).isNotBlank();
            }
        }
    }

    @Test
    void aCpaReplacedWithAnotherPartyAfterTheFileWasOfferedRefusesItsDownload() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (LocalChain chain = chain(c -> c.withGb(GatewayConfig.Gb.on()), handler -> held(handler, gate))) {
            // the receiver's endpoint holds the metadata message until the sender's CPA names another party
            MessageSummary sent = send(chain, 22, 1024 * 1024, "moved.bin");
            String cpa = chain.cpas().get(0);
            String cpaId = chain.cpaId(Profile.OSB_RM);
            String otherParty = "00000099000000003000";
            // the same CPA id, the provider's OIN replaced by another organisation's
            String replaced = cpa.replace(LocalChain.PROVIDER.oin(), otherParty)
                    .replace(cpaId.replace(LocalChain.PROVIDER.oin(), otherParty), cpaId);
            assertThat(replaced).isNotEqualTo(cpa);
            assertThat(chain.consumer().importCpa(replaced).replaced()).isTrue();

            URI url = new GbMetadataReader()
                    .read(chain.consumer()
                            .fetch(sent.pk())
                            .orElseThrow()
                            .payloads()
                            .get(0)
                            .data())
                    .references()
                    .get(0)
                    .location()
                    .url();
            assertThat(GbEndToEndTest.head(chain, LocalChain.PROVIDER.name(), url))
                    .as("the party the file was stored for is not the CPA's party any more")
                    .isEqualTo(403);

            gate.countDown();
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                JsonNode files = view(chain.provider(), sent.messageId()).get("files");
                return files.size() == 1
                        && !"DOWNLOADING".equals(files.get(0).get("status").asText());
            });
            JsonNode file =
                    view(chain.provider(), sent.messageId()).get("files").get(0);
            assertThat(file.get("status").asText()).isEqualTo("FAILED");
            assertThat(file.get("reason").asText()).contains("403");
            assertThat(file.get("bytesSoFar").isNull()).isTrue();
            assertThat(file.get("link").isNull()).isTrue();
        } finally {
            gate.countDown();
        }
    }

    private static MessageSummary send(LocalChain chain, long seed, long size, String name) throws Exception {
        SubmitResult result = chain.consumer()
                .largeFiles()
                .send(FileSubmission.of(
                        chain.cpaId(Profile.OSB_RM),
                        LocalChain.serviceName(Profile.OSB_RM),
                        LocalChain.TO_PROVIDER,
                        new GeneratedStream(seed, size),
                        name,
                        "application/octet-stream"));
        assertThat(result).isInstanceOf(SubmitResult.Accepted.class);
        return ((SubmitResult.Accepted) result).message();
    }

    /** The admin API's view of a message on a node (the chain's nodes run the admin API without authentication). */
    private static JsonNode view(Gateway node, String messageId) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + "/api/messages/"
                                        + URLEncoder.encode(messageId, StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) {
            return JSON.readTree("{\"files\": [], \"sentFiles\": []}"); // not arrived yet
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private LocalChain chain(UnaryOperator<GatewayConfig> config, UnaryOperator<Handler> layer) throws Exception {
        return LocalChain.start(
                dir, Map.of(), Duration.ofSeconds(2), List.of(Profile.OSB_RM), SyncReplyMode.NONE, config, layer);
    }

    /** The ebMS endpoint, answering each request only once {@code gate} opened. */
    private static Handler held(Handler endpoint, CountDownLatch gate) {
        return new Handler.Wrapper(endpoint) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (!gate.await(1, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
                return super.handle(request, response, callback);
            }
        };
    }
}
