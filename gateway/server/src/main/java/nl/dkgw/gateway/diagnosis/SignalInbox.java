package nl.dkgw.gateway.diagnosis;

import java.time.Duration;
import java.util.Optional;
import nl.dkgw.gateway.ebms.EbmsMessage;

/** Where signals the partner sends asynchronously to our endpoint arrive: only a running node has one. */
interface SignalInbox {

    /** The signal on CPA {@code cpaId} that answers {@code refToMessageId}, waiting at most {@code timeout}. */
    Optional<EbmsMessage> await(String cpaId, String refToMessageId, Duration timeout);
}
