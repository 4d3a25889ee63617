package nl.dkgw.gateway.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.testkit.SeededBytes;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grote Berichten durability proof: a large file goes from one node to the other, both running as their own
 * processes with a 256 MB heap (as {@link NodeProcess} starts them), while the sending node is killed with SIGKILL
 * during the receiver's download (its file endpoint is gone until it is started again) and then the receiving node
 * is killed (it resumes from its part file when started again). The file must arrive once with the right SHA-256,
 * every download after the first attempt must have resumed rather than started over, and the announcing message must
 * be delivered to the receiving application once.
 *
 * <p>The file is {@value #DEFAULT_MB} MB for CI; {@code -Ddkgw.gbproof.mb=2048} is the 2 GB run of {@code bench/gb.sh}.
 * It is written to disk as a stream of pseudo-random bytes, never held in memory. The sender is killed when the
 * receiver's part file holds 40 % of it, the receiver when it holds 70 %: watched, not slept for.
 */
@Slow
class GbKillAndResumeTest {

    static final long DEFAULT_MB = 200;
    private static final Pattern RESUMED_FROM = Pattern.compile("gb\\.download-resumed\\S*\\s.*?from=\"?(\\d+)");
    private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    @TempDir
    Path dir;

    @Test
    void aLargeFileArrivesOnceWithTheRightChecksumWhenTheSenderAndThenTheReceiverAreKilledMidDownload()
            throws Exception {
        long mb = Long.getLong("dkgw.gbproof.mb", DEFAULT_MB);
        long size = mb * 1024 * 1024 + 4_321; // not a multiple of any buffer
        Duration patience = Duration.ofSeconds(180 + mb / 2);
        Path file = dir.resolve("gb-proof-" + mb + "mb.bin");
        long began = System.nanoTime();
        String expected = new SeededBytes(size, 0x6b2d1f0a5c3e9d71L).writeTo(file);
        System.out.printf("gb proof: %d bytes generated in %d ms, SHA-256 %s%n", size, millisSince(began), expected);

        try (LocalChain chain = LocalChain.start(
                dir,
                Map.of(),
                Duration.ofSeconds(2),
                List.of(Profile.OSB_RM),
                SyncReplyMode.NONE,
                c -> c.withGb(GatewayConfig.Gb.on()),
                h -> h)) {
            String cpaId = chain.cpaId(Profile.OSB_RM);
            String senderName = LocalChain.CONSUMER.name();
            String receiverName = LocalChain.PROVIDER.name();
            Path senderDir = dir.resolve(senderName);
            Path receiverDir = dir.resolve(receiverName);
            Path incoming = receiverDir.resolve("gb-incoming");
            GatewayConfig senderConfig = childConfig(chain, senderName, senderDir);
            GatewayConfig receiverConfig = childConfig(chain, receiverName, receiverDir);
            chain.stop(senderName);
            chain.stop(receiverName);

            Path sentId = dir.resolve("sent-message-id");
            Path deliveries = dir.resolve("delivered.tsv");
            String common = "-Ddkgw.gbproof.cpa=" + cpaId;
            try (NodeProcess sender = NodeProcess.configure(
                                    senderName,
                                    senderConfig,
                                    senderDir,
                                    common,
                                    "-Ddkgw.gbproof.service=" + LocalChain.serviceName(Profile.OSB_RM),
                                    "-Ddkgw.gbproof.action=" + LocalChain.TO_PROVIDER,
                                    "-Ddkgw.gbproof.send=" + file,
                                    "-Ddkgw.gbproof.out=" + sentId,
                                    gcLog(senderDir))
                            .mainClass(GbChildNode.class);
                    NodeProcess receiver = NodeProcess.configure(
                                    receiverName,
                                    receiverConfig,
                                    receiverDir,
                                    common,
                                    "-Ddkgw.gbproof.deliver=" + deliveries,
                                    gcLog(receiverDir))
                            .mainClass(GbChildNode.class)) {
                receiver.start();
                long started = System.nanoTime();
                sender.start();
                await("the file stored and announced")
                        .atMost(patience)
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> Files.exists(sentId) || failed(sender));
                assertThat(Files.exists(sentId)).as(sender.output()).isTrue();
                String messageId = Files.readString(sentId).strip();
                System.out.printf("gb proof: file stored and announced after %d ms%n", millisSince(started));

                // 1. the sender dies during the download: its file endpoint is gone until it runs again
                awaitPart(incoming, size * 4 / 10, patience, receiver);
                sender.kill();
                long atSenderKill = partSize(incoming).orElseThrow();
                System.out.printf("gb proof: sender killed (SIGKILL) at %d of %d bytes%n", atSenderKill, size);
                assertThat(atSenderKill).isLessThan(size);
                sender.start();

                // 2. the receiver dies during the download: it resumes from its part file when it runs again
                awaitPart(incoming, size * 7 / 10, patience, receiver);
                receiver.kill();
                long atReceiverKill = partSize(incoming).orElseThrow();
                System.out.printf("gb proof: receiver killed (SIGKILL) at %d of %d bytes%n", atReceiverKill, size);
                assertThat(atReceiverKill).isLessThan(size);
                receiver.start();

                await("the message delivered to the receiving application")
                        .atMost(patience)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> Files.exists(deliveries) || failed(receiver));
                long took = millisSince(started);

                List<String> delivered = Files.readAllLines(deliveries);
                assertThat(delivered).as("what the application was given").hasSize(1);
                String[] fields = delivered.get(0).split("\t");
                assertThat(fields).hasSize(5);
                assertThat(fields[0]).isEqualTo(messageId);
                assertThat(fields[1]).isEqualTo("COMPLETED");
                assertThat(Long.parseLong(fields[2])).isEqualTo(size);
                assertThat(fields[3]).isEqualTo("SHA256:" + expected);
                Path arrived = Path.of(fields[4]);
                assertThat(Files.size(arrived)).isEqualTo(size);
                assertThat(sha256(arrived)).isEqualTo(expected);
                try (Stream<Path> left = Files.list(incoming)) {
                    assertThat(left.filter(p -> p.toString().endsWith(".part")))
                            .as("part files left")
                            .isEmpty();
                }
                assertThat(receiver.receivedMessageIds(cpaId)).containsExactly(messageId);
                await("the metadata message acknowledged")
                        .atMost(Duration.ofMinutes(2))
                        .ignoreExceptions()
                        .until(() -> "ACKNOWLEDGED".equals(sender.status(messageId)));

                // every attempt after the first resumed: after the sender's death in the receiver's first run,
                // and from the part file it kept in its second run
                List<Long> resumedFirstRun = resumedFrom(receiverDir.resolve("logs/" + receiverName + "-run1.log"));
                List<Long> resumedSecondRun = resumedFrom(receiverDir.resolve("logs/" + receiverName + "-run2.log"));
                assertThat(resumedFirstRun)
                        .as("resumed after the sender's restart")
                        .isNotEmpty();
                assertThat(resumedFirstRun.get(0)).isGreaterThan(0);
                assertThat(resumedSecondRun)
                        .as("resumed after the receiver's restart")
                        .isNotEmpty();
                assertThat(resumedSecondRun.get(0)).isGreaterThanOrEqualTo(atReceiverKill);
                assertThat(startedFromZero(receiverDir.resolve("logs/" + receiverName + "-run2.log")))
                        .as("downloads started over in the second run")
                        .isZero();

                System.out.printf(
                        "gb proof: %d MB arrived once, SHA-256 right, %d ms from the sender's start (storing the file included) to the delivery;"
                                + " sender killed at %d bytes, receiver at %d; resumed from %s then %s;"
                                + " peak heap sender %d MB, receiver %d MB (-Xmx256m)%n",
                        mb,
                        took,
                        atSenderKill,
                        atReceiverKill,
                        resumedFirstRun,
                        resumedSecondRun,
                        peakHeapMb(senderDir),
                        peakHeapMb(receiverDir));
            }
        }
    }

    /** The chain's configuration of a node for a child process, with GB files in the node's directory. */
    private static GatewayConfig childConfig(LocalChain chain, String name, Path nodeDir) {
        GatewayConfig c = chain.config(name);
        int ebmsPort = chain.node(name).ebmsPort();
        return new GatewayConfig(
                        c.node(),
                        new GatewayConfig.Ebms("127.0.0.1", ebmsPort, "/ebms"),
                        c.admin(),
                        c.tls(),
                        c.database(),
                        new GatewayConfig.Delivery(
                                4,
                                Duration.ofMillis(200),
                                Duration.ofSeconds(15),
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(10),
                                5,
                                Duration.ofSeconds(1)),
                        c.limits(),
                        c.cpa())
                .withGb(new GatewayConfig.Gb(
                        true,
                        nodeDir.resolve("gb-outgoing").toString(),
                        null,
                        null,
                        nodeDir.resolve("gb-incoming").toString(),
                        1,
                        40));
    }

    private static String gcLog(Path nodeDir) {
        return "-Xlog:gc:file=" + nodeDir.resolve("logs").resolve("gc-%p.log");
    }

    private static void awaitPart(Path incoming, long bytes, Duration patience, NodeProcess receiver) {
        await("the receiver's part file at " + bytes + " bytes")
                .atMost(patience)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> partSize(incoming).orElse(0L) >= bytes || failed(receiver));
        assertThat(receiver.isRunning()).as(receiver.output()).isTrue();
    }

    private static boolean failed(NodeProcess node) {
        return !node.isRunning();
    }

    /** The size of the one part file in the receiver's download directory, if there is one. */
    private static Optional<Long> partSize(Path incoming) throws IOException {
        if (!Files.isDirectory(incoming)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(incoming)) {
            List<Path> parts = files.filter(p -> p.toString().endsWith(".part")).toList();
            if (parts.isEmpty()) {
                return Optional.empty();
            }
            assertThat(parts).hasSize(1);
            try {
                return Optional.of(Files.size(parts.get(0)));
            } catch (java.nio.file.NoSuchFileException e) {
                return Optional.empty(); // completed meanwhile
            }
        }
    }

    /** The {@code from} of each {@code gb.download-resumed} event in a node's log, in order. */
    private static List<Long> resumedFrom(Path log) throws IOException {
        List<Long> from = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = RESUMED_FROM.matcher(line);
            if (m.find()) {
                from.add(Long.parseLong(m.group(1)));
            }
        }
        return from;
    }

    private static long startedFromZero(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("gb.download-started")).count();
        }
    }

    /** The largest heap occupancy before a collection in the node's GC logs (every run), in MB; -1 without logs. */
    static long peakHeapMb(Path nodeDir) throws IOException {
        long peak = -1;
        try (Stream<Path> logs = Files.list(nodeDir.resolve("logs"))) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("gc-"))
                    .toList()) {
                for (String line : Files.readAllLines(log)) {
                    Matcher m = GC_PAUSE.matcher(line);
                    if (m.find()) {
                        peak = Math.max(peak, Long.parseLong(m.group(1)));
                    }
                }
            }
        }
        return peak;
    }

    private static String sha256(Path file) throws IOException {
        return SeededBytes.sha256(Files.newInputStream(file));
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
