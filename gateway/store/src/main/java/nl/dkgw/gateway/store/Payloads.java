package nl.dkgw.gateway.store;

import java.util.List;
import nl.dkgw.gateway.ebms.Payload;

/** The payload parts of messages, in the order they were given; stored with their message ({@link Messages}). */
public interface Payloads {

    /** The parts of one message with their content, in order; empty once a purge removed them. */
    List<Payload> of(long messagePk);
}
