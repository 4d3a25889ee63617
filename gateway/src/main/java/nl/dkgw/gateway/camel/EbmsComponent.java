package nl.dkgw.gateway.camel;

import java.util.Map;
import java.util.Objects;
import nl.dkgw.gateway.Gateway;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code ebms} Camel component: {@code to("ebms:<cpaId>?service=...&action=...")} submits the exchange as an ebMS
 * message through this gateway node; {@code from("ebms:<cpaId>?service=...&action=...")} consumes the messages the
 * node received. See {@link EbmsEndpoint} for the options.
 */
@org.apache.camel.spi.annotations.Component("ebms")
public final class EbmsComponent extends DefaultComponent {

    private final Gateway gateway;

    public EbmsComponent(Gateway gateway) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    public Gateway gateway() {
        return gateway;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("ebms endpoint " + uri + " names no CPA: use ebms:<cpaId>?service=...");
        }
        EbmsEndpoint endpoint = new EbmsEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
