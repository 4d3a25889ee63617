package nl.dkgw.routes.delivery;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import nl.dkgw.routes.flow.FlowHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Delivers a received payload as a row of a PostgreSQL table keyed by the ebMS MessageId, so a delivery repeated
 * after a crash (before the gateway marked the message processed) adds no second row.
 */
public final class InboundTable implements Processor {

    private final DataSource dataSource;
    private final String table;
    private final String flow;

    public InboundTable(DataSource dataSource, String table, String flow) {
        this.dataSource = dataSource;
        this.table = table;
        this.flow = flow;
    }

    /** PostgreSQL DDL of a delivery table of that name. */
    public static String ddl(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " ("
                + " message_id VARCHAR(255) PRIMARY KEY,"
                + " flow VARCHAR(64) NOT NULL,"
                + " conversation_id VARCHAR(255),"
                + " payload TEXT NOT NULL,"
                + " delivered_at TIMESTAMPTZ NOT NULL DEFAULT now())";
    }

    @Override
    public void process(Exchange exchange) throws SQLException {
        String messageId = exchange.getMessage().getHeader(FlowHeaders.MESSAGE_ID, String.class);
        if (messageId == null) {
            throw new IllegalStateException("a received message without " + FlowHeaders.MESSAGE_ID + " header");
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                        + " (message_id, flow, conversation_id, payload) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (message_id) DO NOTHING")) {
            ps.setString(1, messageId);
            ps.setString(2, flow);
            ps.setString(3, exchange.getMessage().getHeader(FlowHeaders.CONVERSATION_ID, String.class));
            ps.setString(4, new String(exchange.getMessage().getBody(byte[].class), StandardCharsets.UTF_8));
            ps.executeUpdate();
        }
    }
}
