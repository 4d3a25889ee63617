package nl.dkgw.routes.flow;

import com.fasterxml.jackson.databind.JsonNode;
import org.w3c.dom.Document;

/** Maps a flow's internal JSON event to the flow's XML payload; the schema and rules are checked afterwards. */
@FunctionalInterface
public interface JsonEventMapper {
    Document map(JsonNode event, MappingContext context) throws FlowRejectedException;
}
