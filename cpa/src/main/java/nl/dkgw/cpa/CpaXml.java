package nl.dkgw.cpa;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** Reads CPA documents into DOM safely: no DOCTYPE at all, no external entities, no XInclude. */
final class CpaXml {

    static final String NS = nl.dkgw.xsd.Schemas.CPPA_NS;
    static final String DS = nl.dkgw.xsd.Schemas.XMLDSIG_NS;
    static final String XLINK = "http://www.w3.org/1999/xlink";

    private CpaXml() {
    }

    static Document parse(String xml) throws CpaParseException {
        return parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    static Document parse(byte[] xml) throws CpaParseException {
        try {
            return builder().parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            String why = e.getMessage() != null && e.getMessage().contains("DOCTYPE")
                    ? "DOCTYPE declarations are not allowed in a CPA"
                    : e.getMessage();
            throw new CpaParseException("CPA is not well-formed XML (line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + "): " + why, e);
        } catch (SAXException | IOException e) {
            throw new CpaParseException("CPA cannot be read: " + e.getMessage(), e);
        }
    }

    static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                @Override public void warning(SAXParseException e) { }
                @Override public void error(SAXParseException e) throws SAXException { throw e; }
                @Override public void fatalError(SAXParseException e) throws SAXException { throw e; }
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser lacks secure processing features", e);
        }
    }
}
