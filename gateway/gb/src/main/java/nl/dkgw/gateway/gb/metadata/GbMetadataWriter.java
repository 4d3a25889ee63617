package nl.dkgw.gateway.gb.metadata;

import static nl.dkgw.gateway.gb.metadata.ExternalDataReferences.NAMESPACE;

import nl.dkgw.gateway.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Writes a metadata document in the pull namespace, prefix {@code gb}; the result is checked against the schema
 * before it is handed out, so dkgw never announces a file with metadata a receiver could refuse.
 */
public final class GbMetadataWriter {

    private static final String PREFIX = "gb:";

    public byte[] write(ExternalDataReferences metadata) throws GbMetadataException {
        Document document = SafeXml.newDocument();
        Element root = document.createElementNS(NAMESPACE, PREFIX + ExternalDataReferences.ROOT);
        root.setAttribute("profile", ExternalDataReferences.PROFILE);
        document.appendChild(root);
        for (DataReference reference : metadata.references()) {
            root.appendChild(reference(document, reference));
        }
        GbMetadataSchema.validate(document, "to be sent");
        return SafeXml.serialize(document);
    }

    private static Element reference(Document document, DataReference reference) {
        Element element = element(document, "data-reference");
        reference.contextIdIfAny().ifPresent(id -> element.setAttribute("contextId", id));

        Element lifetime = append(element, element(document, "lifetime"));
        reference
                .creationTimeIfAny()
                .ifPresent(t -> append(lifetime, dateTime(document, "creationTime", t.toString())));
        reference
                .expirationTimeIfAny()
                .ifPresent(t -> append(lifetime, dateTime(document, "expirationTime", t.toString())));

        Element content = append(element, element(document, "content"));
        content.setAttribute("contentType", reference.contentType());
        append(content, text(document, "filename", reference.filename()));
        Element checksum =
                append(content, text(document, "checksum", reference.checksum().hex()));
        checksum.setAttribute("type", reference.checksum().algorithm().metadataName());
        append(content, text(document, "size", Long.toString(reference.size())));

        Element location = append(append(element, element(document, "transport")), element(document, "location"));
        Element url = append(
                location,
                text(
                        document,
                        reference.location().kind().elementName(),
                        reference.location().url().toString()));
        url.setAttribute("type", "xs:anyURI");
        return element;
    }

    private static Element dateTime(Document document, String name, String value) {
        Element element = text(document, name, value);
        element.setAttribute("type", "xs:dateTime");
        return element;
    }

    private static Element text(Document document, String name, String value) {
        Element element = element(document, name);
        element.setTextContent(value);
        return element;
    }

    private static Element element(Document document, String name) {
        return document.createElementNS(NAMESPACE, PREFIX + name);
    }

    private static Element append(Element parent, Element child) {
        parent.appendChild(child);
        return child;
    }
}
