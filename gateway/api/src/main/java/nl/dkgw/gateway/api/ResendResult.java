package nl.dkgw.gateway.api;

/** The answer to a resend: queued again, no such message, or the message has not failed. */
public enum ResendResult {
    RESENT,
    NOT_FOUND,
    NOT_FAILED
}
