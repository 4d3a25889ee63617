package nl.dkgw.gateway.security;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Which nodes of one document lie inside a subtree that a signature transform leaves out: a node is excluded when it,
 * or an ancestor (the owner element, for an attribute), roots such a subtree. The answer for each element is
 * remembered and derived from its parent's, so asking about every node of a document costs time linear in its size,
 * whatever its depth; asking node by node with a walk up to the root costs size times depth, which a hostile
 * deeply nested tree turns into minutes of CPU. Not thread-safe: one per transform evaluation.
 */
final class ExcludedSubtrees {

    private final Predicate<Element> rootsExcludedSubtree;
    private final Map<Element, Boolean> excluded = new IdentityHashMap<>();
    // the elements from the asked node up to the nearest one already decided, outermost last; one for all calls,
    // since the canonicalizer asks once for every node of the document
    private final ArrayDeque<Element> undecided = new ArrayDeque<>();

    ExcludedSubtrees(Predicate<Element> rootsExcludedSubtree) {
        this.rootsExcludedSubtree = rootsExcludedSubtree;
    }

    boolean excludes(Node node) {
        undecided.clear();
        Boolean decided = null;
        for (Node n = node instanceof Attr attr ? attr.getOwnerElement() : node; n != null; n = n.getParentNode()) {
            if (n instanceof Element element) {
                decided = excluded.get(element);
                if (decided != null) {
                    break;
                }
                undecided.push(element);
            }
        }
        boolean answer = decided != null && decided;
        while (!undecided.isEmpty()) {
            Element element = undecided.pop();
            answer = answer || rootsExcludedSubtree.test(element);
            excluded.put(element, answer);
        }
        return answer;
    }

    void forget() {
        excluded.clear();
    }
}
