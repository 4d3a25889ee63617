package nl.dkgw.gateway.diagnosis;

import java.time.Duration;
import java.util.Optional;
import nl.dkgw.gateway.ebms.EbmsMessage;

/**
 * How one ebMS Ping ended.
 *
 * @param pingId          the MessageId of our Ping
 * @param httpStatus      the HTTP status of the post, null when the post itself failed
 * @param reply           the ebMS signal that answered the Ping (synchronously or asynchronously), if any
 * @param asynchronous    the reply arrived on its own HTTP exchange at our endpoint
 * @param waitedForAsync  we could (and did) wait for an asynchronous answer at our own endpoint
 * @param failure         why the post failed (transport or HTTP error), null when it did not
 */
record PingAnswer(
        String pingId,
        Integer httpStatus,
        Optional<EbmsMessage> reply,
        boolean asynchronous,
        boolean waitedForAsync,
        String failure,
        Duration roundTrip) {}
