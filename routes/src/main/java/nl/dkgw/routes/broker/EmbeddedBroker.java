package nl.dkgw.routes.broker;

import jakarta.jms.ConnectionFactory;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * ActiveMQ Artemis inside this JVM, reachable in-VM only (no network port), persistent in its data directory so queued
 * events survive a restart. Each instance has its own in-VM id, so several can run in one JVM (as in tests with two
 * gateway nodes).
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final AtomicInteger NEXT_ID = new AtomicInteger(100);

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private final int id = NEXT_ID.getAndIncrement();

    private EmbeddedBroker() {}

    public static EmbeddedBroker start(Path dataDir) throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker();
        broker.server.setConfiguration(broker.configuration(dataDir.toAbsolutePath()));
        broker.server.start();
        return broker;
    }

    private Configuration configuration(Path dir) {
        Configuration c = new ConfigurationImpl();
        c.setName("dkgw-flows-" + id);
        c.setSecurityEnabled(false);
        c.setPersistenceEnabled(true);
        c.setJournalType(JournalType.NIO);
        c.setJournalDirectory(dir.resolve("journal").toString());
        c.setBindingsDirectory(dir.resolve("bindings").toString());
        c.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        c.setPagingDirectory(dir.resolve("paging").toString());
        c.setNodeManagerLockDirectory(dir.resolve("lock").toString());
        c.setMaxDiskUsage(-1);
        c.setJMXManagementEnabled(false);
        c.addAcceptorConfiguration(
                new TransportConfiguration(InVMAcceptorFactory.class.getName(), java.util.Map.of("serverId", id)));
        // a message the routes keep failing on goes to DLQ after 10 tries, a second apart
        c.addAddressSetting(
                "#",
                new AddressSettings()
                        .setMaxDeliveryAttempts(10)
                        .setRedeliveryDelay(1000)
                        .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of("DLQ"))
                        .setAutoCreateDeadLetterResources(true));
        return c;
    }

    /** A connection factory for this broker's in-VM acceptor. */
    public ConnectionFactory connectionFactory() {
        return new ActiveMQConnectionFactory(url());
    }

    /** The URL of this broker's in-VM acceptor. */
    public String url() {
        return "vm://" + id;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
