package nl.dkgw.gateway.store;

import java.util.List;
import java.util.Optional;

/**
 * The messages this node sent and received: storing one with its payloads (and, outbound, its delivery task) as one
 * unit of work, looking messages up, their envelope and receipt, and the application's "processed".
 */
public interface Messages {

    /** Stores a message, its payloads and, when {@code task} is given, its delivery task, all or nothing. */
    long insert(NewMessage message, DeliveryTask task) throws DuplicateMessageException;

    /**
     * As {@link #insert(NewMessage, DeliveryTask)}, with the files a received message announces (Grote Berichten) in
     * the same unit of work: from the moment the message exists, it is held back until they arrived
     * ({@link FileTransfers}).
     */
    long insert(NewMessage message, DeliveryTask task, List<NewFileTransfer> files) throws DuplicateMessageException;

    /**
     * Stores a received message (with the files it announces, as {@link #insert(NewMessage, DeliveryTask, List)}) and
     * the Acknowledgment that answers it asynchronously with that one's delivery task, all or nothing: the answer
     * exists exactly when the message does. A duplicate stores neither. The Acknowledgment is kept with the message,
     * under its key: its delivery task is the message's, {@link #toPost} of that key gives the Acknowledgment, and
     * {@link MessageQueries#signalsAbout} lists it; it has no row of its own. Any other reply is refused
     * ({@link IllegalArgumentException}).
     */
    ReceivedWithReply insertWithReply(
            NewMessage message, List<NewFileTransfer> files, NewMessage reply, DeliveryTask replyTask)
            throws DuplicateMessageException;

    /**
     * As {@link #insert(NewMessage, DeliveryTask)}, returning the row as stored (its key and timestamps), so that the
     * caller need not read it back.
     */
    StoredMessage insertReturning(NewMessage message, DeliveryTask task) throws DuplicateMessageException;

    Optional<StoredMessage> find(Direction direction, String cpaId, String messageId);

    /** Looks a message up by MessageId alone (MessageIds are globally unique); outbound first. */
    Optional<StoredMessage> findByMessageId(String messageId);

    Optional<StoredMessage> findByPk(long pk);

    /**
     * An outbound message as the delivery posts it, in one read: its row, and its envelope and payloads only while it
     * is PENDING (a message that ended needs no post). Empty: no such message.
     */
    Optional<MessageToPost> toPost(long pk);

    /** A signal this gateway received in reply to {@code refToMessageId} (a Pong, StatusResponse or MessageError). */
    Optional<StoredMessage> findSignalReply(String cpaId, String refToMessageId);

    /** Received business messages, oldest first, optionally of one CPA and in one status. */
    List<StoredMessage> listReceived(String cpaId, MessageStatus status, int limit);

    /** Received business messages, oldest first, narrowed to a CPA, service and action and status. */
    List<StoredMessage> listReceived(RouteFilter filter, MessageStatus status, int limit);

    /** Messages of a direction, kind and status (each null for any), oldest first. */
    List<StoredMessage> list(Direction direction, MessageKind kind, MessageStatus status, int limit);

    long count(Direction direction, MessageKind kind, MessageStatus status);

    /** Marks a received message processed by the application; false when it was not in RECEIVED. */
    boolean markProcessed(long pk);

    /** Sets a status whatever the message's status was (an operator's or a test's correction); false: no such row. */
    boolean setStatus(long pk, MessageStatus status, String detail);

    /** The SOAP envelope as stored (for an outbound message: as posted); empty once purged, null: no such message. */
    byte[] envelope(long pk);

    /** The signed receipt that acknowledged an outbound message, or null. */
    byte[] receipt(long pk);

    /** Whether an outbound message was acknowledged with a receipt kept; asks without reading the receipt. */
    boolean hasReceipt(long pk);
}
