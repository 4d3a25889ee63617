package nl.dkgw.gateway.store;

/**
 * What {@link Messages#insertWithReply} stored: the received message's key and the answering signal as a row, so the
 * node can post that signal without reading it back.
 */
public record ReceivedWithReply(long messagePk, StoredMessage reply) {}
