package nl.dkgw.gateway.store;

import java.util.List;

/** The record of every post of an outbound message to its peer: one entry per attempt. */
public interface DeliveryAttempts {

    /** Records an attempt without touching the task (which an acknowledgment may already have closed). */
    void record(long messagePk, DeliveryAttempt attempt);

    /** The attempts of one message, in the order they were made. */
    List<DeliveryAttempt> of(long messagePk);
}
