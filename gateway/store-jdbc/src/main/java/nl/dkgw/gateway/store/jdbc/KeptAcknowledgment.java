package nl.dkgw.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.MessageToPost;
import nl.dkgw.gateway.store.NewMessage;
import nl.dkgw.gateway.store.StoredMessage;

/**
 * The asynchronous Acknowledgment of a received message, kept in the received message's row (columns
 * {@code ack_message_id}, {@code ack_status}, {@code ack_envelope}; migration V14) with its delivery task keyed by that
 * row: one wide row per received message instead of two. Everything else an Acknowledgment's header says follows from
 * the message it answers (the parties and roles swapped, the MSH service, RefToMessageId the message's own), so a
 * delivery, the console and the admin API see it as the outbound signal row it used to be, under the received
 * message's key. A task whose message row is inbound is therefore always the delivery of that row's Acknowledgment.
 */
final class KeptAcknowledgment {

    /** The ebXML MSH's own service, which every signal names. */
    static final String MSH_SERVICE = "urn:oasis:names:tc:ebxml-msg:service";

    static final String ACTION = "Acknowledgment";

    private KeptAcknowledgment() {}

    /** Refuses a reply that is not an outbound Acknowledgment of {@code received}: only such a one is kept this way. */
    static void check(NewMessage received, NewMessage reply) {
        if (received.direction() != Direction.IN
                || reply.direction() != Direction.OUT
                || reply.kind() != MessageKind.SIGNAL
                || !ACTION.equals(reply.action())
                || !MSH_SERVICE.equals(reply.service())
                || !received.messageId().equals(reply.refToMessageId())
                || !received.cpaId().equals(reply.cpaId())) {
            throw new IllegalArgumentException("only the Acknowledgment of a received message is kept with it, not "
                    + reply.action() + " " + reply.messageId() + " about " + reply.refToMessageId());
        }
    }

    /** The Acknowledgment of {@code received} as the signal row it would have had, under the received message's key. */
    static StoredMessage of(StoredMessage received, String ackMessageId, MessageStatus status) {
        return new StoredMessage(
                received.pk(),
                Direction.OUT,
                MessageKind.SIGNAL,
                ackMessageId,
                received.cpaId(),
                received.conversationId(),
                received.messageId(),
                received.toParty(),
                received.toRole(),
                received.fromParty(),
                received.fromRole(),
                MSH_SERVICE,
                ACTION,
                null,
                status,
                null,
                received.createdAt(),
                received.updatedAt(),
                null);
    }

    /**
     * What the delivery of received message {@code received}'s Acknowledgment posts: the Acknowledgment and, while it
     * is PENDING, its envelope. A row without one (never written so) is handed back as it is, not PENDING, so the
     * delivery drops its task.
     */
    static MessageToPost toPost(Connection c, StoredMessage received) throws SQLException {
        List<MessageToPost> found = Jdbc.query(
                c,
                "SELECT ack_message_id, ack_status, "
                        + "CASE WHEN ack_status = 'PENDING' THEN ack_envelope END AS envelope "
                        + "FROM ebms_message WHERE id = ?",
                rs -> {
                    String ackMessageId = rs.getString("ack_message_id");
                    if (ackMessageId == null) {
                        return new MessageToPost(received, null, List.of());
                    }
                    return new MessageToPost(
                            of(received, ackMessageId, MessageStatus.valueOf(rs.getString("ack_status"))),
                            rs.getBytes("envelope"),
                            List.of());
                },
                received.pk());
        return found.isEmpty() ? new MessageToPost(received, null, List.of()) : found.get(0);
    }

    /** The Acknowledgment kept with the received message of the CPA with that MessageId, if there is one. */
    static List<StoredMessage> about(Connection c, String cpaId, String messageId) throws SQLException {
        return Jdbc.query(
                c,
                "SELECT " + Rows.MESSAGE_COLUMNS + ", ack_message_id, ack_status FROM ebms_message "
                        + "WHERE message_id = ? AND direction = 'IN' AND cpa_id = ? AND ack_message_id IS NOT NULL",
                rs -> of(
                        Rows.MESSAGE.map(rs),
                        rs.getString("ack_message_id"),
                        MessageStatus.valueOf(rs.getString("ack_status"))),
                messageId,
                cpaId);
    }
}
