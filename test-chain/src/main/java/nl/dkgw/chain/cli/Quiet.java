package nl.dkgw.chain.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the nodes' event log off the terminal (warnings still show) unless the user asks for it. */
final class Quiet {

    /** Held here: java.util.logging keeps loggers only weakly, and a collected one forgets its level. */
    private static final java.util.logging.Logger SANTUARIO =
            java.util.logging.Logger.getLogger("org.apache.xml.security");

    private Quiet() {}

    static void unless(boolean verbose) {
        level(verbose, Level.WARN);
    }

    /**
     * Also hides warnings: for runs where this JVM hosts the counterparts too (the demo), whose refusals of the
     * negative tests' messages are expected and shown in the reports.
     */
    static void errorsOnlyUnless(boolean verbose) {
        level(verbose, Level.ERROR);
    }

    private static void level(boolean verbose, Level level) {
        if (verbose) {
            return;
        }
        if (LoggerFactory.getLogger("nl.dkgw") instanceof Logger l) {
            l.setLevel(level);
        }
        if (LoggerFactory.getLogger("org.apache.activemq") instanceof Logger l) {
            l.setLevel(Level.ERROR);
        }
        // Santuario reports each failed digest of a tampered message through java.util.logging
        SANTUARIO.setLevel(java.util.logging.Level.OFF);
    }
}
