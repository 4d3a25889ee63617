package nl.dkgw.gateway.store;

/**
 * What {@link Messages#insertWithReply} stored: the received message's key and its Acknowledgment as the signal row
 * the delivery posts (under the message's key), so the node can post it without reading it back.
 */
public record ReceivedWithReply(long messagePk, StoredMessage reply) {}
