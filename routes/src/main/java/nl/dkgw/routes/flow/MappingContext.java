package nl.dkgw.routes.flow;

import java.time.Clock;
import java.util.Map;

/**
 * What a mapping may use besides the event: the stable source id, the clock, and the flow's configured properties
 * (for instance the sender OIN of the Lopende Zaken notices).
 */
public record MappingContext(String sourceId, Clock clock, Map<String, String> properties) {
    public MappingContext {
        clock = clock == null ? Clock.systemDefaultZone() : clock;
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public String property(String key) {
        String value = properties.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("flow property '" + key + "' is not configured");
        }
        return value;
    }
}
