package nl.dkgw.gateway.durability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.api.FileSubmission;
import nl.dkgw.gateway.api.MessageRoute;
import nl.dkgw.gateway.api.MessageSummary;
import nl.dkgw.gateway.api.ReceivedFile;
import nl.dkgw.gateway.api.SubmitResult;
import nl.dkgw.gateway.cli.Main;
import nl.dkgw.gateway.cli.NodeAddOn;

/**
 * {@code dkgw serve} with a small application beside the node, for {@link GbKillAndResumeTest}'s child processes.
 * Its role comes from system properties:
 *
 * <ul>
 *   <li>{@code dkgw.gbproof.send=FILE} (sender): once the node runs, sends {@code FILE} through
 *       {@code largeFiles().send} on the CPA {@code dkgw.gbproof.cpa}, service {@code dkgw.gbproof.service} and action
 *       {@code dkgw.gbproof.action}, and writes the accepted MessageId to {@code dkgw.gbproof.out}; a restarted
 *       sender whose {@code out} exists sends nothing again.
 *   <li>{@code dkgw.gbproof.deliver=FILE} (receiver): claims the messages the node offers on the CPA every 200 ms and
 *       appends one line per message to {@code FILE} (MessageId, then per announced file its status, size, checksum
 *       and path, tab-separated), forced to disk before the message is completed: what the application was given.
 * </ul>
 */
public final class GbChildNode {

    private GbChildNode() {}

    public static void main(String[] args) {
        System.exit(Main.run(List.of(new Application()), args));
    }

    private static final class Application implements NodeAddOn {
        @Override
        public Starter prepare(Path configFile, Path baseDir) {
            return node -> {
                String send = System.getProperty("dkgw.gbproof.send");
                String deliver = System.getProperty("dkgw.gbproof.deliver");
                if (send != null) {
                    sendOnce(node, Path.of(send), Path.of(System.getProperty("dkgw.gbproof.out")));
                }
                ScheduledExecutorService claimer = Executors.newSingleThreadScheduledExecutor();
                if (deliver != null) {
                    Path deliveries = Path.of(deliver);
                    MessageRoute route = MessageRoute.cpa(System.getProperty("dkgw.gbproof.cpa"));
                    claimer.scheduleWithFixedDelay(() -> claim(node, route, deliveries), 0, 200, TimeUnit.MILLISECONDS);
                }
                return new Running() {
                    @Override
                    public String summary() {
                        return send != null ? "gb proof sender" : "gb proof receiver";
                    }

                    @Override
                    public void close() {
                        claimer.shutdownNow();
                    }
                };
            };
        }
    }

    private static void sendOnce(Gateway node, Path file, Path out) throws IOException {
        if (Files.exists(out)) {
            return;
        }
        SubmitResult result;
        try (InputStream in = Files.newInputStream(file)) {
            result = node.largeFiles()
                    .send(FileSubmission.of(
                            System.getProperty("dkgw.gbproof.cpa"),
                            System.getProperty("dkgw.gbproof.service"),
                            System.getProperty("dkgw.gbproof.action"),
                            in,
                            file.getFileName().toString(),
                            "application/octet-stream"));
        }
        if (!(result instanceof SubmitResult.Accepted accepted)) {
            throw new IllegalStateException("the GB message was not accepted: " + result);
        }
        Path written = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(written, accepted.message().messageId(), StandardCharsets.UTF_8);
        Files.move(written, out, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void claim(Gateway node, MessageRoute route, Path deliveries) {
        try {
            for (MessageSummary message : node.inbound().claim(route, 10, Duration.ofMinutes(5))) {
                StringBuilder line = new StringBuilder(message.messageId());
                for (ReceivedFile f : node.largeFiles().files(message.pk())) {
                    line.append('\t')
                            .append(f.status())
                            .append('\t')
                            .append(f.size())
                            .append('\t')
                            .append(f.checksum())
                            .append('\t')
                            .append(f.path());
                }
                line.append('\n');
                try (FileChannel channel = FileChannel.open(
                        deliveries, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    channel.write(StandardCharsets.UTF_8.encode(line.toString()));
                    channel.force(true);
                }
                node.inbound().complete(message.pk());
            }
        } catch (IOException | RuntimeException e) {
            // the node is stopping or the store is briefly unavailable: the next round claims again
            System.err.println("gb proof receiver: claim failed: " + e);
        }
    }
}
