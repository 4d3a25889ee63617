package nl.dkgw.gateway.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import nl.dkgw.cpa.CpaStore;
import nl.dkgw.cpa.StoredCpa;
import nl.dkgw.gateway.msh.MshEvents;
import nl.dkgw.gateway.security.CryptoProviderChoice;
import nl.dkgw.gateway.store.DeliveryTasks;
import nl.dkgw.gateway.store.TransactionCounts;

/**
 * The gateway's Prometheus metrics: messages per CPA and action, delivery attempts and their latency, the retry queue
 * and the age of the oldest undelivered message, certificate and CPA days to expiry, inbound errors by ebMS code.
 */
public final class GatewayMetrics implements MshEvents {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /**
     * Ages and days to expiry are taken against {@code clock}, the node's clock; {@code transactions} counts the work
     * this process ran against its store.
     */
    public GatewayMetrics(
            DeliveryTasks tasks,
            TransactionCounts transactions,
            CpaStore cpas,
            Supplier<Map<String, X509Certificate>> certificates,
            Clock clock) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Gauge.builder("dkgw.delivery.queue.depth", tasks, DeliveryTasks::pending)
                .description("outbound messages (and signals) still to be delivered or acknowledged")
                .register(registry);
        Gauge.builder(
                        "dkgw.delivery.oldest.undelivered.age",
                        tasks,
                        s -> s.oldestPendingSince()
                                .map(t -> (double)
                                        Duration.between(t, clock.instant()).toSeconds())
                                .orElse(0.0))
                .description("seconds since the oldest message still to be delivered was submitted")
                .baseUnit("seconds")
                .register(registry);
        FunctionCounter.builder("dkgw.store.transactions", this, m -> transactions.committed())
                .tag("kind", "transaction")
                .description("units of work run against the message store by this process: explicit transactions "
                        + "committed (kind=transaction), work in auto-commit, usually one statement (kind=autocommit)")
                .register(registry);
        FunctionCounter.builder("dkgw.store.transactions", this, m -> transactions.autoCommit())
                .tag("kind", "autocommit")
                .description("units of work run against the message store by this process: explicit transactions "
                        + "committed (kind=transaction), work in auto-commit, usually one statement (kind=autocommit)")
                .register(registry);
        // present from the start, so that a scrape tells "no handshake yet" from "a node without the metric"
        inboundHandshakes("succeeded");
        inboundHandshakes("failed");
        deliveriesStarted(MshEvents.HAND_OFF);
        deliveriesStarted(MshEvents.POLL);
        Gauge.builder("dkgw.cpa.count", cpas, c -> c.list().size())
                .description("CPAs held")
                .register(registry);
        registry.gauge(
                "dkgw.cpa.days.to.expiry.min",
                cpas,
                c -> c.list().stream()
                        .map(StoredCpa::end)
                        .filter(Objects::nonNull)
                        .mapToDouble(
                                end -> Duration.between(clock.instant(), end).toHours() / 24.0)
                        .min()
                        .orElse(-1));
        for (var entry : certificates.get().entrySet()) {
            X509Certificate cert = entry.getValue();
            Gauge.builder(
                            "dkgw.certificate.days.to.expiry",
                            cert,
                            c -> Duration.between(
                                                    clock.instant(),
                                                    c.getNotAfter().toInstant())
                                            .toHours()
                                    / 24.0)
                    .tag("usage", entry.getKey())
                    .description("days until this node's certificate expires")
                    .register(registry);
        }
    }

    /** The JCA provider the node's cryptography runs on ({@code dkgw_crypto_provider_info}), see {@link CryptoProviderInfo}. */
    public void cryptoProvider(CryptoProviderChoice choice) {
        new CryptoProviderInfo(choice).bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    @Override
    public void submitted(String cpaId, String action) {
        counter("dkgw.messages.submitted", "business messages accepted for sending", "cpa_id", cpaId, "action", action)
                .increment();
    }

    @Override
    public void received(String cpaId, String action) {
        counter("dkgw.messages.received", "business messages received and stored", "cpa_id", cpaId, "action", action)
                .increment();
    }

    /**
     * The Grote Berichten gauges of a node with GB on: the bytes in its sender's file store ({@code
     * dkgw_gb_stored_bytes}) and the downloads running now ({@code dkgw_gb_active_downloads}).
     */
    public void gb(java.util.function.LongSupplier storedBytes, java.util.function.IntSupplier activeDownloads) {
        Gauge.builder("dkgw.gb.stored.bytes", storedBytes, s -> (double) s.getAsLong())
                .description(
                        "bytes of the files in this node's Grote Berichten sender store (offered, not yet expired)")
                .baseUnit("bytes")
                .strongReference(true)
                .register(registry);
        Gauge.builder("dkgw.gb.active.downloads", activeDownloads, s -> (double) s.getAsInt())
                .description("Grote Berichten downloads running now")
                .strongReference(true)
                .register(registry);
    }

    /** A Grote Berichten download ended: {@code completed} (arrived and verified) or {@code failed} (given up). */
    public void gbTransferEnded(String outcome) {
        counter("dkgw.gb.transfers", "Grote Berichten downloads ended, by outcome", "outcome", outcome)
                .increment();
    }

    /** A TLS handshake on this node's ebMS connector ended: {@code succeeded} or {@code failed}. */
    public void inboundHandshake(String outcome) {
        inboundHandshakes(outcome).increment();
    }

    private Counter deliveriesStarted(String via) {
        return counter(
                "dkgw.delivery.started",
                "deliveries a worker took, by the way it got them: via=hand-off (straight after the message was "
                        + "stored) or via=poll (claimed by the poller)",
                "via",
                via);
    }

    @Override
    public void deliveryStarted(String via) {
        deliveriesStarted(via).increment();
    }

    private Counter inboundHandshakes(String outcome) {
        return counter(
                "dkgw.tls.handshakes",
                "TLS handshakes on this node's ebMS connector (side=server), by outcome; one per connection",
                "side",
                "server",
                "outcome",
                outcome);
    }

    /** This node opened a TLS connection to {@code peer} ({@code host:port}) as a client. */
    public void outboundConnection(String peer) {
        counter(
                        "dkgw.tls.connections.opened",
                        "TLS connections this node opened to peers as a client (side=client), each with a handshake",
                        "side",
                        "client",
                        "peer",
                        peer)
                .increment();
    }

    @Override
    public void rejected(String errorCode) {
        counter("dkgw.inbound.errors", "inbound messages refused, by ebMS error code", "error_code", errorCode)
                .increment();
    }

    @Override
    public void attempt(String cpaId, String outcome, Duration took) {
        counter("dkgw.delivery.attempts", "posts of outbound messages to peers", "cpa_id", cpaId, "outcome", outcome)
                .increment();
        Timer.builder("dkgw.delivery.duration")
                .description("time a post to a peer took")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(took);
    }

    @Override
    public void delivered(String cpaId, String action) {
        counter(
                        "dkgw.messages.delivered",
                        "best-effort messages accepted by the peer",
                        "cpa_id",
                        cpaId,
                        "action",
                        action)
                .increment();
    }

    @Override
    public void acknowledged(String cpaId) {
        counter("dkgw.messages.acknowledged", "reliable messages acknowledged by the peer", "cpa_id", cpaId)
                .increment();
    }

    @Override
    public void failed(String cpaId, String action) {
        counter("dkgw.messages.failed", "messages that could not be delivered", "cpa_id", cpaId, "action", action)
                .increment();
    }
}
