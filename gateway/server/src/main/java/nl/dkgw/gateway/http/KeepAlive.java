package nl.dkgw.gateway.http;

import java.time.Duration;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * Two idle timeouts for one connection of the ebMS connector: while a request is read and answered (and before the
 * first one), {@code limits.idle-timeout} cuts off a stalled upload; once a request has been answered, the connection
 * may rest for {@code limits.keep-alive-timeout} until the next one. Peers keep their connections open between
 * messages; closing them after the short upload guard made each burst after a pause start with a TLS handshake per
 * connection, all at once. The head of the next request is bounded by {@link RequestHeadDeadline} either way.
 */
final class KeepAlive {

    private final long guardMillis;
    private final long restMillis;

    KeepAlive(Duration uploadGuard, Duration rest) {
        this.guardMillis = uploadGuard.toMillis();
        this.restMillis = rest.toMillis();
    }

    /** Applies the upload guard while {@code request} is handled, and the rest time once it completed well. */
    void requestStarted(Request request) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        endPoint.setIdleTimeout(guardMillis);
        Request.addCompletionListener(request, failure -> {
            if (failure == null) {
                endPoint.setIdleTimeout(restMillis);
            }
        });
    }
}
