package nl.dkgw.testkit;

import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;

/**
 * An ActiveMQ Artemis broker for tests that need an external one: reachable only over TCP on a loopback port (no
 * in-VM acceptor), with authentication on and one user, not persistent. Stop and start it again on the same port to
 * test what happens while a broker is away.
 */
public final class RealArtemis implements AutoCloseable {

    private final EmbeddedActiveMQ server;
    private final int port;

    private RealArtemis(EmbeddedActiveMQ server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a broker named {@code name} on 127.0.0.1:{@code port} that admits only {@code user}/{@code password}. */
    public static RealArtemis start(String name, int port, String user, String password) throws Exception {
        Configuration c = new ConfigurationImpl();
        c.setName(name);
        c.setPersistenceEnabled(false);
        c.setSecurityEnabled(true);
        c.setJMXManagementEnabled(false);
        c.addAcceptorConfiguration(new TransportConfiguration(
                NettyAcceptorFactory.class.getName(), Map.of("host", "127.0.0.1", "port", port), "tcp"));
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(c);
        server.setSecurityManager(new ActiveMQSecurityManager() {
            @Override
            public boolean validateUser(String u, String p) {
                return user.equals(u) && password.equals(p);
            }

            @Override
            public boolean validateUserAndRole(String u, String p, Set<Role> roles, CheckType type) {
                return validateUser(u, p);
            }
        });
        server.start();
        return new RealArtemis(server, port);
    }

    /** The broker's URL, {@code tcp://127.0.0.1:<port>}. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** How many client connections the broker holds now. */
    public int connectionCount() {
        return server.getActiveMQServer().getConnectionCount();
    }

    public void stop() throws Exception {
        server.stop();
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
