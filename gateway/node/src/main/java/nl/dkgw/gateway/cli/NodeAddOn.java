package nl.dkgw.gateway.cli;

import java.nio.file.Path;
import nl.dkgw.gateway.Gateway;

/**
 * Something {@code dkgw serve} runs beside the node without the gateway depending on it: the runnable jar hands its
 * add-ons to {@link Main#run(java.util.List, String...)} (the app module hands in the routes module's flows).
 * {@code serve} reads every add-on's configuration before it starts the node, starts the add-ons after the node, and
 * closes them before the node.
 */
public interface NodeAddOn {

    /**
     * Reads and checks this add-on's part of the node's configuration file; null when the file does not ask for it.
     * A bad configuration fails here, before the node starts.
     */
    Starter prepare(Path configFile, Path baseDir) throws Exception;

    /** A configured add-on, ready to start on the node. */
    interface Starter {
        Running start(Gateway node) throws Exception;
    }

    /** A started add-on. */
    interface Running extends AutoCloseable {

        /** One phrase for the line {@code serve} prints when the node is up, e.g. {@code flows [coronit-testresult]}. */
        String summary();

        @Override
        void close();
    }
}
