package nl.dkgw.gateway.gb.metadata;

import static nl.dkgw.gateway.gb.metadata.ExternalDataReferences.PUSH_NAMESPACE;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import nl.dkgw.gateway.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads a received push request (2020/09) as {@link GbMetadataReader} reads pull metadata: hardened parsing, the
 * request root only, validation against dkgw's corrected push schema, then MD006/MD007 and sizes that fit a long.
 */
public final class GbPushRequestReader {

    public PushRequest read(byte[] xml) throws GbMetadataException {
        Document document;
        try {
            document = SafeXml.parse(xml);
        } catch (SAXException e) {
            throw new GbMetadataException("the GB push request is not well-formed XML: " + e.getMessage(), e);
        }
        Element root = document.getDocumentElement();
        if (!PUSH_NAMESPACE.equals(root.getNamespaceURI()) || !PushRequest.ROOT.equals(root.getLocalName())) {
            throw new GbMetadataException("not a GB push request: the document is {" + root.getNamespaceURI() + "}"
                    + root.getLocalName() + ", expected {" + PUSH_NAMESPACE + "}" + PushRequest.ROOT);
        }
        GbMetadataSchema.validatePush(document, "received");
        List<PushReference> references = new ArrayList<>();
        int index = 0;
        for (Element reference : children(root, "data-reference-request")) {
            index++;
            try {
                references.add(reference(reference));
            } catch (IllegalArgumentException e) {
                throw new GbMetadataException(
                        "GB push request data-reference-request " + index + ": " + e.getMessage(), e);
            }
        }
        return new PushRequest(references);
    }

    private static PushReference reference(Element reference) {
        String contextId = reference.hasAttribute("contextId") ? reference.getAttribute("contextId") : null;
        PushReference.Compression compression =
                PushReference.Compression.valueOf(text(child(reference, "compression")));
        Element content = child(reference, "content");
        Element transport = child(content, "transport");
        Element url = child(child(transport, "location"), "receiverUrl");
        List<PushReference.Part> parts = new ArrayList<>();
        for (Element part : children(transport, "part")) {
            parts.add(new PushReference.Part(text(child(part, "filename")), checksum(part), size(part)));
        }
        return new PushReference(
                contextId,
                compression,
                text(child(content, "filename")),
                content.getAttribute("contentType"),
                checksum(content),
                size(content),
                uri(text(url)),
                parts);
    }

    private static Checksum checksum(Element parent) {
        Element element = child(parent, "checksum");
        String type = element.getAttribute("type");
        ChecksumAlgorithm algorithm = ChecksumAlgorithm.byMetadataName(type)
                .orElseThrow(() -> new IllegalArgumentException("unknown checksum type " + type));
        return new Checksum(algorithm, element.getTextContent());
    }

    private static long size(Element parent) {
        BigInteger size = new BigInteger(text(child(parent, "size")));
        if (size.bitLength() > 63) {
            throw new IllegalArgumentException("a file of " + size + " bytes is larger than dkgw can handle");
        }
        return size.longValueExact();
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the receiverUrl '" + text + "' is not a URL: " + e.getMessage(), e);
        }
    }

    private static String text(Element element) {
        return element.getTextContent().strip();
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("element " + name + " is missing under " + parent.getLocalName());
        }
        return found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && PUSH_NAMESPACE.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }
}
