package nl.dkgw.gateway.diagnosis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A report as JSON (for {@code --json}, the admin API and consoles), and back (so the CLI can render a report the
 * admin API produced as a table and exit with its code). The shape is documented in docs/diagnosis.md.
 */
public final class DiagnosisJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DiagnosisJson() {}

    public static ObjectNode toTree(DiagnosisReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("cpaId", report.cpaId());
        root.put("endpoint", report.endpoint());
        root.put("startedAt", report.startedAt().toString());
        root.put("tookMillis", report.took().toMillis());
        root.put("linkWorks", report.linkWorks());
        root.put("exitCode", report.exitCode());
        root.put(
                "firstFailedLayer",
                report.firstFailure().map(f -> f.layer().name()).orElse(null));
        ArrayNode layers = root.putArray("layers");
        for (LayerResult r : report.layers()) {
            ObjectNode layer = layers.addObject();
            layer.put("number", r.layer().number());
            layer.put("layer", r.layer().name());
            layer.put("title", r.layer().title());
            layer.put("status", r.status().name());
            layer.put("found", r.found());
            layer.put("toDo", r.toDo());
            ArrayNode details = layer.putArray("details");
            r.details().forEach(details::add);
        }
        return root;
    }

    public static String write(DiagnosisReport report) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toTree(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the diagnosis as JSON: " + e.getMessage(), e);
        }
    }

    /** Reads what {@link #write} or {@link #toTree} produced. */
    public static DiagnosisReport read(JsonNode root) {
        List<LayerResult> layers = new ArrayList<>();
        for (JsonNode l : root.path("layers")) {
            List<String> details = new ArrayList<>();
            l.path("details").forEach(d -> details.add(d.asText()));
            layers.add(new LayerResult(
                    Layer.valueOf(l.path("layer").asText()),
                    LayerStatus.valueOf(l.path("status").asText()),
                    l.path("found").asText(""),
                    l.path("toDo").asText(""),
                    details));
        }
        JsonNode endpoint = root.path("endpoint");
        return new DiagnosisReport(
                root.path("cpaId").asText(),
                endpoint.isTextual() ? endpoint.asText() : null,
                Instant.parse(root.path("startedAt").asText()),
                Duration.ofMillis(root.path("tookMillis").asLong()),
                layers);
    }

    public static DiagnosisReport read(String json) {
        try {
            return read(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a diagnosis report: " + e.getOriginalMessage(), e);
        }
    }
}
