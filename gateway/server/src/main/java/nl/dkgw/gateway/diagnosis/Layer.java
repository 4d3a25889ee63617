package nl.dkgw.gateway.diagnosis;

/**
 * The layers of a Digikoppeling link, bottom-up in the order the diagnosis checks them. Each has its own exit code
 * ({@code 10 + number}) so a script can tell which layer broke; 0 means no layer failed.
 */
public enum Layer {
    CPA(1, "CPA found, valid and active"),
    DNS(2, "endpoint host name resolves (DNS)"),
    TCP(3, "TCP connection to the endpoint"),
    TLS_HANDSHAKE(4, "TLS handshake (protocol, cipher suite)"),
    SERVER_CERTIFICATE(5, "server certificate valid (PKIoverheid)"),
    SERVER_HOST_NAME(6, "server certificate matches the endpoint host"),
    SERVER_OIN(7, "server certificate OIN is the partner's"),
    CLIENT_CERTIFICATE(8, "our client certificate accepted"),
    HTTP(9, "HTTP answer from the endpoint"),
    EBMS_PING(10, "ebMS Ping answered by Pong"),
    TEST_MESSAGE(11, "test message acknowledged");

    /** Offset of the per-layer exit codes: a failure of layer n exits with {@code 10 + n}. */
    public static final int EXIT_CODE_OFFSET = 10;

    private final int number;
    private final String title;

    Layer(int number, String title) {
        this.number = number;
        this.title = title;
    }

    public int number() {
        return number;
    }

    public String title() {
        return title;
    }

    /** The process exit code when this layer is the first that failed. */
    public int exitCode() {
        return EXIT_CODE_OFFSET + number;
    }
}
