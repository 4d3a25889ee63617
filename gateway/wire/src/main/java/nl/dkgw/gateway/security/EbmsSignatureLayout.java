package nl.dkgw.gateway.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.dkgw.gateway.ebms.Namespaces;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.transforms.params.XPathContainer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The ebMS 2.0 (section 4.1.3) layout of the envelope reference: URI="" with the transforms enveloped-signature, the
 * XPath filter that leaves out header elements meant for the next MSH (SOAP actor nextMSH or soap/actor/next), and a
 * canonicalisation.
 */
final class EbmsSignatureLayout {

    static final String ENVELOPED_SIGNATURE = Transforms.TRANSFORM_ENVELOPED_SIGNATURE;
    static final String XPATH = Transforms.TRANSFORM_XPATH;

    /** The XPath ebMS 2.0 prescribes, with the prefix SOAP bound to the SOAP 1.1 envelope namespace. */
    static final String ACTOR_FILTER = "not(ancestor-or-self::node()[@SOAP:actor=\""
            + Namespaces.ACTOR_NEXT_MSH + "\"] | ancestor-or-self::node()[@SOAP:actor=\""
            + Namespaces.SOAP_ACTOR_NEXT + "\"])";

    private static final Pattern FILTER = filter(Namespaces.ACTOR_NEXT_MSH, Namespaces.SOAP_ACTOR_NEXT);
    private static final Pattern FILTER_SWAPPED = filter(Namespaces.SOAP_ACTOR_NEXT, Namespaces.ACTOR_NEXT_MSH);
    /** Compiled once: {@link String#replaceAll} compiles its pattern on every call (twice per signature verified). */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private EbmsSignatureLayout() {}

    private static Pattern filter(String firstActor, String secondActor) {
        String prefix = "([A-Za-z_][A-Za-z0-9._-]*)";
        return Pattern.compile("not\\(ancestor-or-self::node\\(\\)\\[@" + prefix + ":actor=\""
                + Pattern.quote(firstActor) + "\"\\]\\|ancestor-or-self::node\\(\\)\\[@\\1:actor=\""
                + Pattern.quote(secondActor) + "\"\\]\\)");
    }

    /** The transforms of the envelope reference, for a document whose SOAP prefix may be anything. */
    static Transforms envelopeTransforms(Document doc, Canonicalization canonicalization) throws XMLSecurityException {
        Transforms transforms = new Transforms(doc);
        transforms.addTransform(ENVELOPED_SIGNATURE);
        XPathContainer xpath = new XPathContainer(doc);
        xpath.setXPath(ACTOR_FILTER);
        // Bind the prefix the expression uses on the XPath element itself, whatever prefix the envelope uses.
        xpath.getElement().setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:SOAP", Namespaces.SOAP);
        transforms.addTransform(XPATH, xpath.getElementPlusReturns());
        transforms.addTransform(canonicalization.uri());
        return transforms;
    }

    /**
     * Whether a ds:XPath element holds exactly the ebMS actor filter (whitespace and quote style aside) with its
     * prefix bound to the SOAP 1.1 namespace. Any other expression could leave signed content out of the digest.
     */
    static boolean isActorFilter(Element xpathElement) {
        String expression =
                WHITESPACE.matcher(xpathElement.getTextContent()).replaceAll("").replace('\'', '"');
        for (Pattern p : new Pattern[] {FILTER, FILTER_SWAPPED}) {
            Matcher m = p.matcher(expression);
            if (m.matches()) {
                return Namespaces.SOAP.equals(xpathElement.lookupNamespaceURI(m.group(1)));
            }
        }
        return false;
    }
}
