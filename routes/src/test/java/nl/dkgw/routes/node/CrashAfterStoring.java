package nl.dkgw.routes.node;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import nl.dkgw.gateway.camel.EbmsComponent;
import nl.dkgw.routes.flow.FlowHeaders;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * An {@code ebms} component for tests that stores the message through the real component and then, while
 * {@link #crashes} is positive, fails as if the process died right after the store and before the source committed
 * (the JMS transaction, the outbox row's mark). While {@link #refusals} is positive it refuses a submission before
 * storing it, as the gateway does when its store is down (remedy {@code TRY_AGAIN}: the source keeps the event).
 */
final class CrashAfterStoring extends DefaultComponent {

    final AtomicInteger crashes = new AtomicInteger();
    final AtomicInteger refusals = new AtomicInteger();
    private final EbmsComponent real;

    CrashAfterStoring(EbmsComponent real) {
        this.real = real;
    }

    @Override
    protected void doInit() throws Exception {
        real.setCamelContext(getCamelContext());
        super.doInit();
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        Endpoint inner = real.createEndpoint(uri);
        parameters.clear();
        return new DefaultEndpoint(uri, this) {
            @Override
            public Producer createProducer() throws Exception {
                Producer producer = inner.createProducer();
                return new DefaultProducer(this) {
                    @Override
                    public void process(Exchange exchange) throws Exception {
                        if (refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            exchange.setProperty(FlowHeaders.SUBMISSION_REMEDY, FlowHeaders.TRY_AGAIN);
                            throw new IllegalStateException("simulated store outage: try again");
                        }
                        producer.process(exchange);
                        if (crashes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            throw new IllegalStateException("simulated crash after the ebMS message was stored");
                        }
                    }

                    @Override
                    protected void doStart() throws Exception {
                        ServiceHelper.startService(producer);
                    }

                    @Override
                    protected void doStop() throws Exception {
                        ServiceHelper.stopService(producer);
                    }
                };
            }

            @Override
            public Consumer createConsumer(Processor processor) throws Exception {
                return inner.createConsumer(processor);
            }
        };
    }
}
