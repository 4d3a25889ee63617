package nl.dkgw.gateway.store.jdbc;

import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.ebms.PayloadContent;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.PayloadInfo;
import nl.dkgw.gateway.store.RefusedSignal;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.gateway.store.TrafficCount;

/**
 * One {@link RowMapper} per record the store hands out, each reading its columns by name, so a SELECT may list its
 * columns in any order (or add others) without shifting a value into the wrong field.
 */
final class Rows {

    static final String MESSAGE_COLUMNS = "id, direction, kind, message_id, cpa_id, conversation_id, "
            + "ref_to_message_id, from_party, from_role, to_party, to_role, service, action, profile, status, "
            + "status_detail, created_at, updated_at, source_id";

    static final RowMapper<StoredMessage> MESSAGE = rs -> new StoredMessage(
            rs.getLong("id"),
            Direction.valueOf(rs.getString("direction")),
            MessageKind.valueOf(rs.getString("kind")),
            rs.getString("message_id"),
            rs.getString("cpa_id"),
            rs.getString("conversation_id"),
            rs.getString("ref_to_message_id"),
            rs.getString("from_party"),
            rs.getString("from_role"),
            rs.getString("to_party"),
            rs.getString("to_role"),
            rs.getString("service"),
            rs.getString("action"),
            rs.getString("profile"),
            MessageStatus.valueOf(rs.getString("status")),
            rs.getString("status_detail"),
            Jdbc.instant(rs, "created_at"),
            Jdbc.instant(rs, "updated_at"),
            rs.getString("source_id"));

    static final String TASK_COLUMNS =
            "message_pk, endpoint, next_attempt_at, attempts, max_attempts, " + "retry_interval_ms, deadline, reliable";

    static final RowMapper<DeliveryTask> TASK = rs -> new DeliveryTask(
            rs.getLong("message_pk"),
            rs.getString("endpoint"),
            Jdbc.instant(rs, "next_attempt_at"),
            rs.getInt("attempts"),
            rs.getInt("max_attempts"),
            Duration.ofMillis(rs.getLong("retry_interval_ms")),
            Jdbc.instant(rs, "deadline"),
            rs.getBoolean("reliable"));

    static final RowMapper<DeliveryAttempt> ATTEMPT = rs -> new DeliveryAttempt(
            rs.getInt("attempt_no"),
            rs.getString("node_id"),
            Jdbc.instant(rs, "started_at"),
            rs.getLong("duration_ms"),
            rs.getString("endpoint"),
            rs.getObject("http_status", Integer.class),
            rs.getString("outcome"),
            rs.getString("detail"));

    /**
     * A payload part from {@code message_pk}, {@code seq}, {@code content_id}, {@code content_type}, {@code size_bytes}
     * and {@code small_data}: the bytes of a small part, read with the row; null for a part whose bytes are opened
     * from the store on {@code dataSource} when they are read ({@link StoredPart}), at most as many at once as {@code
     * limit} allows.
     */
    static RowMapper<Payload> payload(DataSource dataSource, PartStreamLimit limit) {
        return rs -> {
            byte[] small = rs.getBytes("small_data");
            PayloadContent content = small != null
                    ? PayloadContent.of(small)
                    : new StoredPart(
                            dataSource, limit, rs.getLong("message_pk"), rs.getInt("seq"), rs.getLong("size_bytes"));
            return new Payload(rs.getString("content_id"), rs.getString("content_type"), content);
        };
    }

    /** Expects the size as {@code size_bytes}, the column. */
    static final RowMapper<PayloadInfo> PAYLOAD_INFO = rs -> new PayloadInfo(
            rs.getInt("seq"), rs.getString("content_id"), rs.getString("content_type"), rs.getLong("size_bytes"));

    static final RowMapper<RefusedSignal> REFUSED_SIGNAL = rs -> new RefusedSignal(
            rs.getString("signal_message_id"),
            rs.getString("action"),
            Jdbc.instant(rs, "refused_at"),
            rs.getString("error_code"),
            rs.getString("description"));

    /** Expects the hour since the epoch as {@code hour_number} and the count as {@code message_count}. */
    static final RowMapper<TrafficCount> TRAFFIC = rs -> new TrafficCount(
            rs.getString("cpa_id"),
            Instant.ofEpochSecond(rs.getLong("hour_number") * 3600),
            Direction.valueOf(rs.getString("direction")),
            MessageStatus.valueOf(rs.getString("status")),
            rs.getLong("message_count"));

    private Rows() {}
}
