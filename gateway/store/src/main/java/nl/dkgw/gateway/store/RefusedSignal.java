package nl.dkgw.gateway.store;

import java.time.Instant;

/**
 * A signal this node refused (an Acknowledgment whose signature failed, a MessageError it could not accept, ...),
 * as recorded against the outbound message it concerned.
 *
 * @param signalMessageId the refused signal's own MessageId
 * @param action          Acknowledgment, MessageError, Pong or StatusResponse
 * @param at              when it was refused
 * @param errorCode       the ebMS error code of the refusal (e.g. SecurityFailure)
 * @param description     why, as logged
 */
public record RefusedSignal(String signalMessageId, String action, Instant at, String errorCode, String description) {}
