package nl.dkgw.gateway.store;

/** Whether this gateway sent or received a message. */
public enum Direction {
    OUT,
    IN
}
