package nl.dkgw.routes;

import jakarta.jms.ConnectionFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import nl.dkgw.routes.broker.BrokerProbe;
import nl.dkgw.routes.broker.EmbeddedBroker;
import nl.dkgw.routes.catalogue.FlowCatalogue;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.delivery.InboundFlowRoute;
import nl.dkgw.routes.flow.Flow;
import nl.dkgw.routes.route.FailureReportRoute;
import nl.dkgw.routes.route.FlowEndpoints;
import nl.dkgw.routes.route.OutboundFlowRoute;
import nl.dkgw.routes.source.DirectorySourceRoute;
import nl.dkgw.routes.source.JmsFileSourceRoute;
import nl.dkgw.routes.source.JmsSourceRoute;
import nl.dkgw.routes.source.OutboxSourceRoute;
import nl.dkgw.routes.source.RestSource;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flows of one gateway node, running: an embedded Camel context with the {@code ebms} component the gateway
 * hands in, the JMS broker (embedded Artemis unless a URL is configured), the REST source, and the routes of every
 * configured flow. Close it before the gateway.
 */
public final class FlowsRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlowsRuntime.class);
    /** How long one check of the broker may take, and how long its result is reused. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private static final Duration PROBE_CACHE = Duration.ofSeconds(5);

    private final CamelContext camel;
    private final EmbeddedBroker broker;
    private final ConnectionFactory connectionFactory;
    private final RestSource rest;
    private final BrokerProbe brokerProbe;

    private FlowsRuntime(
            CamelContext camel,
            EmbeddedBroker broker,
            ConnectionFactory connectionFactory,
            RestSource rest,
            BrokerProbe brokerProbe) {
        this.camel = camel;
        this.broker = broker;
        this.connectionFactory = connectionFactory;
        this.rest = rest;
        this.brokerProbe = brokerProbe;
    }

    /**
     * Starts the flows.
     *
     * @param config     the {@code flows} section
     * @param baseDir    relative paths (broker data, drop directories) are resolved against it
     * @param ebms       the gateway's {@code ebms} Camel component
     * @param dataSource the database of outbox and delivery tables, or null when no flow uses one
     * @param catalogue  the flows this node knows
     * @param clock      the clock of the mapping rules
     */
    public static FlowsRuntime start(
            FlowsConfig config,
            Path baseDir,
            Component ebms,
            DataSource dataSource,
            FlowCatalogue catalogue,
            Clock clock)
            throws Exception {
        return start(config, baseDir, ebms, dataSource, catalogue, clock, camel -> {});
    }

    /** As {@link #start(FlowsConfig, Path, Component, DataSource, FlowCatalogue, Clock)}, with a last say on the
     *  Camel context before it starts (event notifiers, tracing, extra routes). */
    public static FlowsRuntime start(
            FlowsConfig config,
            Path baseDir,
            Component ebms,
            DataSource dataSource,
            FlowCatalogue catalogue,
            Clock clock,
            Consumer<CamelContext> beforeStart)
            throws Exception {
        EmbeddedBroker broker = null;
        RestSource rest = null;
        BrokerProbe probe = null;
        CamelContext camel = new DefaultCamelContext();
        try {
            camel.setMessageHistory(false);
            camel.addComponent("ebms", ebms);
            FlowsConfig.Broker b = config.broker();
            ConnectionFactory cf;
            if (b.embedded()) {
                broker = EmbeddedBroker.start(baseDir.resolve(b.dataDir()));
                cf = broker.connectionFactory();
            } else {
                cf = new ActiveMQConnectionFactory(b.url(), b.user(), b.password());
            }
            if (config.usesBroker()) {
                probe = broker != null
                        ? new BrokerProbe(
                                broker.url(),
                                null,
                                null,
                                broker.url() + " (embedded)",
                                PROBE_TIMEOUT,
                                PROBE_CACHE,
                                Clock.systemUTC())
                        : new BrokerProbe(
                                b.url(),
                                b.user(),
                                b.password(),
                                BrokerProbe.shown(b.url()),
                                PROBE_TIMEOUT,
                                PROBE_CACHE,
                                Clock.systemUTC());
            }
            JmsComponent jms = new JmsComponent();
            jms.setConnectionFactory(cf);
            camel.addComponent("jms", jms);

            Set<String> restFlows = new LinkedHashSet<>();
            for (Map.Entry<String, FlowsConfig.FlowConfig> e :
                    config.definitions().entrySet()) {
                Flow flow = catalogue.get(e.getKey());
                FlowsConfig.FlowConfig fc = e.getValue();
                if (fc.send() != null) {
                    flow.checkProperties(fc.properties());
                    addSendingRoutes(camel, flow, fc, baseDir, dataSource, clock);
                    if (fc.send().sources().rest()) {
                        restFlows.add(flow.name());
                    }
                }
                if (fc.receive() != null) {
                    camel.addRoutes(new InboundFlowRoute(flow, fc.receive(), dataSource, baseDir));
                }
            }
            beforeStart.accept(camel);
            camel.start();
            if (!restFlows.isEmpty()) {
                rest = new RestSource(
                        camel.createProducerTemplate(),
                        restFlows,
                        config.rest().host(),
                        config.rest().port());
                rest.start();
            }
            LOG.atInfo()
                    .addKeyValue("event", "flows.started")
                    .addKeyValue("flows", config.definitions().keySet())
                    .log("flows started");
            return new FlowsRuntime(camel, broker, cf, rest, probe);
        } catch (Exception | Error e) {
            new FlowsRuntime(camel, broker, null, rest, probe).close();
            throw e;
        }
    }

    private static void addSendingRoutes(
            CamelContext camel, Flow flow, FlowsConfig.FlowConfig fc, Path baseDir, DataSource dataSource, Clock clock)
            throws Exception {
        camel.addRoutes(new FailureReportRoute(flow.name(), fc.send()));
        FlowsConfig.Sources sources = fc.send().sources();
        if (fc.send().largeFiles()) {
            // the files go as they are: no mapping, no schema (FlowsConfig.Send allows no event source here)
            String ebms = FlowEndpoints.ebms(
                            fc.send().cpaId(), fc.send().service(), fc.send().action())
                    + "&largeFile=true&contentType=application/octet-stream";
            if (sources.directory() != null) {
                camel.addRoutes(
                        DirectorySourceRoute.largeFiles(flow.name(), baseDir.resolve(sources.directory()), ebms));
            }
            if (sources.jmsQueue() != null) {
                camel.addRoutes(new JmsFileSourceRoute(
                        flow.name(), sources.jmsQueue(), fc.send().deadLetter(), ebms, sources.jmsConsumers()));
            }
            return;
        }
        camel.addRoutes(new OutboundFlowRoute(flow, fc, clock));
        if (sources.jmsQueue() != null) {
            camel.addRoutes(new JmsSourceRoute(
                    flow.name(), sources.jmsQueue(), fc.send().deadLetter(), sources.jmsConsumers()));
        }
        if (sources.directory() != null) {
            camel.addRoutes(new DirectorySourceRoute(flow.name(), baseDir.resolve(sources.directory())));
        }
        if (sources.outboxTable() != null) {
            if (dataSource == null) {
                throw new IllegalStateException("flow " + flow.name() + " reads outbox table " + sources.outboxTable()
                        + " but flows.database is not configured");
            }
            camel.addRoutes(new OutboxSourceRoute(
                    flow.name(),
                    dataSource,
                    sources.outboxTable(),
                    sources.outboxPollInterval(),
                    sources.outboxBatchSize()));
        }
    }

    public CamelContext camel() {
        return camel;
    }

    /** The broker's connection factory (embedded or external), e.g. for an application on the same node. */
    public ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    /**
     * The check of the JMS broker (embedded or external), present when a configured flow uses the broker (see
     * {@link FlowsConfig#usesBroker()}).
     */
    public Optional<BrokerProbe> brokerProbe() {
        return Optional.ofNullable(brokerProbe);
    }

    /** The port of the REST source; -1 when no flow takes events over REST. */
    public int restPort() {
        return rest == null ? -1 : rest.port();
    }

    @Override
    public void close() {
        if (brokerProbe != null) {
            brokerProbe.close();
        }
        if (rest != null) {
            rest.close();
        }
        try {
            camel.close();
        } catch (Exception e) {
            LOG.atWarn().setCause(e).log("stopping the flows' Camel context failed");
        }
        if (broker != null) {
            try {
                broker.close();
            } catch (Exception e) {
                LOG.atWarn().setCause(e).log("stopping the embedded broker failed");
            }
        }
    }
}
