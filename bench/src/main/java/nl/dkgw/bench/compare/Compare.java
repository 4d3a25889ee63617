package nl.dkgw.bench.compare;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two builds (or two configurations) of the gateway measured side by side ({@code bench/compare.sh}): both nodes of
 * each side run as their own processes from that side's jar, prepared by {@link CompareChain}; load goes in through
 * the sending node's admin API ({@code POST /api/messages}, a stable interface old and new revisions share) from a
 * few client threads that keep at most a window of messages unacknowledged; rounds of a fixed length alternate
 * between the sides (A B, then B A, and so on, so a slow drift of the machine weighs on both alike), each round
 * ended only when every message it submitted is acknowledged (or failed). Per round and side: acknowledged msgs/s,
 * CPU ms per message of each node ({@code /proc/<pid>/stat}), store transactions per message of each node
 * ({@code dkgw_store_transactions_total} from {@code /metrics}, "n/a" for a revision without it); then the medians
 * and the ratio B/A of each round's pair with its spread. Writes {@code results.md} in the output directory.
 *
 * <p>JDK only, so {@code compare.sh} compiles it with {@code javac} without any build of the gateway: options in
 * {@link Options#parse}.
 */
public final class Compare {

    static final String ACKNOWLEDGED = "dkgw_messages_acknowledged_total";
    static final String FAILED = "dkgw_messages_failed_total";
    static final String TRANSACTIONS = "dkgw_store_transactions_total";
    static final String HANDSHAKES = "dkgw_tls_handshakes_total";
    static final String CONNECTIONS_OPENED = "dkgw_tls_connections_opened_total";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);
    /**
     * Each latency phase starts with this many seconds at its rate that are not measured: a side whose nodes rested
     * longer than their idle timeout reconnects first, and the phase is to measure the steady state.
     */
    static final int LEAD_IN_SECONDS = 3;

    private static final int CALIBRATION_SCRAPES = 40;
    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern UPDATED_AT = Pattern.compile("\"updatedAt\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern NEXT_PAGE = Pattern.compile("\"next\"\\s*:\\s*\"(\\d+)\"");
    private static final Pattern FLAT_OBJECT = Pattern.compile("\\{[^{}]*\\}");

    /**
     * One side: its key (A or B), a description (revision, configuration), jar, chain directory, JVM options, and how
     * many clients submit to its sender ({@code --clients}, or {@code --a-clients}/{@code --b-clients} for one side).
     */
    record Side(String key, String description, Path jar, Path chain, List<String> jvmOptions, int clients) {}

    record Options(
            Side a,
            Side b,
            int rounds,
            int seconds,
            int warmupSeconds,
            int window,
            int payloadBytes,
            int latencySeconds,
            double latencyRate,
            String database,
            long databasePid,
            String heap,
            long clockTicks,
            Path out,
            String command) {

        static Options parse(String... args) {
            Map<String, String> o = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value, got " + args[i]);
                }
                o.put(args[i].substring(2), args[++i]);
            }
            Function<String, String> need = k -> {
                String v = o.get(k);
                if (v == null) {
                    throw new IllegalArgumentException("missing --" + k);
                }
                return v;
            };
            return new Options(
                    side("A", o, need),
                    side("B", o, need),
                    Integer.parseInt(o.getOrDefault("rounds", "4")),
                    Integer.parseInt(o.getOrDefault("seconds", "20")),
                    Integer.parseInt(o.getOrDefault("warmup", "30")),
                    Integer.parseInt(o.getOrDefault("window", "200")),
                    Integer.parseInt(o.getOrDefault("payload-bytes", "2048")),
                    Integer.parseInt(o.getOrDefault("latency-seconds", "20")),
                    Double.parseDouble(o.getOrDefault("latency-rate", "0")),
                    o.getOrDefault("database", "H2"),
                    Long.parseLong(o.getOrDefault("database-pid", "0")),
                    o.getOrDefault("heap", "256m"),
                    Long.parseLong(o.getOrDefault("clk-tck", "100")),
                    Path.of(o.getOrDefault("out", "bench/target/compare")),
                    o.getOrDefault("command", "(not given)"));
        }

        private static Side side(String key, Map<String, String> o, Function<String, String> need) {
            String k = key.toLowerCase(Locale.ROOT);
            String jvm = o.getOrDefault(k + "-jvm", "").trim();
            return new Side(
                    key,
                    o.getOrDefault(k + "-describe", key),
                    Path.of(need.apply(k + "-jar")),
                    Path.of(need.apply(k + "-chain")),
                    jvm.isEmpty() ? List.of() : List.of(jvm.split("\\s+")),
                    Integer.parseInt(o.getOrDefault(k + "-clients", o.getOrDefault("clients", "8"))));
        }
    }

    /** What one side did in one round; transactions NaN when the revision does not export them. */
    record Round(
            int round,
            String side,
            long acknowledged,
            long failed,
            long refused,
            double seconds,
            double throughput,
            double senderCpuMs,
            double receiverCpuMs,
            double databaseCpuMs,
            double senderTransactions,
            double receiverTransactions,
            int scrapes,
            String loadAverage,
            Tls tls,
            Machine machine) {

        double senderCpuPerMessage() {
            return perMessage(senderCpuMs);
        }

        double receiverCpuPerMessage() {
            return perMessage(receiverCpuMs);
        }

        double cpuPerMessage() {
            return perMessage(senderCpuMs + receiverCpuMs);
        }

        double databaseCpuPerMessage() {
            return perMessage(databaseCpuMs);
        }

        double runnerCpuPerMessage() {
            return perMessage(machine.runnerCpuMs());
        }

        /** The machine's busy CPU time less the nodes', the database server's and the runner's: anything else. */
        double otherCpuPerMessage() {
            double database = Double.isNaN(databaseCpuMs) ? 0 : databaseCpuMs;
            return perMessage(machine.busyMs() - senderCpuMs - receiverCpuMs - database - machine.runnerCpuMs());
        }

        double idlePercent() {
            return machine.percentOfTotal(machine.idleMs());
        }

        double stealPercent() {
            return machine.percentOfTotal(machine.stealMs());
        }

        double senderTransactionsPerMessage() {
            return perMessage(senderTransactions);
        }

        double receiverTransactionsPerMessage() {
            return perMessage(receiverTransactions);
        }

        double senderHandshakesPerMessage() {
            return perMessage(tls.senderHandshakes());
        }

        double receiverHandshakesPerMessage() {
            return perMessage(tls.receiverHandshakes());
        }

        double senderConnectionsPerMessage() {
            return perMessage(tls.senderConnections());
        }

        double receiverConnectionsPerMessage() {
            return perMessage(tls.receiverConnections());
        }

        private double perMessage(double total) {
            return acknowledged == 0 ? Double.NaN : total / acknowledged;
        }
    }

    /**
     * The TLS connections of one round: handshakes on each node's ebMS connector ({@code dkgw_tls_handshakes_total})
     * and connections each node opened as a client ({@code dkgw_tls_connections_opened_total}); NaN where the
     * revision does not export them. The runner's scrapes go to the plain-HTTP admin port: nothing to subtract.
     */
    record Tls(
            double senderHandshakes, double receiverHandshakes, double senderConnections, double receiverConnections) {
        static final Tls NOT_COUNTED = new Tls(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * The machine over one round, in CPU milliseconds summed over its CPUs: the runner's own CPU time (this process:
     * its clients, scrapes and bookkeeping) and, from {@code /proc/stat}, everyone's busy, idle and stolen time.
     * NaN where not measured.
     */
    record Machine(double runnerCpuMs, double busyMs, double idleMs, double stealMs) {
        static final Machine NOT_MEASURED = new Machine(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

        double percentOfTotal(double ms) {
            double total = busyMs + idleMs + stealMs;
            return total > 0 ? 100 * ms / total : Double.NaN;
        }
    }

    /** A node of a side, running as its own process. */
    record Node(String role, Process process, String admin, Path log) {}

    /** The two nodes of a side, what to send, and what one {@code /metrics} scrape costs each node in transactions. */
    record RunningSide(
            Side side,
            Node sender,
            Node receiver,
            String cpaId,
            String service,
            String action,
            double[] scrapeTransactions) {}

    private final Options options;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final List<Process> children = new ArrayList<>();
    private final double[][] scrapeCost = new double[2][];
    /** The TLS counts of each side's warm-up, the first load its nodes saw: the connections they set up. */
    private final Tls[] warmupTls = {Tls.NOT_COUNTED, Tls.NOT_COUNTED};

    private Compare(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Compare compare = new Compare(options);
        Runtime.getRuntime().addShutdownHook(new Thread(compare::stopAll, "compare-stop-nodes"));
        int exit;
        try {
            exit = compare.run();
        } finally {
            compare.stopAll();
        }
        System.exit(exit);
    }

    private int run() throws Exception {
        Files.createDirectories(options.out());
        String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String loadBefore = loadAverage();
        RunningSide a = start(options.a());
        RunningSide b = start(options.b());
        System.out.printf("warm-up: %d s per side%n", options.warmupSeconds());
        warmupTls[0] = round(a, 0, options.warmupSeconds()).tls();
        warmupTls[1] = round(b, 0, options.warmupSeconds()).tls();
        calibrate(a);
        calibrate(b);
        scrapeCost[0] = a.scrapeTransactions();
        scrapeCost[1] = b.scrapeTransactions();
        List<Round> rounds = new ArrayList<>();
        for (int r = 1; r <= options.rounds(); r++) {
            List<RunningSide> order = r % 2 == 1 ? List.of(a, b) : List.of(b, a);
            for (RunningSide side : order) {
                Round done = round(side, r, options.seconds());
                rounds.add(done);
                System.out.println(row(done));
            }
        }
        List<Latency> latencies = new ArrayList<>();
        double rate = latencyRate(options, rounds);
        if (options.latencySeconds() > 0 && rate > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "latency: twice %d s per side at %.1f msgs/s, in both orders%n",
                    options.latencySeconds(),
                    rate);
            int next = options.rounds() + 1;
            List<RunningSide> pair = next % 2 == 1 ? List.of(a, b) : List.of(b, a);
            // X Y, then Y X: each side once in each turn (Y rests while X runs, and may begin by reconnecting)
            List<RunningSide> order = List.of(pair.get(0), pair.get(1), pair.get(1), pair.get(0));
            for (int i = 0; i < order.size(); i++) {
                Latency done = latency(order.get(i), rate, options.latencySeconds(), i % 2 + 1);
                latencies.add(done);
                System.out.println(latencyRow(done));
            }
            latencies.sort(Comparator.comparing(Latency::side).thenComparing(Latency::turn));
        }
        String loadAfter = loadAverage();
        String report = report(started, loadBefore, loadAfter, rounds, latencies, rate);
        Path file = options.out().resolve("results.md");
        Files.writeString(file, report);
        System.out.println();
        System.out.println(report);
        System.out.println("written to " + file.toAbsolutePath());
        return rounds.stream().allMatch(r -> r.failed() == 0 && r.acknowledged() > 0)
                        && latencies.stream().allMatch(l -> l.failed() == 0 && l.acknowledged() > 0)
                ? 0
                : 1;
    }

    /**
     * The offered rate of the latency phase: {@code --latency-rate} when given, otherwise half the median steady rate
     * of the slower side, so both sides get the same load (a latency compared at two different loads says little)
     * and the slower one runs at half its capacity; 0 when a side has no rate.
     */
    static double latencyRate(Options options, List<Round> rounds) {
        if (options.latencyRate() > 0) {
            return options.latencyRate();
        }
        double a = Spread.of(values(rounds, "A", FIGURES.get(0))).median();
        double b = Spread.of(values(rounds, "B", FIGURES.get(0))).median();
        double slower = Math.min(a, b);
        return Double.isNaN(slower) || slower <= 0 ? 0 : slower / 2;
    }

    private RunningSide start(Side side) throws Exception {
        Properties chain = new Properties();
        try (var r = Files.newBufferedReader(side.chain().resolve("chain.properties"))) {
            chain.load(r);
        }
        Node receiver = startNode(side, "receiver", chain);
        Node sender = startNode(side, "sender", chain);
        awaitReady(receiver);
        awaitReady(sender);
        System.out.printf(
                "side %s (%s): sender pid %d, receiver pid %d%n",
                side.key(),
                side.description(),
                sender.process().pid(),
                receiver.process().pid());
        return new RunningSide(
                side,
                sender,
                receiver,
                chain.getProperty("cpa-id"),
                chain.getProperty("service"),
                chain.getProperty("action"),
                new double[] {Double.NaN, Double.NaN});
    }

    /**
     * What one {@code /metrics} scrape costs each node in store transactions (its gauges query the store): the
     * increase over {@value #CALIBRATION_SCRAPES} scrapes back to back on the idle nodes, divided by their number.
     * The runner scrapes the sender every {@link #POLL} during a round to follow the acknowledgments; that cost is
     * the instrument's, so it is subtracted from the node's count.
     */
    private void calibrate(RunningSide side) throws Exception {
        Node[] nodes = {side.sender(), side.receiver()};
        for (int i = 0; i < nodes.length; i++) {
            OptionalDouble before = PrometheusText.sum(metrics(nodes[i]), TRANSACTIONS);
            String last = "";
            for (int n = 0; n < CALIBRATION_SCRAPES; n++) {
                last = metrics(nodes[i]);
            }
            OptionalDouble after = PrometheusText.sum(last, TRANSACTIONS);
            side.scrapeTransactions()[i] = difference(before, after) / CALIBRATION_SCRAPES;
        }
        System.out.printf(
                Locale.ROOT,
                "side %s: a /metrics scrape costs %s store transactions on the sender, %s on the receiver%n",
                side.side().key(),
                figure(side.scrapeTransactions()[0]),
                figure(side.scrapeTransactions()[1]));
    }

    private Node startNode(Side side, String role, Properties chain) throws IOException {
        Path config = Path.of(chain.getProperty(role + ".config"));
        Path log = side.chain().resolve(role + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + options.heap());
        command.addAll(side.jvmOptions());
        command.addAll(List.of("-jar", side.jar().toAbsolutePath().toString(), "serve", "--config", config.toString()));
        Process p = new ProcessBuilder(command)
                .directory(config.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        synchronized (children) {
            children.add(p);
        }
        return new Node(role, p, chain.getProperty(role + ".admin"), log);
    }

    private void awaitReady(Node node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            alive(node);
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(URI.create(node.admin() + "/health/ready"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the " + node.role() + " did not become ready; see " + node.log());
    }

    private static void alive(Node node) throws IOException {
        if (!node.process().isAlive()) {
            List<String> lines = Files.readAllLines(node.log());
            throw new IllegalStateException("the " + node.role() + " exited ("
                    + node.process().exitValue()
                    + "); the end of " + node.log() + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
        }
    }

    /**
     * One round on one side: {@code seconds} of load, then until every submitted message is settled (acknowledged
     * or failed). Throughput is the steady rate: acknowledgments from the first one of the round to the end of the
     * load, over that time, so neither the pipeline's filling nor its draining (each about window / rate long) skews
     * a ratio. CPU and store transactions are everything the nodes did from the start of the round until the last
     * message settled, per acknowledged message; the transactions net of the runner's own scrapes.
     */
    private Round round(RunningSide side, int no, int seconds) throws Exception {
        String load = loadAverage();
        String senderMetrics = metrics(side.sender());
        String receiverMetrics = metrics(side.receiver());
        int scrapes = 1;
        double settledAtStart = settled(senderMetrics);
        double ackedAtStart = PrometheusText.sum(senderMetrics, ACKNOWLEDGED).orElse(0);
        OptionalDouble senderTx0 = PrometheusText.sum(senderMetrics, TRANSACTIONS);
        OptionalDouble receiverTx0 = PrometheusText.sum(receiverMetrics, TRANSACTIONS);
        Tls tls0 = tls(senderMetrics, receiverMetrics);
        double senderCpu0 = ProcStat.cpuMillis(side.sender().process().pid(), options.clockTicks());
        double receiverCpu0 = ProcStat.cpuMillis(side.receiver().process().pid(), options.clockTicks());
        double databaseCpu0 = databaseCpuMillis();
        double runnerCpu0 = ProcStat.cpuMillis(ProcessHandle.current().pid(), options.clockTicks());
        ProcStat.Machine machine0 = ProcStat.Machine.now();

        AtomicLong submitted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong settled = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Object progress = new Object();
        String body = body(side);
        long start = System.nanoTime();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < side.side().clients(); i++) {
            Thread t = new Thread(
                    () -> submit(side, body, submitted, refused, settled, stop, progress),
                    "client-" + side.side().key() + i);
            t.start();
            clients.add(t);
        }
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long drainDeadline = end + DRAIN_TIMEOUT.toNanos();
        long finished = 0;
        long firstAckAt = 0;
        double firstAcked = 0;
        double steady = Double.NaN;
        String last = senderMetrics;
        while (finished == 0) {
            Thread.sleep(POLL.toMillis());
            alive(side.sender());
            alive(side.receiver());
            last = metrics(side.sender());
            scrapes++;
            long now = System.nanoTime();
            double acked = PrometheusText.sum(last, ACKNOWLEDGED).orElse(0) - ackedAtStart;
            if (firstAckAt == 0 && acked > 0) {
                firstAckAt = now;
                firstAcked = acked;
            }
            if (now >= end && !stop.get()) {
                stop.set(true);
                if (firstAckAt != 0 && now > firstAckAt) {
                    steady = (acked - firstAcked) / ((now - firstAckAt) / 1e9);
                }
                synchronized (progress) {
                    progress.notifyAll();
                }
                for (Thread t : clients) {
                    t.join();
                }
            }
            settled.set((long) (settled(last) - settledAtStart));
            synchronized (progress) {
                progress.notifyAll();
            }
            if (stop.get() && settled.get() >= submitted.get()) {
                finished = System.nanoTime();
            } else if (now > drainDeadline) {
                System.out.printf(
                        "side %s round %d: %d of %d submitted messages not settled after %s%n",
                        side.side().key(), no, submitted.get() - settled.get(), submitted.get(), DRAIN_TIMEOUT);
                finished = now;
            }
        }
        double senderCpu = ProcStat.cpuMillis(side.sender().process().pid(), options.clockTicks()) - senderCpu0;
        double receiverCpu = ProcStat.cpuMillis(side.receiver().process().pid(), options.clockTicks()) - receiverCpu0;
        double databaseCpu = databaseCpuMillis() - databaseCpu0;
        double runnerCpu = ProcStat.cpuMillis(ProcessHandle.current().pid(), options.clockTicks()) - runnerCpu0;
        ProcStat.Machine machine = ProcStat.Machine.now().since(machine0);
        double tickMs = 1000.0 / options.clockTicks();
        OptionalDouble senderTx1 = PrometheusText.sum(last, TRANSACTIONS);
        String receiverMetricsAfter = metrics(side.receiver());
        OptionalDouble receiverTx1 = PrometheusText.sum(receiverMetricsAfter, TRANSACTIONS);
        Tls tls1 = tls(last, receiverMetricsAfter);
        long acknowledged = (long) (PrometheusText.sum(last, ACKNOWLEDGED).orElse(0) - ackedAtStart);
        double took = (finished - start) / 1e9;
        return new Round(
                no,
                side.side().key(),
                acknowledged,
                settled.get() - acknowledged,
                refused.get(),
                took,
                Double.isNaN(steady) ? acknowledged / took : steady,
                senderCpu,
                receiverCpu,
                databaseCpu,
                difference(senderTx0, senderTx1) - scrapes * side.scrapeTransactions()[0],
                // the receiver is scraped twice: before and after
                difference(receiverTx0, receiverTx1) - 2 * side.scrapeTransactions()[1],
                scrapes,
                load,
                new Tls(
                        tls1.senderHandshakes() - tls0.senderHandshakes(),
                        tls1.receiverHandshakes() - tls0.receiverHandshakes(),
                        tls1.senderConnections() - tls0.senderConnections(),
                        tls1.receiverConnections() - tls0.receiverConnections()),
                new Machine(runnerCpu, machine.busy() * tickMs, machine.idle() * tickMs, machine.steal() * tickMs));
    }

    /**
     * The TLS counters in a scrape of each node. A node that counts handshakes but has opened no connection yet has
     * no client series: zero, not missing.
     */
    static Tls tls(String senderMetrics, String receiverMetrics) {
        OptionalDouble senderHandshakes = PrometheusText.sum(senderMetrics, HANDSHAKES);
        OptionalDouble receiverHandshakes = PrometheusText.sum(receiverMetrics, HANDSHAKES);
        return new Tls(
                senderHandshakes.orElse(Double.NaN),
                receiverHandshakes.orElse(Double.NaN),
                senderHandshakes.isPresent()
                        ? PrometheusText.sum(senderMetrics, CONNECTIONS_OPENED).orElse(0)
                        : Double.NaN,
                receiverHandshakes.isPresent()
                        ? PrometheusText.sum(receiverMetrics, CONNECTIONS_OPENED)
                                .orElse(0)
                        : Double.NaN);
    }

    /**
     * The latency phase of one side: after an unmeasured lead-in of {@value #LEAD_IN_SECONDS} s at the same rate,
     * {@code rate} msgs/s for {@code seconds}, open loop (submission k is due at
     * start + k / rate, whatever the earlier ones are doing; the clients send it as soon as one of them is free),
     * then until every submitted message is settled. Each submission's times are taken when the runner sends the
     * admin API's POST and when its 202 arrives (see {@link Latency}); its acknowledgment's time is the
     * {@code updatedAt} of the sender's row,
     * read afterwards through {@code GET /api/messages} (the row turns ACKNOWLEDGED when the receiver's
     * Acknowledgment is processed, and is not touched again). Both clocks are this machine's, read with microsecond
     * resolution; polling each message's status while the phase runs would load the very sender it measures.
     */
    private Latency latency(RunningSide side, double rate, int seconds, int turn) throws Exception {
        submitAndSettle(side, rate, LEAD_IN_SECONDS);
        Instant searchFrom = Instant.now().minusSeconds(2);
        Stretch measured = submitAndSettle(side, rate, seconds);
        Map<String, Instant> acknowledgedAt = acknowledgedSince(side, searchFrom);
        List<Double> fromPost = new ArrayList<>();
        List<Double> fromAnswer = new ArrayList<>();
        measured.submittedAt().forEach((id, at) -> {
            Instant acked = acknowledgedAt.get(id);
            if (acked != null) {
                fromPost.add(Duration.between(at[0], acked).toNanos() / 1e6);
                fromAnswer.add(Duration.between(at[1], acked).toNanos() / 1e6);
            }
        });
        long submitted = measured.submittedAt().size();
        double span = (measured.lastAt() - measured.firstAt()) / 1e9;
        return new Latency(
                side.side().key(),
                rate,
                submitted > 1 && span > 0 ? (submitted - 1) / span : Double.NaN,
                submitted,
                measured.refused(),
                fromPost.size(),
                submitted - fromPost.size(),
                Latency.Percentiles.of(fromPost),
                Latency.Percentiles.of(fromAnswer),
                turn);
    }

    /**
     * What one stretch of a latency phase submitted: per accepted MessageId the moments its POST was sent and
     * answered, the refusals, and the first and last submission ({@link System#nanoTime}).
     */
    private record Stretch(Map<String, Instant[]> submittedAt, long refused, long firstAt, long lastAt) {}

    /** {@code rate} msgs/s for {@code seconds}, open loop, then until every accepted message is settled. */
    private Stretch submitAndSettle(RunningSide side, double rate, int seconds) throws Exception {
        double settledAtStart = settled(metrics(side.sender()));
        long total = Math.max(1, Math.round(rate * seconds));
        double interval = 1e9 / rate;
        Map<String, Instant[]> submittedAt = new ConcurrentHashMap<>();
        AtomicLong next = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong firstAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastAt = new AtomicLong(Long.MIN_VALUE);
        String body = body(side);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < side.side().clients(); i++) {
            Thread t = new Thread(
                    () -> submitAtRate(side, body, start, interval, total, next, submittedAt, refused, firstAt, lastAt),
                    "latency-" + side.side().key() + i);
            t.start();
            clients.add(t);
        }
        for (Thread t : clients) {
            t.join();
        }
        long submitted = submittedAt.size();
        long drainDeadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (true) {
            alive(side.sender());
            alive(side.receiver());
            double settled = settled(metrics(side.sender())) - settledAtStart;
            if (settled >= submitted) {
                break;
            }
            if (System.nanoTime() > drainDeadline) {
                System.out.printf(
                        "side %s latency: %.0f of %d submitted messages not settled after %s%n",
                        side.side().key(), submitted - settled, submitted, DRAIN_TIMEOUT);
                break;
            }
            Thread.sleep(POLL.toMillis());
        }
        return new Stretch(submittedAt, refused.get(), firstAt.get(), lastAt.get());
    }

    /** One message for the sender's admin API, {@code body} its JSON. */
    private static HttpRequest submission(RunningSide side, String body) {
        return HttpRequest.newBuilder(URI.create(side.sender().admin() + "/api/messages"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** A client of the latency phase: takes the next due submission until all are taken. */
    private void submitAtRate(
            RunningSide side,
            String body,
            long start,
            double interval,
            long total,
            AtomicLong next,
            Map<String, Instant[]> submittedAt,
            AtomicLong refused,
            AtomicLong firstAt,
            AtomicLong lastAt) {
        HttpRequest request = submission(side, body);
        for (long k = next.getAndIncrement(); k < total; k = next.getAndIncrement()) {
            long due = start + (long) (k * interval);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            long sentAt = System.nanoTime();
            firstAt.accumulateAndGet(sentAt, Math::min);
            lastAt.accumulateAndGet(sentAt, Math::max);
            Instant sent = Instant.now();
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                Instant answered = Instant.now();
                Matcher id = MESSAGE_ID.matcher(r.body());
                if (r.statusCode() == 202 && id.find()) {
                    submittedAt.put(id.group(1), new Instant[] {sent, answered});
                } else {
                    refused.incrementAndGet();
                }
            } catch (IOException e) {
                refused.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The sender's outbound business messages created since {@code from} that are ACKNOWLEDGED, each with the time
     * its row last changed: {@code GET /api/messages} page by page (newest first, {@code before} the previous page's
     * last row), as every revision's admin API offers it.
     */
    private Map<String, Instant> acknowledgedSince(RunningSide side, Instant from) throws Exception {
        Map<String, Instant> out = new HashMap<>();
        String before = null;
        do {
            String uri = side.sender().admin() + "/api/messages?direction=OUT&status=ACKNOWLEDGED&limit=500&cpaId="
                    + URLEncoder.encode(side.cpaId(), StandardCharsets.UTF_8) + "&from=" + from
                    + (before == null ? "" : "&before=" + before);
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(uri))
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                throw new IllegalStateException(
                        "sender GET /api/messages answered " + r.statusCode() + ": " + r.body());
            }
            out.putAll(acknowledgedOn(r.body()));
            Matcher cursor = NEXT_PAGE.matcher(r.body());
            before = cursor.find() ? cursor.group(1) : null;
        } while (before != null);
        return out;
    }

    /** Each ACKNOWLEDGED message of a search page ({@code {"messages":[{...},...],"next":...}}) and its updatedAt. */
    static Map<String, Instant> acknowledgedOn(String page) {
        Map<String, Instant> out = new HashMap<>();
        Matcher row = FLAT_OBJECT.matcher(page);
        while (row.find()) {
            String o = row.group();
            Matcher id = MESSAGE_ID.matcher(o);
            Matcher status = STATUS.matcher(o);
            Matcher updated = UPDATED_AT.matcher(o);
            if (id.find() && status.find() && updated.find() && status.group(1).equals("ACKNOWLEDGED")) {
                out.put(id.group(1), Instant.parse(updated.group(1)));
            }
        }
        return out;
    }

    /** A client: submits while the round lasts, keeping at most the window unsettled over all clients. */
    private void submit(
            RunningSide side,
            String body,
            AtomicLong submitted,
            AtomicLong refused,
            AtomicLong settled,
            AtomicBoolean stop,
            Object progress) {
        HttpRequest request = submission(side, body);
        while (!stop.get()) {
            synchronized (progress) {
                while (!stop.get() && submitted.get() - settled.get() >= options.window()) {
                    try {
                        progress.wait(POLL.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            if (stop.get()) {
                return;
            }
            try {
                HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 202) {
                    submitted.incrementAndGet();
                } else {
                    refused.incrementAndGet();
                    Thread.sleep(100);
                }
            } catch (IOException e) {
                refused.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String body(RunningSide side) {
        String filler = "x".repeat(Math.max(0, options.payloadBytes() - "<bench></bench>".length()));
        return "{\"cpaId\":\"" + side.cpaId() + "\",\"service\":\"" + side.service() + "\",\"action\":\""
                + side.action() + "\",\"payloads\":[{\"contentType\":\"application/xml\",\"text\":\"<bench>"
                + filler + "</bench>\"}]}";
    }

    private static double settled(String metrics) {
        return PrometheusText.sum(metrics, ACKNOWLEDGED).orElse(0)
                + PrometheusText.sum(metrics, FAILED).orElse(0);
    }

    private static double difference(OptionalDouble before, OptionalDouble after) {
        return before.isPresent() && after.isPresent() ? after.getAsDouble() - before.getAsDouble() : Double.NaN;
    }

    private String metrics(Node node) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(node.admin() + "/metrics"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IllegalStateException(node.role() + " /metrics answered " + r.statusCode());
        }
        return r.body();
    }

    private void stopAll() {
        List<Process> all;
        synchronized (children) {
            all = List.copyOf(children);
            children.clear();
        }
        for (Process p : all) {
            p.destroy();
        }
        for (Process p : all) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The database server's CPU time so far ({@code --database-pid}, the PostgreSQL postmaster with its backends), or
     * NaN with H2, which runs inside the nodes. The server is shared by both sides, which run their rounds one after
     * the other, so a round's difference is that side's.
     */
    private double databaseCpuMillis() throws IOException {
        return options.databasePid() > 0
                ? ProcStat.serverCpuMillis(options.databasePid(), options.clockTicks())
                : Double.NaN;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String row(Round r) {
        return String.format(
                Locale.ROOT,
                "| %d | %s | %d | %d | %d | %.1f | %.1f | %.2f | %.2f | %.2f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s"
                        + " | %s | %d | %s |",
                r.round(),
                r.side(),
                r.acknowledged(),
                r.failed(),
                r.refused(),
                r.seconds(),
                r.throughput(),
                r.senderCpuPerMessage(),
                r.receiverCpuPerMessage(),
                r.cpuPerMessage(),
                figure(r.databaseCpuPerMessage()),
                figure(r.runnerCpuPerMessage()),
                figure(r.otherCpuPerMessage()),
                figure(r.idlePercent(), 1),
                figure(r.stealPercent(), 1),
                figure(r.senderTransactionsPerMessage()),
                figure(r.receiverTransactionsPerMessage()),
                figure(r.senderHandshakesPerMessage(), 4),
                figure(r.receiverHandshakesPerMessage(), 4),
                figure(r.senderConnectionsPerMessage(), 4),
                figure(r.receiverConnectionsPerMessage(), 4),
                r.scrapes(),
                r.loadAverage());
    }

    private static String figure(double v) {
        return figure(v, 2);
    }

    private static String figure(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** The figures compared, each with how to read it from a round and how many decimals to show. */
    record Figure(String name, Function<Round, Double> value, int decimals) {}

    static final List<Figure> FIGURES = List.of(
            new Figure("acknowledged msgs/s (steady)", Round::throughput, 1),
            new Figure("CPU ms per message, sender", Round::senderCpuPerMessage, 2),
            new Figure("CPU ms per message, receiver", Round::receiverCpuPerMessage, 2),
            new Figure("CPU ms per message, both nodes", Round::cpuPerMessage, 2),
            new Figure("CPU ms per message, database server", Round::databaseCpuPerMessage, 2),
            new Figure("CPU ms per message, the runner (load and scrapes)", Round::runnerCpuPerMessage, 2),
            new Figure("CPU ms per message, everything else on the machine", Round::otherCpuPerMessage, 2),
            new Figure("machine CPU idle, % of the round", Round::idlePercent, 1),
            new Figure("machine CPU stolen by the hypervisor, % of the round", Round::stealPercent, 1),
            new Figure("store transactions per message, sender", Round::senderTransactionsPerMessage, 2),
            new Figure("store transactions per message, receiver", Round::receiverTransactionsPerMessage, 2),
            new Figure("TLS handshakes per message, sender", Round::senderHandshakesPerMessage, 4),
            new Figure("TLS handshakes per message, receiver", Round::receiverHandshakesPerMessage, 4),
            new Figure("TLS connections opened per message, sender", Round::senderConnectionsPerMessage, 4),
            new Figure("TLS connections opened per message, receiver", Round::receiverConnectionsPerMessage, 4));

    /** The summary table: per figure the median (and range) of each side and of the per-round ratio B/A. */
    static String summary(List<Round> rounds) {
        StringBuilder s = new StringBuilder();
        s.append("| figure | A: median (min-max) | B: median (min-max) | B/A per round: median (min-max) |\n");
        s.append("|---|---:|---:|---:|\n");
        for (Figure f : FIGURES) {
            List<Double> a = values(rounds, "A", f);
            List<Double> b = values(rounds, "B", f);
            s.append("| ")
                    .append(f.name())
                    .append(" | ")
                    .append(Spread.of(a).format(f.decimals()))
                    .append(" | ")
                    .append(Spread.of(b).format(f.decimals()))
                    .append(" | ")
                    .append(Spread.of(Spread.ratios(a, b)).format(2))
                    .append(" |\n");
        }
        return s.toString();
    }

    private static List<Double> values(List<Round> rounds, String side, Figure f) {
        return rounds.stream()
                .filter(r -> r.side().equals(side))
                .sorted((x, y) -> Integer.compare(x.round(), y.round()))
                .map(f.value())
                .toList();
    }

    private static String latencyRow(Latency l) {
        return String.format(
                Locale.ROOT,
                "| %s | %d | %.1f | %s | %d | %d | %d | %d | %s | %s | %s | %s | %s | %s |",
                l.side(),
                l.turn(),
                l.offeredRate(),
                figure(l.achievedRate(), 1),
                l.submitted(),
                l.refused(),
                l.acknowledged(),
                l.failed(),
                figure(l.fromPost().p50(), 1),
                figure(l.fromPost().p99(), 1),
                figure(l.fromPost().max(), 1),
                figure(l.fromAnswer().min(), 1),
                figure(l.fromAnswer().p50(), 1),
                figure(l.fromAnswer().p99(), 1));
    }

    /**
     * The latency table: each side's time to acknowledgment at the same offered rate, p50, p99 and max, and B/A;
     * then each side's counts. Empty when the phase did not run.
     */
    static String latencySummary(List<Latency> latencies, double rate, int seconds) {
        if (latencies.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "Latency at a fixed rate: %.1f msgs/s offered to each side for %d s (open loop), twice per side, in"
                        + " both orders (A B then B A, or B A then A B), so each side is compared with the other in"
                        + " the same turn; time from the runner sending the admin API's POST to the sender's row"
                        + " turning ACKNOWLEDGED (its updatedAt), ms:%n%n",
                rate,
                seconds));
        s.append("| figure | A | B | B/A |\n|---|---:|---:|---:|\n");
        for (int turn = 1; turn <= 2; turn++) {
            Optional<Latency> a = inTurn(latencies, "A", turn);
            Optional<Latency> b = inTurn(latencies, "B", turn);
            if (a.isEmpty() || b.isEmpty()) {
                continue;
            }
            String when = turn == 1 ? ", phase run first" : ", phase run second";
            latencyFigure(
                    s,
                    "submit to acknowledgment p50" + when + ", ms",
                    a.get().fromPost().p50(),
                    b.get().fromPost().p50());
            latencyFigure(
                    s,
                    "submit to acknowledgment p99" + when + ", ms",
                    a.get().fromPost().p99(),
                    b.get().fromPost().p99());
            latencyFigure(
                    s,
                    "submit to acknowledgment max" + when + ", ms",
                    a.get().fromPost().max(),
                    b.get().fromPost().max());
        }
        s.append('\n');
        s.append("Per side; \"from answer\": from the POST's 202 reaching the runner instead (negative when the"
                + " Acknowledgment was recorded before that answer arrived); achieved: submissions over the time"
                + " from the first to the last.\n\n");
        s.append("| side | turn | offered msgs/s | achieved msgs/s | submitted | refused | acknowledged | failed or not"
                + " found | p50 ms | p99 ms | max ms | from answer: min ms | from answer: p50 ms | from answer: p99 ms"
                + " |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        latencies.forEach(l -> s.append(latencyRow(l)).append('\n'));
        return s.toString();
    }

    private static Optional<Latency> inTurn(List<Latency> latencies, String side, int turn) {
        return latencies.stream()
                .filter(l -> l.side().equals(side) && l.turn() == turn)
                .findFirst();
    }

    private static void latencyFigure(StringBuilder s, String name, double a, double b) {
        s.append("| ")
                .append(name)
                .append(" | ")
                .append(figure(a, 1))
                .append(" | ")
                .append(figure(b, 1))
                .append(" | ")
                .append(figure(a > 0 ? b / a : Double.NaN, 2))
                .append(" |\n");
    }

    private String report(
            String started,
            String loadBefore,
            String loadAfter,
            List<Round> rounds,
            List<Latency> latencies,
            double latencyRate) {
        StringBuilder s = new StringBuilder();
        s.append("# Side-by-side comparison (bench/compare.sh)\n\n");
        s.append("    ").append(options.command()).append("\n\n");
        s.append("- started ")
                .append(started)
                .append(", ended ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append('\n');
        s.append("- machine: nproc ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(", ")
                .append(memory())
                .append(", ")
                .append(cpuModel())
                .append(", Java ")
                .append(System.getProperty("java.runtime.version"))
                .append('\n');
        s.append("- load average (1, 5, 15 min): ")
                .append(loadBefore)
                .append(" before, ")
                .append(loadAfter)
                .append(" after\n");
        s.append("- database: ").append(options.database()).append('\n');
        s.append("- A: ")
                .append(options.a().description())
                .append(jvm(options.a()))
                .append(clientsIfDifferent(options, options.a()))
                .append('\n');
        s.append("- B: ")
                .append(options.b().description())
                .append(jvm(options.b()))
                .append(clientsIfDifferent(options, options.b()))
                .append('\n');
        s.append(String.format(
                Locale.ROOT,
                "- %d rounds of %d s per side, alternating (A B, B A, ...) after a %d s warm-up of each; %s clients"
                        + " posting %d-byte payloads to the sender's admin API, at most %d messages unsettled;"
                        + " each node its own JVM (-Xmx%s); a round ends when all its messages are settled%n%n",
                options.rounds(),
                options.seconds(),
                options.warmupSeconds(),
                options.a().clients() == options.b().clients()
                        ? String.valueOf(options.a().clients())
                        : options.a().clients() + " (A) and " + options.b().clients() + " (B)",
                options.payloadBytes(),
                options.window(),
                options.heap()));
        s.append(String.format(
                Locale.ROOT,
                "- TLS over the warm-up, when the nodes set up their connections: %s on A, %s on B%n%n",
                warmupConnections(warmupTls[0]),
                warmupConnections(warmupTls[1])));
        s.append(summary(rounds)).append('\n');
        String latency = latencySummary(latencies, latencyRate, options.latencySeconds());
        if (!latency.isEmpty()) {
            s.append(latency).append('\n');
        }
        s.append(String.format(
                Locale.ROOT,
                "Per round. s: from the first submission until every message of the round settled; msgs/s: the"
                        + " steady rate, acknowledgments from the round's first one to the end of the load; CPU ms"
                        + " and store transactions per acknowledged message over the whole round (CPU of the database:"
                        + " the PostgreSQL server and its backends, n/a with H2, which runs inside the nodes; of the"
                        + " runner: this process, its clients and scrapes; else: the machine's busy time from"
                        + " /proc/stat less the nodes', the database's and the runner's), the"
                        + " transactions net of the runner's /metrics scrapes (one costs %s / %s store transactions"
                        + " on A's sender / receiver, %s / %s on B's); TLS handshakes: on the node's ebMS connector,"
                        + " one per inbound connection; TLS connections: opened by the node as a client (n/a: a revision"
                        + " without these counters); failed: settled but not acknowledged; refused: submissions not"
                        + " accepted.%n%n",
                figure(scrapeCost[0][0]),
                figure(scrapeCost[0][1]),
                figure(scrapeCost[1][0]),
                figure(scrapeCost[1][1])));
        s.append("| round | side | acked | failed | refused | s | msgs/s | CPU ms/msg sender | CPU ms/msg receiver"
                + " | CPU ms/msg both | CPU ms/msg database | CPU ms/msg runner | CPU ms/msg else | idle % | stolen %"
                + " | store tx/msg sender | store tx/msg receiver"
                + " | TLS handshakes/msg sender | TLS handshakes/msg receiver | TLS connections/msg sender"
                + " | TLS connections/msg receiver | scrapes of the sender | load avg at start |\n");
        s.append(
                "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
                        + "|---:|---|\n");
        rounds.forEach(r -> s.append(row(r)).append('\n'));
        return s.toString();
    }

    static String warmupConnections(Tls tls) {
        if (Double.isNaN(tls.receiverHandshakes())) {
            return "n/a";
        }
        return String.format(
                Locale.ROOT,
                "%.0f handshakes on the receiver and %.0f on the sender, %.0f connections opened by the sender and %.0f"
                        + " by the receiver",
                tls.receiverHandshakes(),
                tls.senderHandshakes(),
                tls.senderConnections(),
                tls.receiverConnections());
    }

    /** The side's client count, when the two sides' differ (else the summary's one count says it). */
    private static String clientsIfDifferent(Options options, Side side) {
        return options.a().clients() == options.b().clients() ? "" : " (" + side.clients() + " clients)";
    }

    private static String jvm(Side side) {
        return side.jvmOptions().isEmpty() ? "" : " (JVM options " + String.join(" ", side.jvmOptions()) + ")";
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> String.format(
                            Locale.ROOT, "%.0f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                    .findFirst()
                    .orElse("memory ?");
        } catch (IOException e) {
            return "memory ?";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("cpu ?");
        } catch (IOException e) {
            return "cpu ?";
        }
    }
}
