package nl.dkgw.pki.tls;

import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Digikoppeling TLS001-006 and the NCSC TLS guidelines: TLS 1.3 and 1.2 only, and only cipher suites rated good or
 * sufficient (ECDHE key exchange, AES-GCM or ChaCha20-Poly1305 with SHA-256/384).
 */
public final class TlsPolicy {

    /** JSSE system property that makes a server refuse renegotiation initiated by the client (TLS 1.2). */
    public static final String REJECT_CLIENT_RENEGOTIATION_PROPERTY = "jdk.tls.rejectClientInitiatedRenegotiation";

    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");

    private TlsPolicy() {}

    public static List<String> protocols() {
        return PROTOCOLS;
    }

    public static List<String> cipherSuites() {
        return CIPHER_SUITES;
    }

    public static boolean allowsProtocol(String protocol) {
        return PROTOCOLS.contains(protocol);
    }

    public static boolean allowsCipherSuite(String suite) {
        return CIPHER_SUITES.contains(suite);
    }

    /** Restricts protocols and suites, and prefers the server's (policy) order. */
    public static void applyTo(SSLParameters parameters) {
        parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
        parameters.setCipherSuites(CIPHER_SUITES.toArray(String[]::new));
        parameters.setUseCipherSuitesOrder(true);
    }

    /** Applies the policy to a client socket, keeping its other parameters (e.g. endpoint identification). */
    public static void applyTo(SSLSocket socket) {
        SSLParameters parameters = socket.getSSLParameters();
        applyTo(parameters);
        socket.setSSLParameters(parameters);
    }

    /** Applies the policy to a server socket, keeping its other parameters (e.g. client authentication). */
    public static void applyTo(SSLServerSocket socket) {
        SSLParameters parameters = socket.getSSLParameters();
        applyTo(parameters);
        socket.setSSLParameters(parameters);
    }

    /**
     * Sets {@value #REJECT_CLIENT_RENEGOTIATION_PROPERTY}=true unless the operator set it explicitly. JSSE reads it
     * once, when its first server handshake context is created, so call this at start-up before any TLS use. TLS 1.3
     * has no renegotiation at all.
     *
     * @return the value now in effect
     */
    public static boolean rejectClientInitiatedRenegotiation() {
        if (System.getProperty(REJECT_CLIENT_RENEGOTIATION_PROPERTY) == null) {
            System.setProperty(REJECT_CLIENT_RENEGOTIATION_PROPERTY, "true");
        }
        return Boolean.parseBoolean(System.getProperty(REJECT_CLIENT_RENEGOTIATION_PROPERTY));
    }

    /** The policy suites this JVM actually supports, for logging at start-up. */
    public static List<String> supportedBy(String[] available) {
        List<String> availableList = Arrays.asList(available);
        return CIPHER_SUITES.stream().filter(availableList::contains).toList();
    }
}
