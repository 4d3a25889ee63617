package nl.dkgw.gateway.store;

import java.util.List;
import nl.dkgw.gateway.ebms.Payload;

/** A message to insert: the row values, the envelope and the payloads. */
public record NewMessage(
        Direction direction,
        MessageKind kind,
        String messageId,
        String cpaId,
        String conversationId,
        String refToMessageId,
        String fromParty,
        String fromRole,
        String toParty,
        String toRole,
        String service,
        String action,
        String profile,
        MessageStatus status,
        String statusDetail,
        byte[] envelope,
        List<Payload> payloads,
        String sourceId) {

    public NewMessage(
            Direction direction,
            MessageKind kind,
            String messageId,
            String cpaId,
            String conversationId,
            String refToMessageId,
            String fromParty,
            String fromRole,
            String toParty,
            String toRole,
            String service,
            String action,
            String profile,
            MessageStatus status,
            String statusDetail,
            byte[] envelope,
            List<Payload> payloads) {
        this(
                direction,
                kind,
                messageId,
                cpaId,
                conversationId,
                refToMessageId,
                fromParty,
                fromRole,
                toParty,
                toRole,
                service,
                action,
                profile,
                status,
                statusDetail,
                envelope,
                payloads,
                null);
    }
}
