package nl.dkgw.routes.source;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import nl.dkgw.routes.flow.FlowHeaders;
import nl.dkgw.routes.flow.FlowRejectedException;
import nl.dkgw.routes.route.FlowEndpoints;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over an outbox table: in one database transaction it locks up to a batch of NEW rows of the flow
 * ({@code FOR UPDATE SKIP LOCKED}, so several gateway nodes share the work), hands each to the flow, and marks it
 * SENT only once the ebMS message is stored, or REJECTED with the reason: the flow's rejection, or the gateway's
 * when it refuses the row for good (a {@link SubmissionRefusal}, reason {@code REFUSED: <failure>: <words>}), so that
 * such a row is tried once and does not hold up the rows behind it. A row the gateway could not store now (store
 * down, or a failure that names no remedy) stays NEW, and so do the rows after it in this pass. The row id is the
 * event's source id, hence its ebMS MessageId: a crash between storing the message and committing the mark makes the
 * next pass submit the row again, and the gateway answers with the message it already stored. Nothing is sent twice,
 * nothing dropped.
 */
public final class OutboxPoller implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxPoller.class);

    private final DataSource dataSource;
    private final String table;
    private final String flow;
    private final int batchSize;
    private volatile ProducerTemplate template;

    public OutboxPoller(DataSource dataSource, String table, String flow, int batchSize) {
        this.dataSource = dataSource;
        this.table = table;
        this.flow = flow;
        this.batchSize = batchSize;
    }

    @Override
    public void process(Exchange tick) throws SQLException {
        if (template == null) {
            template = tick.getContext().createProducerTemplate();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                passOver(c, template);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void passOver(Connection c, ProducerTemplate template) throws SQLException {
        for (Row row : lockNewRows(c)) {
            Exchange result = template.send(FlowEndpoints.entry(flow), e -> {
                e.getMessage().setBody(row.payload().getBytes(StandardCharsets.UTF_8));
                e.getMessage().setHeader(FlowHeaders.SOURCE_ID, "outbox-" + table + "-" + row.id());
            });
            if (result.getException() != null && SubmissionRefusal.forGood(result)) {
                String reason = SubmissionRefusal.reason(result);
                SubmissionRefusal.log(flow, result, reason);
                mark(c, row.id(), "REJECTED", null, SubmissionRefusal.KIND + ": " + reason);
                continue;
            }
            if (result.getException() != null) {
                // keep the marks made so far; this row and the rest stay NEW for the next pass
                LOG.atWarn()
                        .addKeyValue("event", "flow.outbox.retry")
                        .addKeyValue("flow", flow)
                        .addKeyValue("row", row.id())
                        .addKeyValue("error", result.getException().getMessage())
                        .log("outbox row not stored as an ebMS message yet; it stays NEW");
                return;
            }
            FlowRejectedException rejection =
                    result.getProperty(FlowHeaders.REJECTION_PROPERTY, FlowRejectedException.class);
            if (rejection != null) {
                mark(c, row.id(), "REJECTED", null, rejection.kind() + ": " + rejection.reasonText());
            } else {
                mark(c, row.id(), "SENT", result.getMessage().getHeader(FlowHeaders.MESSAGE_ID, String.class), null);
            }
        }
    }

    private List<Row> lockNewRows(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, payload FROM " + table
                + " WHERE flow = ? AND status = 'NEW' ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            ps.setString(1, flow);
            ps.setInt(2, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2)));
                }
            }
        }
        return rows;
    }

    private void mark(Connection c, long id, String status, String messageId, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + table + " SET status = ?, message_id = ?, reason = ?, handled_at = now() WHERE id = ?")) {
            ps.setString(1, status);
            ps.setString(2, messageId);
            ps.setString(3, reason);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    private record Row(long id, String payload) {}
}
