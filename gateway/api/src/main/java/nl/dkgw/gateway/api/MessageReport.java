package nl.dkgw.gateway.api;

import java.time.Instant;
import java.util.List;

/**
 * Everything about one message: where it stands, every delivery attempt, and the signals about it that this node
 * refused (why a message the peer received may still not count as acknowledged).
 */
public record MessageReport(
        MessageSummary message, List<Attempt> attempts, boolean hasReceipt, List<RefusedSignal> refusedSignals) {

    public MessageReport {
        attempts = List.copyOf(attempts);
        refusedSignals = List.copyOf(refusedSignals);
    }

    /** One post of the message to the peer: by which node, where, how long, with what result. */
    public record Attempt(
            int attemptNo,
            String nodeId,
            Instant startedAt,
            long durationMs,
            String endpoint,
            Integer httpStatus,
            String outcome,
            String detail) {}

    /** A signal about the message this node did not accept, and why. */
    public record RefusedSignal(
            String signalMessageId, String action, Instant at, String errorCode, String description) {}
}
