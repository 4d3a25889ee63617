package nl.dkgw.routes.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code flows} section of {@code gateway.yml}: the broker, the REST source, the database of outbox and inbound
 * tables, and per flow what this node sends (and from which sources) or receives (and where it delivers).
 *
 * <pre>
 * flows:
 *   broker: { url: null, data-dir: data/artemis }      # null url: embedded in-VM Artemis
 *   rest: { host: 127.0.0.1, port: 8088 }               # POST /flows/{flow}
 *   database: { url: jdbc:postgresql://..., user: ..., password: ... }
 *   definitions:
 *     coronit-testresult:
 *       send:
 *         cpa-id: ...
 *         service: ...
 *         action: ...
 *         dead-letter: jms:queue:dkgw.flows.coronit-testresult.dead-letter
 *         failure-queue: dkgw.flows.coronit-testresult.failed
 *         sources: { jms-queue: coronit.testresults, rest: true, directory: drop/coronit, outbox-table: dkgw_outbox }
 *         # sources.jms-consumers: 4   concurrent consumers of jms-queue (default 1); more than 1 gives up order
 *         large-files: false       # true: the directory's and the queue's files go as they are through GB
 *       receive:
 *         cpa-id: ...
 *         service: ...
 *         action: ...
 *         deliver-to: { queue: cims.testresults }        # or table:, webhook:, directory:
 * </pre>
 */
public record FlowsConfig(Broker broker, Rest rest, Database database, Map<String, FlowConfig> definitions) {

    private static final Pattern SQL_NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    public FlowsConfig {
        broker = broker == null ? new Broker(null, null, null, null) : broker;
        rest = rest == null ? new Rest(null, null) : rest;
        Map<String, FlowConfig> named = new LinkedHashMap<>();
        if (definitions != null) {
            definitions.forEach((flow, config) -> named.put(flow, config.withDefaultsOf(flow)));
        }
        definitions = named;
    }

    /** The default {@code send.dead-letter} of a flow: the queue its rejected events go to. */
    public static String defaultDeadLetter(String flow) {
        return "jms:queue:dkgw.flows." + flow + ".dead-letter";
    }

    /** The default {@code send.failure-queue} of a flow: its messages whose delivery finally failed are reported there. */
    public static String defaultFailureQueue(String flow) {
        return "dkgw.flows." + flow + ".failed";
    }

    /** The default {@code receive.dead-letter} of a flow: received payloads that fail the flow's schema go there. */
    public static String defaultReceivedDeadLetter(String flow) {
        return "jms:queue:dkgw.flows." + flow + ".received.dead-letter";
    }

    /**
     * Whether a configured flow uses the JMS broker: every sending flow does (its failure queue, its default
     * dead-letter queue, perhaps a JMS source); a receiving flow does when it delivers to a queue or its dead-letter
     * endpoint is a JMS one (the default).
     */
    public boolean usesBroker() {
        for (FlowConfig flow : definitions.values()) {
            if (flow.send() != null) {
                return true;
            }
            Receive r = flow.receive();
            if (r != null && (r.deliverTo().queue() != null || r.deadLetter().startsWith("jms:"))) {
                return true;
            }
        }
        return false;
    }

    /** The JMS broker: an external Artemis at {@code url}, or (url null) one embedded in this JVM. */
    public record Broker(String url, String dataDir, String user, String password) {
        public Broker {
            dataDir = dataDir == null ? "data/artemis" : dataDir;
            if (dataDir.isBlank()) {
                throw new IllegalArgumentException("flows.broker.data-dir must not be empty");
            }
        }

        public boolean embedded() {
            return url == null || url.isBlank();
        }

        @Override
        public String toString() {
            return "Broker[url=" + url + ", dataDir=" + dataDir + ", user=" + user + ", password=<hidden>]";
        }
    }

    /** Where the REST source listens; port 0 takes any free port. */
    public record Rest(String host, Integer port) {
        public Rest {
            host = host == null ? "127.0.0.1" : host;
            port = port == null ? Integer.valueOf(8088) : port;
            if (host.isBlank()) {
                throw new IllegalArgumentException("flows.rest.host must not be empty");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("flows.rest.port must be 0 (any free port) to 65535, not " + port);
            }
        }
    }

    /** The JDBC database holding outbox tables and inbound tables (PostgreSQL). */
    public record Database(String url, String user, String password) {
        @Override
        public String toString() {
            return "Database[url=" + url + ", user=" + user + ", password=<hidden>]";
        }
    }

    /** One flow on this node: what it sends, what it receives (either may be absent). */
    public record FlowConfig(Send send, Receive receive, Map<String, String> properties) {
        public FlowConfig {
            properties = properties == null ? Map.of() : Map.copyOf(properties);
        }

        /** This flow with the defaults that depend on its name filled in. */
        FlowConfig withDefaultsOf(String flow) {
            return new FlowConfig(
                    send == null ? null : send.withDefaultsOf(flow),
                    receive == null ? null : receive.withDefaultsOf(flow),
                    properties);
        }
    }

    /**
     * Sending a flow: the CPA, service and action of its ebMS messages; its sources; its dead-letter endpoint; the JMS
     * queue (on the flows broker) where messages whose delivery finally failed are reported, default
     * {@code dkgw.flows.<flow>.failed}.
     */
    public record Send(
            String cpaId,
            String service,
            String action,
            String deadLetter,
            Sources sources,
            String failureQueue,
            Boolean largeFiles) {
        public Send {
            largeFiles = largeFiles != null && largeFiles;
            requireText(cpaId, "send.cpa-id");
            requireText(service, "send.service");
            requireText(action, "send.action");
            sources = sources == null ? new Sources(null, null, null, null, null, null, null) : sources;
            if (deadLetter != null) {
                requireText(deadLetter, "send.dead-letter");
            }
            if (failureQueue != null && (failureQueue.isBlank() || failureQueue.contains(":"))) {
                throw new IllegalArgumentException(
                        "flows: send.failure-queue must be a JMS queue name, not '" + failureQueue + "'");
            }
            if (largeFiles && (sources.rest() || sources.outboxTable() != null)) {
                throw new IllegalArgumentException("flows: send.large-files sends the files of send.sources.directory"
                        + " and send.sources.jms-queue through Grote Berichten; rest and outbox-table carry events,"
                        + " not files: use another flow for them");
            }
        }

        /** With the default dead-letter endpoint and failure queue of the flow where none is given. */
        Send withDefaultsOf(String flow) {
            return new Send(
                    cpaId,
                    service,
                    action,
                    deadLetter == null ? defaultDeadLetter(flow) : deadLetter,
                    sources,
                    failureQueue == null ? defaultFailureQueue(flow) : failureQueue,
                    largeFiles);
        }

        public Send(String cpaId, String service, String action, String deadLetter, Sources sources) {
            this(cpaId, service, action, deadLetter, sources, null, null);
        }

        public Send(
                String cpaId, String service, String action, String deadLetter, Sources sources, String failureQueue) {
            this(cpaId, service, action, deadLetter, sources, failureQueue, null);
        }
    }

    /**
     * The sources of a flow, each off unless set: a JMS queue (read by {@code jmsConsumers} concurrent consumers,
     * default 1, at most {@value #MAX_JMS_CONSUMERS}; more than one means the events are no longer sent in the order
     * they were queued), the REST endpoint, a drop directory, an outbox table (polled every
     * {@code outboxPollInterval}, {@code outboxBatchSize} rows at a time).
     */
    public record Sources(
            String jmsQueue,
            Boolean rest,
            String directory,
            String outboxTable,
            Duration outboxPollInterval,
            Integer outboxBatchSize,
            Integer jmsConsumers) {

        /** The most concurrent consumers a flow's JMS queue may have: each holds a broker session and a store call. */
        public static final int MAX_JMS_CONSUMERS = 16;

        public Sources {
            rest = rest != null && rest;
            jmsConsumers = jmsConsumers == null ? Integer.valueOf(1) : jmsConsumers;
            if (jmsConsumers < 1 || jmsConsumers > MAX_JMS_CONSUMERS) {
                throw new IllegalArgumentException("flows: send.sources.jms-consumers must be 1 to " + MAX_JMS_CONSUMERS
                        + ", not " + jmsConsumers);
            }
            outboxPollInterval = outboxPollInterval == null ? Duration.ofSeconds(1) : outboxPollInterval;
            outboxBatchSize = outboxBatchSize == null ? Integer.valueOf(20) : outboxBatchSize;
            if (jmsQueue != null) {
                requireText(jmsQueue, "send.sources.jms-queue");
            }
            if (directory != null) {
                requireText(directory, "send.sources.directory");
            }
            if (outboxTable != null) {
                requireSqlName(outboxTable, "send.sources.outbox-table");
            }
            if (outboxPollInterval.isNegative() || outboxPollInterval.isZero()) {
                throw new IllegalArgumentException(
                        "flows: send.sources.outbox-poll-interval must be positive, not " + outboxPollInterval);
            }
            if (outboxBatchSize < 1) {
                throw new IllegalArgumentException(
                        "flows: send.sources.outbox-batch-size must be at least 1, not " + outboxBatchSize);
            }
        }

        /** With one consumer on the JMS queue. */
        public Sources(
                String jmsQueue,
                Boolean rest,
                String directory,
                String outboxTable,
                Duration outboxPollInterval,
                Integer outboxBatchSize) {
            this(jmsQueue, rest, directory, outboxTable, outboxPollInterval, outboxBatchSize, null);
        }
    }

    /** Receiving a flow: the CPA, service and action to take from the gateway, and where the payloads go. */
    public record Receive(String cpaId, String service, String action, String deadLetter, DeliverTo deliverTo) {
        public Receive {
            requireText(cpaId, "receive.cpa-id");
            requireText(service, "receive.service");
            requireText(action, "receive.action");
            if (deliverTo == null) {
                throw new IllegalArgumentException("flows: receive.deliver-to is required");
            }
            if (deadLetter != null) {
                requireText(deadLetter, "receive.dead-letter");
            }
        }

        /** With the flow's default dead-letter endpoint where none is given. */
        Receive withDefaultsOf(String flow) {
            return new Receive(
                    cpaId,
                    service,
                    action,
                    deadLetter == null ? defaultReceivedDeadLetter(flow) : deadLetter,
                    deliverTo);
        }
    }

    /**
     * Exactly one destination for received payloads: a JMS queue, a PostgreSQL table, an HTTP(S) webhook, or a
     * directory (relative to the configuration file's directory).
     */
    public record DeliverTo(String queue, String table, String webhook, String directory) {
        public DeliverTo {
            int set = (queue == null ? 0 : 1)
                    + (table == null ? 0 : 1)
                    + (webhook == null ? 0 : 1)
                    + (directory == null ? 0 : 1);
            if (set != 1) {
                throw new IllegalArgumentException(
                        "flows: receive.deliver-to needs exactly one of queue, table, webhook, directory; got " + set);
            }
            if (directory != null) {
                requireText(directory, "receive.deliver-to.directory");
            }
            if (queue != null) {
                requireText(queue, "receive.deliver-to.queue");
            }
            if (table != null) {
                requireSqlName(table, "receive.deliver-to.table");
            }
            if (webhook != null && !(webhook.startsWith("http://") || webhook.startsWith("https://"))) {
                throw new IllegalArgumentException(
                        "flows: receive.deliver-to.webhook must be an http(s) URL: " + webhook);
            }
        }

        public DeliverTo(String queue, String table, String webhook) {
            this(queue, table, webhook, null);
        }
    }

    private static void requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    "flows: " + key + (value == null ? " is required" : " must not be empty"));
        }
    }

    private static void requireSqlName(String name, String key) {
        if (!SQL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("flows: " + key + " must be a plain SQL table name, not '" + name + "'");
        }
    }
}
