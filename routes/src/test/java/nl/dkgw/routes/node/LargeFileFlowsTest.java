package nl.dkgw.routes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.camel.FlowCpa;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.coronit.TestResultFlow;
import nl.dkgw.routes.flow.FlowHeaders;
import nl.dkgw.routes.lopendezaken.StatusNoticeFlow;
import nl.dkgw.routes.vaccination.VaccinationFlow;
import nl.dkgw.testkit.Slow;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grote Berichten through the flows between two real nodes ({@link LocalChain} with {@code gb} on, mutual TLS on
 * loopback): files dropped in the sending flows' directories ({@code send.large-files: true}) go streamed through GB
 * and arrive at each receiving flow's destination with the right checksum, once: a directory (the message's
 * directory with the file), a webhook (the file as a streamed body) and a JMS queue (a reference with path, name,
 * size and checksum). The same file dropped again keeps its MessageId and is not sent a second time. A node with GB
 * off does not start a flow that sends large files.
 */
@Slow
class LargeFileFlowsTest {

    static final long SIZE = 3L * 1024 * 1024 + 4321;

    @TempDir
    Path dir;

    final List<String> webhookChecksums = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> webhookHeaders = new CopyOnWriteArrayList<>();

    @Test
    void filesDroppedInSendingFlowsArriveThroughGbAtEveryKindOfDestinationOnce() throws Exception {
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        webhook.createContext("/files", x -> {
            try (InputStream body = x.getRequestBody()) {
                webhookChecksums.add(sha256(body));
            }
            webhookHeaders.add(Map.of(
                    "name", x.getRequestHeaders().getFirst("X-Dkgw-File-Name"),
                    "checksum", x.getRequestHeaders().getFirst("X-Dkgw-File-Checksum"),
                    "size", x.getRequestHeaders().getFirst("X-Dkgw-File-Size"),
                    "type", x.getRequestHeaders().getFirst("Content-Type"),
                    "messageId", x.getRequestHeaders().getFirst("X-Dkgw-Message-Id")));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        webhook.start();
        try (LocalChain chain = LocalChain.start(
                dir.resolve("chain"),
                Map.of(),
                Duration.ofSeconds(1),
                List.of(),
                SyncReplyMode.NONE,
                c -> c.withGb(GatewayConfig.Gb.on().withKeepAfterFetch(Duration.ZERO)))) {
            String cpaId = FlowCpa.add(chain, Profile.OSB_RM);
            Path ggd = dir.resolve("ggd-flows");
            Path rivm = dir.resolve("rivm-flows");
            FlowsConfig sending = new FlowsConfig(
                    null,
                    null,
                    null,
                    Map.of(
                            TestResultFlow.NAME, sending(cpaId, FlowCpa.TEST_RESULT, "drop/results"),
                            VaccinationFlow.NAME, sending(cpaId, FlowCpa.VACCINATION, "drop/vaccinations"),
                            StatusNoticeFlow.NAME, sending(cpaId, FlowCpa.CASE_STATUS, "drop/cases")));
            FlowsConfig receiving = new FlowsConfig(
                    null,
                    null,
                    null,
                    Map.of(
                            TestResultFlow.NAME,
                            receiving(cpaId, FlowCpa.TEST_RESULT, new FlowsConfig.DeliverTo(null, null, null, "inbox")),
                            VaccinationFlow.NAME,
                            receiving(
                                    cpaId,
                                    FlowCpa.VACCINATION,
                                    new FlowsConfig.DeliverTo(
                                            null,
                                            null,
                                            "http://127.0.0.1:"
                                                    + webhook.getAddress().getPort() + "/files",
                                            null)),
                            StatusNoticeFlow.NAME,
                            receiving(
                                    cpaId, FlowCpa.CASE_STATUS, new FlowsConfig.DeliverTo("cases.files", null, null))));
            try (GatewayFlows rivmFlows = GatewayFlows.start(chain.provider(), receiving, rivm);
                    GatewayFlows ggdFlows = GatewayFlows.start(chain.consumer(), sending, ggd)) {
                String results = drop(ggd.resolve("drop/results"), "testresults-2026-11.csv", 1);
                String vaccinations = drop(ggd.resolve("drop/vaccinations"), "vaccinations-backlog.xml", 2);
                String cases = drop(ggd.resolve("drop/cases"), "zaken-archief.zip", 3);

                // directory: the message's own directory, complete, with the file under its name
                Path inbox = rivm.resolve("inbox");
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> delivered(inbox).size() == 1);
                Path messageDir = delivered(inbox).get(0);
                assertThat(messageDir.getFileName().toString()).startsWith(TestResultFlow.NAME + ".file-");
                Path arrived = messageDir.resolve("testresults-2026-11.csv");
                assertThat(Files.size(arrived)).isEqualTo(SIZE);
                assertThat(sha256(arrived)).isEqualTo(results);
                assertThat(ggd.resolve("drop/results/done/testresults-2026-11.csv"))
                        .exists();

                // webhook: one POST with the file as its body
                await().atMost(Duration.ofMinutes(2)).until(() -> webhookChecksums.size() == 1);
                assertThat(webhookChecksums.get(0)).isEqualTo(vaccinations);
                assertThat(webhookHeaders.get(0))
                        .containsEntry("name", "vaccinations-backlog.xml")
                        .containsEntry("checksum", "SHA256:" + vaccinations)
                        .containsEntry("size", Long.toString(SIZE))
                        .containsEntry("type", "application/xml");

                // queue: a reference to the verified file, never its content
                ConsumerTemplate queue = rivmFlows.runtime().camel().createConsumerTemplate();
                Exchange reference = queue.receive(
                        "jms:queue:cases.files", Duration.ofMinutes(2).toMillis());
                assertThat(reference).isNotNull();
                var m = reference.getMessage();
                assertThat(m.getHeader(FlowHeaders.FILE_NAME, String.class)).isEqualTo("zaken-archief.zip");
                assertThat(m.getHeader(FlowHeaders.FILE_SIZE, Long.class)).isEqualTo(SIZE);
                assertThat(m.getHeader(FlowHeaders.FILE_CHECKSUM, String.class)).isEqualTo("SHA256:" + cases);
                assertThat(m.getHeader(FlowHeaders.FILE_COUNT, Integer.class)).isEqualTo(1);
                Path referenced = Path.of(m.getHeader(FlowHeaders.FILE_PATH, String.class));
                assertThat(m.getBody(String.class)).isEqualTo(referenced.toString());
                assertThat(sha256(referenced)).isEqualTo(cases);

                Gateway receiver = chain.provider();
                for (String action : List.of(FlowCpa.TEST_RESULT, FlowCpa.VACCINATION, FlowCpa.CASE_STATUS)) {
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> receiver.received(cpaId, FlowCpa.SERVICE, action, MessageStatus.PROCESSED, 10)
                                            .size()
                                    == 1);
                }

                // the same file dropped again: same source id, same MessageId, not sent a second time
                assertThat(drop(ggd.resolve("drop/results"), "testresults-2026-11.csv", 1))
                        .isEqualTo(results);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !Files.exists(ggd.resolve("drop/results/testresults-2026-11.csv")));
                await().during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> receiver.received(
                                                cpaId,
                                                FlowCpa.SERVICE,
                                                FlowCpa.TEST_RESULT,
                                                MessageStatus.PROCESSED,
                                                10)
                                        .size()
                                == 1);
                assertThat(chain.consumer().received(cpaId, MessageStatus.RECEIVED, 10))
                        .isEmpty();
                assertThat(delivered(inbox)).hasSize(1);
                assertThat(webhookChecksums).hasSize(1);
                assertThat(queue.receive("jms:queue:cases.files", 1_000)).isNull();
                assertThat(ggd.resolve("drop/results/error")).doesNotExist();
                // each file was removed from the sender's store once fetched (gb.keep-after-fetch zero); a repeat
                // stored
                // again would stay there
                Path outgoing =
                        dir.resolve("chain").resolve(LocalChain.CONSUMER.name()).resolve("data/gb/outgoing");
                await().atMost(Duration.ofSeconds(30)).until(() -> storedFiles(outgoing) == 0);
            }
        } finally {
            webhook.stop(0);
        }
    }

    @Test
    void filesPutOnAJmsQueueGoThroughGbToTheReceivingFlowOnceAndOneWithoutANameIsRefused() throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir.resolve("chain"),
                Map.of(),
                Duration.ofSeconds(1),
                List.of(),
                SyncReplyMode.NONE,
                c -> c.withGb(GatewayConfig.Gb.on()))) {
            String cpaId = FlowCpa.add(chain, Profile.OSB_RM);
            Path ggd = dir.resolve("ggd-flows");
            Path rivm = dir.resolve("rivm-flows");
            FlowsConfig sending = new FlowsConfig(
                    null,
                    null,
                    null,
                    Map.of(
                            TestResultFlow.NAME,
                            new FlowsConfig.FlowConfig(
                                    new FlowsConfig.Send(
                                            cpaId,
                                            FlowCpa.SERVICE,
                                            FlowCpa.TEST_RESULT,
                                            null,
                                            new FlowsConfig.Sources("files.out", null, null, null, null, null),
                                            null,
                                            true),
                                    null,
                                    Map.of("sender-oin", "00000001002220647000"))));
            FlowsConfig receiving = new FlowsConfig(
                    null,
                    null,
                    null,
                    Map.of(
                            TestResultFlow.NAME,
                            receiving(
                                    cpaId, FlowCpa.TEST_RESULT, new FlowsConfig.DeliverTo(null, null, null, "inbox"))));
            try (GatewayFlows rivmFlows = GatewayFlows.start(chain.provider(), receiving, rivm);
                    GatewayFlows ggdFlows = GatewayFlows.start(chain.consumer(), sending, ggd)) {
                // a BytesMessage above Artemis' minLargeMessageSize: a large message, streamed in chunks
                byte[] content = generated(4);
                ProducerTemplate producer = ggdFlows.runtime().camel().createProducerTemplate();
                producer.sendBodyAndHeaders(
                        "jms:queue:files.out",
                        content,
                        Map.of(
                                FlowHeaders.FILE_NAME,
                                "uitslagen-2026-12.csv",
                                FlowHeaders.FILE_CONTENT_TYPE,
                                "text/csv"));

                Path inbox = rivm.resolve("inbox");
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> delivered(inbox).size() == 1);
                Path arrived = delivered(inbox).get(0).resolve("uitslagen-2026-12.csv");
                assertThat(Files.size(arrived)).isEqualTo(SIZE);
                try (InputStream in = new ByteArrayInputStream(content)) {
                    assertThat(sha256(arrived)).isEqualTo(sha256(in));
                }
                assertThat(delivered(inbox).get(0).getFileName().toString())
                        .as("the MessageId of the JMS message's source id")
                        .startsWith(TestResultFlow.NAME + ".jms-ID-");
                Gateway receiver = chain.provider();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> receiver.received(
                                                cpaId,
                                                FlowCpa.SERVICE,
                                                FlowCpa.TEST_RESULT,
                                                MessageStatus.PROCESSED,
                                                10)
                                        .size()
                                == 1);

                // without a file name: refused for good, a notice on the flow's dead-letter queue, nothing sent
                producer.sendBody("jms:queue:files.out", content);
                ConsumerTemplate queue = ggdFlows.runtime().camel().createConsumerTemplate();
                Exchange notice = queue.receive(
                        FlowsConfig.defaultDeadLetter(TestResultFlow.NAME),
                        Duration.ofMinutes(1).toMillis());
                assertThat(notice).isNotNull();
                assertThat(notice.getMessage().getHeader(FlowHeaders.REJECT_KIND, String.class))
                        .isEqualTo("REFUSED");
                assertThat(notice.getMessage().getHeader(FlowHeaders.REJECT_REASON, String.class))
                        .contains(FlowHeaders.FILE_NAME);
                assertThat(receiver.received(cpaId, FlowCpa.SERVICE, FlowCpa.TEST_RESULT, null, 10))
                        .hasSize(1);
            }
        }
    }

    private static byte[] generated(long seed) {
        byte[] content = new byte[(int) SIZE];
        new Random(seed).nextBytes(content);
        return content;
    }

    private static long storedFiles(Path store) throws IOException {
        try (Stream<Path> stored = Files.list(store)) {
            return stored.filter(p -> p.toString().endsWith(".data")).count();
        }
    }

    @Test
    void aFlowSendingLargeFilesDoesNotStartOnANodeWithGbOff() throws Exception {
        try (LocalChain chain = LocalChain.start(
                dir.resolve("chain"), Map.of(), Duration.ofSeconds(1), List.of(), SyncReplyMode.NONE)) {
            FlowsConfig sending = new FlowsConfig(
                    null, null, null, Map.of(TestResultFlow.NAME, sending("any-cpa", FlowCpa.TEST_RESULT, "drop")));
            assertThatThrownBy(() -> GatewayFlows.start(chain.consumer(), sending, dir.resolve("ggd-flows")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(TestResultFlow.NAME)
                    .hasMessageContaining("send.large-files")
                    .hasMessageContaining("gb.enabled");
        }
    }

    private static FlowsConfig.FlowConfig sending(String cpaId, String action, String directory) {
        return new FlowsConfig.FlowConfig(
                new FlowsConfig.Send(
                        cpaId,
                        FlowCpa.SERVICE,
                        action,
                        null,
                        new FlowsConfig.Sources(null, null, directory, null, null, null),
                        null,
                        true),
                null,
                Map.of("sender-oin", "00000001002220647000"));
    }

    private static FlowsConfig.FlowConfig receiving(String cpaId, String action, FlowsConfig.DeliverTo to) {
        return new FlowsConfig.FlowConfig(
                null, new FlowsConfig.Receive(cpaId, FlowCpa.SERVICE, action, null, to), null);
    }

    /** The delivered message directories (not the hidden partial ones). */
    private static List<Path> delivered(Path inbox) throws IOException {
        if (!Files.isDirectory(inbox)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(inbox)) {
            return list.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList();
        }
    }

    /**
     * Writes {@value #SIZE} generated bytes (seeded, block by block) next to the drop directory and renames the file
     * into it, as a writer should; answers the file's SHA-256.
     */
    private static String drop(Path dropDir, String name, long seed) throws Exception {
        Files.createDirectories(dropDir);
        Path staging = dropDir.resolveSibling(dropDir.getFileName() + ".staging-" + name);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Random random = new Random(seed);
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(staging)) {
            for (long left = SIZE; left > 0; ) {
                int n = (int) Math.min(block.length, left);
                random.nextBytes(block);
                out.write(block, 0, n);
                md.update(block, 0, n);
                left -= n;
            }
        }
        Files.move(staging, dropDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return HexFormat.of().formatHex(md.digest());
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            DigestInputStream digest = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"));
            digest.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digest.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
