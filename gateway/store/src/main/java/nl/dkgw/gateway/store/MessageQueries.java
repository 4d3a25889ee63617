package nl.dkgw.gateway.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.dkgw.gateway.ebms.Payload;

/** The read side for operators: message search, a message's payload list and signals, traffic per hour. */
public interface MessageQueries {

    int MAX_LIMIT = 500;

    /** Messages matching the query, newest first, at most {@code limit} (capped at {@value #MAX_LIMIT}). */
    List<StoredMessage> search(MessageQuery q);

    /** The payload parts of a message, without their content. */
    List<PayloadInfo> payloadInfo(long pk);

    /**
     * One payload part with its content, by position. The content of a large part is read from the store when it is
     * opened; the stream holds a database connection until it is closed, so close it as soon as it is read.
     */
    Optional<Payload> payload(long pk, int index);

    /** The signals (Acknowledgment, MessageError, StatusResponse) of the CPA that refer to a message, oldest first. */
    List<StoredMessage> signalsAbout(String cpaId, String messageId);

    /**
     * Business messages created since {@code since}, counted per CPA, hour (in UTC), direction and status, ordered by
     * CPA, hour, direction and status.
     */
    List<TrafficCount> trafficByHour(Instant since);
}
