package nl.dkgw.gateway.msh;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.msh.inbound.InboundContext;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.gateway.xml.XmlElement;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * The SOAP part of a received message, read once. One that names the XML-DSig namespace and is at most {@value
 * #LARGEST_TREE} bytes is read as a DOM tree, the header taken from that tree, and the tree handed to XML-DSig: a
 * signed message or signal was read twice before, with StAX for its header and again as a tree for its signature
 * (issue 15: the StAX read was 4-5 % of a node's samples on osb-rm-s). Any other SOAP part is read with StAX, and a
 * tree is made only if a signature check asks for one. Both readers refuse what the other refuses: a DOCTYPE,
 * elements nested deeper than {@link SafeXml#MAX_DEPTH}, XML that is not well-formed.
 */
record ReceivedEnvelope(byte[] bytes, XmlElement root, Document tree) {

    /** The largest SOAP part read as a tree at once; a larger one is read with StAX first, as any other. */
    static final int LARGEST_TREE = 64 * 1024;

    private static final byte[] DSIG = Namespaces.DS.getBytes(StandardCharsets.US_ASCII);

    /** Reads {@code soap}; a SAXException says why it cannot be read. */
    static ReceivedEnvelope read(byte[] soap) throws SAXException {
        if (soap.length <= LARGEST_TREE && names(soap, DSIG)) {
            Document tree = SafeXml.parse(soap);
            return new ReceivedEnvelope(soap, XmlElement.of(tree.getDocumentElement()), tree);
        }
        return new ReceivedEnvelope(soap, XmlElement.parse(soap), null);
    }

    /** Whether the tree was read at once. */
    boolean readAsTree() {
        return tree != null;
    }

    /** The context the inbound checks share, with the tree when there is one. */
    InboundContext context(EbmsMessage message, X509Certificate peerCertificate, Instant now) {
        if (tree != null) {
            return new InboundContext(message, tree, peerCertificate, now);
        }
        return new InboundContext(message, bytes, root.contains(Namespaces.DS, "Signature"), peerCertificate, now);
    }

    private static boolean names(byte[] haystack, byte[] needle) {
        int last = haystack.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != needle[0]) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
