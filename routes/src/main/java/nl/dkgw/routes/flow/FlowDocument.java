package nl.dkgw.routes.flow;

import com.fasterxml.jackson.databind.JsonNode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Builds and reads a flow payload: elements in the flow's one namespace. */
public final class FlowDocument {

    private final Document document;
    private final String namespace;

    private FlowDocument(Document document, String namespace) {
        this.document = document;
        this.namespace = namespace;
    }

    /** A new payload with the given root element. */
    public static FlowDocument create(String namespace, String root) {
        Document d = XmlDocuments.newDocument();
        d.appendChild(d.createElementNS(namespace, root));
        return new FlowDocument(d, namespace);
    }

    /** Reads an existing payload. */
    public static FlowDocument of(Document document) {
        return new FlowDocument(document, document.getDocumentElement().getNamespaceURI());
    }

    public Document document() {
        return document;
    }

    public Element root() {
        return document.getDocumentElement();
    }

    public Element element(Element parent, String name) {
        Element e = document.createElementNS(namespace, name);
        parent.appendChild(e);
        return e;
    }

    /** Adds {@code <name>text</name>} unless the text is null (a missing field is then reported by the schema). */
    public void text(Element parent, String name, String text) {
        if (text != null) {
            element(parent, name).setTextContent(text);
        }
    }

    /** Adds the JSON field's text, if the field is present and not null. */
    public void text(Element parent, String name, JsonNode field) {
        text(parent, name, field == null || field.isNull() || field.isMissingNode() ? null : field.asText());
    }

    /** The text of the first element with this local name anywhere in the payload, or null. */
    public String value(String localName) {
        NodeList nodes = document.getElementsByTagNameNS(namespace, localName);
        if (nodes.getLength() == 0) {
            return null;
        }
        Node n = nodes.item(0);
        return n.getTextContent().strip();
    }
}
