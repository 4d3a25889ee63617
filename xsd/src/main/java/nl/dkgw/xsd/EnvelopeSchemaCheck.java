package nl.dkgw.xsd;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Validator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Checks an ebMS 2.0 SOAP envelope strictly against the official schemas: SOAP 1.1 envelope, {@code msg-header-2_0.xsd}
 * and xmldsig. The SOAP schema lets any foreign element into Header and Body with {@code processContents="lax"}, which
 * skips an element the validator has no declaration for; so besides the envelope as a whole every ebMS and xmldsig
 * element directly under Header and Body is validated on its own, where an undeclared element (a misspelt eb: header,
 * say) is an error instead of being skipped. What the reference ebMS adapter refuses, this refuses.
 */
public final class EnvelopeSchemaCheck {

    private static final String CURRENT_ELEMENT = "http://apache.org/xml/properties/dom/current-element-node";

    private EnvelopeSchemaCheck() {}

    /** The schema errors of the SOAP part's bytes, each naming where it is; empty when the envelope is valid. */
    public static List<String> problems(byte[] soapPart) {
        Document doc;
        try {
            doc = parse(soapPart);
        } catch (SAXException | IOException e) {
            return List.of("the SOAP part is not well-formed XML: " + e.getMessage());
        }
        return problems(doc);
    }

    /** The schema errors of an envelope (a namespace-aware DOM), each naming where it is; empty when it is valid. */
    public static List<String> problems(Document envelope) {
        Set<String> found = new LinkedHashSet<>();
        Element root = envelope.getDocumentElement();
        if (root == null
                || !Schemas.SOAP_NS.equals(root.getNamespaceURI())
                || !"Envelope".equals(root.getLocalName())) {
            // the ebMS schema declares its blocks globally, so a lone eb: element would otherwise pass
            found.add("the root element is "
                    + (root == null ? "missing" : "{" + root.getNamespaceURI() + "}" + root.getLocalName())
                    + ", not a SOAP 1.1 Envelope");
            return List.copyOf(found);
        }
        validate(new DOMSource(envelope), found);
        if (root != null && Schemas.SOAP_NS.equals(root.getNamespaceURI())) {
            for (Element part : children(root)) {
                if (Schemas.SOAP_NS.equals(part.getNamespaceURI())
                        && ("Header".equals(part.getLocalName()) || "Body".equals(part.getLocalName()))) {
                    for (Element block : children(part)) {
                        if (Schemas.EBMS_NS.equals(block.getNamespaceURI())
                                || Schemas.XMLDSIG_NS.equals(block.getNamespaceURI())) {
                            validate(new DOMSource(block), found);
                        }
                    }
                }
            }
        }
        return List.copyOf(found);
    }

    /** Throws with every schema error of the envelope in its message when it is not valid. */
    public static void requireValid(Document envelope) {
        List<String> problems = problems(envelope);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "the envelope does not conform to the ebMS 2.0 schemas:\n  " + String.join("\n  ", problems));
        }
    }

    /** Throws with every schema error of the SOAP part in its message when it is not valid. */
    public static void requireValid(byte[] soapPart) {
        List<String> problems = problems(soapPart);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "the envelope does not conform to the ebMS 2.0 schemas:\n  " + String.join("\n  ", problems));
        }
    }

    private static void validate(DOMSource source, Set<String> found) {
        Validator validator = Schemas.validator(Schemas.ebmsHeader());
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // warnings do not make an envelope invalid
            }

            @Override
            public void error(SAXParseException e) {
                found.add(at(validator) + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                found.add(at(validator) + e.getMessage());
            }
        });
        try {
            validator.validate(source);
        } catch (SAXException | IOException e) {
            found.add(at(validator) + e.getMessage());
        }
    }

    /** The path of the element being validated, for a DOM source, as {@code /SOAP:Envelope/SOAP:Header/eb:...: }. */
    private static String at(Validator validator) {
        Object current;
        try {
            current = validator.getProperty(CURRENT_ELEMENT);
        } catch (SAXException | RuntimeException e) {
            return "";
        }
        if (!(current instanceof Node node)) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (Node n = node; n != null && n.getNodeType() == Node.ELEMENT_NODE; n = n.getParentNode()) {
            path.insert(0, "/" + n.getNodeName());
        }
        return path + ": ";
    }

    private static List<Element> children(Element parent) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                result.add(e);
            }
        }
        return result;
    }

    /** Parses without DOCTYPEs, external entities or network access: the check is meant for untrusted envelopes. */
    private static Document parse(byte[] xml) throws SAXException, IOException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // not an error
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser lacks secure processing features", e);
        }
    }
}
