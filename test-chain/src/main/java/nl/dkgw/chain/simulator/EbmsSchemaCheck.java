package nl.dkgw.chain.simulator;

import java.io.IOException;
import java.util.Optional;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.xsd.Schemas;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The strict reading of an ebMS 2.0 envelope the reference adapter applies to everything it receives: the whole
 * envelope against msg-header-2_0.xsd (which brings the SOAP 1.1 envelope and XML-DSig schemas), and, because the
 * SOAP Header and Body take any element laxly, every eb: and ds: element directly under them on its own.
 */
public final class EbmsSchemaCheck {

    private EbmsSchemaCheck() {
    }

    /** The first schema error in the envelope, or empty when it is valid. */
    public static Optional<String> problem(byte[] envelope) {
        Document doc;
        try {
            doc = SafeXml.parse(envelope);
        } catch (SAXException e) {
            return Optional.of("not well-formed XML: " + e.getMessage());
        }
        Element root = doc.getDocumentElement();
        if (!Schemas.SOAP_NS.equals(root.getNamespaceURI()) || !"Envelope".equals(root.getLocalName())) {
            return Optional.of("the root element is {" + root.getNamespaceURI() + "}" + root.getLocalName()
                    + ", not a SOAP 1.1 Envelope");
        }
        for (Node part = root.getFirstChild(); part != null; part = part.getNextSibling()) {
            if (!(part instanceof Element e) || !Schemas.SOAP_NS.equals(e.getNamespaceURI())) {
                continue;
            }
            for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element child && (Schemas.EBMS_NS.equals(child.getNamespaceURI())
                        || Schemas.XMLDSIG_NS.equals(child.getNamespaceURI()))) {
                    Optional<String> p = validate(Schemas.ebmsHeader(), child,
                            (Schemas.EBMS_NS.equals(child.getNamespaceURI()) ? "eb:" : "ds:") + child.getLocalName());
                    if (p.isPresent()) {
                        return p;
                    }
                }
            }
        }
        return validate(Schemas.soapEnvelope(), root, "SOAP Envelope")
                .or(() -> validate(Schemas.ebmsHeader(), root, "SOAP Envelope"));
    }

    private static Optional<String> validate(Schema schema, Element element, String what) {
        Validator validator = Schemas.validator(schema);
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // warnings do not refuse
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw new SAXException(e.getMessage() + where(validator));
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                error(e);
            }
        });
        try {
            validator.validate(new DOMSource(element));
            return Optional.empty();
        } catch (SAXException e) {
            return Optional.of(what + " is not schema-valid: " + e.getMessage());
        } catch (IOException e) {
            return Optional.of(what + " cannot be validated: " + e.getMessage());
        }
    }

    /** The element the validator stood on (the JDK's validator tells), for an error message; empty if unknown. */
    private static String where(Validator validator) {
        try {
            Object node = validator.getProperty("http://apache.org/xml/properties/dom/current-element-node");
            return node instanceof Element e ? " (in " + e.getTagName() + ")" : "";
        } catch (SAXException | RuntimeException e) {
            return "";
        }
    }
}
