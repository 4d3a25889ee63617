package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import nl.dkgw.gateway.store.RefusedSignal;
import nl.dkgw.gateway.store.RefusedSignals;
import nl.dkgw.gateway.store.StoreException;

/** The signals this node refused, each kept with the outbound message it concerned (table refused_signal). */
public final class JdbcRefusedSignals implements RefusedSignals {

    private final DataSource dataSource;

    public JdbcRefusedSignals(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void record(long messagePk, RefusedSignal refusal) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO refused_signal (message_pk, signal_message_id, "
                        + "action, refused_at, error_code, description) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, messagePk);
            ps.setString(2, fit(refusal.signalMessageId(), 256));
            ps.setString(3, fit(refusal.action(), 256));
            ps.setObject(4, Jdbc.odt(refusal.at()));
            ps.setString(5, fit(refusal.errorCode(), 64));
            ps.setString(6, fit(refusal.description(), 4000));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("recording a refused signal about message " + messagePk, e);
        }
    }

    /** The refusals about one message, oldest first. */
    @Override
    public List<RefusedSignal> about(long messagePk) {
        List<RefusedSignal> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT signal_message_id, action, refused_at, error_code, "
                        + "description FROM refused_signal WHERE message_pk = ? ORDER BY id")) {
            ps.setLong(1, messagePk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(Rows.REFUSED_SIGNAL.map(rs));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new StoreException("reading the refused signals about message " + messagePk, e);
        }
    }

    private static String fit(String s, int column) {
        if (s == null) {
            return "";
        }
        return s.length() <= column ? s : s.substring(0, column - 3) + "...";
    }
}
