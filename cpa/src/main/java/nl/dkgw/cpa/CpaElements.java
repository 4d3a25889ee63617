package nl.dkgw.cpa;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Navigation over a CPA DOM in the CPPA namespace, with XPath-like locations for problem reports. */
final class CpaElements {

    private CpaElements() {}

    static List<Element> children(Element parent, String localName) {
        List<Element> result = new ArrayList<>();
        if (parent == null) return result;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e
                    && localName.equals(e.getLocalName())
                    && (CpaXml.NS.equals(e.getNamespaceURI()) || CpaXml.DS.equals(e.getNamespaceURI()))) {
                result.add(e);
            }
        }
        return result;
    }

    static Optional<Element> child(Element parent, String localName) {
        List<Element> list = children(parent, localName);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    static List<Element> descendants(Element root, String localName) {
        List<Element> result = new ArrayList<>();
        var nodes = root.getElementsByTagNameNS(CpaXml.NS, localName);
        for (int i = 0; i < nodes.getLength(); i++) result.add((Element) nodes.item(i));
        return result;
    }

    /** The CPPA-qualified attribute, falling back to an unqualified one; null when absent. */
    static String attr(Element e, String name) {
        if (e == null) return null;
        Attr a = e.getAttributeNodeNS(CpaXml.NS, name);
        if (a == null) a = e.getAttributeNodeNS(null, name);
        return a == null ? null : a.getValue();
    }

    static String text(Element e) {
        return e == null ? null : e.getTextContent().trim();
    }

    static String path(Element e) {
        StringBuilder path = new StringBuilder();
        Node n = e;
        while (n instanceof Element el) {
            Node parent = el.getParentNode();
            String step = el.getLocalName();
            if (parent instanceof Element p) {
                List<Element> same = new ArrayList<>();
                for (Node s = p.getFirstChild(); s != null; s = s.getNextSibling()) {
                    if (s instanceof Element se && step.equals(se.getLocalName())) same.add(se);
                }
                if (same.size() > 1) step = step + "[" + (same.indexOf(el) + 1) + "]";
            }
            path.insert(0, "/" + step);
            n = parent;
        }
        return path.toString();
    }

    static String path(Element e, String attribute) {
        return path(e) + "/@" + attribute;
    }
}
