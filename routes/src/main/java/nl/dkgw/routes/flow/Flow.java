package nl.dkgw.routes.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Document;

/**
 * One business flow: its name (as in {@code gateway.yml} and {@code POST /flows/{name}}), its payload schema, the
 * mapping from the internal JSON event and the rules. {@link #payload} turns an event (JSON, or XML already in the
 * flow's schema) into the validated payload that is sent, or rejects it with reasons.
 */
public record Flow(
        String name, FlowSchema schema, JsonEventMapper mapper, BusinessRules rules, Set<String> requiredProperties) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Flow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(rules, "rules");
        requiredProperties = requiredProperties == null ? Set.of() : Set.copyOf(requiredProperties);
    }

    /** A flow whose mapping needs no configured properties. */
    public Flow(String name, FlowSchema schema, JsonEventMapper mapper, BusinessRules rules) {
        this(name, schema, mapper, rules, Set.of());
    }

    /**
     * A flow whose events already are its XML: no mapping and no rules beyond the schema; a JSON event is refused as
     * MALFORMED. Adding such a flow takes its schema and this one line in the catalogue.
     */
    public static Flow xmlOnly(String name, FlowSchema schema) {
        return new Flow(
                name,
                schema,
                (event, context) -> {
                    throw FlowRejectedException.malformed(
                            "flow " + name + " takes XML in namespace " + schema.namespace() + " only, not JSON");
                },
                (payload, clock) -> List.of());
    }

    /** Refuses, at start-up, a sending configuration that lacks a property the mapping needs. */
    public void checkProperties(java.util.Map<String, String> properties) {
        for (String key : requiredProperties) {
            String value = properties.get(key);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("flow " + name + " needs the property '" + key
                        + "' (flows.definitions." + name + ".properties." + key + ")");
            }
        }
    }

    /** The validated flow XML for an event, or a rejection with every reason found. */
    public byte[] payload(byte[] event, MappingContext context) throws FlowRejectedException {
        Document document = document(event, context);
        List<String> problems = new ArrayList<>(schema.problems(document));
        if (problems.isEmpty()) {
            problems.addAll(rules.problems(document, context.clock()));
        }
        if (!problems.isEmpty()) {
            throw new FlowRejectedException(FlowRejectedException.Kind.INVALID, problems);
        }
        Optional<String> withheld = rules.withheld(document);
        if (withheld.isPresent()) {
            throw new FlowRejectedException(FlowRejectedException.Kind.NO_CONSENT, List.of(withheld.get()));
        }
        return XmlDocuments.bytes(document);
    }

    /** Checks a received payload against the schema only (the receiving side trusts no sender). */
    public List<String> schemaProblems(byte[] payload) {
        try {
            return schema.problems(XmlDocuments.parse(payload));
        } catch (FlowRejectedException e) {
            return e.reasons();
        }
    }

    private Document document(byte[] event, MappingContext context) throws FlowRejectedException {
        int first = firstSignificant(event);
        if (first == '<') {
            Document d = XmlDocuments.parse(event);
            String ns = d.getDocumentElement().getNamespaceURI();
            if (!schema.namespace().equals(ns)) {
                throw new FlowRejectedException(
                        FlowRejectedException.Kind.INVALID,
                        List.of("root element "
                                + d.getDocumentElement().getLocalName() + " is in namespace " + ns + ", flow " + name
                                + " expects " + schema.namespace()));
            }
            return d;
        }
        if (first == '{') {
            JsonNode json;
            try {
                json = JSON.readTree(event);
            } catch (JsonProcessingException e) {
                throw FlowRejectedException.malformed("not well-formed JSON (line "
                        + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
            } catch (java.io.IOException e) {
                throw FlowRejectedException.malformed("unreadable JSON");
            }
            return mapper.map(json, context);
        }
        throw FlowRejectedException.malformed("the event is neither a JSON object nor XML");
    }

    private static int firstSignificant(byte[] event) {
        for (byte b : event) {
            if (b == (byte) 0xEF || b == (byte) 0xBB || b == (byte) 0xBF || Character.isWhitespace(b)) {
                continue;
            }
            return b;
        }
        return -1;
    }
}
