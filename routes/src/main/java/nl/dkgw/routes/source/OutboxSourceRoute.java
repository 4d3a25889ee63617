package nl.dkgw.routes.source;

import java.time.Duration;
import javax.sql.DataSource;
import nl.dkgw.routes.route.QuietErrors;
import org.apache.camel.builder.RouteBuilder;

/** An outbox table as the source of a flow, polled on a timer by an {@link OutboxPoller}. */
public final class OutboxSourceRoute extends RouteBuilder {

    private final String flow;
    private final OutboxPoller poller;
    private final Duration interval;

    public OutboxSourceRoute(String flow, DataSource dataSource, String table, Duration interval, int batchSize) {
        this.flow = flow;
        this.poller = new OutboxPoller(dataSource, table, flow, batchSize);
        this.interval = interval;
    }

    @Override
    public void configure() {
        errorHandler(QuietErrors.of(this));
        from("timer:flow-" + flow + "-outbox?delay=" + interval.toMillis() + "&period=" + interval.toMillis())
                .routeId("flow-" + flow + "-outbox-source")
                .process(poller);
    }
}
