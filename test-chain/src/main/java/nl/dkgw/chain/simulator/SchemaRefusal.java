package nl.dkgw.chain.simulator;

import java.time.Instant;

/**
 * A post the foreign-peer simulator refused because it is not schema-valid (answered HTTP 500, as the reference
 * adapter does), with the schema error's text; or because its SOAPAction is not {@code "ebXML"}; or because it is
 * encrypted with an algorithm that adapter cannot decrypt (AES-GCM, RSA-OAEP).
 *
 * @param messageId the post's eb:MessageId as far as it could be read, or null
 * @param action    its eb:Action, or null
 * @param refToMessageId the message it is about (a signal's eb:RefToMessageId), or null
 * @param reason    the schema error
 */
public record SchemaRefusal(Instant at, String messageId, String action, String refToMessageId, String reason) {}
