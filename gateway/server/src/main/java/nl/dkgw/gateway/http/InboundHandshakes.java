package nl.dkgw.gateway.http;

import java.util.function.Consumer;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;

/**
 * Reports each TLS handshake on the ebMS connector, {@code succeeded} or {@code failed}. Renegotiation is off, so a
 * handshake is a new connection: with keep-alive working, a peer's messages arrive over a few connections, not one
 * each.
 */
final class InboundHandshakes implements SslHandshakeListener {

    private final Consumer<String> outcome;

    InboundHandshakes(Consumer<String> outcome) {
        this.outcome = outcome;
    }

    @Override
    public void handshakeSucceeded(Event event) {
        outcome.accept("succeeded");
    }

    @Override
    public void handshakeFailed(Event event, Throwable failure) {
        outcome.accept("failed");
    }
}
