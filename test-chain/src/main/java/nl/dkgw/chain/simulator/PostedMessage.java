package nl.dkgw.chain.simulator;

import java.time.Instant;

/**
 * One HTTP post to a simulator's ebMS endpoint as its inbound layer saw it: the ebMS header fields read from the
 * SOAP part, the size, and what the layer did with it ({@code handled}, or the misbehaviour applied).
 */
public record PostedMessage(
        Instant at,
        String messageId,
        String cpaId,
        String action,
        String conversationId,
        String refToMessageId,
        int bytes,
        String handling) {

    /** Whether this was an ebMS MSH signal (Ping, Acknowledgment, ...) rather than a business message. */
    public boolean signal() {
        return action != null
                && switch (action) {
                    case "Ping", "Pong", "StatusRequest", "StatusResponse", "Acknowledgment", "MessageError" -> true;
                    default -> false;
                };
    }
}
