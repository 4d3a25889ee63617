package nl.dkgw.gateway.gb.metadata;

import java.util.List;
import java.util.Objects;

/**
 * A whole metadata document ({@code digikoppeling-external-data-references}): one or more files (MD001), under the
 * profile {@value #PROFILE}.
 */
public record ExternalDataReferences(List<DataReference> references) {

    public static final String NAMESPACE = "http://www.logius.nl/digikoppeling/gb/2010/10";
    /** The namespace of the push principle's request and response documents ({@link PushRequest}). */
    public static final String PUSH_NAMESPACE = "http://www.logius.nl/digikoppeling/gb/2020/09";

    public static final String ROOT = "digikoppeling-external-data-references";
    public static final String PROFILE = "digikoppeling-gb-1.0";

    public ExternalDataReferences {
        Objects.requireNonNull(references, "references");
        if (references.isEmpty()) {
            throw new IllegalArgumentException("GB metadata names at least one file");
        }
        references = List.copyOf(references);
    }

    public static ExternalDataReferences of(DataReference... references) {
        return new ExternalDataReferences(List.of(references));
    }
}
