package nl.dkgw.testkit;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Started by {@link RealPostgresTest} in a child JVM, which gets a server of its own. Scenarios (first argument):
 * <ul>
 *   <li>{@code shutdown}: starts the server, prints the postmaster's pid and the database URL, then exits
 *       normally, so that the shutdown hook has to stop the server;</li>
 *   <li>{@code port-taken}: the first port offered to the server is held by this JVM, so postgres cannot bind
 *       it and the start must be retried on another;</li>
 *   <li>{@code start-fails}: asks twice for a database while the server cannot start.</li>
 * </ul>
 */
public final class PostgresScenarioMain {

    private PostgresScenarioMain() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "shutdown" -> shutdown();
            case "port-taken" -> portTaken();
            case "start-fails" -> startFails();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    private static void shutdown() throws Exception {
        RealPostgres.Database db = RealPostgres.newDatabase();
        long postmasterPid;
        String version;
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pg_backend_pid(), version()")) {
            rs.next();
            version = rs.getString(2);
            // read while the connection, and so its backend process, is open.
            // /proc/<pid>/stat: "pid (comm) state ppid ..."; the backend's parent is the postmaster
            String stat = Files.readString(Path.of("/proc", Long.toString(rs.getLong(1)), "stat"));
            postmasterPid =
                    Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        }
        System.out.println("VERSION " + version);
        System.out.println("POSTMASTER " + postmasterPid);
        System.out.println("URL " + db.jdbcUrl());
        System.out.println("PASSWORD " + db.password());
    }

    private static void portTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(FreePort.loopback(), 0));
            AtomicInteger offered = new AtomicInteger();
            RealPostgres.portSource = () -> offered.getAndIncrement() == 0 ? taken.getLocalPort() : FreePort.find();
            RealPostgres.Database db = RealPostgres.newDatabase();
            try (Connection c = db.dataSource().getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select inet_server_port()")) {
                rs.next();
                System.out.println("TAKEN " + taken.getLocalPort());
                System.out.println("SERVER PORT " + rs.getInt(1));
                System.out.println("PORTS OFFERED " + offered.get());
            }
        }
    }

    private static void startFails() {
        for (int i = 1; i <= 2; i++) {
            try {
                RealPostgres.newDatabase();
                System.out.println("ATTEMPT " + i + " STARTED");
            } catch (RuntimeException e) {
                System.out.println("ATTEMPT " + i + " FAILED " + e.getClass().getSimpleName() + ": "
                        + e.getMessage().lines().findFirst().orElse("") + " / cause: " + e.getCause());
            }
        }
    }
}
