package nl.dkgw.chain.simulator;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.dkgw.routes.FlowsRuntime;
import nl.dkgw.routes.flow.FlowHeaders;

/**
 * The receiving system behind a CIMS or MijnOverheid simulator: listens on the queues its node's inbound flows
 * deliver to (schema-valid payloads) and on the flows' inbound dead-letter queues (payloads that failed the XSD),
 * and records each.
 */
final class FlowRecorder implements AutoCloseable {

    private final List<FlowDelivery> deliveries = new CopyOnWriteArrayList<>();
    private final List<JMSContext> contexts = new ArrayList<>();

    FlowRecorder(FlowsRuntime flows, List<SimulatorKind.FlowAction> actions) {
        for (SimulatorKind.FlowAction a : actions) {
            listen(flows, a.flow(), a.queue(), true);
            listen(flows, a.flow(), "dkgw.flows." + a.flow() + ".received.dead-letter", false);
        }
    }

    private void listen(FlowsRuntime flows, String flow, String queue, boolean accepted) {
        JMSContext context = flows.connectionFactory().createContext();
        contexts.add(context);
        context.createConsumer(context.createQueue(queue)).setMessageListener(m -> record(flow, m, accepted));
    }

    private void record(String flow, Message m, boolean accepted) {
        try {
            deliveries.add(new FlowDelivery(
                    Instant.now(),
                    flow,
                    m.getStringProperty(FlowHeaders.MESSAGE_ID),
                    accepted,
                    accepted ? null : m.getStringProperty(FlowHeaders.REJECT_REASON),
                    size(m)));
        } catch (Exception e) {
            deliveries.add(new FlowDelivery(Instant.now(), flow, null, false, "unreadable: " + e.getMessage(), 0));
        }
    }

    private static int size(Message m) throws Exception {
        if (m instanceof TextMessage t) {
            return t.getText() == null ? 0 : t.getText().getBytes(StandardCharsets.UTF_8).length;
        }
        if (m instanceof BytesMessage b) {
            return (int) b.getBodyLength();
        }
        return 0;
    }

    List<FlowDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    void clear() {
        deliveries.clear();
    }

    @Override
    public void close() {
        contexts.forEach(JMSContext::close);
    }
}
