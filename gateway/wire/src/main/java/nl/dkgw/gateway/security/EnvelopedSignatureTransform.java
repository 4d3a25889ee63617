package nl.dkgw.gateway.security;

import java.io.IOException;
import java.io.OutputStream;
import nl.dkgw.gateway.ebms.Namespaces;
import org.apache.xml.security.parser.XMLParserException;
import org.apache.xml.security.signature.NodeFilter;
import org.apache.xml.security.signature.XMLSignatureInput;
import org.apache.xml.security.transforms.TransformSpi;
import org.apache.xml.security.transforms.TransformationException;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The enveloped-signature transform (XML-DSig 6.6.4: the ds:Signature that holds the transform, with everything in
 * it, is left out), with a node filter that is linear in the document. Santuario's own filter walks from every node
 * it is asked about up to the root to see whether the node lies in the signature; the canonicaliser asks for every
 * text node and every closing tag, so a deeply nested tree anywhere in the envelope (say in a header block for the
 * next MSH, which anyone may fill without breaking the signature) made verification quadratic in the tree's depth.
 * Registered by {@link Santuario} in place of Santuario's transform; the result is the same node set.
 */
final class EnvelopedSignatureTransform extends TransformSpi {

    @Override
    protected String engineGetURI() {
        return Transforms.TRANSFORM_ENVELOPED_SIGNATURE;
    }

    @Override
    protected XMLSignatureInput enginePerformTransform(
            XMLSignatureInput input,
            OutputStream os,
            Element transformElement,
            String baseURI,
            boolean secureValidation)
            throws TransformationException {
        Element signature = enclosingSignature(transformElement);
        input.setExcludeNode(signature);
        try {
            input.addNodeFilter(new OutsideSignature(signature));
        } catch (XMLParserException | IOException e) {
            throw new TransformationException(e);
        }
        return input;
    }

    private static Element enclosingSignature(Element transformElement) throws TransformationException {
        for (Node n = transformElement; n instanceof Element e; n = n.getParentNode()) {
            if (Namespaces.DS.equals(e.getNamespaceURI()) && "Signature".equals(e.getLocalName())) {
                return e;
            }
        }
        throw new TransformationException("transform.envelopedSignatureTransformNotInSignatureElement");
    }

    /** Includes every node but the signature and what it holds. */
    private static final class OutsideSignature implements NodeFilter {

        private final Element signature;
        private final ExcludedSubtrees inSignature;

        OutsideSignature(Element signature) {
            this.signature = signature;
            this.inSignature = new ExcludedSubtrees(e -> e == signature);
        }

        @Override
        public int isNodeInclude(Node n) {
            return inSignature.excludes(n) ? -1 : 1;
        }

        @Override
        public int isNodeIncludeDO(Node n, int level) {
            return n == signature ? -1 : 1; // asked in document order: the signature's content is skipped with it
        }
    }
}
