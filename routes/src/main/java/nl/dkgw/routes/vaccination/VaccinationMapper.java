package nl.dkgw.routes.vaccination;

import com.fasterxml.jackson.databind.JsonNode;
import nl.dkgw.routes.flow.FlowDocument;
import nl.dkgw.routes.flow.JsonEventMapper;
import nl.dkgw.routes.flow.MappingContext;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The GGD's JSON vaccination event to the flow payload:
 * <pre>{"eventId": "...", "bsn": "...", "vaccine": {"product": "COMIRNATY", "batch": "FA1234"}, "doseNumber": 2,
 *  "vaccinationDate": "2026-11-20", "location": {"ggdRegion": "GGD14", "site": "Leiden"},
 *  "consentToCimsRegistration": true}</pre>
 */
final class VaccinationMapper implements JsonEventMapper {

    @Override
    public Document map(JsonNode event, MappingContext context) {
        FlowDocument d = FlowDocument.create(VaccinationFlow.NAMESPACE, "vaccinationEvent");
        Element root = d.root();
        d.text(root, "eventId", event.get("eventId"));
        d.text(root, "bsn", event.get("bsn"));
        Element vaccine = d.element(root, "vaccine");
        d.text(vaccine, "product", event.path("vaccine").get("product"));
        d.text(vaccine, "batch", event.path("vaccine").get("batch"));
        d.text(root, "doseNumber", event.get("doseNumber"));
        d.text(root, "vaccinationDate", event.get("vaccinationDate"));
        Element location = d.element(root, "location");
        d.text(location, "ggdRegion", event.path("location").get("ggdRegion"));
        d.text(location, "site", event.path("location").get("site"));
        d.text(root, "consentToCimsRegistration", event.get("consentToCimsRegistration"));
        return d.document();
    }
}
