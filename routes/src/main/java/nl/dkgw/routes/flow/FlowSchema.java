package nl.dkgw.routes.flow;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
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
 * One flow payload schema from the class path (xsd/flows/...), and validation against it with every problem reported
 * in words. The parser's messages quote the offending values; those quotes are blanked, so a BSN never reaches a
 * reason, a log line or an HTTP answer.
 */
public final class FlowSchema {

    private static final Pattern QUOTED_VALUE = Pattern.compile("(?i)(value\\s*)'[^']*'");
    private static final Pattern LEADING_VALUE = Pattern.compile("'[^']*'( is not a valid value)");

    private final String resource;
    private final String namespace;
    private final Schema schema;

    public FlowSchema(String resource, String namespace) {
        this.resource = resource;
        this.namespace = namespace;
        URL url = FlowSchema.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("flow schema " + resource + " is not on the class path (module dkgw-xsd)");
        }
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "jar,file");
            this.schema = f.newSchema(url);
        } catch (SAXException e) {
            throw new IllegalStateException("flow schema " + resource + " does not compile: " + e.getMessage(), e);
        }
    }

    public String resource() {
        return resource;
    }

    /** The target namespace, e.g. {@code urn:dkgw:flows:coronit:testresult:1}. */
    public String namespace() {
        return namespace;
    }

    /** Every schema violation of the document, in words without field values; empty when valid. */
    public List<String> problems(Document document) {
        List<String> problems = new ArrayList<>();
        Validator v = schema.newValidator();
        try {
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException(e);
        }
        v.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) {
                problems.add("schema: " + withoutValues(e.getMessage()));
            }

            @Override
            public void fatalError(SAXParseException e) {
                problems.add("schema: " + withoutValues(e.getMessage()));
            }
        });
        try {
            v.validate(new DOMSource(document));
        } catch (SAXException e) {
            if (problems.isEmpty()) {
                problems.add("schema: " + withoutValues(e.getMessage()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("validating an in-memory document failed", e);
        }
        return problems;
    }

    static String withoutValues(String message) {
        if (message == null) {
            return "invalid";
        }
        String m = QUOTED_VALUE.matcher(message).replaceAll("$1'…'");
        return LEADING_VALUE.matcher(m).replaceAll("'…'$1");
    }
}
