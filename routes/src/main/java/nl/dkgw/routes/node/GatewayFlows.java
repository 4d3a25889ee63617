package nl.dkgw.routes.node;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import javax.sql.DataSource;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.camel.EbmsComponent;
import nl.dkgw.gateway.ops.Readiness;
import nl.dkgw.routes.FlowsRuntime;
import nl.dkgw.routes.broker.BrokerProbe;
import nl.dkgw.routes.catalogue.FlowCatalogue;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.schema.FlowsSchema;
import org.apache.camel.CamelContext;

/**
 * The flows of a gateway node: the {@code flows} section of its configuration, running on this node's {@code ebms}
 * component. Start it after the gateway, close it before the gateway. While it runs, and a flow uses the JMS broker,
 * the node's readiness has a {@code broker} check and its metrics the gauge {@code dkgw_broker_up}.
 */
public final class GatewayFlows implements AutoCloseable {

    /** The name of the broker's readiness check. */
    public static final String BROKER_CHECK = "broker";

    private final Gateway gateway;
    private final FlowsRuntime runtime;
    private final HikariDataSource ownDataSource;
    private final Gauge brokerUp;

    private GatewayFlows(Gateway gateway, FlowsRuntime runtime, HikariDataSource ownDataSource) {
        this.gateway = gateway;
        this.runtime = runtime;
        this.ownDataSource = ownDataSource;
        this.brokerUp = runtime.brokerProbe()
                .map(probe -> {
                    gateway.addReadinessCheck(BROKER_CHECK, () -> {
                        BrokerProbe.Result r = probe.check();
                        return new Readiness.Check(r.up(), r.detail());
                    });
                    return Gauge.builder("dkgw.broker.up", probe, p -> p.check().up() ? 1 : 0)
                            .description("1 when the flows' JMS broker answers, 0 when it does not")
                            .strongReference(true)
                            .register(gateway.metrics().registry());
                })
                .orElse(null);
    }

    /** Starts the configured flows; relative paths resolve against {@code baseDir}. */
    public static GatewayFlows start(Gateway gateway, FlowsConfig config, Path baseDir) throws Exception {
        return start(gateway, config, baseDir, FlowCatalogue.standard(), Clock.systemDefaultZone());
    }

    public static GatewayFlows start(
            Gateway gateway, FlowsConfig config, Path baseDir, FlowCatalogue catalogue, Clock clock) throws Exception {
        return start(gateway, config, baseDir, catalogue, clock, camel -> {});
    }

    /** With a last say on the Camel context before it starts (event notifiers, tracing). */
    public static GatewayFlows start(
            Gateway gateway,
            FlowsConfig config,
            Path baseDir,
            FlowCatalogue catalogue,
            Clock clock,
            Consumer<CamelContext> beforeStart)
            throws Exception {
        requireGbForLargeFiles(gateway, config);
        HikariDataSource dataSource =
                config.database() == null || config.database().url() == null ? null : dataSource(config.database());
        try {
            if (dataSource != null) {
                FlowsSchema.migrate(dataSource, config);
            }
            FlowsRuntime runtime = FlowsRuntime.start(
                    config, baseDir, new EbmsComponent(gateway), dataSource, catalogue, clock, beforeStart);
            return new GatewayFlows(gateway, runtime, dataSource);
        } catch (Exception | Error e) {
            if (dataSource != null) {
                dataSource.close();
            }
            throw e;
        }
    }

    /** A flow that sends its files through Grote Berichten needs GB on the node; said at start, not at each file. */
    private static void requireGbForLargeFiles(Gateway gateway, FlowsConfig config) {
        if (gateway.config().gb().enabled()) {
            return;
        }
        config.definitions().forEach((flow, fc) -> {
            if (fc.send() != null && fc.send().largeFiles()) {
                throw new IllegalStateException("flows: flow " + flow + " has send.large-files: true, but Grote"
                        + " Berichten is off on this node: set gb.enabled: true (docs/grote-berichten.md)");
            }
        });
    }

    private static HikariDataSource dataSource(FlowsConfig.Database db) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(db.url());
        hc.setUsername(db.user());
        hc.setPassword(db.password());
        hc.setMaximumPoolSize(4);
        hc.setPoolName("dkgw-flows");
        return new HikariDataSource(hc);
    }

    public FlowsRuntime runtime() {
        return runtime;
    }

    /** The database of outbox and delivery tables, or null. */
    public DataSource dataSource() {
        return ownDataSource;
    }

    @Override
    public void close() {
        if (brokerUp != null) {
            gateway.removeReadinessCheck(BROKER_CHECK);
            gateway.metrics().registry().remove(brokerUp);
        }
        runtime.close();
        if (ownDataSource != null) {
            ownDataSource.close();
        }
    }
}
