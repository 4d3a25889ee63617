package nl.dkgw.gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.dkgw.gateway.ebms.Payload;

/**
 * The operator's read-only view of the stored messages: search, a message's signals and payloads, traffic per hour.
 * The admin API and console use it; nothing here changes a message.
 */
public interface MessageSearch {

    /** The most messages one search returns, whatever the filter asks for. */
    int MAX_LIMIT = 500;

    /** Messages matching the filter, newest first, at most {@code filter.limit()} (capped at {@link #MAX_LIMIT}). */
    List<MessageSummary> search(MessageFilter filter);

    /** The signals (Acknowledgment, MessageError, StatusResponse) on the CPA that refer to a message, oldest first. */
    List<MessageSummary> signalsAbout(String cpaId, String messageId);

    /** The payload parts of the message with key {@code pk}, without content, in order. */
    List<PayloadSummary> payloads(long pk);

    /** One payload part with its content, by position. */
    Optional<Payload> payload(long pk, int index);

    /** Business messages created since {@code since}, counted per CPA, hour (UTC), direction and status. */
    List<HourlyTraffic> trafficByHour(Instant since);
}
