package nl.dkgw.routes.node;

import java.nio.file.Path;
import java.util.Map;
import nl.dkgw.gateway.config.ConfigException;
import nl.dkgw.gateway.config.ConfigSection;
import nl.dkgw.gateway.config.GatewayConfigLoader;
import nl.dkgw.routes.config.FlowsConfig;

/**
 * The {@code flows} section of {@code gateway.yml}, owned by this module: the gateway's loader leaves it out (this
 * class claims it, see META-INF/services), and {@link #read} binds it to {@link FlowsConfig}, whose records hold the
 * defaults and checks. Same file, same rules as the gateway's sections: kebab-case keys, unknown keys refused,
 * {@code DKGW_FLOWS_<KEY>} overrides (e.g. {@code DKGW_FLOWS_BROKER_PASSWORD}).
 */
public final class FlowsSection implements ConfigSection {

    /** The section's top-level key. */
    public static final String NAME = "flows";

    @Override
    public String name() {
        return NAME;
    }

    /** The section as the process environment leaves it; null when the node runs no flows. */
    public static FlowsConfig read(Path file) throws ConfigException {
        return read(file, System.getenv());
    }

    /** The section with the given environment's overrides; null when neither file nor environment sets it. */
    public static FlowsConfig read(Path file, Map<String, String> env) throws ConfigException {
        return new GatewayConfigLoader().loadSection(file, NAME, FlowsConfig.class, env);
    }
}
