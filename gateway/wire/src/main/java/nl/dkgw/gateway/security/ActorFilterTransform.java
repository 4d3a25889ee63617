package nl.dkgw.gateway.security;

import java.io.OutputStream;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.xml.transform.TransformerException;
import nl.dkgw.gateway.ebms.Namespaces;
import org.apache.xml.security.signature.XMLSignatureInput;
import org.apache.xml.security.transforms.TransformationException;
import org.apache.xml.security.transforms.implementations.TransformXPath;
import org.apache.xml.security.utils.Constants;
import org.apache.xml.security.utils.JDKXPathFactory;
import org.apache.xml.security.utils.XMLUtils;
import org.apache.xml.security.utils.XPathAPI;
import org.apache.xml.security.utils.XPathFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Santuario's XPath filter transform, with the one expression ebMS 2.0 prescribes (the SOAP actor filter of
 * {@link EbmsSignatureLayout#ACTOR_FILTER}) evaluated directly on the DOM instead of by the JDK's XPath engine.
 *
 * <p>Why: the XPath filter is evaluated once for every node of the envelope, and the JDK's engine sets up a new
 * evaluation context (with its variable stack) for each call; in the load benchmark's profile this was the largest
 * share of signing and verifying a message. The expression asks, for a node, whether neither it nor an ancestor
 * carries {@code SOAP:actor} equal to the nextMSH actor or to SOAP's "next" actor; that is what {@link #included}
 * checks. Any other expression (which {@link SignedInfoRules} refuses on inbound messages anyway) goes to the JDK's
 * engine as before.
 *
 * <p>Within one transform the answers are remembered per element ({@link ExcludedSubtrees}): answered node by node
 * with a walk to the root, a deeply nested tree in a header block for the next MSH (which the signature leaves out by
 * design, so anyone may fill it) cost the square of its depth.
 *
 * <p>Most envelopes hold no element for the next MSH at all (a Digikoppeling AckRequested names the toPartyMSH; only
 * a SyncReply names SOAP's next actor). For such an envelope the filter keeps every node, so the transform leaves its
 * input as it is: still the document with the signature excluded, which the canonicaliser then writes as one subtree
 * instead of asking both filters about every node (the same bytes, without a filter call per node).
 */
public final class ActorFilterTransform extends TransformXPath {

    @Override
    protected XMLSignatureInput enginePerformTransform(
            XMLSignatureInput input,
            OutputStream os,
            Element transformElement,
            String baseURI,
            boolean secureValidation)
            throws TransformationException {
        if (input.isElement() && keepsEveryNode(transformElement, input.getSubNode())) {
            return input;
        }
        return super.enginePerformTransform(input, os, transformElement, baseURI, secureValidation);
    }

    /** Whether the transform is the ebMS actor filter and no element under {@code root} is for the next MSH. */
    private static boolean keepsEveryNode(Element transformElement, Node root) {
        Element xpath = XMLUtils.selectDsNode(transformElement.getFirstChild(), Constants._TAG_XPATH, 0);
        return xpath != null && EbmsSignatureLayout.isActorFilter(xpath) && !holdsElementForNextMsh(root);
    }

    /** Whether {@code root} or an element under it carries SOAP:actor nextMSH or soap/actor/next; in document order. */
    private static boolean holdsElementForNextMsh(Node root) {
        Node n = root;
        while (n != null) {
            if (n instanceof Element element && forNextMsh(element)) {
                return true;
            }
            Node next = n.getFirstChild();
            while (next == null && n != root) {
                next = n.getNextSibling();
                if (next == null) {
                    n = n.getParentNode();
                }
            }
            n = next;
        }
        return false;
    }

    @Override
    protected XPathFactory getXPathFactory() {
        return new XPathFactory() {
            @Override
            public XPathAPI newXPathAPI() {
                return new ActorFilterXPath();
            }
        };
    }

    /** True when neither {@code node} nor an ancestor (the owner element's, for an attribute) is for the next MSH. */
    static boolean included(Node node) {
        Node current = node instanceof Attr attr ? attr.getOwnerElement() : node;
        while (current != null) {
            if (current instanceof Element element && forNextMsh(element)) {
                return false;
            }
            current = current.getParentNode();
        }
        return true;
    }

    /** Whether {@code element} itself carries SOAP:actor nextMSH or soap/actor/next. */
    private static boolean forNextMsh(Element element) {
        Attr actor = element.getAttributeNodeNS(Namespaces.SOAP, "actor");
        return actor != null
                && (Namespaces.ACTOR_NEXT_MSH.equals(actor.getValue())
                        || Namespaces.SOAP_ACTOR_NEXT.equals(actor.getValue()));
    }

    /** One transform's evaluations: the actor filter natively, anything else by the JDK's XPath engine. */
    private static final class ActorFilterXPath implements XPathAPI {

        private final Map<Node, Boolean> isActorFilter = new IdentityHashMap<>();
        private final ExcludedSubtrees forNextMsh = new ExcludedSubtrees(ActorFilterTransform::forNextMsh);
        private XPathAPI jdk;

        @Override
        public NodeList selectNodeList(Node contextNode, Node xpathNode, String expression, Node namespaceNode)
                throws TransformerException {
            return jdk().selectNodeList(contextNode, xpathNode, expression, namespaceNode);
        }

        @Override
        public boolean evaluate(Node contextNode, Node xpathNode, String expression, Node namespaceNode)
                throws TransformerException {
            if (namespaceNode instanceof Element xpathElement
                    && isActorFilter.computeIfAbsent(
                            xpathElement, e -> EbmsSignatureLayout.isActorFilter((Element) e))) {
                return !forNextMsh.excludes(contextNode);
            }
            return jdk().evaluate(contextNode, xpathNode, expression, namespaceNode);
        }

        private XPathAPI jdk() {
            if (jdk == null) {
                jdk = new JDKXPathFactory().newXPathAPI();
            }
            return jdk;
        }

        @Override
        public void clear() {
            isActorFilter.clear();
            forNextMsh.forget();
            if (jdk != null) {
                jdk.clear();
            }
        }
    }
}
