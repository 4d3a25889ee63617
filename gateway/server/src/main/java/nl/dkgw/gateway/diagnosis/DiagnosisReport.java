package nl.dkgw.gateway.diagnosis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a link diagnosis: one result per layer, bottom-up, and which layer failed first.
 *
 * @param cpaId    the CPA whose link was checked
 * @param endpoint the partner endpoint that was checked (null when the CPA layer failed before finding it)
 */
public record DiagnosisReport(
        String cpaId, String endpoint, Instant startedAt, Duration took, List<LayerResult> layers) {

    /** Exit code when no layer failed (warnings allowed). */
    public static final int EXIT_OK = 0;

    public DiagnosisReport {
        layers = List.copyOf(layers);
    }

    /** The lowest layer that failed; empty when the link works. */
    public Optional<LayerResult> firstFailure() {
        return layers.stream().filter(LayerResult::failed).findFirst();
    }

    /** True when no layer failed (some may have warned or been skipped because they were not asked for). */
    public boolean linkWorks() {
        return firstFailure().isEmpty();
    }

    /** 0 when no layer failed, otherwise the exit code of the first failing layer ({@link Layer#exitCode()}). */
    public int exitCode() {
        return firstFailure().map(r -> r.layer().exitCode()).orElse(EXIT_OK);
    }

    public Optional<LayerResult> result(Layer layer) {
        return layers.stream().filter(r -> r.layer() == layer).findFirst();
    }

    public LayerStatus status(Layer layer) {
        return result(layer).map(LayerResult::status).orElse(LayerStatus.SKIPPED);
    }
}
