package nl.dkgw.gateway.security;

import java.lang.reflect.Field;
import java.util.Map;
import org.apache.xml.security.transforms.Transform;
import org.apache.xml.security.transforms.TransformSpi;
import org.apache.xml.security.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Initialises Apache Santuario (XML-DSig and XML-Enc) once per JVM, with {@link ActorFilterTransform} as the XPath
 * filter transform.
 */
final class Santuario {

    private static final Logger LOG = LoggerFactory.getLogger(Santuario.class);
    private static final boolean FAST_ACTOR_FILTER;

    static {
        org.apache.xml.security.Init.init();
        FAST_ACTOR_FILTER = useActorFilterTransform();
    }

    private Santuario() {
    }

    /** Makes sure {@code Init.init()} has run; cheap after the first call. */
    static void init() {
        // the static initialiser does the work
    }

    /** Whether the ebMS actor filter is evaluated by {@link ActorFilterTransform} (false: by Santuario's own). */
    static boolean fastActorFilter() {
        return FAST_ACTOR_FILTER;
    }

    /**
     * Santuario registers its transforms once, in {@code Init.init()}, and refuses a second registration of a URI; its
     * table is the only place to put a transform for an algorithm it already knows. If a later Santuario changes that
     * table, the gateway keeps Santuario's own XPath transform: slower, with the same result.
     */
    @SuppressWarnings("unchecked")
    private static boolean useActorFilterTransform() {
        try {
            Field table = Transform.class.getDeclaredField("transformSpiHash");
            table.setAccessible(true);
            ((Map<String, TransformSpi>) table.get(null)).put(Transforms.TRANSFORM_XPATH, new ActorFilterTransform());
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("event=\"santuario.xpath-transform-kept\" the ebMS actor filter is evaluated by Santuario's XPath"
                    + " transform (slower): {}", e.toString());
            return false;
        }
    }
}
