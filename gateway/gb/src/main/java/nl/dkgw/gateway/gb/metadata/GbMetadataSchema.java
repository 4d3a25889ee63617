package nl.dkgw.gateway.gb.metadata;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The published GB pull schema ({@code gb-meta-2010-10.xsd}, origin noted in the file), compiled once; checks a
 * metadata document and reports every problem the validator finds, not only the first.
 */
public final class GbMetadataSchema {

    private static final String RESOURCE = "/nl/dkgw/gateway/gb/gb-meta-2010-10.xsd";
    private static final Schema SCHEMA = compile();

    private GbMetadataSchema() {}

    private static Schema compile() {
        URL url = GbMetadataSchema.class.getResource(RESOURCE);
        if (url == null) {
            throw new IllegalStateException("the GB metadata schema " + RESOURCE + " is missing from the class path");
        }
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(url);
        } catch (SAXException e) {
            throw new IllegalStateException("the GB metadata schema does not compile: " + e.getMessage(), e);
        }
    }

    /** Validates the document; {@code what} says in the error which side it is ("received", "to be sent"). */
    static void validate(Document document, String what) throws GbMetadataException {
        List<String> problems = new ArrayList<>();
        Validator validator = SCHEMA.newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {}

                @Override
                public void error(SAXParseException e) {
                    problems.add(e.getMessage());
                }

                @Override
                public void fatalError(SAXParseException e) {
                    problems.add(e.getMessage());
                }
            });
            validator.validate(new DOMSource(document));
        } catch (SAXException | IOException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new GbMetadataException("the GB metadata " + what + " is not valid against the Grote Berichten "
                    + "schema (" + ExternalDataReferences.NAMESPACE + "): " + String.join("; ", problems));
        }
    }
}
