package nl.dkgw.xsd;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.SAXException;

/**
 * The schemas this project validates against, loaded from the class path ({@code /xsd/...}); imports resolve to
 * the bundled copies, so loading a schema never touches the network.
 */
public final class Schemas {

    public static final String CPPA_NS = "http://www.oasis-open.org/committees/ebxml-cppa/schema/cpp-cpa-2_0.xsd";
    public static final String EBMS_NS = "http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd";
    public static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

    private static final String BASE = "/xsd/";

    private Schemas() {}

    /** CPP/CPA 2.0 (with xmldsig, xlink, xml). */
    public static Schema cpa() {
        return CpaHolder.SCHEMA;
    }

    /** ebMS 2.0 message header (with SOAP 1.1 envelope, xmldsig, xlink, xml). */
    public static Schema ebmsHeader() {
        return EbmsHolder.SCHEMA;
    }

    /** SOAP 1.1 envelope. */
    public static Schema soapEnvelope() {
        return SoapHolder.SCHEMA;
    }

    /** A validator for {@code schema} that refuses to fetch DTDs or schemas named by the instance document. */
    public static Validator validator(Schema schema) {
        Validator validator = schema.newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("XML validator does not support JAXP 1.5 access restrictions", e);
        }
        return validator;
    }

    /** The bundled copy of a schema file, e.g. {@code cpp-cpa-2_0.xsd}. */
    public static URL resource(String fileName) {
        URL url = Schemas.class.getResource(BASE + fileName);
        if (url == null) {
            throw new IllegalArgumentException("no bundled schema " + fileName);
        }
        return url;
    }

    static Schema load(String fileName) {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // msg-header-2_0.xsd (2.0c) breaks Unique Particle Attribution in eb:Acknowledgment (ds:Reference
            // followed by a ##other wildcard); like most ebMS stacks we validate without that schema-level check.
            factory.setFeature("http://apache.org/xml/features/validation/schema-full-checking", false);
            factory.setResourceResolver(new BundledSchemaResolver());
            URL url = resource(fileName);
            return factory.newSchema(new StreamSource(url.openStream(), url.toExternalForm()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot load bundled schema " + fileName + ": " + e.getMessage(), e);
        }
    }

    private static final class CpaHolder {
        static final Schema SCHEMA = load("cpp-cpa-2_0.xsd");
    }

    private static final class EbmsHolder {
        static final Schema SCHEMA = load("msg-header-2_0.xsd");
    }

    private static final class SoapHolder {
        static final Schema SCHEMA = load("envelope.xsd");
    }

    /** Answers every import with the bundled file of the same name; refuses anything else. */
    private static final class BundledSchemaResolver implements LSResourceResolver {
        @Override
        public LSInput resolveResource(
                String type, String namespaceURI, String publicId, String systemId, String baseURI) {
            if (systemId == null) {
                throw new IllegalArgumentException("schema import of " + namespaceURI + " without schemaLocation");
            }
            String fileName = systemId.substring(systemId.lastIndexOf('/') + 1);
            URL url = Schemas.class.getResource(BASE + fileName);
            if (url == null) {
                throw new IllegalArgumentException("schema " + systemId + " is not bundled; refusing to fetch it");
            }
            return new BundledInput(publicId, url);
        }
    }

    private record BundledInput(String publicId, URL url) implements LSInput {
        @Override
        public Reader getCharacterStream() {
            return null;
        }

        @Override
        public void setCharacterStream(Reader characterStream) {}

        @Override
        public InputStream getByteStream() {
            try {
                return url.openStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void setByteStream(InputStream byteStream) {}

        @Override
        public String getStringData() {
            return null;
        }

        @Override
        public void setStringData(String stringData) {}

        @Override
        public String getSystemId() {
            return url.toExternalForm();
        }

        @Override
        public void setSystemId(String systemId) {}

        @Override
        public String getPublicId() {
            return publicId;
        }

        @Override
        public void setPublicId(String publicId) {}

        @Override
        public String getBaseURI() {
            return null;
        }

        @Override
        public void setBaseURI(String baseURI) {}

        @Override
        public String getEncoding() {
            return null;
        }

        @Override
        public void setEncoding(String encoding) {}

        @Override
        public boolean getCertifiedText() {
            return false;
        }

        @Override
        public void setCertifiedText(boolean certifiedText) {}
    }
}
