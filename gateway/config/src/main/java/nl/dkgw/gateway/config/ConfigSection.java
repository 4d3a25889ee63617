package nl.dkgw.gateway.config;

import java.util.LinkedHashSet;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * A top-level section of {@code gateway.yml} that another module reads and checks itself, such as the routes
 * module's {@code flows}. The gateway's {@link GatewayConfigLoader} leaves a claimed section out instead of refusing it
 * as an unknown key; a section nobody on the class path claims is still refused. A module claims a section by naming
 * an implementation in {@code META-INF/services/nl.dkgw.gateway.config.ConfigSection}.
 */
public interface ConfigSection {

    /** The section's top-level key, e.g. {@code flows}. */
    String name();

    /** The names claimed by the implementations on the class path. */
    static Set<String> claimedOnClassPath() {
        Set<String> names = new LinkedHashSet<>();
        for (ConfigSection section : ServiceLoader.load(ConfigSection.class)) {
            names.add(section.name());
        }
        return names;
    }
}
