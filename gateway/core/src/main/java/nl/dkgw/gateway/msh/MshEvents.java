package nl.dkgw.gateway.msh;

import java.time.Duration;

/** What the message service handler tells observers (metrics) about its work. No payloads, no personal data. */
public interface MshEvents {

    MshEvents NONE = new MshEvents() {};

    default void submitted(String cpaId, String action) {}

    default void received(String cpaId, String action) {}

    default void rejected(String errorCode) {}

    /** One post of a message ended with {@code outcome} (ACCEPTED, ACKNOWLEDGED, ERROR, RETRYABLE, REFUSED). */
    default void attempt(String cpaId, String outcome, Duration took) {}

    default void delivered(String cpaId, String action) {}

    default void acknowledged(String cpaId) {}

    default void failed(String cpaId, String action) {}

    /**
     * A delivery worker took a message {@code via} {@value #HAND_OFF} (given to it straight after the message was
     * stored, or after waiting in line while every worker was busy) or {@value #POLL} (claimed by the poller).
     */
    default void deliveryStarted(String via) {}

    String HAND_OFF = "hand-off";
    String POLL = "poll";
}
