package nl.dkgw.chain.simulator;

import java.time.Duration;
import java.util.Locale;

/**
 * How a simulator treats the next user messages posted to it, for negative tests. Ebms MSH signals (Ping, Pong,
 * StatusRequest, StatusResponse, Acknowledgment, MessageError) always pass, so a link that misbehaves on business
 * traffic can still be diagnosed.
 *
 * @param kind  what to do
 * @param times how many user messages to treat so (then behave again); -1: until told otherwise
 * @param delay for {@link Kind#DELAY}: how long to hold each message before handling it
 */
public record Misbehaviour(Kind kind, int times, Duration delay) {

    public enum Kind {
        /** Handle every message normally. */
        NONE,
        /** Answer HTTP 403 with a reason in plain text: the message is not accepted. */
        REFUSE,
        /** Answer HTTP 500 with a SOAP Fault (Client): the message is not accepted. */
        SOAP_FAULT,
        /** Hold the message for {@code delay}, then handle it normally. */
        DELAY,
        /** Answer HTTP 503 Service Unavailable: a sender should retry later. */
        UNAVAILABLE,
        /** Take the message in (stored, delivered) but answer without its synchronous Acknowledgment. */
        DROP_ACKS,
        /** Answer with an ebMS MessageError (DeliveryFailure, severity Error) instead of taking the message in. */
        EBMS_ERROR
    }

    public Misbehaviour {
        kind = kind == null ? Kind.NONE : kind;
        delay = delay == null ? Duration.ZERO : delay;
        if (times == 0 || times < -1) {
            throw new IllegalArgumentException("times must be -1 (until told otherwise) or at least 1, not " + times);
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
    }

    public static Misbehaviour none() {
        return new Misbehaviour(Kind.NONE, -1, Duration.ZERO);
    }

    /** Misbehave so on every user message until told otherwise. */
    public static Misbehaviour always(Kind kind) {
        return new Misbehaviour(kind, -1, Duration.ZERO);
    }

    /** Misbehave so on the next {@code times} user messages. */
    public static Misbehaviour next(Kind kind, int times) {
        return new Misbehaviour(kind, times, Duration.ZERO);
    }

    public static Misbehaviour delay(Duration delay) {
        return new Misbehaviour(Kind.DELAY, -1, delay);
    }

    /** Parses a kind name as the control endpoint takes it: {@code refuse}, {@code soap-fault}, ... */
    public static Kind kindOf(String name) {
        try {
            return Kind.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown misbehaviour '" + name + "'; one of none, refuse, soap-fault, "
                    + "delay, unavailable, drop-acks, ebms-error");
        }
    }

    public String kindName() {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
