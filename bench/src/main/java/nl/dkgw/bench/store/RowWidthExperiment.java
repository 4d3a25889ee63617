package nl.dkgw.bench.store;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What the width of the message row costs H2 at commit: the gateway keeps each message's envelope (and, once
 * acknowledged, the Acknowledgment's) inline in {@code ebms_message}, so a status change rewrites a page of few, wide
 * rows. This runs the hot path's writes for one sent message (insert, claim, sent, acknowledged with the receipt, and
 * the Acknowledgment signal's own row), {@value #BATCH} messages per commit as the group commit makes them, on the
 * table as it is ("wide") and on the same table without the two envelope columns, which go to a table of their own
 * keyed by the message ("narrow"), alternating, each run on a fresh file database with the gateway's settings and
 * indexes. Prints the writing thread's CPU time per message. The envelope and receipt sizes default to unsigned ones;
 * {@code -Denvelope.bytes=9000 -Dreceipt.bytes=9000} (before the source file) gives signed ones.
 *
 * <pre>
 * java -cp ~/.m2/repository/com/h2database/h2/2.4.240/h2-2.4.240.jar \
 *     bench/src/main/java/nl/dkgw/bench/store/RowWidthExperiment.java [messages] [runs] [messages per commit]
 * </pre>
 *
 * <p>With {@code --variants}, the same writes on the wide table in shapes named on the command line, the first one the
 * baseline of the ratios: each {@code name[|settings[|indexes]]}, where settings are appended to the H2 URL (e.g.
 * {@code ;PAGE_SIZE=16384}), indexes (comma-separated) are dropped after the schema is made and then the statements
 * (separated by semicolons, e.g. an index made instead) run; a name starting with
 * {@code random} uses random MessageIds instead of time-ordered ones (the gateway's are version 7 UUIDs, in time
 * order, as are its ConversationIds).
 *
 * <pre>
 * java -cp ~/.m2/repository/com/h2database/h2/2.4.240/h2-2.4.240.jar \
 *     bench/src/main/java/nl/dkgw/bench/store/RowWidthExperiment.java --variants messages runs per-commit \
 *     base 'no-conversation||ix_ebms_message_conversation' 'pages-16k|;PAGE_SIZE=16384'
 * </pre>
 */
public final class RowWidthExperiment {

    /** Messages per commit, unless the third argument says otherwise. */
    static final int BATCH = 8;

    /** An unsigned envelope's size; a signed one's is about 9,000 ({@code -Denvelope.bytes=9000}). */
    private static final int ENVELOPE_BYTES = Integer.getInteger("envelope.bytes", 1800);

    private static final int RECEIPT_BYTES = Integer.getInteger("receipt.bytes", 1500);
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private RowWidthExperiment() {}

    /** How one run keeps its rows: the envelope in the row or not, extra URL settings, dropped indexes, id order. */
    private record Shape(
            String name, boolean wide, String settings, List<String> dropped, List<String> added, boolean randomIds) {

        static final Shape WIDE = new Shape("wide", true, "", List.of(), List.of(), true);
        static final Shape NARROW = new Shape("narrow", false, "", List.of(), List.of(), true);

        /** {@code name[|settings[|index,index[|statement;statement]]]} as given to {@code --variants}. */
        static Shape parse(String spec) {
            String[] p = (spec + "|||").split("\\|", -1);
            List<String> dropped = p[2].isBlank() ? List.of() : List.of(p[2].split(","));
            List<String> added = p[3].isBlank() ? List.of() : List.of(p[3].split(";"));
            return new Shape(p[0], true, p[1], dropped, added, p[0].startsWith("random"));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--variants")) {
            variants(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : BATCH;
        System.out.printf("%d messages per run, %d per commit%n", messages, batch);
        run(Shape.WIDE, messages / 4, batch); // warm the JIT on both shapes before measuring
        run(Shape.NARROW, messages / 4, batch);
        List<double[]> results = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            boolean wideFirst = r % 2 == 0;
            double first = run(wideFirst ? Shape.WIDE : Shape.NARROW, messages, batch);
            double second = run(wideFirst ? Shape.NARROW : Shape.WIDE, messages, batch);
            double wide = wideFirst ? first : second;
            double narrow = wideFirst ? second : first;
            results.add(new double[] {wide, narrow, narrow / wide});
            System.out.printf(
                    "run %d: wide %.1f us/msg, narrow %.1f us/msg, narrow/wide %.2f%n",
                    r + 1, wide, narrow, narrow / wide);
        }
        double[] ratios = results.stream().mapToDouble(x -> x[2]).sorted().toArray();
        System.out.printf(
                "narrow/wide, median of %d runs: %.2f (%.2f-%.2f)%n",
                runs, ratios[ratios.length / 2], ratios[0], ratios[ratios.length - 1]);
    }

    /**
     * {@code messages runs per-commit shape...}: every shape once unmeasured, then each run measures them all, in turn
     * forward and backward; prints each shape's CPU per message and its ratio to the first shape's in the same run.
     */
    private static void variants(String[] args) throws Exception {
        int messages = Integer.parseInt(args[0]);
        int runs = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        List<Shape> shapes =
                Arrays.stream(args, 3, args.length).map(Shape::parse).toList();
        System.out.printf("%d messages per run, %d per commit, %d runs%n", messages, batch, runs);
        for (Shape shape : shapes) {
            run(shape, messages / 4, batch);
        }
        double[][] us = new double[shapes.size()][runs];
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < shapes.size(); i++) {
                int v = r % 2 == 0 ? i : shapes.size() - 1 - i;
                us[v][r] = run(shapes.get(v), messages, batch);
            }
        }
        for (int v = 0; v < shapes.size(); v++) {
            double[] ratios = new double[runs];
            StringBuilder each = new StringBuilder();
            for (int r = 0; r < runs; r++) {
                ratios[r] = us[v][r] / us[0][r];
                each.append(r == 0 ? "" : ", ").append(Math.round(us[v][r]));
            }
            Arrays.sort(ratios);
            System.out.printf(
                    "%-24s us/msg %s; to %s: median %.2f (%.2f-%.2f)%n",
                    shapes.get(v).name(), each, shapes.get(0).name(), ratios[runs / 2], ratios[0], ratios[runs - 1]);
        }
    }

    /** One run on a fresh database; returns the writing thread's CPU microseconds per message. */
    private static double run(Shape shape, int messages, int batch) throws Exception {
        Path dir = Files.createTempDirectory("dkgw-rowwidth");
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";WRITE_DELAY=0;QUERY_CACHE_SIZE=32"
                + shape.settings();
        boolean wide = shape.wide();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.setAutoCommit(false);
            schema(c, wide);
            try (Statement s = c.createStatement()) {
                for (String index : shape.dropped()) {
                    s.execute("DROP INDEX " + index.trim());
                }
                for (String statement : shape.added()) {
                    s.execute(statement);
                }
            }
            c.commit();
            byte[] envelope = new byte[ENVELOPE_BYTES];
            byte[] receipt = new byte[RECEIPT_BYTES];
            Arrays.fill(envelope, (byte) '<');
            Arrays.fill(receipt, (byte) '>');
            long start = CPU.getCurrentThreadCpuTime();
            for (int first = 0; first < messages; first += batch) {
                int n = Math.min(batch, messages - first);
                long[] ids = new long[n];
                String[] messageIds = new String[n];
                for (int i = 0; i < n; i++) { // submitted: the message and its delivery task
                    messageIds[i] = messageId(shape);
                    ids[i] = insert(c, wide, "OUT", "USER", messageIds[i], null, "PENDING", envelope);
                }
                c.commit();
                for (long id : ids) { // claimed for delivery
                    status(c, id, "SENDING");
                }
                c.commit();
                for (int i = 0; i < n; i++) { // the Acknowledgment arrives: its own row, and the message closed
                    insert(c, wide, "IN", "SIGNAL", messageId(shape), messageIds[i], "RECEIVED", receipt);
                    acknowledged(c, wide, ids[i], receipt);
                }
                c.commit();
            }
            long cpu = CPU.getCurrentThreadCpuTime() - start;
            return cpu / 1000.0 / messages;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long idClock = System.currentTimeMillis() << 12;

    /**
     * A MessageId: random, or in time order as the gateway's version 7 UUIDs are (48 bits of milliseconds, here a
     * counter that advances by one per id, then random bits).
     */
    private static String messageId(Shape shape) {
        String random = UUID.randomUUID().toString();
        if (shape.randomIds()) {
            return random + "@bench";
        }
        long t = idClock++;
        return String.format("%012x-7%03x-%s@bench", t >>> 12, t & 0xfff, random.substring(19));
    }

    private static void schema(Connection c, boolean wide) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ebms_message (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                    + " direction VARCHAR(3) NOT NULL, kind VARCHAR(8) NOT NULL, message_id VARCHAR(256) NOT NULL,"
                    + " cpa_id VARCHAR(256) NOT NULL, conversation_id VARCHAR(256) NOT NULL,"
                    + " ref_to_message_id VARCHAR(256), from_party VARCHAR(256) NOT NULL, from_role VARCHAR(256),"
                    + " to_party VARCHAR(256) NOT NULL, to_role VARCHAR(256), service VARCHAR(512) NOT NULL,"
                    + " action VARCHAR(256) NOT NULL, profile VARCHAR(16), status VARCHAR(32) NOT NULL,"
                    + " status_detail VARCHAR(4000),"
                    + (wide ? " envelope BINARY VARYING NOT NULL, receipt BINARY VARYING," : "")
                    + " created_at TIMESTAMP WITH TIME ZONE NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " source_id VARCHAR(256), claimed_by VARCHAR(128), claimed_until TIMESTAMP WITH TIME ZONE,"
                    + " failure_reported_at TIMESTAMP WITH TIME ZONE,"
                    + " CONSTRAINT uq_ebms_message UNIQUE (message_id, direction, cpa_id))");
            s.execute("CREATE INDEX ix_ebms_message_ref ON ebms_message (ref_to_message_id)");
            s.execute("CREATE INDEX ix_ebms_message_route ON ebms_message (direction, kind, status, cpa_id, action)");
            s.execute("CREATE INDEX ix_ebms_message_created ON ebms_message (created_at)");
            s.execute("CREATE INDEX ix_ebms_message_cpa ON ebms_message (cpa_id, id)");
            s.execute("CREATE INDEX ix_ebms_message_conversation ON ebms_message (conversation_id)");
            if (!wide) {
                s.execute("CREATE TABLE ebms_wire (message_pk BIGINT PRIMARY KEY, envelope BINARY VARYING NOT NULL,"
                        + " receipt BINARY VARYING)");
            }
        }
    }

    private static long insert(
            Connection c,
            boolean wide,
            String direction,
            String kind,
            String messageId,
            String ref,
            String status,
            byte[] envelope)
            throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ebms_message (direction, kind, message_id, cpa_id, conversation_id, ref_to_message_id,"
                        + " from_party, from_role, to_party, to_role, service, action, profile, status,"
                        + (wide ? " envelope," : "") + " created_at, updated_at) VALUES (?, ?, ?,"
                        + " 'dkgw:demo-osb-rm:1_0_00000099000000002000_00000099000000001000_1', ?, ?,"
                        + " 'urn:osb:oin:00000099000000001000', 'Aanleverer', 'urn:osb:oin:00000099000000002000',"
                        + " 'Ontvanger', 'dkgw:demo-osb-rm:1.0', 'SendTestResult', 'osb-rm', ?,"
                        + (wide ? " ?," : "") + " ?, ?)",
                new String[] {"id"})) {
            int i = 1;
            ps.setString(i++, direction);
            ps.setString(i++, kind);
            ps.setString(i++, messageId);
            ps.setString(i++, messageId);
            ps.setString(i++, ref);
            ps.setString(i++, status);
            if (wide) {
                ps.setBytes(i++, envelope);
            }
            OffsetDateTime now = OffsetDateTime.now();
            ps.setObject(i++, now);
            ps.setObject(i, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        if (!wide) {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO ebms_wire (message_pk, envelope) VALUES (?, ?)")) {
                ps.setLong(1, id);
                ps.setBytes(2, envelope);
                ps.executeUpdate();
            }
        }
        return id;
    }

    private static void status(Connection c, long id, String status) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE ebms_message SET status = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setObject(2, OffsetDateTime.now());
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    private static void acknowledged(Connection c, boolean wide, long id, byte[] receipt) throws SQLException {
        if (wide) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE ebms_message SET status = 'ACKNOWLEDGED', receipt = ?, updated_at = ? WHERE id = ?")) {
                ps.setBytes(1, receipt);
                ps.setObject(2, OffsetDateTime.now());
                ps.setLong(3, id);
                ps.executeUpdate();
            }
            return;
        }
        status(c, id, "ACKNOWLEDGED");
        try (PreparedStatement ps = c.prepareStatement("UPDATE ebms_wire SET receipt = ? WHERE message_pk = ?")) {
            ps.setBytes(1, receipt);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }
}
