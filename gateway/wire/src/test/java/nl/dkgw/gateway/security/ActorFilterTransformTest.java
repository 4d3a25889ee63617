package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFixtures.A;
import static nl.dkgw.gateway.security.SecurityFixtures.envelope;
import static nl.dkgw.gateway.security.SecurityFixtures.first;
import static nl.dkgw.gateway.security.SecurityFixtures.overTheWire;
import static nl.dkgw.gateway.security.SecurityFixtures.signingCertificate;
import static nl.dkgw.gateway.security.SecurityFixtures.signingKey;
import static nl.dkgw.gateway.security.SecurityFixtures.validator;
import static nl.dkgw.gateway.security.SecurityFixtures.xmlPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import org.apache.xml.security.c14n.implementations.Canonicalizer20010315OmitComments;
import org.apache.xml.security.signature.XMLSignatureInput;
import org.apache.xml.security.signature.XMLSignatureNodeInput;
import org.apache.xml.security.transforms.TransformationException;
import org.apache.xml.security.transforms.implementations.TransformXPath;
import org.apache.xml.security.utils.JDKXPathFactory;
import org.apache.xml.security.utils.XPathAPI;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The native evaluation of the ebMS actor filter gives, for every node of a signed envelope, what the JDK's XPath
 * engine gives for the same expression; and it is what signing and verifying use.
 */
class ActorFilterTransformTest {

    private final List<Payload> payloads = List.of(xmlPayload("actor", "x"));

    @Test
    void santuarioUsesTheNativeActorFilter() {
        Santuario.init();
        assertThat(Santuario.fastActorFilter()).isTrue();
    }

    @Test
    void nativeEvaluationAgreesWithTheJdkXPathEngineOnEveryNode() throws Exception {
        Document signed = signedWithNextMshElement();
        Element xpathElement = first(signed, Namespaces.DS, "XPath");
        XPathAPI jdk = new JDKXPathFactory().newXPathAPI();
        String expression = xpathElement.getTextContent();

        List<Node> nodes = new ArrayList<>();
        collect(signed, nodes);
        int excluded = 0;
        for (Node node : nodes) {
            boolean expected = jdk.evaluate(node, xpathElement.getFirstChild(), expression, xpathElement);
            assertThat(ActorFilterTransform.included(node))
                    .as("node %s (%s)", node.getNodeName(), node.getNodeType())
                    .isEqualTo(expected);
            excluded += expected ? 0 : 1;
        }
        // the SyncReply (soap/actor/next) and the added nextMSH element, with their attributes and children
        assertThat(excluded).isGreaterThanOrEqualTo(6);
    }

    @Test
    void aChangeToAnElementForTheNextMshKeepsTheSignatureValidAndAChangeElsewhereBreaksIt() throws Exception {
        Document signed = signedWithNextMshElement();
        Element forNext =
                (Element) signed.getElementsByTagNameNS("urn:test:next", "Hop").item(0);
        forNext.setTextContent("changed by an intermediary");
        new SignatureVerifier().verify(signed, payloads, signingCertificate(A), validator());

        first(signed, Namespaces.EB, "Action").setTextContent("SomethingElse");
        assertThatThrownBy(() -> new SignatureVerifier().verify(signed, payloads, signingCertificate(A), validator()))
                .isInstanceOf(SecurityFailureException.class);
    }

    @Test
    void anEnvelopeWithoutElementsForTheNextMshStaysOneSubtreeAndCanonicalisesToTheSameBytes() throws Exception {
        Document signed = overTheWire(new MessageSigner()
                .sign(
                        envelope(payloads, false),
                        payloads,
                        signingKey(A),
                        SignatureAlgorithms.RSA_SHA256,
                        SignatureAlgorithms.SHA256));

        XMLSignatureInput filtered = envelopeReferenceUpToTheFilter(signed, true);
        assertThat(filtered.isElement())
                .as("no node is left out by the filter: the canonicaliser writes the document as one subtree")
                .isTrue();
        String bySubtree = canonical(filtered);
        String byNodeSet = canonical(envelopeReferenceUpToTheFilter(signed, false));

        assertThat(bySubtree).isEqualTo(byNodeSet).contains("AckRequested").doesNotContain("SignatureValue");
    }

    @Test
    void anEnvelopeWithAnElementForTheNextMshIsFilteredNodeByNodeToWhatTheJdkEngineGives() throws Exception {
        Document signed = signedWithNextMshElement();

        XMLSignatureInput filtered = envelopeReferenceUpToTheFilter(signed, true);
        assertThat(filtered.isNodeSet()).isTrue();
        String bySubtreeOrNot = canonical(filtered);

        assertThat(bySubtreeOrNot)
                .isEqualTo(canonical(envelopeReferenceUpToTheFilter(signed, false)))
                .doesNotContain("intermediary");
    }

    /**
     * The envelope reference of a signed envelope after its enveloped-signature and XPath transforms: the XPath one
     * this package's ({@code ours}) or Santuario's own with the JDK's XPath engine.
     */
    private static XMLSignatureInput envelopeReferenceUpToTheFilter(Document signed, boolean ours) throws Exception {
        NodeList transforms =
                first(signed, Namespaces.DS, "Reference").getElementsByTagNameNS(Namespaces.DS, "Transform");
        XMLSignatureInput input = new XMLSignatureNodeInput(signed);
        input.setExcludeComments(true);
        input = new EnvelopedSignatureTransform()
                .enginePerformTransform(input, null, (Element) transforms.item(0), null, true);
        Element xpath = (Element) transforms.item(1);
        return ours
                ? new ActorFilterTransform().enginePerformTransform(input, null, xpath, null, true)
                : new SantuarioXPathTransform().perform(input, xpath);
    }

    private static String canonical(XMLSignatureInput input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Canonicalizer20010315OmitComments().engineCanonicalize(input, out, true);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Santuario's XPath filter transform as it comes, evaluating the expression with the JDK's XPath engine. */
    private static final class SantuarioXPathTransform extends TransformXPath {
        XMLSignatureInput perform(XMLSignatureInput input, Element transform) throws TransformationException {
            return enginePerformTransform(input, null, transform, null, true);
        }
    }

    /** A signed envelope whose header also holds an element for the next MSH (SOAP:actor nextMSH). */
    private Document signedWithNextMshElement() throws Exception {
        Document doc = envelope(payloads, true);
        Element header =
                (Element) doc.getElementsByTagNameNS(Namespaces.SOAP, "Header").item(0);
        Element hop = doc.createElementNS("urn:test:next", "t:Hop");
        hop.setAttributeNS(Namespaces.SOAP, "SOAP:actor", Namespaces.ACTOR_NEXT_MSH);
        hop.setAttributeNS("urn:test:next", "t:count", "1");
        hop.appendChild(doc.createElementNS("urn:test:next", "t:Via")).setTextContent("intermediary");
        header.appendChild(hop);
        return overTheWire(new MessageSigner()
                .sign(doc, payloads, signingKey(A), SignatureAlgorithms.RSA_SHA256, SignatureAlgorithms.SHA256));
    }

    private static void collect(Node node, List<Node> into) {
        into.add(node);
        NamedNodeMap attributes = node.getAttributes();
        if (attributes != null) {
            for (int i = 0; i < attributes.getLength(); i++) {
                into.add(attributes.item(i));
            }
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            collect(child, into);
        }
    }
}
