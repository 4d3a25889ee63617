package nl.dkgw.gateway.security;

import java.lang.reflect.Field;
import java.util.Map;
import org.apache.xml.security.Init;
import org.apache.xml.security.transforms.Transform;
import org.apache.xml.security.transforms.TransformSpi;
import org.apache.xml.security.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Initialises Apache Santuario (XML-DSig and XML-Enc) once per JVM, with {@link ActorFilterTransform} as the XPath
 * filter transform and {@link EnvelopedSignatureTransform} as the enveloped-signature transform (both linear in the
 * envelope, whatever its depth).
 */
final class Santuario {

    private static final Logger LOG = LoggerFactory.getLogger(Santuario.class);
    private static final boolean FAST_ACTOR_FILTER;

    static {
        Init.init();
        FAST_ACTOR_FILTER = useActorFilterTransform();
    }

    private Santuario() {}

    /** Makes sure {@code Init.init()} has run; cheap after the first call. */
    static void init() {
        // the static initialiser does the work
    }

    /**
     * Whether the ebMS actor filter and the enveloped-signature transform are this package's (false: Santuario's own,
     * which cost the square of a deeply nested tree's depth).
     */
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
            Map<String, TransformSpi> transforms = (Map<String, TransformSpi>) table.get(null);
            transforms.put(Transforms.TRANSFORM_XPATH, new ActorFilterTransform());
            transforms.put(Transforms.TRANSFORM_ENVELOPED_SIGNATURE, new EnvelopedSignatureTransform());
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn(
                    "event=\"santuario.xpath-transform-kept\" the ebMS actor filter and the enveloped-signature "
                            + "transform are Santuario's own (slower, quadratic in a tree's depth): {}",
                    e.toString());
            return false;
        }
    }
}
