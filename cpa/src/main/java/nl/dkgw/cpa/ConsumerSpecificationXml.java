package nl.dkgw.cpa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads the XML Consumerspecificatie of the Digikoppeling CPA Creatievoorziening: {@code parameter} elements named
 * PartyName, PartyId, EndpointUri, ClientCert and ServerCert (the certificates as ds:KeyInfo/ds:X509Data/
 * ds:X509Certificate), wherever they sit in the document. Parsed without DTDs or external entities.
 */
final class ConsumerSpecificationXml {

    private ConsumerSpecificationXml() {}

    static SpecificationReader.PartyYaml read(Path file) throws IOException {
        Document document;
        try {
            document = CpaXml.parse(Files.readAllBytes(file));
        } catch (CpaParseException e) {
            throw new IllegalArgumentException(
                    file + ": " + e.getMessage().replace("CPA", "consumer specification"), e);
        }
        Map<String, String> parameters = new HashMap<>();
        NodeList list = document.getElementsByTagNameNS("*", "parameter");
        for (int i = 0; i < list.getLength(); i++) {
            Element parameter = (Element) list.item(i);
            String name = parameter.getAttribute("name");
            NodeList certificates = parameter.getElementsByTagNameNS(CpaXml.DS, "X509Certificate");
            String value =
                    certificates.getLength() > 0 ? certificates.item(0).getTextContent() : parameter.getTextContent();
            parameters.put(name, value == null || value.isBlank() ? null : value.trim());
        }
        return new SpecificationReader.PartyYaml(
                parameters.get("PartyName"),
                parameters.get("PartyId"),
                parameters.get("EndpointUri"),
                parameters.get("ClientCert"),
                parameters.get("ServerCert"),
                parameters.get("SigningCert"),
                parameters.get("EncryptionCert"));
    }
}
