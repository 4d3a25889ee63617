package nl.dkgw.routes.source;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/**
 * A stand-in for the gateway's ebms component: records what is submitted, or refuses while {@link #down} (as a store
 * outage, retryable) or {@link #refusing} is set; its
 * consumers hand the routes what a test feeds them.
 */
final class StubEbms extends DefaultComponent {

    final AtomicBoolean down = new AtomicBoolean();
    /**
     * When set, every submission fails naming this remedy in {@code DkgwSubmissionRemedy} as the gateway's producer
     * does ({@code CHANGE_SUBMISSION}, {@code FIX_NODE}); an empty string fails it without naming one.
     */
    final java.util.concurrent.atomic.AtomicReference<String> refusing =
            new java.util.concurrent.atomic.AtomicReference<>();

    final List<String> messageIds = new CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
    /** Every submission, accepted or not, counted by its {@code DkgwMessageId}. */
    final Map<String, java.util.concurrent.atomic.AtomicInteger> attempts =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** How often a message with this id was submitted. */
    int attemptsOf(String messageId) {
        java.util.concurrent.atomic.AtomicInteger n = attempts.get(messageId);
        return n == null ? 0 : n.get();
    }

    /** The consumers the routes started, by endpoint URI: a test hands them exchanges with {@link #feed}. */
    final Map<String, DefaultConsumer> consumers = new java.util.concurrent.ConcurrentHashMap<>();

    /** Hands an exchange to the route of the consumer whose URI contains {@code uriPart}, as the gateway would. */
    Exchange feed(String uriPart, Object body, Map<String, Object> headers) throws Exception {
        DefaultConsumer consumer = consumers.entrySet().stream()
                .filter(e -> e.getKey().contains(uriPart))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no consumer on " + uriPart + ": " + consumers.keySet()));
        Exchange exchange = consumer.getEndpoint().createExchange();
        exchange.getMessage().setBody(body);
        exchange.getMessage().setHeaders(new java.util.HashMap<>(headers));
        consumer.getProcessor().process(exchange);
        return exchange;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        parameters.clear();
        return new DefaultEndpoint(uri, this) {
            @Override
            public Producer createProducer() {
                return new DefaultProducer(this) {
                    @Override
                    public void process(Exchange exchange) {
                        attempts.computeIfAbsent(
                                        String.valueOf(exchange.getMessage().getHeader("DkgwMessageId")),
                                        k -> new java.util.concurrent.atomic.AtomicInteger())
                                .incrementAndGet();
                        if (down.get()) {
                            refusals.incrementAndGet();
                            exchange.setProperty("DkgwSubmissionFailure", "STORE_UNAVAILABLE");
                            exchange.setProperty("DkgwSubmissionRemedy", "TRY_AGAIN");
                            throw new IllegalStateException("gateway store unavailable");
                        }
                        String remedy = refusing.get();
                        if (remedy != null) {
                            if (!remedy.isEmpty()) {
                                exchange.setProperty("DkgwSubmissionRemedy", remedy);
                                exchange.setProperty("DkgwSubmissionFailure", "SOME_REASON");
                            }
                            throw new IllegalStateException("refused by the stub");
                        }
                        String id = exchange.getMessage().getHeader("DkgwMessageId", String.class);
                        if (!messageIds.contains(id)) {
                            messageIds.add(id);
                        }
                    }
                };
            }

            @Override
            public Consumer createConsumer(Processor processor) {
                DefaultConsumer consumer = new DefaultConsumer(this, processor);
                consumers.put(uri, consumer);
                return consumer;
            }
        };
    }
}
