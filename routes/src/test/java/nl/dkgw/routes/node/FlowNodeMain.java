package nl.dkgw.routes.node;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.config.GatewayConfigLoader;
import nl.dkgw.routes.catalogue.FlowCatalogue;
import nl.dkgw.routes.config.FlowsConfig;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * One gateway node with its flows in a JVM of its own, for crash tests:
 * {@code FlowNodeMain <gateway.yml> <base dir> <flows.yml> <crash|run>}. With {@code crash} the process halts (as on
 * SIGKILL: no shutdown hooks, no commits) right after the first ebMS message was stored, before the source commits.
 */
public final class FlowNodeMain {

    private FlowNodeMain() {}

    /** Halts the JVM right after an ebms producer stored a message. */
    private static final class HaltAfterStore extends EventNotifierSupport {
        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeSentEvent sent
                    && sent.getEndpoint().getEndpointUri().startsWith("ebms:")
                    && sent.getExchange().getException() == null) {
                System.out.println("CRASHING after storing "
                        + sent.getExchange().getMessage().getHeader("DkgwMessageId"));
                System.out.flush();
                Runtime.getRuntime().halt(137);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path gatewayYml = Path.of(args[0]);
        Path baseDir = Path.of(args[1]);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .registerModule(new JavaTimeModule())
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        FlowsConfig flowsConfig = yaml.readValue(Files.readString(Path.of(args[2])), FlowsConfig.class);
        boolean crash = "crash".equals(args[3]);
        Gateway gateway = Gateway.start(new GatewayConfigLoader().load(gatewayYml), baseDir);
        GatewayFlows flows = GatewayFlows.start(
                gateway, flowsConfig, baseDir, FlowCatalogue.standard(), Clock.systemDefaultZone(), camel -> {
                    if (crash) {
                        camel.getManagementStrategy().addEventNotifier(new HaltAfterStore());
                    }
                });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            flows.close();
            gateway.close();
            stopped.countDown();
        }));
        System.out.println("FLOW NODE READY");
        System.out.flush();
        stopped.await();
    }
}
