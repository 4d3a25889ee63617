package nl.dkgw.gateway.security;

/** Initialises Apache Santuario (XML-DSig and XML-Enc) once per JVM. */
final class Santuario {

    static {
        org.apache.xml.security.Init.init();
    }

    private Santuario() {
    }

    /** Makes sure {@code Init.init()} has run; cheap after the first call. */
    static void init() {
        // the static initialiser does the work
    }
}
