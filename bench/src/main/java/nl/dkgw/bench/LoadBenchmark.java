package nl.dkgw.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.cli.Main;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.gateway.store.jdbc.GatewayDatabase;
import nl.dkgw.gateway.store.jdbc.JdbcStore;
import nl.dkgw.testkit.ChildJvm;
import nl.dkgw.testkit.FreePort;
import nl.dkgw.testkit.RealPostgres;

/**
 * The load benchmark: two gateway nodes on loopback (the sending node in this JVM, driven through the Java API by
 * several submitter threads; the receiving node as its own process, {@code dkgw serve}), osb-rm messages, every
 * acknowledgment awaited. Reports throughput (acknowledged messages per second, end to end), submit-to-acknowledgment
 * latency (p50/p95/p99, from the sender's store: created_at to the acknowledgment's updated_at), and CPU and peak heap
 * of each node. Options are system properties, see {@link Options}.
 */
public final class LoadBenchmark {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);
    private static final int KB2 = 2 * 1024;
    private static final int MB1 = 1024 * 1024;

    /** -Dbench.db=h2,postgres -Dbench.duration=60 -Dbench.submitters=8 -Dbench.window=500 ... */
    record Options(
            List<String> databases,
            int seconds,
            int halfRateSeconds,
            int mixSeconds,
            int submitters,
            int window,
            List<String> scenarios,
            List<Profile> profiles,
            SyncReplyMode syncReply,
            Path out,
            boolean profile,
            int jmsConsumers,
            int hugeMegabytes) {
        static Options fromSystemProperties() {
            return new Options(
                    Arrays.asList(System.getProperty("bench.db", "h2,postgres").split(",")),
                    Integer.getInteger("bench.duration", 60),
                    Integer.getInteger("bench.half-rate-duration", 30),
                    Integer.getInteger("bench.mix-duration", 30),
                    Integer.getInteger("bench.submitters", 8),
                    Integer.getInteger("bench.window", 500),
                    Arrays.asList(System.getProperty("bench.scenarios", "2k,half,mix,large,camel,huge")
                            .split(",")),
                    Arrays.stream(System.getProperty("bench.profiles", "osb-rm,osb-rm-s")
                                    .split(","))
                            .map(String::trim)
                            .map(LoadBenchmark::profile)
                            .toList(),
                    "mshSignalsOnly".equalsIgnoreCase(System.getProperty("bench.sync-reply", "none"))
                            ? SyncReplyMode.MSH_SIGNALS_ONLY
                            : SyncReplyMode.NONE,
                    Path.of(System.getProperty("bench.out", "target/bench")),
                    Boolean.parseBoolean(System.getProperty("bench.profile", "true")),
                    Integer.getInteger("bench.jms-consumers", 1),
                    Integer.getInteger("bench.huge-mb", 100));
        }
    }

    private static Profile profile(String code) {
        return Arrays.stream(Profile.values())
                .filter(p -> p.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("bench.profiles: unknown profile " + code));
    }

    record Result(
            String db,
            String scenario,
            long messages,
            long acknowledged,
            long failed,
            double seconds,
            double throughput,
            double p50,
            double p95,
            double p99,
            double max,
            NodeStats.Usage sender,
            NodeStats.Usage receiver,
            String note) {}

    private final Options options;
    private final List<Result> results = new ArrayList<>();
    private final StringBuilder profiles = new StringBuilder();

    private LoadBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.fromSystemProperties();
        Files.createDirectories(options.out());
        LoadBenchmark bench = new LoadBenchmark(options);
        String started = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        for (String db : options.databases()) {
            bench.runChain(db.trim().toLowerCase());
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        String report = bench.report(started, loadBefore, loadAfter);
        Path file = options.out().resolve("results.md");
        Files.writeString(file, report);
        System.out.println(report);
        System.out.println("written to " + file.toAbsolutePath());
        System.exit(0);
    }

    private void runChain(String db) throws Exception {
        Path dir = options.out().resolve("run-" + db + "-" + System.currentTimeMillis());
        Map<String, String> urls = db.equals("postgres")
                ? Map.of(LocalChain.CONSUMER.name(), postgresUrl(), LocalChain.PROVIDER.name(), postgresUrl())
                : Map.of();
        System.out.println("== " + db + ": chain in " + dir);
        // room for the huge scenario's payload plus its MIME and XML around it, on both nodes
        GatewayConfig.Limits limits =
                new GatewayConfig.Limits(Math.max(20L << 20, ((long) options.hugeMegabytes() + 8) << 20), 0, null);
        try (LocalChain chain = LocalChain.start(dir, urls, Duration.ofSeconds(60), List.of(), options.syncReply())) {
            Map<Profile, String> cpaIds = new java.util.LinkedHashMap<>();
            for (Profile profile : options.profiles()) {
                cpaIds.put(
                        profile,
                        chain.importEverywhere(chain.generateCpa(
                                profile, Duration.ofSeconds(60), options.syncReply(), LocalChain.demoActions())));
            }
            String receiverName = LocalChain.PROVIDER.name();
            GatewayConfig rc = chain.config(receiverName);
            int receiverPort = chain.provider().ebmsPort();
            chain.stop(receiverName);
            int adminPort = FreePort.find();
            GatewayConfig receiverConfig = new GatewayConfig(
                    rc.node(),
                    new GatewayConfig.Ebms("127.0.0.1", receiverPort, "/ebms"),
                    GatewayConfig.Admin.withoutAuthentication("127.0.0.1", adminPort),
                    rc.tls(),
                    new GatewayConfig.Database(
                            rc.database().url(),
                            rc.database().user(),
                            rc.database().password(),
                            24),
                    benchDelivery(),
                    limits,
                    rc.cpa(),
                    rc.security(),
                    rc.retention());
            Path receiverDir = dir.resolve(receiverName);
            Path configFile = receiverDir.resolve("gateway.yml");
            Files.writeString(configFile, YAML.writeValueAsString(receiverConfig));
            Path receiverGc = dir.resolve("receiver-gc.log");
            try (ChildJvm receiver = ChildJvm.builder(Main.class)
                    .args("serve", "--config", configFile.toString())
                    .jvmOptions("-Xmx256m", "-Xlog:gc:file=" + receiverGc)
                    .logFile(dir.resolve("receiver.log"))
                    .start()) {
                awaitReady("http://127.0.0.1:" + adminPort, receiver);
                Gateway sender = chain.restart(
                        LocalChain.CONSUMER.name(),
                        c -> new GatewayConfig(
                                c.node(),
                                c.ebms(),
                                c.admin(),
                                c.tls(),
                                new GatewayConfig.Database(
                                        c.database().url(),
                                        c.database().user(),
                                        c.database().password(),
                                        24),
                                benchDelivery(),
                                limits,
                                c.cpa(),
                                c.security(),
                                c.retention()));
                Path senderGc = Path.of(System.getProperty("bench.sender-gc-log", "target/bench/sender-gc.log"));
                NodeStats senderStats = NodeStats.self(senderGc);
                NodeStats receiverStats = new NodeStats(receiver.pid(), receiverGc);
                Driver driver = new Driver(db, sender, senderStats, receiverStats, receiver, dir);
                boolean first = true;
                for (Map.Entry<Profile, String> agreement : cpaIds.entrySet()) {
                    runScenarios(driver, sender, agreement.getKey(), agreement.getValue(), first, dir);
                    first = false;
                }
                if (options.scenarios().contains("huge")) {
                    Map.Entry<Profile, String> firstAgreement =
                            cpaIds.entrySet().iterator().next();
                    runHuge(driver, sender, firstAgreement.getKey(), firstAgreement.getValue());
                }
                receiver.stop();
            }
        }
    }

    private static GatewayConfig.Delivery benchDelivery() {
        return new GatewayConfig.Delivery(
                16,
                Duration.ofMillis(200),
                Duration.ofMinutes(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(60),
                5,
                Duration.ofSeconds(5));
    }

    /**
     * The scenarios of one profile. 2 KB max rate and half rate run for every profile; the mix, the large payloads and
     * the Camel route only for the first (osb-rm), where they say most about the gateway rather than about RSA.
     */
    private void runScenarios(Driver driver, Gateway sender, Profile profile, String cpaId, boolean first, Path dir)
            throws Exception {
        String p = profile.code();
        Submitter api = (n, payload) -> sender.submit(new Submission(
                cpaId,
                LocalChain.serviceName(profile),
                LocalChain.TO_PROVIDER,
                List.of(new Submission.Part("application/xml", payload, null)),
                null,
                null,
                null));
        // warm-up: JIT, connection pools, TLS sessions
        driver.run(p + " warm-up", api, Duration.ofSeconds(10), 3000, n -> KB2, options.submitters(), 200, 0, false);
        results.remove(results.size() - 1);
        Result max = null;
        if (options.scenarios().contains("2k")) {
            max = driver.run(
                    p + " 2 KB, max rate (" + options.submitters() + " submitters, window " + options.window() + ")",
                    api,
                    Duration.ofSeconds(options.seconds()),
                    Long.MAX_VALUE,
                    n -> KB2,
                    options.submitters(),
                    options.window(),
                    0,
                    options.profile() && first);
        }
        if (options.scenarios().contains("half") && max != null) {
            double rate = Math.max(1, max.throughput() / 2);
            driver.run(
                    String.format("%s 2 KB, half max rate (%.0f msgs/s offered)", p, rate),
                    api,
                    Duration.ofSeconds(options.halfRateSeconds()),
                    Long.MAX_VALUE,
                    n -> KB2,
                    options.submitters(),
                    100_000,
                    rate,
                    false);
        }
        if (!first) {
            return;
        }
        if (options.scenarios().contains("camel")) {
            try (CamelRoute route = CamelRoute.start(
                    sender,
                    cpaId,
                    LocalChain.serviceName(profile),
                    LocalChain.TO_PROVIDER,
                    dir.resolve("artemis"),
                    options.jmsConsumers())) {
                driver.run(
                        p + " 2 KB through a Camel route from Artemis (transacted JMS, " + options.jmsConsumers()
                                + " consumer(s), window " + options.window() + ")",
                        route,
                        Duration.ofSeconds(options.halfRateSeconds()),
                        Long.MAX_VALUE,
                        n -> KB2,
                        options.submitters(),
                        options.window(),
                        0,
                        false);
            }
        }
        if (options.scenarios().contains("mix")) {
            Random random = new Random(42);
            boolean[] large = new boolean[1_000_000];
            for (int i = 0; i < large.length; i++) {
                large[i] = random.nextInt(100) < 15;
            }
            driver.run(
                    p + " mix 85% 2 KB / 15% 1 MB, max rate (window 32)",
                    api,
                    Duration.ofSeconds(options.mixSeconds()),
                    large.length,
                    n -> large[(int) (n % large.length)] ? MB1 : KB2,
                    options.submitters(),
                    32,
                    0,
                    false);
        }
        if (options.scenarios().contains("large")) {
            int size = (20 << 20) - 64 * 1024;
            driver.run(
                    String.format("%s one %.1f MiB payload (not streamed)", p, size / 1048576.0),
                    api,
                    Duration.ofSeconds(1),
                    1,
                    n -> size,
                    1,
                    1,
                    0,
                    false);
        }
    }

    /**
     * One payload of bench.huge-mb with the receiver's heap capped at 256 MiB. Last of all: a node that runs out of
     * memory answers 500 and may not recover, so nothing runs after it on this chain. Settles when acknowledged or
     * after the first two attempts (the CPA retries every 60 s).
     */
    private void runHuge(Driver driver, Gateway sender, Profile profile, String cpaId) throws Exception {
        int size = options.hugeMegabytes() << 20;
        Submitter api = (n, payload) -> sender.submit(new Submission(
                cpaId,
                LocalChain.serviceName(profile),
                LocalChain.TO_PROVIDER,
                List.of(new Submission.Part("application/octet-stream", payload, null)),
                null,
                null,
                null));
        driver.settleTimeout = Duration.ofSeconds(150);
        driver.run(
                String.format(
                        "%s one %d MiB payload, receiver heap 256 MiB (not streamed)",
                        profile.code(), options.hugeMegabytes()),
                api,
                Duration.ofSeconds(1),
                1,
                n -> size,
                1,
                1,
                0,
                false);
    }

    private static String postgresUrl() {
        RealPostgres.Database db = RealPostgres.newDatabase();
        String url = db.jdbcUrl();
        return url + (url.contains("?") ? "&" : "?") + "user=" + db.user() + "&password=" + db.password();
    }

    private static void awaitReady(String admin, ChildJvm node) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!node.isAlive()) {
                throw new IllegalStateException("the receiving node exited:\n" + node.output());
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(URI.create(admin + "/health/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new IllegalStateException("the receiving node did not become ready:\n" + node.output());
    }

    /** Drives one scenario and measures it. */
    private final class Driver {
        private final String db;
        private final NodeStats senderStats;
        private final NodeStats receiverStats;
        private final ChildJvm receiver;
        private final long receiverPid;
        private final Path dir;
        private final Store store;
        /** How long to wait for the last acknowledgments once the submitters are done. */
        Duration settleTimeout = Duration.ofMinutes(5);

        Driver(String db, Gateway sender, NodeStats senderStats, NodeStats receiverStats, ChildJvm receiver, Path dir) {
            this.db = db;
            this.senderStats = senderStats;
            this.receiverStats = receiverStats;
            this.receiver = receiver;
            this.receiverPid = receiver.pid();
            this.dir = dir;
            // the sender's store, read through a small pool of the bench's own (the node keeps its store to itself)
            GatewayConfig.Database d = sender.config().database();
            this.store = JdbcStore.of(
                    GatewayDatabase.open(sender.config().jdbcUrl(sender.baseDir()), d.user(), d.password(), 2)
                            .dataSource());
        }

        Result run(
                String name,
                Submitter submitter,
                Duration duration,
                long maxMessages,
                LongFunction<Integer> size,
                int submitters,
                int window,
                double ratePerSecond,
                boolean profile)
                throws Exception {
            System.out.println("-- " + db + ": " + name);
            Map<Integer, byte[]> data = new java.util.concurrent.ConcurrentHashMap<>();
            long settledBefore = settled();
            Semaphore inFlight = new Semaphore(window);
            AtomicLong tickets = new AtomicLong();
            AtomicLong submitted = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Recording recording = null;
            if (profile) {
                recording = new Recording(Configuration.getConfiguration("profile"));
                recording.start();
                jcmd("JFR.start", "name=bench", "settings=profile");
            }
            senderStats.start();
            receiverStats.start();
            Instant start = Instant.now();
            long startNanos = System.nanoTime();
            long endNanos = startNanos + duration.toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < submitters; t++) {
                Thread thread = new Thread(
                        () -> {
                            try {
                                while (failure.get() == null) {
                                    long n = tickets.getAndIncrement();
                                    if (n >= maxMessages) {
                                        return;
                                    }
                                    if (ratePerSecond > 0) {
                                        long due = startNanos + (long) (n * 1e9 / ratePerSecond);
                                        long wait = due - System.nanoTime();
                                        if (wait > 0) {
                                            LockSupport.parkNanos(wait);
                                        }
                                    }
                                    if (System.nanoTime() >= endNanos && n > 0) {
                                        return;
                                    }
                                    inFlight.acquire();
                                    int bytes = size.apply(n);
                                    byte[] payload = data.computeIfAbsent(bytes, LoadBenchmark::payload);
                                    submitter.submit(n, payload);
                                    submitted.incrementAndGet();
                                }
                            } catch (Throwable e) {
                                failure.compareAndSet(null, e);
                            }
                        },
                        "bench-submitter-" + t);
                thread.start();
                threads.add(thread);
            }
            // the acknowledgment watcher frees a window slot per settled message
            long released = 0;
            long settleDeadline = Long.MAX_VALUE;
            while (true) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                long done = settled() - settledBefore;
                if (done > released) {
                    inFlight.release((int) (done - released));
                    released = done;
                }
                boolean submitting = threads.stream().anyMatch(Thread::isAlive);
                if (!submitting && settleDeadline == Long.MAX_VALUE) {
                    settleDeadline = System.nanoTime() + settleTimeout.toNanos();
                }
                if (failure.get() != null
                        || (!submitting && done >= submitted.get())
                        || System.nanoTime() > settleDeadline) {
                    break;
                }
                if (!receiver.isAlive()) {
                    failure.compareAndSet(
                            null,
                            new IllegalStateException(
                                    "the receiving node died; its last output:" + "\n" + tail(receiver.output())));
                    break;
                }
            }
            for (Thread t : threads) {
                t.interrupt();
                t.join(10_000);
            }
            NodeStats.Usage senderUsage = senderStats.stop();
            NodeStats.Usage receiverUsage = receiverStats.stop();
            if (recording != null) {
                recording.stop();
                Path senderJfr = dir.resolve("sender.jfr");
                recording.dump(senderJfr);
                recording.close();
                Path receiverJfr = dir.resolve("receiver.jfr");
                jcmd("JFR.dump", "name=bench", "filename=" + receiverJfr);
                jcmd("JFR.stop", "name=bench");
                profiles.append("### Profile, ")
                        .append(db)
                        .append(": ")
                        .append(name)
                        .append("\n\n");
                profiles.append("Sending node (")
                        .append(senderJfr)
                        .append("):\n\n```\n")
                        .append(JfrSummary.summarise(senderJfr, 12))
                        .append("```\n\n");
                if (Files.exists(receiverJfr)) {
                    profiles.append("Receiving node (")
                            .append(receiverJfr)
                            .append("):\n\n```\n")
                            .append(JfrSummary.summarise(receiverJfr, 12))
                            .append("```\n\n");
                }
            }
            if (failure.get() != null && receiver.isAlive()) {
                throw new IllegalStateException("a submission failed", failure.get());
            }
            List<StoredMessage> mine =
                    store.messages().list(Direction.OUT, MessageKind.USER, null, 100_000_000).stream()
                            .filter(m -> !m.createdAt().isBefore(start))
                            .toList();
            List<StoredMessage> acked = mine.stream()
                    .filter(m -> m.status() == MessageStatus.ACKNOWLEDGED)
                    .toList();
            long failed = mine.stream()
                    .filter(m -> m.status() == MessageStatus.FAILED)
                    .count();
            double[] latencies = acked.stream()
                    .mapToDouble(
                            m -> Duration.between(m.createdAt(), m.updatedAt()).toNanos() / 1e6)
                    .sorted()
                    .toArray();
            Instant first = mine.stream()
                    .map(StoredMessage::createdAt)
                    .min(Instant::compareTo)
                    .orElse(start);
            Instant last = acked.stream()
                    .map(StoredMessage::updatedAt)
                    .max(Instant::compareTo)
                    .orElse(first);
            double seconds = Math.max(1e-3, Duration.between(first, last).toNanos() / 1e9);
            Result r = new Result(
                    db,
                    name,
                    mine.size(),
                    acked.size(),
                    failed,
                    seconds,
                    acked.size() / seconds,
                    percentile(latencies, 50),
                    percentile(latencies, 95),
                    percentile(latencies, 99),
                    latencies.length == 0 ? 0 : latencies[latencies.length - 1],
                    senderUsage,
                    receiverUsage,
                    failure.get() != null
                            ? "receiving node died: "
                                    + failure.get()
                                            .getMessage()
                                            .lines()
                                            .filter(l -> l.contains("OutOfMemoryError"))
                                            .findFirst()
                                            .orElse("see receiver.log")
                            : mine.size() == acked.size()
                                    ? ""
                                    : (mine.size() - acked.size()) + " not acknowledged" + lastAttempt(mine));
            results.add(r);
            System.out.printf(
                    "   %d messages, %d acknowledged, %d failed in %.1f s: %.1f msgs/s; latency p50 %.0f"
                            + " p95 %.0f p99 %.0f max %.0f ms; sender %s; receiver %s%n",
                    r.messages(),
                    r.acknowledged(),
                    r.failed(),
                    r.seconds(),
                    r.throughput(),
                    r.p50(),
                    r.p95(),
                    r.p99(),
                    r.max(),
                    senderUsage,
                    receiverUsage);
            return r;
        }

        /** For a single-message scenario that did not end well: what its last delivery attempt got. */
        private String lastAttempt(List<StoredMessage> mine) {
            if (mine.size() != 1) {
                return "";
            }
            List<nl.dkgw.gateway.store.DeliveryAttempt> attempts =
                    store.deliveryAttempts().of(mine.get(0).pk());
            return attempts.isEmpty()
                    ? ""
                    : ", last of " + attempts.size() + " attempts: HTTP "
                            + attempts.get(attempts.size() - 1).httpStatus() + " ("
                            + attempts.get(attempts.size() - 1).outcome() + ")";
        }

        private long settled() {
            return store.messages().count(Direction.OUT, MessageKind.USER, MessageStatus.ACKNOWLEDGED)
                    + store.messages().count(Direction.OUT, MessageKind.USER, MessageStatus.FAILED);
        }

        private void jcmd(String... command) {
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(receiverPid)));
            cmd.addAll(List.of(command));
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                p.waitFor(60, TimeUnit.SECONDS);
            } catch (IOException e) {
                System.out.println("   (jcmd failed: " + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Hands one message to the sending node: through the Java API, or onto a JMS queue a Camel route reads. */
    @FunctionalInterface
    interface Submitter {
        void submit(long n, byte[] payload) throws Exception;
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static byte[] payload(int size) {
        byte[] data = new byte[size];
        byte[] text = "<event><id>12345</id><result>negatief</result><remark>dkgw benchmark payload</remark></event>\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < size; i++) {
            data[i] = text[i % text.length];
        }
        return data;
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private String report(String started, String loadBefore, String loadAfter) throws Exception {
        StringBuilder sb = new StringBuilder();
        sb.append("Run started ")
                .append(started)
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores visible, Java ")
                .append(System.getProperty("java.version"))
                .append(", sync reply: ")
                .append(options.syncReply().cppaValue())
                .append(", load average before: ")
                .append(loadBefore)
                .append(", after: ")
                .append(loadAfter)
                .append(".\n\n");
        sb.append("| store | scenario | msgs | acked | msgs/s (acked, end to end) | p50 ms | p95 ms | p99 ms | max ms"
                + " | sender CPU / peak heap | receiver CPU / peak heap |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Result r : results) {
            sb.append(String.format(
                    "| %s | %s | %d | %d%s | %.1f | %.0f | %.0f | %.0f | %.0f | %.0f%% / %d MiB"
                            + " | %.0f%% / %d MiB |%n",
                    r.db(),
                    r.scenario() + (r.note().isEmpty() ? "" : " - " + r.note()),
                    r.messages(),
                    r.acknowledged(),
                    r.failed() > 0 ? " (" + r.failed() + " failed)" : "",
                    r.throughput(),
                    r.p50(),
                    r.p95(),
                    r.p99(),
                    r.max(),
                    r.sender().cores() * 100,
                    r.sender().peakHeapMb(),
                    r.receiver().cores() * 100,
                    r.receiver().peakHeapMb()));
        }
        sb.append("\nCPU: percent of one core over the scenario (200% = both cores). Peak heap: the largest heap"
                + " occupancy before a GC in the node's GC log (sender: bench JVM, -Xmx1g, also holds the submitters;"
                + " receiver: -Xmx256m).\n\n");
        sb.append(profiles);
        return sb.toString();
    }
}
