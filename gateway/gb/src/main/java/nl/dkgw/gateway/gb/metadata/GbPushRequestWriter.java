package nl.dkgw.gateway.gb.metadata;

import static nl.dkgw.gateway.gb.metadata.ExternalDataReferences.PUSH_NAMESPACE;

import nl.dkgw.gateway.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Writes a push request (2020/09) with prefix {@code gb} and profile {@value PushRequest#PROFILE}, checked against
 * the corrected push schema before it is handed out.
 */
public final class GbPushRequestWriter {

    private static final String PREFIX = "gb:";

    public byte[] write(PushRequest request) throws GbMetadataException {
        Document document = SafeXml.newDocument();
        Element root = document.createElementNS(PUSH_NAMESPACE, PREFIX + PushRequest.ROOT);
        root.setAttribute("profile", PushRequest.PROFILE);
        document.appendChild(root);
        for (PushReference reference : request.references()) {
            Element element = append(root, element(document, "data-reference-request"));
            reference.contextIdIfAny().ifPresent(id -> element.setAttribute("contextId", id));
            append(
                    element,
                    text(document, "compression", reference.compression().name()));
            Element content = append(element, element(document, "content"));
            content.setAttribute("contentType", reference.contentType());
            describe(document, content, reference.filename(), reference.checksum(), reference.size());
            Element transport = append(content, element(document, "transport"));
            Element location = append(transport, element(document, "location"));
            append(
                            location,
                            text(
                                    document,
                                    "receiverUrl",
                                    reference.receiverUrl().toString()))
                    .setAttribute("type", "xs:anyURI");
            for (PushReference.Part part : reference.parts()) {
                describe(
                        document,
                        append(transport, element(document, "part")),
                        part.filename(),
                        part.checksum(),
                        part.size());
            }
        }
        GbMetadataSchema.validatePush(document, "to be sent");
        return SafeXml.serialize(document);
    }

    private static void describe(Document document, Element parent, String filename, Checksum checksum, long size) {
        append(parent, text(document, "filename", filename));
        append(parent, text(document, "checksum", checksum.hex()))
                .setAttribute("type", checksum.algorithm().metadataName());
        append(parent, text(document, "size", Long.toString(size)));
    }

    private static Element text(Document document, String name, String value) {
        Element element = element(document, name);
        element.setTextContent(value);
        return element;
    }

    private static Element element(Document document, String name) {
        return document.createElementNS(PUSH_NAMESPACE, PREFIX + name);
    }

    private static Element append(Element parent, Element child) {
        parent.appendChild(child);
        return child;
    }
}
