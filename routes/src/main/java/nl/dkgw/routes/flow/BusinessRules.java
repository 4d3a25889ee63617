package nl.dkgw.routes.flow;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Document;

/** The checks of a flow that a schema cannot express, on a schema-valid payload. */
public interface BusinessRules {

    /** Every rule the payload breaks, in words without field values; empty when it keeps them all. */
    List<String> problems(Document payload, Clock clock);

    /** Why a valid payload must still not be sent (e.g. no consent), or empty. */
    default Optional<String> withheld(Document payload) {
        return Optional.empty();
    }
}
