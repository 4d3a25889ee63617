package nl.dkgw.gateway.camel;

import java.util.Map;
import java.util.Objects;
import nl.dkgw.gateway.api.FailureReports;
import nl.dkgw.gateway.api.GatewayNode;
import nl.dkgw.gateway.api.InboundDelivery;
import nl.dkgw.gateway.api.LargeFiles;
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
    private final LargeFiles largeFiles;

    /** On a running node, through its narrow API only: a {@code Gateway} is a {@link GatewayNode}. */
    public EbmsComponent(GatewayNode node) {
        this(node.messages(), node.inbound(), node.failureReports(), node.largeFiles());
    }

    /**
     * Producers submit through {@code messages}; consumers claim from {@code inbound} or {@code failures}. Without
     * Grote Berichten: the producer option {@code largeFile} is refused and consumers name no files.
     */
    public EbmsComponent(MessageService messages, InboundDelivery inbound, FailureReports failures) {
        this(messages, inbound, failures, null);
    }

    /**
     * As {@link #EbmsComponent(MessageService, InboundDelivery, FailureReports)}, with Grote Berichten: producers with
     * {@code largeFile=true} send the body through {@code largeFiles}, consumers name a received message's files.
     */
    public EbmsComponent(
            MessageService messages, InboundDelivery inbound, FailureReports failures, LargeFiles largeFiles) {
        this.messages = Objects.requireNonNull(messages, "messages");
        this.inbound = Objects.requireNonNull(inbound, "inbound");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.largeFiles = largeFiles;
    }

    /** Grote Berichten of the node, or null when the component was made without. */
    LargeFiles largeFiles() {
        return largeFiles;
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
