package nl.dkgw.gateway.msh;

/** How one HTTP post of a message ended, typed the way delivery decides on it. */
public sealed interface SendOutcome {

    /** The peer answered 2xx; the body may carry a synchronous signal. */
    record Accepted(int status, String contentType, byte[] body) implements SendOutcome {}

    /** A transport error or an answer that may succeed later (HTTP 503, other 5xx, timeouts, refused connections). */
    record Retryable(Integer status, String reason) implements SendOutcome {}

    /** The peer refused the message in a way that will not change (3xx, 4xx); the body may hold a MessageError. */
    record Refused(int status, String contentType, byte[] body, String reason) implements SendOutcome {}
}
