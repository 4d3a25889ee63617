package nl.dkgw.gateway.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.ChainDatabase;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.NodeInternals;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.cli.Main;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.PurgeCounts;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Retention: a purge removes completed messages and keeps pending and unprocessed ones; a received message's
 * MessageId outlives its contents for as long as the CPA's persist duration, so a resend after the purge is
 * acknowledged and not delivered twice.
 */
@Slow
class PurgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ChainDatabase.class)
    void purgeRemovesCompletedMessagesAndKeepsPendingUnprocessedAndDuplicateElimination(ChainDatabase database)
            throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir, database.jdbcUrls(), Duration.ofSeconds(1), List.of(Profile.OSB_RM), SyncReplyMode.NONE)) {
            String cpaId = chain.cpaId(Profile.OSB_RM);
            String rivm = LocalChain.PROVIDER.name();
            Gateway ggd = chain.consumer();

            String processed = send(ggd, cpaId, "processed@purge.dkgw.test");
            awaitStatus(ggd, processed, MessageStatus.ACKNOWLEDGED);
            StoredMessage processedAtRivm = received(chain.provider(), cpaId, processed);
            assertThat(chain.provider().markProcessed(processedAtRivm.pk())).isTrue();
            String unprocessed = send(ggd, cpaId, "unprocessed@purge.dkgw.test");
            awaitStatus(ggd, unprocessed, MessageStatus.ACKNOWLEDGED);
            StoredMessage unprocessedAtRivm = received(chain.provider(), cpaId, unprocessed);

            chain.stop(rivm);
            String pending = send(ggd, cpaId, "pending@purge.dkgw.test");

            // dry run through the admin API: counts, removes nothing
            JsonNode dry = postPurge(ggd, "{\"dryRun\": true, \"olderThan\": \"PT0S\"}");
            assertThat(dry.path("dryRun").asBoolean()).isTrue();
            assertThat(dry.path("counts").path("sentMessages").asLong()).isEqualTo(2);
            assertThat(dry.path("counts").path("payloads").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(ggd.report(processed)).isPresent();
            assertThat(ggd.report(unprocessed)).isPresent();

            // the real purge through the CLI: the completed messages go, the pending one stays
            String printed = cli(ggd, "--older-than", "PT0S");
            assertThat(printed).contains("removed").contains("sent messages             2");
            assertThat(ggd.report(processed)).isEmpty();
            assertThat(ggd.report(unprocessed)).isEmpty();
            assertThat(ggd.report(pending))
                    .get()
                    .extracting(r -> r.message().status())
                    .isEqualTo(MessageStatus.PENDING);
            assertThat(NodeInternals.store(ggd)
                            .payloads()
                            .of(ggd.report(pending).orElseThrow().message().pk()))
                    .hasSize(1);

            // the receiving side: the processed message loses its contents but keeps its MessageId (the CPA's
            // persist duration is longer than the period); the unprocessed one is untouched
            Gateway provider = chain.restart(rivm);
            PurgeCounts wouldGo = provider.purge(Duration.ZERO, true);
            assertThat(wouldGo.receivedContents()).isEqualTo(1);
            assertThat(wouldGo.receivedMessages()).isZero();
            assertThat(NodeInternals.store(provider).payloads().of(processedAtRivm.pk()))
                    .hasSize(1);
            PurgeCounts went = provider.purge(Duration.ZERO, false);
            assertThat(went.receivedContents()).isEqualTo(1);
            assertThat(went.receivedMessages()).isZero();
            assertThat(NodeInternals.store(provider).payloads().of(processedAtRivm.pk()))
                    .isEmpty();
            assertThat(NodeInternals.store(provider).messages().envelope(processedAtRivm.pk()))
                    .isEmpty();
            assertThat(NodeInternals.store(provider).messages().find(Direction.IN, cpaId, processed))
                    .isPresent();
            assertThat(NodeInternals.store(provider).messages().findByPk(unprocessedAtRivm.pk()))
                    .get()
                    .extracting(StoredMessage::status)
                    .isEqualTo(MessageStatus.RECEIVED);
            assertThat(NodeInternals.store(provider).payloads().of(unprocessedAtRivm.pk()))
                    .hasSize(1);
            awaitStatus(ggd, pending, MessageStatus.ACKNOWLEDGED);

            // the sender resends the purged message with the same MessageId: acknowledged, not delivered again
            send(ggd, cpaId, processed);
            awaitStatus(ggd, processed, MessageStatus.ACKNOWLEDGED);
            assertThat(provider.received(cpaId, null, 1000).stream()
                            .map(StoredMessage::messageId)
                            .filter(processed::equals))
                    .hasSize(1);
            assertThat(NodeInternals.store(provider).messages().findByPk(processedAtRivm.pk()))
                    .get()
                    .extracting(StoredMessage::status)
                    .isEqualTo(MessageStatus.PROCESSED);
        }
    }

    private static String send(Gateway node, String cpaId, String messageId) throws Exception {
        return node.submit(Submission.of(
                                cpaId,
                                LocalChain.serviceName(Profile.OSB_RM),
                                LocalChain.TO_PROVIDER,
                                new Submission.Part(
                                        "text/plain",
                                        ("purge test " + messageId).getBytes(StandardCharsets.UTF_8),
                                        null))
                        .withMessageId(messageId))
                .messageId();
    }

    private static void awaitStatus(Gateway node, String messageId, MessageStatus status) {
        await(messageId + " " + status)
                .atMost(Duration.ofSeconds(30))
                .until(() -> node.report(messageId)
                        .map(r -> r.message().status() == status)
                        .orElse(false));
    }

    private static StoredMessage received(Gateway node, String cpaId, String messageId) {
        return await(messageId + " received")
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> NodeInternals.store(node)
                                .messages()
                                .find(Direction.IN, cpaId, messageId)
                                .orElse(null),
                        m -> m != null);
    }

    private static JsonNode postPurge(Gateway node, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + "/api/purge"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Runs {@code dkgw purge --config <a file naming the node's admin URL> args} and returns what it printed. */
    private String cli(Gateway node, String... args) throws Exception {
        Path config = dir.resolve("cli-gateway.yml");
        Files.writeString(config, "admin:\n  url: http://127.0.0.1:" + node.adminPort() + "\n");
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 3];
            all[0] = "purge";
            all[1] = "--config";
            all[2] = config.toString();
            System.arraycopy(args, 0, all, 3, args.length);
            exit = Main.run(all);
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        return printed;
    }
}
