package nl.dkgw.bench;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.camel.EbmsComponent;
import nl.dkgw.gateway.camel.EbmsConstants;
import nl.dkgw.routes.broker.EmbeddedBroker;
import nl.dkgw.routes.route.MessageIdOf;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The benchmark's Camel path: an embedded Artemis broker, a transacted JMS consumer route into the {@code ebms}
 * component of the sending node, as a flow's JMS source does (the JMS transaction commits only after the ebMS message
 * is stored; the MessageId comes from the JMS message id, so a redelivery is not sent twice). Submitting means
 * sending a JMS message to the queue; each submitter thread has its own JMS session.
 */
final class CamelRoute implements LoadBenchmark.Submitter, AutoCloseable {

    private static final String QUEUE = "bench.in";

    private final EmbeddedBroker broker;
    private final CamelContext camel;
    private final Connection connection;
    private final ThreadLocal<Sender> senders;
    private final List<Sender> all = new ArrayList<>();

    private record Sender(Session session, MessageProducer producer) {}

    private CamelRoute(EmbeddedBroker broker, CamelContext camel, Connection connection) {
        this.broker = broker;
        this.camel = camel;
        this.connection = connection;
        this.senders = ThreadLocal.withInitial(this::newSender);
    }

    static CamelRoute start(Gateway sender, String cpaId, String service, String action, Path brokerDir, int consumers)
            throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(brokerDir);
        ConnectionFactory cf = broker.connectionFactory();
        CamelContext camel = new DefaultCamelContext();
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(cf);
        camel.addComponent("jms", jms);
        camel.addComponent("ebms", new EbmsComponent(sender));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:" + QUEUE + "?transacted=true&concurrentConsumers=" + consumers)
                        .routeId("bench-jms-to-ebms")
                        .process(e -> e.getMessage()
                                .setHeader(
                                        EbmsConstants.MESSAGE_ID,
                                        MessageIdOf.event(
                                                "bench",
                                                "jms-" + e.getMessage().getHeader("JMSMessageID", String.class))))
                        .to("ebms:" + cpaId + "?service=" + service + "&action=" + action);
            }
        });
        camel.start();
        Connection connection = cf.createConnection();
        connection.start();
        return new CamelRoute(broker, camel, connection);
    }

    private Sender newSender() {
        try {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Sender s = new Sender(session, session.createProducer(session.createQueue(QUEUE)));
            synchronized (all) {
                all.add(s);
            }
            return s;
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException("cannot open a JMS session on the benchmark broker", e);
        }
    }

    @Override
    public void submit(long n, byte[] payload) throws Exception {
        Sender s = senders.get();
        var message = s.session().createBytesMessage();
        message.writeBytes(payload);
        s.producer().send(message);
    }

    @Override
    public void close() throws Exception {
        synchronized (all) {
            for (Sender s : all) {
                s.session().close();
            }
        }
        connection.close();
        camel.close();
        broker.close();
    }
}
