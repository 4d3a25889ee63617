package nl.dkgw.gateway.store;

import java.time.Instant;

/**
 * The clock that due times of delivery tasks and leases (of tasks and of route claims) are measured on: the one
 * every node of a cluster shares (the database's), or a test's clock that moves by hand.
 */
public interface DatabaseClock {

    Instant now();
}
