package nl.dkgw.gateway.diagnosis;

import java.util.List;
import java.util.Objects;

/**
 * The verdict on one layer in plain words: what was found and, unless the layer passed, what to do about it.
 *
 * @param details extra lines worth showing (a certificate chain, CPA warnings), may be empty
 */
public record LayerResult(Layer layer, LayerStatus status, String found, String toDo, List<String> details) {

    public LayerResult {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(status, "status");
        found = found == null ? "" : found;
        toDo = toDo == null ? "" : toDo;
        details = details == null ? List.of() : List.copyOf(details);
    }

    public static LayerResult pass(Layer layer, String found) {
        return new LayerResult(layer, LayerStatus.PASS, found, "", List.of());
    }

    public static LayerResult warn(Layer layer, String found, String toDo) {
        return new LayerResult(layer, LayerStatus.WARN, found, toDo, List.of());
    }

    public static LayerResult fail(Layer layer, String found, String toDo) {
        return new LayerResult(layer, LayerStatus.FAIL, found, toDo, List.of());
    }

    public static LayerResult skipped(Layer layer, String why) {
        return new LayerResult(layer, LayerStatus.SKIPPED, why, "", List.of());
    }

    public LayerResult withDetails(List<String> lines) {
        return new LayerResult(layer, status, found, toDo, lines);
    }

    public boolean failed() {
        return status == LayerStatus.FAIL;
    }
}
