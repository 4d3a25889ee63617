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
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/** A stand-in for the gateway's ebms component: records what is submitted, or refuses while {@link #down} is set. */
final class StubEbms extends DefaultComponent {

    final AtomicBoolean down = new AtomicBoolean();
    final List<String> messageIds = new CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        parameters.clear();
        return new DefaultEndpoint(uri, this) {
            @Override
            public Producer createProducer() {
                return new DefaultProducer(this) {
                    @Override
                    public void process(Exchange exchange) {
                        if (down.get()) {
                            refusals.incrementAndGet();
                            throw new IllegalStateException("gateway store unavailable");
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
                throw new UnsupportedOperationException("the stub only sends");
            }
        };
    }
}
