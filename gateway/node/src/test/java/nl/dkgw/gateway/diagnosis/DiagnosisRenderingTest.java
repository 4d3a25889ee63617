package nl.dkgw.gateway.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Exit codes, the table and the JSON form of a report. */
class DiagnosisRenderingTest {

    private static DiagnosisReport brokenAtHttp() {
        return new DiagnosisReport(
                "cpa-1",
                "https://partner.example/ebms",
                Instant.parse("2026-11-23T01:00:00Z"),
                Duration.ofMillis(1234),
                List.of(
                        LayerResult.pass(Layer.CPA, "CPA cpa-1 found"),
                        LayerResult.warn(Layer.DNS, "resolves", "nothing").withDetails(List.of("a detail")),
                        LayerResult.fail(Layer.HTTP, "the endpoint answered HTTP 404", "ask the partner for the URL"),
                        LayerResult.skipped(Layer.EBMS_PING, "not checked")));
    }

    @Test
    void everyLayerHasItsOwnExitCodeAndZeroMeansNoLayerFailed() {
        Set<Integer> codes = Arrays.stream(Layer.values()).map(Layer::exitCode).collect(Collectors.toSet());
        assertThat(codes).hasSize(Layer.values().length).doesNotContain(0, 1, 2);
        assertThat(brokenAtHttp().exitCode()).isEqualTo(19);
        DiagnosisReport warningsOnly = new DiagnosisReport(
                "c",
                null,
                Instant.now(),
                Duration.ZERO,
                List.of(LayerResult.warn(Layer.EBMS_PING, "Ping not supported by the peer", "test message")));
        assertThat(warningsOnly.exitCode()).isZero();
        assertThat(warningsOnly.linkWorks()).isTrue();
    }

    @Test
    void theTableNamesTheBrokenLayerAndWhatToDo() {
        String table = DiagnosisTable.render(brokenAtHttp());
        assertThat(table)
                .contains("cpa-1 -> https://partner.example/ebms")
                .contains("HTTP answer from the endpoint")
                .contains("FAIL")
                .contains("What to do: ask the partner for the URL")
                .contains("- a detail")
                .contains("BROKEN at layer 9 (HTTP answer from the endpoint); exit code 19");
    }

    @Test
    void jsonRoundTripsAndCarriesTheExitCode() {
        DiagnosisReport report = brokenAtHttp();
        String json = DiagnosisJson.write(report);
        assertThat(json).contains("\"exitCode\" : 19").contains("\"firstFailedLayer\" : \"HTTP\"");
        DiagnosisReport back = DiagnosisJson.read(json);
        assertThat(back).isEqualTo(report);
    }
}
