package nl.dkgw.routes.coronit;

import com.fasterxml.jackson.databind.JsonNode;
import nl.dkgw.routes.flow.FlowDocument;
import nl.dkgw.routes.flow.JsonEventMapper;
import nl.dkgw.routes.flow.MappingContext;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * CoronIT's JSON test result to the flow payload. The JSON fields carry the names of the schema's elements:
 * <pre>{"testId": "...", "ggdRegion": "GGD14", "testType": "PCR", "sampleTime": "...", "resultTime": "...",
 *  "outcome": "NEGATIVE", "person": {"bsn": "...", "birthDate": "1980-02-29", "sex": "V", "postcode": "2333"}}</pre>
 */
final class TestResultMapper implements JsonEventMapper {

    @Override
    public Document map(JsonNode event, MappingContext context) {
        FlowDocument d = FlowDocument.create(TestResultFlow.NAMESPACE, "testResult");
        Element root = d.root();
        for (String field : new String[] {"testId", "ggdRegion", "testType", "sampleTime", "resultTime", "outcome"}) {
            d.text(root, field, event.get(field));
        }
        JsonNode person = event.path("person");
        Element p = d.element(root, "person");
        for (String field : new String[] {"bsn", "birthDate", "sex", "postcode"}) {
            d.text(p, field, person.get(field));
        }
        return d.document();
    }
}
