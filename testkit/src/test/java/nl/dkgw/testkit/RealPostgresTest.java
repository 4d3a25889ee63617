package nl.dkgw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Slow
class RealPostgresTest {

    @Test
    void theServerIsPostgreSQL() throws SQLException {
        RealPostgres.Database db = RealPostgres.newDatabase();

        assertThat(queryString(db, "select version()")).startsWith("PostgreSQL ");
    }

    /** The installed server is a second server, started from the newest /usr/lib/postgresql/N, not the shared one. */
    @Test
    void theInstalledServerRunsTheNewestInstalledPostgreSQL() throws Exception {
        Path root = Path.of("/usr/lib/postgresql");
        Assumptions.assumeTrue(Files.isDirectory(root), "no PostgreSQL installed under " + root);
        int newest;
        try (var versions = Files.list(root)) {
            newest = versions.map(v -> v.getFileName().toString())
                    .filter(v -> v.matches("\\d+")
                            && Files.isExecutable(root.resolve(v).resolve("bin/postgres")))
                    .mapToInt(Integer::parseInt)
                    .max()
                    .orElse(-1);
        }
        Assumptions.assumeTrue(newest > 0, "no server binaries under " + root);

        RealPostgres.Database installed =
                RealPostgres.newDatabaseOnInstalledServer().orElseThrow();

        assertThat(queryString(installed, "show server_version_num")).startsWith(String.valueOf(newest));
        assertThat(hostAndPort(installed.jdbcUrl()))
                .isNotEqualTo(hostAndPort(RealPostgres.newDatabase().jdbcUrl()));
        assertThat(RealPostgres.newDatabaseOnInstalledServer().orElseThrow().jdbcUrl())
                .as("a fresh database on the same server")
                .isNotEqualTo(installed.jdbcUrl())
                .startsWith("jdbc:postgresql://" + hostAndPort(installed.jdbcUrl()) + "/");
    }

    @Test
    void eachCallerGetsAFreshDatabaseIndependentOfTheOthers() throws SQLException {
        RealPostgres.Database first = RealPostgres.newDatabase();
        RealPostgres.Database second = RealPostgres.newDatabase();

        assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());
        assertThat(first.user()).isNotEqualTo(second.user());
        execute(first, "create table note (id int primary key, text varchar(20))");
        execute(first, "insert into note values (1, 'first only')");

        assertThat(queryString(first, "select text from note where id = 1")).isEqualTo("first only");
        assertThat(queryString(second, "select coalesce(to_regclass('note')::text, 'absent')"))
                .isEqualTo("absent");
        assertThat(queryString(second, "select count(*) from pg_tables where schemaname = 'public'"))
                .isEqualTo("0");
        assertThat(queryString(first, "select current_database()"))
                .isNotEqualTo(queryString(second, "select current_database()"));
        // the owner of one database cannot even connect to the other
        assertThatThrownBy(() -> DriverManager.getConnection(second.jdbcUrl(), first.user(), first.password())
                        .close())
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }

    @Test
    void selectForUpdateSkipLockedSkipsTheRowAnotherTransactionLocked() throws SQLException {
        RealPostgres.Database db = RealPostgres.newDatabase();
        execute(db, "create table job (id int primary key)");
        execute(db, "insert into job values (1), (2)");
        String claim = "select id from job order by id limit 1 for update skip locked";

        try (Connection first = db.dataSource().getConnection();
                Connection second = db.dataSource().getConnection();
                Connection third = db.dataSource().getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            third.setAutoCommit(false);

            assertThat(claimOne(first, claim)).isEqualTo(1);
            assertThat(claimOne(second, claim)).isEqualTo(2);
            assertThat(claimOne(third, claim)).isNull();
            // without SKIP LOCKED, NOWAIT reports the lock (lock_not_available) instead of skipping it
            assertThatThrownBy(() -> claimOne(third, "select id from job where id = 1 for update nowait"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("55P03"));
            third.rollback();

            first.commit();
            assertThat(claimOne(third, claim)).isEqualTo(1);
            third.rollback();
            second.rollback();
        }
    }

    @Test
    void theUserAndPasswordAreTheLoginAndThePasswordIsChecked() throws SQLException {
        RealPostgres.Database db = RealPostgres.newDatabase();

        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_user, current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(db.user());
            assertThat(db.jdbcUrl()).endsWith("/" + rs.getString(2));
        }
        assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.user(), "wrong")
                        .close())
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        assertThat(db.toString()).contains(db.jdbcUrl()).doesNotContain(db.password());
    }

    @Test
    void oneServerPerJvmListeningOnLoopbackOnly() throws SQLException {
        RealPostgres.Database first = RealPostgres.newDatabase();
        RealPostgres.Database second = RealPostgres.newDatabase();

        assertThat(hostAndPort(first.jdbcUrl()))
                .isEqualTo(hostAndPort(second.jdbcUrl()))
                .startsWith("127.0.0.1:");
        assertThat(queryString(first, "select pg_postmaster_start_time()::text"))
                .isEqualTo(queryString(second, "select pg_postmaster_start_time()::text"));
        assertThat(queryString(first, "select host(inet_server_addr())")).isEqualTo("127.0.0.1");
        assertThat(queryString(first, "show listen_addresses")).isEqualTo("127.0.0.1");
    }

    @Test
    void theServerNeverRunsAsRoot() throws Exception {
        RealPostgres.Database db = RealPostgres.newDatabase();
        int serverUid;
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            // read while the connection, and so its backend process, is open
            serverUid = realUid(Path.of("/proc", Long.toString(rs.getLong(1)), "status"));
        }
        Path probe = Files.createTempFile("uid-probe", ".tmp");
        int ourUid = (Integer) Files.getAttribute(probe, "unix:uid");
        Files.delete(probe);

        if (ourUid == 0) {
            assertThat(serverUid).isEqualTo(Integer.parseInt(run("id", "-u", "nobody")));
        } else {
            assertThat(serverUid).isEqualTo(ourUid);
        }
    }

    @Test
    void theShutdownHookStopsTheServerAndDeletesItsFiles(@TempDir Path parent) throws Exception {
        String output = runScenario(parent, "shutdown");
        long postmasterPid = Long.parseLong(line(output, "POSTMASTER "));
        String url = line(output, "URL ");
        String password = line(output, "PASSWORD ");

        Awaitility.await("postmaster " + postmasterPid + " gone")
                .atMost(Duration.ofMinutes(1))
                .until(() -> !ProcessHandle.of(postmasterPid)
                        .map(ProcessHandle::isAlive)
                        .orElse(false));
        assertOnlyTheChildLogIsLeftIn(parent);
        String user = url.substring(url.lastIndexOf('/') + 1);
        assertThatThrownBy(
                        () -> DriverManager.getConnection(url, user, password).close())
                .isInstanceOf(SQLException.class);
    }

    @Test
    void aPortTakenBeforePostgresBindsItIsReplacedByAnother(@TempDir Path parent) throws Exception {
        String output = runScenario(parent, "port-taken");

        assertThat(line(output, "PORTS OFFERED ")).isEqualTo("2");
        assertThat(line(output, "SERVER PORT ")).isNotEqualTo(line(output, "TAKEN "));
        assertOnlyTheChildLogIsLeftIn(parent);
    }

    @Test
    void aFailedStartIsReportedAndNotRetriedAndLeavesNoFiles(@TempDir Path parent) throws Exception {
        String output = runScenario(parent, "start-fails", "-D" + RealPostgres.BIN_DIR_PROPERTY + "=" + parent);

        assertThat(line(output, "ATTEMPT 1 FAILED "))
                .startsWith("IllegalStateException: " + RealPostgres.BIN_DIR_PROPERTY + "=" + parent)
                .contains("does not hold initdb, postgres and pg_ctl");
        assertThat(line(output, "ATTEMPT 2 FAILED "))
                .contains("failed to start earlier in this JVM")
                .contains("cause: java.lang.IllegalStateException: " + RealPostgres.BIN_DIR_PROPERTY);
        assertOnlyTheChildLogIsLeftIn(parent);
    }

    /** Runs {@link PostgresScenarioMain} in a JVM of its own, with its server's files under {@code parent}. */
    private static String runScenario(Path parent, String scenario, String... jvmOptions) throws Exception {
        // the unprivileged server user must be able to reach its directory under this one
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ChildJvm child = ChildJvm.builder(PostgresScenarioMain.class)
                .args(scenario)
                .jvmOptions("-D" + RealPostgres.PARENT_DIR_PROPERTY + "=" + parent)
                .jvmOptions(jvmOptions)
                .logFile(parent.resolve("child.log"))
                .start()) {
            assertThat(child.waitFor(Duration.ofMinutes(3))).as(child.output()).isZero();
            return child.output();
        }
    }

    private static void assertOnlyTheChildLogIsLeftIn(Path parent) throws Exception {
        try (var entries = Files.list(parent)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("child.log");
        }
    }

    private static Integer claimOne(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rs = statement.executeQuery()) {
            return rs.next() ? rs.getInt(1) : null;
        }
    }

    private static void execute(RealPostgres.Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String queryString(RealPostgres.Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static String hostAndPort(String jdbcUrl) {
        Matcher m = Pattern.compile("^jdbc:postgresql://([^/]+)/[^/]+$").matcher(jdbcUrl);
        assertThat(m.matches()).as(jdbcUrl).isTrue();
        return m.group(1);
    }

    private static int realUid(Path procStatus) throws Exception {
        for (String l : Files.readAllLines(procStatus)) {
            if (l.startsWith("Uid:")) {
                return Integer.parseInt(l.split("\\s+")[1]);
            }
        }
        throw new AssertionError("no Uid line in " + procStatus);
    }

    private static String line(String output, String prefix) {
        return output.lines()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with " + prefix + " in:\n" + output));
    }

    private static String run(String... command) throws Exception {
        Process p =
                new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
