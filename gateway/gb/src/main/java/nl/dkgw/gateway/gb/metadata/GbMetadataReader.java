package nl.dkgw.gateway.gb.metadata;

import static nl.dkgw.gateway.gb.metadata.ExternalDataReferences.NAMESPACE;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import nl.dkgw.gateway.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads received metadata: hardened parsing ({@link SafeXml}), the pull namespace only, validation against the
 * schema, then the rules the schema cannot express (checksum length per algorithm, sizes that fit a long, https
 * URLs, MD007's 200 characters). Every refusal says what was wrong.
 */
public final class GbMetadataReader {

    private static final DatatypeFactory DATATYPES = datatypes();

    public ExternalDataReferences read(byte[] xml) throws GbMetadataException {
        Document document;
        try {
            document = SafeXml.parse(xml);
        } catch (SAXException e) {
            throw new GbMetadataException("the GB metadata is not well-formed XML: " + e.getMessage(), e);
        }
        Element root = document.getDocumentElement();
        String namespace = root.getNamespaceURI();
        if (ExternalDataReferences.PUSH_NAMESPACE.equals(namespace)) {
            throw new GbMetadataException("GB metadata of the push principle (" + namespace + ", element "
                    + root.getLocalName() + ") is not pull metadata; it is read by GbPushRequestReader");
        }
        if (!NAMESPACE.equals(namespace) || !ExternalDataReferences.ROOT.equals(root.getLocalName())) {
            throw new GbMetadataException("not GB metadata: the document is {" + namespace + "}" + root.getLocalName()
                    + ", expected {" + NAMESPACE + "}" + ExternalDataReferences.ROOT);
        }
        GbMetadataSchema.validate(document, "received");
        List<DataReference> references = new ArrayList<>();
        int index = 0;
        for (Element reference : children(root, "data-reference")) {
            index++;
            try {
                references.add(reference(reference));
            } catch (IllegalArgumentException e) {
                throw new GbMetadataException("GB metadata data-reference " + index + ": " + e.getMessage(), e);
            }
        }
        return new ExternalDataReferences(references);
    }

    private static DataReference reference(Element reference) {
        String contextId = reference.hasAttribute("contextId") ? reference.getAttribute("contextId") : null;
        Element lifetime = child(reference, "lifetime");
        Instant creation = optionalChild(lifetime, "creationTime")
                .map(GbMetadataReader::instant)
                .orElse(null);
        Instant expiration = optionalChild(lifetime, "expirationTime")
                .map(GbMetadataReader::instant)
                .orElse(null);

        Element content = child(reference, "content");
        Element checksumElement = child(content, "checksum");
        String algorithmName = checksumElement.getAttribute("type");
        ChecksumAlgorithm algorithm = ChecksumAlgorithm.byMetadataName(algorithmName)
                .orElseThrow(() -> new IllegalArgumentException("unknown checksum type " + algorithmName));
        Checksum checksum = new Checksum(algorithm, checksumElement.getTextContent());
        BigInteger size = new BigInteger(child(content, "size").getTextContent().strip());
        if (size.bitLength() > 63) {
            throw new IllegalArgumentException("a file of " + size + " bytes is larger than dkgw can handle");
        }

        Element location = child(child(reference, "transport"), "location");
        Element url = firstElement(location);
        FileLocation.Kind kind = FileLocation.Kind.SENDER_URL.elementName().equals(url.getLocalName())
                ? FileLocation.Kind.SENDER_URL
                : FileLocation.Kind.RECEIVER_URL;
        return new DataReference(
                contextId,
                creation,
                expiration,
                child(content, "filename").getTextContent().strip(),
                content.getAttribute("contentType"),
                checksum,
                size.longValueExact(),
                new FileLocation(kind, uri(url.getTextContent().strip())));
    }

    private static Instant instant(Element element) {
        XMLGregorianCalendar calendar =
                DATATYPES.newXMLGregorianCalendar(element.getTextContent().strip());
        if (calendar.getTimezone() == DatatypeConstants.FIELD_UNDEFINED) {
            calendar.setTimezone(0); // a time without zone is read as UTC, as Digikoppeling's timestamps are
        }
        return calendar.toGregorianCalendar().toInstant();
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the file location '" + text + "' is not a URL: " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String name) {
        return optionalChild(parent, name)
                .orElseThrow(() ->
                        new IllegalArgumentException("element " + name + " is missing under " + parent.getLocalName()));
    }

    private static Optional<Element> optionalChild(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && NAMESPACE.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        throw new IllegalArgumentException("element " + parent.getLocalName() + " is empty");
    }

    private static DatatypeFactory datatypes() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
