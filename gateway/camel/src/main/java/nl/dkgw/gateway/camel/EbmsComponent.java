package nl.dkgw.gateway.camel;

import java.util.Map;
import java.util.Objects;
import nl.dkgw.gateway.api.FailureReports;
import nl.dkgw.gateway.api.GatewayNode;
import nl.dkgw.gateway.api.InboundDelivery;
import nl.dkgw.gateway.api.MessageService;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code ebms} Camel component: {@code to("ebms:<cpaId>?service=...&action=...")} submits the exchange as an ebMS
 * message through this gateway node; {@code from("ebms:<cpaId>?service=...&action=...")} consumes the messages the
 * node received. See {@link EbmsEndpoint} for the options.
 */
@Component("ebms")
public final class EbmsComponent extends DefaultComponent {

    private final MessageService messages;
    private final InboundDelivery inbound;
    private final FailureReports failures;

    /** On a running node, through its narrow API only: a {@code Gateway} is a {@link GatewayNode}. */
    public EbmsComponent(GatewayNode node) {
        this(node.messages(), node.inbound(), node.failureReports());
    }

    /** Producers submit through {@code messages}; consumers claim from {@code inbound} or {@code failures}. */
    public EbmsComponent(MessageService messages, InboundDelivery inbound, FailureReports failures) {
        this.messages = Objects.requireNonNull(messages, "messages");
        this.inbound = Objects.requireNonNull(inbound, "inbound");
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    MessageService messages() {
        return messages;
    }

    InboundDelivery inbound() {
        return inbound;
    }

    FailureReports failures() {
        return failures;
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
