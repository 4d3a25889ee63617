package nl.dkgw.cpa;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import nl.dkgw.xsd.Schemas;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** Reads CPA documents into DOM safely: no DOCTYPE at all, no external entities, no XInclude. */
final class CpaXml {

    static final String NS = Schemas.CPPA_NS;
    static final String DS = Schemas.XMLDSIG_NS;
    static final String XLINK = "http://www.w3.org/1999/xlink";

    private CpaXml() {}

    private static final Pattern DECLARED_ENCODING =
            Pattern.compile("^\\s*<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");

    /** Parses text; an encoding named in the XML declaration is irrelevant here (the characters are already decoded). */
    static Document parse(String xml) throws CpaParseException {
        return parse(new InputSource(new StringReader(xml)));
    }

    static Document parse(byte[] xml) throws CpaParseException {
        return parse(new InputSource(new ByteArrayInputStream(xml)));
    }

    /** The document's text, decoded with the encoding of its byte order mark or XML declaration (UTF-8 by default). */
    static String decode(byte[] xml) throws CpaParseException {
        if (xml.length >= 3 && (xml[0] & 0xff) == 0xEF && (xml[1] & 0xff) == 0xBB && (xml[2] & 0xff) == 0xBF) {
            return new String(xml, 3, xml.length - 3, StandardCharsets.UTF_8);
        }
        if (xml.length >= 2 && (xml[0] & 0xff) == 0xFE && (xml[1] & 0xff) == 0xFF)
            return new String(xml, StandardCharsets.UTF_16);
        if (xml.length >= 2 && (xml[0] & 0xff) == 0xFF && (xml[1] & 0xff) == 0xFE)
            return new String(xml, StandardCharsets.UTF_16);
        String head = new String(xml, 0, Math.min(xml.length, 200), StandardCharsets.ISO_8859_1);
        Matcher m = DECLARED_ENCODING.matcher(head);
        if (!m.find()) return new String(xml, StandardCharsets.UTF_8);
        try {
            return new String(xml, Charset.forName(m.group(1)));
        } catch (IllegalArgumentException e) {
            throw new CpaParseException("CPA declares an unknown encoding '" + m.group(1) + "'");
        }
    }

    private static Document parse(InputSource source) throws CpaParseException {
        try {
            return builder().parse(source);
        } catch (SAXParseException e) {
            String why = e.getMessage() != null && e.getMessage().contains("DOCTYPE")
                    ? "DOCTYPE declarations are not allowed in a CPA"
                    : e.getMessage();
            throw new CpaParseException(
                    "CPA is not well-formed XML (line " + e.getLineNumber() + ", column " + e.getColumnNumber() + "): "
                            + why,
                    e);
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
                @Override
                public void warning(SAXParseException e) {}

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser lacks secure processing features", e);
        }
    }
}
