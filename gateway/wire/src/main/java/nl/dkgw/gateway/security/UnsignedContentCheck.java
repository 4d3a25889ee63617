package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFailureException.Reason.UNSIGNED_CONTENT;

import java.util.Set;
import nl.dkgw.gateway.ebms.Namespaces;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The ebMS XPath filter leaves every element with SOAP:actor nextMSH or soap/actor/next (and its content) out of the
 * signature. SOAP 1.1 gives the actor attribute meaning only on header blocks (children of SOAP:Header), such as
 * eb:SyncReply; anywhere else it can only serve to slip unsigned content into a signed message, so it is refused.
 * Header blocks for the next MSH stay unsigned by design: do not base security decisions on them.
 */
final class UnsignedContentCheck {

    private static final Set<String> FILTERED_ACTORS = Set.of(Namespaces.ACTOR_NEXT_MSH, Namespaces.SOAP_ACTOR_NEXT);

    private UnsignedContentCheck() {}

    static void check(Document envelope, Element header) throws SecurityFailureException {
        NodeList all = envelope.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            String actor = e.getAttributeNS(Namespaces.SOAP, "actor");
            if (FILTERED_ACTORS.contains(actor.trim()) && e.getParentNode() != header) {
                throw new SecurityFailureException(
                        UNSIGNED_CONTENT,
                        "element " + e.getNodeName() + " (inside "
                                + path(e.getParentNode()) + ") carries SOAP:actor=\"" + actor
                                + "\", which leaves it out of "
                                + "the signature; only SOAP header blocks may carry an actor, so this is refused as "
                                + "content added after signing");
            }
        }
    }

    private static String path(Node node) {
        StringBuilder path = new StringBuilder();
        for (Node n = node; n != null && n.getNodeType() == Node.ELEMENT_NODE; n = n.getParentNode()) {
            path.insert(0, "/" + n.getNodeName());
        }
        return path.toString();
    }
}
