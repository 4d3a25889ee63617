package nl.dkgw.gateway.store;

import java.util.List;
import nl.dkgw.gateway.ebms.Payload;

/** The payload parts of messages, in the order they were given; stored with their message ({@link Messages}). */
public interface Payloads {

    /**
     * The parts of one message with their content, in order; empty once a purge removed them. Small parts come with
     * their bytes; a large part's content is read from the store each time it is opened, also after the transaction
     * that listed it, and the stream holds a database connection until it is closed: close it as soon as it is read.
     * A part purged in between fails to open with an IOException.
     */
    List<Payload> of(long messagePk);
}
