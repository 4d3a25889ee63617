package nl.dkgw.gateway.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.api.PingResult;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.msh.Submission;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo: a throw-away test PKI and a CPA per Digikoppeling profile, two nodes on free loopback ports, a ping each
 * way, and messages both ways in all six profiles (osb-be, osb-rm, and their signed and encrypted forms). Exits 0 only if every Ping got its Pong, every reliable message was acknowledged and every
 * best-effort message was delivered.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run two gateway nodes on this machine and exchange messages between them.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", description = "where to keep the demo's certificates, CPAs and data (default: a new temporary directory)")
    Path dir;

    @Option(names = "--messages", defaultValue = "2", description = "messages per profile and direction (default ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--timeout", defaultValue = "60", description = "seconds to wait for every message (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--verbose", description = "show the nodes' event log")
    boolean verbose;

    private record Row(String what, String from, String to, String profile, String messageId, String outcome,
                       boolean ok) {
    }

    @Override
    public Integer call() throws Exception {
        if (!verbose && org.slf4j.LoggerFactory.getLogger("nl.dkgw") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        Path workDir = dir != null ? dir : Files.createTempDirectory("dkgw-demo-");
        System.out.println("dkgw demo: test PKI, CPAs and node data in " + workDir);
        List<Row> rows = new ArrayList<>();
        List<Profile> profiles = List.of(Profile.values());
        try (LocalChain chain = LocalChain.start(workDir, java.util.Map.of(), Duration.ofSeconds(2), profiles,
                SyncReplyMode.NONE)) {
            System.out.println("nodes: ggd (OIN " + LocalChain.CONSUMER.oin() + ") ebMS port "
                    + chain.consumer().ebmsPort() + ", rivm (OIN " + LocalChain.PROVIDER.oin() + ") ebMS port "
                    + chain.provider().ebmsPort());
            List<StoredMessage> sent = new ArrayList<>();
            for (Profile profile : profiles) {
                String cpaId = chain.cpaId(profile);
                rows.add(ping("ggd", "rivm", chain.consumer(), cpaId));
                rows.add(ping("rivm", "ggd", chain.provider(), cpaId));
                for (int i = 1; i <= messages; i++) {
                    sent.add(send(chain.consumer(), cpaId, profile, LocalChain.TO_PROVIDER, i));
                    sent.add(send(chain.provider(), cpaId, profile, LocalChain.TO_CONSUMER, i));
                }
            }
            Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
            for (StoredMessage m : sent) {
                Gateway node = m.fromParty().endsWith(LocalChain.CONSUMER.oin()) ? chain.consumer() : chain.provider();
                StoredMessage last = m;
                while (Instant.now().isBefore(deadline)) {
                    last = node.report(m.messageId()).orElseThrow().message();
                    if (last.status().isFinal()) {
                        break;
                    }
                    Thread.sleep(100);
                }
                boolean reliable = Profile.fromCode(m.profile()).map(Profile::reliable).orElse(false);
                boolean ok = last.status() == (reliable ? MessageStatus.ACKNOWLEDGED : MessageStatus.DELIVERED);
                rows.add(new Row(m.action(), node == chain.consumer() ? "ggd" : "rivm",
                        node == chain.consumer() ? "rivm" : "ggd", m.profile(), m.messageId(),
                        last.status() + (last.statusDetail() == null ? "" : " (" + last.statusDetail() + ")"), ok));
            }
            long receivedByRivm = chain.provider().received(null, null, 1000).size();
            long receivedByGgd = chain.consumer().received(null, null, 1000).size();
            print(rows);
            System.out.println("received by rivm: " + receivedByRivm + ", received by ggd: " + receivedByGgd);
        }
        boolean allOk = rows.stream().allMatch(Row::ok);
        System.out.println(allOk ? "demo passed: every Ping answered, every reliable message acknowledged"
                : "demo FAILED: see the rows marked FAIL");
        return allOk ? 0 : 1;
    }

    private static Row ping(String from, String to, Gateway node, String cpaId) {
        PingResult result = node.ping(cpaId, Duration.ofSeconds(10));
        return new Row("Ping", from, to, "-", result.pingMessageId() == null ? "-" : result.pingMessageId(),
                result.pong() ? "Pong in " + result.roundTrip().toMillis() + " ms" : result.detail(), result.pong());
    }

    private static StoredMessage send(Gateway node, String cpaId, Profile profile, String action, int n)
            throws Exception {
        String xml = "<demo xmlns=\"urn:dkgw:demo\"><n>" + n + "</n><profile>" + profile.code() + "</profile></demo>";
        return node.submit(Submission.of(cpaId, LocalChain.serviceName(profile), action,
                Submission.Part.of("application/xml", xml.getBytes(StandardCharsets.UTF_8)),
                Submission.Part.of("text/plain", ("attachment " + n).getBytes(StandardCharsets.UTF_8))));
    }

    private static void print(List<Row> rows) {
        String format = "%-4s %-15s %-5s %-5s %-7s %-60s %s%n";
        System.out.printf(format, "", "what", "from", "to", "profile", "message id", "outcome");
        for (Row r : rows) {
            System.out.printf(format, r.ok() ? "ok" : "FAIL", r.what(), r.from(), r.to(), r.profile(), r.messageId(),
                    r.outcome());
        }
    }
}
