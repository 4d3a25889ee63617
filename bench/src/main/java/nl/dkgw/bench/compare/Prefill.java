package nl.dkgw.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Fills the stores of one side's two nodes ({@code bench/compare.sh --a-prefill/--b-prefill N}) with {@code N}
 * completed messages each, as a node holds them during its retention period: per node about 45 % sent business
 * messages (ACKNOWLEDGED, with one delivery attempt each), 45 % received ones (PROCESSED) and 10 % signals (DELIVERED
 * when sent, PROCESSED when received), on the
 * side's CPA, created over the last seven days. The rows are made by the database itself ({@code SYSTEM_RANGE} on H2,
 * {@code generate_series} on PostgreSQL) in slices of {@value #SLICE}, one transaction each, then the statistics are
 * refreshed ({@code ANALYZE}), so the round that follows measures a full store, not an empty one with a backlog of
 * work. Payload rows are not made (a payload's cost is per message, not per stored row; 10 million payloads would
 * also need tens of GB of disk).
 *
 * <p>Run with the side's {@code dkgw.jar} on the class path (its JDBC drivers and Jackson), after {@link
 * CompareChain}, while the nodes are stopped. Arguments: {@code <chain dir> <messages per node>}.
 */
public final class Prefill {

    static final long SLICE = 500_000;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Prefill() {}

    public static void main(String[] args) throws Exception {
        Path chainDir = Path.of(args[0]).toAbsolutePath();
        long count = Long.parseLong(args[1]);
        Properties chain = new Properties();
        try (var r = Files.newBufferedReader(chainDir.resolve("chain.properties"))) {
            chain.load(r);
        }
        String cpaId = chain.getProperty("cpa-id");
        for (String role : new String[] {"sender", "receiver"}) {
            Path config = Path.of(chain.getProperty(role + ".config"));
            long began = System.nanoTime();
            fill(config, cpaId, chain.getProperty(role + ".name"), count);
            System.out.printf(
                    "prefill: %s (%s): %d messages in %d s%n",
                    role, config, count, (System.nanoTime() - began) / 1_000_000_000L);
        }
    }

    private static void fill(Path configFile, String cpaId, String nodeName, long count) throws SQLException {
        JsonNode config;
        try {
            config = YAML.readTree(configFile.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + configFile + ": " + e.getMessage(), e);
        }
        JsonNode database = config.path("database");
        String url = database.path("url").asText(null);
        if (url == null || url.isBlank()) {
            String dataDir = config.path("node").path("data-dir").asText("data");
            url = "jdbc:h2:file:"
                    + configFile.getParent().resolve(dataDir).resolve("dkgw").toAbsolutePath() + ";WRITE_DELAY=0";
        }
        String user = database.path("user").asText("sa");
        String password = database.path("password").asText("");
        boolean postgres = url.startsWith("jdbc:postgresql:");
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(false);
            long first = nextId(c);
            for (long from = 0; from < count; from += SLICE) {
                long to = Math.min(count, from + SLICE);
                insertSlice(c, postgres, cpaId, nodeName, first, from + 1, to);
                c.commit();
            }
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE"); // both databases: the planner must know the tables are large now
            }
        }
    }

    private static long nextId(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM ebms_message")) {
            rs.next();
            return rs.getLong(1) + 1_000_000_000L; // far above what the node will give its own messages meanwhile
        }
    }

    /** Messages {@code from..to} (1-based) of the prefill: ids {@code first + x}. */
    private static void insertSlice(
            Connection c, boolean postgres, String cpaId, String nodeName, long first, long from, long to)
            throws SQLException {
        String series = postgres ? "generate_series(?, ?) AS r(x)" : "SYSTEM_RANGE(?, ?) AS r(x)";
        String created = postgres
                ? "CURRENT_TIMESTAMP - (x % 604800) * INTERVAL '1 second'"
                : "DATEADD(SECOND, -(x % 604800), CURRENT_TIMESTAMP)";
        String envelope = postgres ? "'\\x3c652f3e'::bytea" : "X'3c652f3e'";
        // x % 20: 0..8 sent business messages, 9..17 received ones, 18 and 19 signals (one each way)
        String direction = "CASE WHEN x % 20 < 9 OR x % 20 = 18 THEN 'OUT' ELSE 'IN' END";
        String kind = "CASE WHEN x % 20 >= 18 THEN 'SIGNAL' ELSE 'USER' END";
        String status =
                "CASE WHEN x % 20 < 9 THEN 'ACKNOWLEDGED' WHEN x % 20 = 18 THEN 'DELIVERED'" + " ELSE 'PROCESSED' END";
        String messages = "INSERT INTO ebms_message (id, direction, kind, message_id, cpa_id, conversation_id,"
                + " ref_to_message_id, from_party, to_party, service, action, profile, status, envelope, created_at,"
                + " updated_at) SELECT ? + x, " + direction + ", " + kind + ", CONCAT('prefill-', x, '@bench'), ?,"
                + " CONCAT('prefill-conversation-', x / 4), NULL, 'urn:osb:oin:00000000000000000000',"
                + " 'urn:osb:oin:00000000000000000001', 'urn:bench:prefill', 'Prefill', 'osb-rm', " + status + ", "
                + envelope + ", " + created + ", " + created + " FROM " + series;
        try (PreparedStatement ps = c.prepareStatement(messages)) {
            ps.setLong(1, first);
            ps.setString(2, cpaId);
            ps.setLong(3, from);
            ps.setLong(4, to);
            ps.executeUpdate();
        }
        String attempts = "INSERT INTO delivery_attempt (message_pk, attempt_no, node_id, started_at, duration_ms,"
                + " endpoint, http_status, outcome, detail) SELECT ? + x, 1, ?, " + created
                + ", 12, 'https://127.0.0.1/ebms', 200, 'ACCEPTED', NULL FROM " + series + " WHERE x % 20 < 9";
        try (PreparedStatement ps = c.prepareStatement(attempts)) {
            ps.setLong(1, first);
            ps.setString(2, nodeName);
            ps.setLong(3, from);
            ps.setLong(4, to);
            ps.executeUpdate();
        }
    }
}
