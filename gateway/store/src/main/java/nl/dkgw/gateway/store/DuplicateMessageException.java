package nl.dkgw.gateway.store;

/** Thrown when the (direction, CPA, MessageId) already exists: the basis of duplicate elimination. */
public final class DuplicateMessageException extends Exception {
    public DuplicateMessageException(String messageId) {
        super("message " + messageId + " was stored before");
    }
}
