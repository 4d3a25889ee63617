package nl.dkgw.gateway.store;

/** A business (user) message or an MSH signal (Acknowledgment, MessageError, Pong, StatusResponse, ...). */
public enum MessageKind {
    USER,
    SIGNAL
}
