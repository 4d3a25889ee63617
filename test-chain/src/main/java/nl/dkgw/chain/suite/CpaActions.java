package nl.dkgw.chain.suite;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.xsd.Schemas;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The services and actions a party of a CPA sends and receives, read from its CollaborationRoles (CPPA 2.0
 * ServiceBinding, CanSend and CanReceive).
 */
record CpaActions(List<ServiceAction> sends, List<ServiceAction> receives) {

    record ServiceAction(String service, String action) {}

    static CpaActions of(String cpaXml, String partyOin) throws Exception {
        Document doc = SafeXml.parse(cpaXml.getBytes(StandardCharsets.UTF_8));
        Set<ServiceAction> sends = new LinkedHashSet<>();
        Set<ServiceAction> receives = new LinkedHashSet<>();
        for (Element info : children(doc.getDocumentElement(), "PartyInfo")) {
            boolean ours = children(info, "PartyId").stream()
                    .anyMatch(p -> p.getTextContent().trim().startsWith(partyOin));
            if (!ours) {
                continue;
            }
            for (Element role : children(info, "CollaborationRole")) {
                for (Element binding : children(role, "ServiceBinding")) {
                    String service = children(binding, "Service").stream()
                            .findFirst()
                            .map(e -> e.getTextContent().trim())
                            .orElse(null);
                    collect(binding, "CanSend", service, sends);
                    collect(binding, "CanReceive", service, receives);
                }
            }
        }
        return new CpaActions(new ArrayList<>(sends), new ArrayList<>(receives));
    }

    private static void collect(Element binding, String can, String service, Set<ServiceAction> into) {
        for (Element c : children(binding, can)) {
            for (Element b : children(c, "ThisPartyActionBinding")) {
                String action = b.getAttributeNS(Schemas.CPPA_NS, "action");
                into.add(new ServiceAction(service, action.isEmpty() ? b.getAttribute("action") : action));
            }
        }
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && localName.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }
}
