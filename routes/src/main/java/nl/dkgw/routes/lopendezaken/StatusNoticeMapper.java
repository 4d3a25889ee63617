package nl.dkgw.routes.lopendezaken;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import nl.dkgw.routes.flow.FlowDocument;
import nl.dkgw.routes.flow.FlowRejectedException;
import nl.dkgw.routes.flow.JsonEventMapper;
import nl.dkgw.routes.flow.MappingContext;
import nl.dkgw.routes.flow.Moments;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A case system's status event to a zakLk01 notice:
 * <pre>{"zaakId": "ZAAK-2026-0042", "omschrijving": "Aanvraag parkeervergunning", "nieuweZaak": false,
 *  "startdatum": "2026-11-01", "einddatum": null, "initiatorBsn": "...",
 *  "status": {"code": "INBEH", "omschrijving": "In behandeling", "gezetOp": "2026-11-20T10:00:00+01:00"}}</pre>
 * The stuurgegevens come from the flow's properties (sender OIN and application), the source id
 * (referentienummer) and the clock (tijdstipBericht).
 */
final class StatusNoticeMapper implements JsonEventMapper {

    @Override
    public Document map(JsonNode event, MappingContext context) throws FlowRejectedException {
        List<String> problems = new ArrayList<>();
        String start = stufDate(event.get("startdatum"), "startdatum", problems);
        String end = stufDate(event.get("einddatum"), "einddatum", problems);
        String statusSet = stufTime(event.path("status").get("gezetOp"), "status/gezetOp", problems);
        if (!problems.isEmpty()) {
            throw new FlowRejectedException(FlowRejectedException.Kind.INVALID, problems);
        }
        boolean newCase = event.path("nieuweZaak").asBoolean(false);
        String mutation = newCase ? "T" : "W";

        FlowDocument d = FlowDocument.create(StatusNoticeFlow.NAMESPACE, "zakLk01");
        Element stuur = d.element(d.root(), "stuurgegevens");
        d.text(stuur, "berichtcode", "Lk01");
        Element zender = d.element(stuur, "zender");
        d.text(zender, "organisatie", context.property("sender-oin"));
        d.text(zender, "applicatie", context.properties().getOrDefault("sender-application", "ZAAKSYSTEEM"));
        Element ontvanger = d.element(stuur, "ontvanger");
        d.text(ontvanger, "organisatie", "MijnOverheid");
        d.text(ontvanger, "applicatie", "Lopende zaken");
        d.text(stuur, "referentienummer", reference(context));
        d.text(
                stuur,
                "tijdstipBericht",
                Moments.toStufMessageTime(context.clock().instant()));
        d.text(stuur, "entiteittype", "ZAK");

        Element parameters = d.element(d.root(), "parameters");
        d.text(parameters, "mutatiesoort", mutation);
        d.text(parameters, "indicatorOvername", "V");

        Element zaak = d.element(d.root(), "object");
        zaak.setAttribute("entiteittype", "ZAK");
        zaak.setAttribute("verwerkingssoort", mutation);
        d.text(zaak, "identificatie", event.get("zaakId"));
        d.text(zaak, "omschrijving", event.get("omschrijving"));
        d.text(zaak, "startdatum", start);
        d.text(zaak, "einddatum", end);
        Element initiator = d.element(zaak, "heeftAlsInitiator");
        initiator.setAttribute("entiteittype", "ZAKBTRINI");
        Element person = d.element(d.element(initiator, "gerelateerde"), "natuurlijkPersoon");
        person.setAttribute("entiteittype", "NPS");
        d.text(person, "inp.bsn", event.get("initiatorBsn"));
        Element heeft = d.element(zaak, "heeft");
        heeft.setAttribute("entiteittype", "ZAKSTT");
        Element status = d.element(heeft, "gerelateerde");
        status.setAttribute("entiteittype", "STT");
        d.text(status, "code", event.path("status").get("code"));
        d.text(status, "omschrijving", event.path("status").get("omschrijving"));
        d.text(heeft, "datumStatusGezet", statusSet);
        return d.document();
    }

    private static String reference(MappingContext context) {
        String id = context.sourceId() == null ? UUID.randomUUID().toString() : context.sourceId();
        return id.length() <= 40 ? id : id.substring(id.length() - 40);
    }

    private static String stufDate(JsonNode field, String name, List<String> problems) {
        if (field == null || field.isNull()) {
            return null;
        }
        LocalDate date = Moments.isoDate(field.asText());
        if (date == null || field.asText().length() != 10) {
            problems.add(name + " is not a date (yyyy-MM-dd)");
            return null;
        }
        return Moments.toStufDate(date);
    }

    private static String stufTime(JsonNode field, String name, List<String> problems) {
        if (field == null || field.isNull()) {
            return null;
        }
        Instant instant = Moments.isoDateTime(field.asText());
        if (instant == null) {
            problems.add(name + " is not a date-time (yyyy-MM-ddTHH:mm:ss with offset)");
            return null;
        }
        return Moments.toStufTime(instant);
    }
}
