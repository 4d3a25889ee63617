package nl.dkgw.gateway.api;

/**
 * The peer's answer to an ebMS StatusRequest (its messageStatus: NotRecognized, Received, Processed, UnAuthorized,
 * Forwarded), or why there is none.
 */
public record StatusResult(String messageStatus, String failure) {}
