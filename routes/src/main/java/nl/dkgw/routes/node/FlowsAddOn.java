package nl.dkgw.routes.node;

import java.nio.file.Path;
import nl.dkgw.gateway.cli.NodeAddOn;
import nl.dkgw.gateway.config.ConfigException;
import nl.dkgw.routes.config.FlowsConfig;

/** {@code dkgw serve}'s flows: the {@code flows} section of the node's file, started on the node when present. */
public final class FlowsAddOn implements NodeAddOn {

    @Override
    public Starter prepare(Path configFile, Path baseDir) throws ConfigException {
        FlowsConfig config = FlowsSection.read(configFile);
        if (config == null) {
            return null;
        }
        return node -> {
            GatewayFlows flows = GatewayFlows.start(node, config, baseDir);
            String summary = "flows " + config.definitions().keySet();
            return new Running() {
                @Override
                public String summary() {
                    return summary;
                }

                @Override
                public void close() {
                    flows.close();
                }
            };
        };
    }
}
