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
 * The GB schemas, compiled once: the published pull schema ({@code gb-meta-2010-10.xsd}) and dkgw's corrected form
 * of the push schema ({@code gb-push-2020-09.xsd}; origin and deviations noted in each file). Checks a metadata
 * document and reports every problem the validator finds, not only the first.
 */
public final class GbMetadataSchema {

    private static final Schema PULL = compile("/nl/dkgw/gateway/gb/gb-meta-2010-10.xsd");
    private static final Schema PUSH = compile("/nl/dkgw/gateway/gb/gb-push-2020-09.xsd");

    private GbMetadataSchema() {}

    private static Schema compile(String resource) {
        URL url = GbMetadataSchema.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("the GB metadata schema " + resource + " is missing from the class path");
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

    /** Validates pull metadata; {@code what} says in the error which side it is ("received", "to be sent"). */
    static void validate(Document document, String what) throws GbMetadataException {
        validate(PULL, ExternalDataReferences.NAMESPACE, document, what);
    }

    /** Validates a push request or response against the corrected push schema. */
    static void validatePush(Document document, String what) throws GbMetadataException {
        validate(PUSH, ExternalDataReferences.PUSH_NAMESPACE, document, what);
    }

    private static void validate(Schema schema, String namespace, Document document, String what)
            throws GbMetadataException {
        List<String> problems = new ArrayList<>();
        Validator validator = schema.newValidator();
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
                    + "schema (" + namespace + "): " + String.join("; ", problems));
        }
    }
}
