package nl.dkgw.gateway.gb.metadata;

import java.util.List;
import java.util.Objects;

/**
 * A push request document ({@code digikoppeling-external-data-references-request}, namespace {@value
 * ExternalDataReferences#PUSH_NAMESPACE}): the files the sender uploaded to the receiver before sending it.
 */
public record PushRequest(List<PushReference> references) {

    public static final String ROOT = "digikoppeling-external-data-references-request";
    /** The profile dkgw writes; the corrected schema also accepts {@code digikoppeling-gb-2.0} (deviation D1). */
    public static final String PROFILE = "digikoppeling-gb-4.0";

    public PushRequest {
        Objects.requireNonNull(references, "references");
        if (references.isEmpty()) {
            throw new IllegalArgumentException("a GB push request names at least one file");
        }
        references = List.copyOf(references);
    }

    public static PushRequest of(PushReference... references) {
        return new PushRequest(List.of(references));
    }
}
